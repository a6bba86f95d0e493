// How a subscription learns that the change log moved, without asking it in a loop of its own: one
// poll per process of each kept source's last number (a cheap read that sees the sync thread's and
// other instances' writes alike) every POLL_MS while anyone waits, and a ring at once after the
// gateway's own writes. The change log is the truth; this is only the doorbell.
import type { IndexedSources } from '../index/sync-state.ts';
import type { SyncScope } from '../index/types.ts';
import { CUSTOMER_SOURCES } from '../sources/model/index.ts';

/** How often the last numbers are read while someone waits: the most a change found by the sync waits to be told. */
export const POLL_MS = 250;
/** A waiter is let go this often even when nothing changed (a stream's heartbeat, and its chance to end). */
export const MAX_WAIT_MS = 5_000;

export interface ChangeFeed {
  /** Resolves at the next change, after MAX_WAIT_MS at the latest, or when `signal` aborts. */
  next(signal?: AbortSignal): Promise<void>;
  /** Something was written: waiters look now. */
  ring(): void;
}

export function createChangeFeed(index: IndexedSources): ChangeFeed {
  const waiters = new Set<() => void>();
  let known: string | null = null;
  let polling: NodeJS.Timeout | null = null;

  const ring = () => {
    for (const wake of [...waiters]) wake();
  };
  const lastNumbers = async (): Promise<string> => {
    const numbers = await Promise.all(keptScopes(index).map((scope) => index.store.lastChangeSeq(scope)));
    return numbers.join(',');
  };
  const poll = async () => {
    try {
      const now = await lastNumbers();
      if (known !== null && now !== known) ring();
      known = now;
    } catch {
      // The store is away: the waiters are let go at MAX_WAIT_MS and look for themselves.
    }
  };
  const schedule = () => {
    if (polling || waiters.size === 0) return;
    polling = setTimeout(() => {
      polling = null;
      void poll().finally(schedule);
    }, POLL_MS);
    polling.unref();
  };

  return {
    ring,
    next(signal) {
      return new Promise<void>((resolve) => {
        const done = () => {
          waiters.delete(done);
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, MAX_WAIT_MS);
        signal?.addEventListener('abort', done, { once: true });
        waiters.add(done);
        if (known === null) void poll();
        schedule();
      });
    },
  };
}

/** The scopes (connection and source) the index keeps, in the sources' order. */
export function keptScopes(index: IndexedSources): SyncScope[] {
  return CUSTOMER_SOURCES.flatMap((source) => {
    const connection = index.connections[source];
    return connection === undefined ? [] : [{ connection, source }];
  });
}
