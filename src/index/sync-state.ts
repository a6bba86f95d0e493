// What the sync engine tells the query path about each source it keeps in the index: whether its first
// load is done (answers may come from the index), how fresh it is, and what last went wrong. Kept in the
// store as a checkpoint of the leader (job `state`), so every instance on one store reads the same.
import { z } from 'zod';
import { CUSTOMER_SOURCES, type CustomerSourceName } from '../sources/model/index.ts';
import type { IndexStore } from './store.ts';
import type { ConnectionId, SyncScope } from './types.ts';

/** LOADING: the first load is running (the index holds part of the source); SYNCED: it completed; FAILING: the last tick or sweep failed. */
export type SyncPhase = 'LOADING' | 'SYNCED' | 'FAILING';

const isoTime = z.iso.datetime({ offset: true }).nullable();

const syncStateSchema = z.object({
  phase: z.enum(['LOADING', 'SYNCED', 'FAILING']),
  /** Rows of the scope in the index after the last completed tick or sweep. */
  records: z.number().int().nonnegative(),
  /** When the first load completed; null while it runs. */
  loadedAt: isoTime,
  /** The start of the last completed tick (new and changed records up to then are in). */
  newRecordsAsOf: isoTime,
  /** The start of the last completed full sweep (edits and deletions up to then are in). */
  verifiedAsOf: isoTime,
  /** The last failure, said for people (no vendor body, no credential); null after a success. */
  lastError: z.string().nullable(),
});

export type SyncState = z.infer<typeof syncStateSchema>;

export const SYNC_STATE_JOB = 'state';

export async function readSyncState(store: IndexStore, scope: SyncScope): Promise<SyncState | null> {
  const saved = await store.getCheckpoint(scope, SYNC_STATE_JOB);
  return saved === null ? null : syncStateSchema.parse(saved);
}

/** The sources the gateway keeps in the index, with the connection each one's rows are kept under. */
export interface IndexedSources {
  store: IndexStore;
  connections: Partial<Record<CustomerSourceName, ConnectionId>>;
}

// What the engine tells metrics about its jobs (observability/metrics.ts implements it).
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

/** The scopes (connection and source) the index keeps, in the sources' order. */
export function keptScopes(index: IndexedSources): SyncScope[] {
  return CUSTOMER_SOURCES.flatMap((source) => {
    const connection = index.connections[source];
    return connection === undefined ? [] : [{ connection, source }];
  });
}
