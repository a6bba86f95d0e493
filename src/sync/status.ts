// A source's sync status as the engine reports it (and the query path's syncStatus shows).
import type { SyncPhase, SyncState } from '../index/sync-state.ts';
import type { ConnectionId, SyncScope } from '../index/types.ts';
import type { CustomerSourceName } from '../sources/model/index.ts';

export interface SourceSyncStatus {
  source: CustomerSourceName;
  connection: ConnectionId;
  state: SyncPhase;
  records: number;
  /** The start of the last completed tick: records created or changed before it are in. */
  newRecordsAsOf: Date | null;
  /** The start of the last completed full sweep: edits and deletions before it are in. */
  verifiedAsOf: Date | null;
  /** Seconds since newRecordsAsOf; null before the first load completed. */
  lagSeconds: number | null;
  lastError: string | null;
}

export function toStatus(scope: SyncScope, saved: SyncState | null, now = Date.now()): SourceSyncStatus {
  const newRecordsAsOf = saved?.newRecordsAsOf ? new Date(saved.newRecordsAsOf) : null;
  return {
    source: scope.source,
    connection: scope.connection,
    state: saved?.phase ?? 'LOADING',
    records: saved?.records ?? 0,
    newRecordsAsOf,
    verifiedAsOf: saved?.verifiedAsOf ? new Date(saved.verifiedAsOf) : null,
    lagSeconds: saved?.loadedAt && newRecordsAsOf ? Math.max(0, Math.round((now - newRecordsAsOf.getTime()) / 1000)) : null,
    lastError: saved?.lastError ?? null,
  };
}
