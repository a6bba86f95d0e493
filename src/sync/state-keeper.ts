// The source's SyncState as the leader keeps it: in memory for its jobs, written through the store
// (checkpoint `state`, under the lease) for every instance and the query path to read. Updates are
// applied one at a time, so that a tick and a sweep running side by side never undo each other's.
import type { IndexStore } from '../index/store.ts';
import { readSyncState, SYNC_STATE_JOB, type SyncState } from '../index/sync-state.ts';
import type { LeaseToken, SyncScope } from '../index/types.ts';
import { FencedError } from './lease-keeper.ts';

export interface StateKeeper {
  current(): SyncState;
  /** Reads the stored state: when a lease is newly taken, another instance may have synced meanwhile. */
  reload(): Promise<void>;
  /** Applies `change` to the state and stores it; FencedError when the lease is no longer current. */
  update(lease: LeaseToken, change: (current: SyncState) => SyncState): Promise<void>;
}

export function initialState(): SyncState {
  return { phase: 'LOADING', records: 0, loadedAt: null, newRecordsAsOf: null, verifiedAsOf: null, lastError: null };
}

export function createStateKeeper(store: IndexStore, scope: SyncScope): StateKeeper {
  let state = initialState();
  let turn: Promise<unknown> = Promise.resolve();
  return {
    current: () => state,
    async reload() {
      state = (await readSyncState(store, scope)) ?? initialState();
    },
    update(lease, change) {
      const next = turn.then(async () => {
        const updated = change(state);
        if ((await store.saveCheckpoint(scope, SYNC_STATE_JOB, updated, lease)) === 'fenced') throw new FencedError(scope);
        state = updated;
      });
      turn = next.catch(() => undefined);
      return next;
    },
  };
}
