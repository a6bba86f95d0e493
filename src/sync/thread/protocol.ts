// What the sync thread and the process that serves requests say to each other (host.ts, worker.ts):
// the thread asks the process's vendor budgets for a slot for each call, and tells it of its jobs,
// its vendor calls and its log lines; the process asks it for status and tells it to stop.
import type { IndexConfig } from '../../index/open.ts';
import type { SyncJobEvent } from '../../index/sync-state.ts';
import type { BreakerState, VendorCallEvent, VendorHttpSettings } from '../../sources/http/index.ts';
import type { SourceSettings } from '../../sources/index.ts';
import type { CustomerSourceName } from '../../sources/names.ts';
import type { SyncSettings } from '../settings.ts';
import type { SourceSyncStatus } from '../status.ts';

/** Handed to the thread at its start: plain data (credentials stay within the process). */
export interface SyncThreadData {
  settings: SourceSettings;
  http: Omit<VendorHttpSettings, 'observer' | 'budgets'>;
  /** The sync's slots of each vendor's budget at most (SYNC_CONCURRENCY). */
  backgroundConcurrency: number;
  sync: SyncSettings;
  index: IndexConfig;
  logLevel: string;
}

export type FromThread =
  | { type: 'slot'; id: number; source: CustomerSourceName; holdMs: number }
  | { type: 'release'; id: number }
  | { type: 'job'; event: SyncJobEvent }
  | { type: 'call'; event: VendorCallEvent }
  | { type: 'breaker'; source: CustomerSourceName; state: BreakerState }
  | { type: 'notice'; source: CustomerSourceName; message: string }
  | { type: 'log'; line: string }
  | { type: 'status'; id: number; statuses: SourceSyncStatus[] }
  | { type: 'stopped' };

export type ToThread =
  | { type: 'granted'; id: number }
  | { type: 'refused'; id: number }
  | { type: 'status'; id: number }
  | { type: 'start' }
  | { type: 'stop' };
