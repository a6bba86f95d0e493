// What a sync job works with: its scope and lease, the source, the store, its vendor calls, and the
// two writes it makes (records, checkpoints), both refused once the lease was taken over.

import { customerWrite, type ReadTimes } from '../index/customer-write.ts';
import type { IndexStore } from '../index/store.ts';
import type { CheckpointValue, LeaseToken, SyncScope, UpsertOutcome } from '../index/types.ts';
import type { Customer, CustomerSource } from '../sources/model/index.ts';
import { FencedError } from './lease-keeper.ts';
import type { VendorCalls } from './vendor-calls.ts';

export class StoppedError extends Error {
  constructor() {
    super('the sync engine is stopping');
    this.name = 'StoppedError';
  }
}

export type WriteCounts = Record<UpsertOutcome, number>;

export interface JobContext {
  scope: SyncScope;
  source: CustomerSource;
  store: IndexStore;
  lease: LeaseToken;
  calls: VendorCalls;
  pageSize: number;
  signal: AbortSignal;
  /** Whether what it stores goes into the change log: not an initial load's copy of what was there. */
  logsChanges: boolean;
}

export function emptyCounts(): WriteCounts {
  return { inserted: 0, changed: 0, unchanged: 0, stale: 0, fenced: 0 };
}

/** Stores the records of one read; throws FencedError when the lease is no longer current. */
export async function writeRecords(job: JobContext, customers: readonly Customer[], times: ReadTimes, counts?: WriteCounts): Promise<void> {
  if (customers.length === 0) return;
  const origin = job.logsChanges ? 'VENDOR' : null;
  const outcomes = await job.store.upsert(
    customers.map((customer) => ({ ...customerWrite(job.scope.connection, customer, times, job.lease), origin })),
  );
  if (outcomes.includes('fenced')) throw new FencedError(job.scope);
  if (counts) for (const outcome of outcomes) counts[outcome] += 1;
}

export async function saveJobCheckpoint(job: JobContext, name: string, value: CheckpointValue): Promise<void> {
  if ((await job.store.saveCheckpoint(job.scope, name, value, job.lease)) === 'fenced') throw new FencedError(job.scope);
}

export function throwIfStopped(job: JobContext): void {
  if (job.signal.aborted) throw new StoppedError();
}

/** The vendor id as a number where it is one (AMELIA, KB_SUPPORT), else null. */
export function numericId(customer: Customer): number | null {
  return /^\d{1,15}$/.test(customer.sourceId) ? Number(customer.sourceId) : null;
}
