// What the engine tells metrics about its jobs (observability/metrics.ts implements it).
import type { CustomerSourceName } from '../sources/model/index.ts';

export type SyncJobKind = 'load' | 'tick' | 'sweep';
/** ok; failed: a vendor or store failure (retried at the next tick); refused: the deletion guard kept the rows. */
export type SyncJobOutcome = 'ok' | 'failed' | 'refused';

export interface SyncJobEvent {
  source: CustomerSourceName;
  job: SyncJobKind;
  outcome: SyncJobOutcome;
  durationMs: number;
  /** The source's rows in the index after the job. */
  records: number | null;
  /** Vendor calls the job made. */
  vendorCalls: number;
}

export interface SyncObserver {
  onJob(event: SyncJobEvent): void;
}
