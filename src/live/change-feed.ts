// The change log as the live streams of one process see it. A doorbell: one poll per process of each
// kept source's last number (a cheap read that sees the sync thread's and other instances' writes
// alike) every POLL_MS while anyone waits, and a ring at once after the gateway's own writes. And
// shared reads: streams at one place in the log ask it once between them, and each record once.

import { LRUCache } from 'lru-cache';
import { type IndexedSources, keptScopes, type SyncObserver } from '../index/sync-state.ts';
import type { ChangeEntry, SyncScope } from '../index/types.ts';
import type { Customer } from '../sources/model/index.ts';

/** How often the last numbers are read while someone waits: the most a change found by the sync waits to be told. */
export const POLL_MS = 250;

/**
 * A doorbell several instances share (Redis pub/sub when REDIS_URL is set): `ring` tells the others,
 * `listen` hears them (not itself). Messages may be lost; the poll catches up from the log.
 */
export interface SharedDoorbell {
  ring(): void;
  listen(onRing: () => void): void;
}

export interface ChangeFeedOptions {
  shared?: SharedDoorbell;
  /** POLL_MS unless given. */
  pollMs?: number;
}
/** A waiter is let go this often even when nothing changed (a stream's heartbeat, and its chance to end). */
export const MAX_WAIT_MS = 5_000;

export interface ChangeFeed {
  /** How many times the doorbell rang: read before reading the log, and handed to `next`. */
  rung(): number;
  /**
   * Resolves at the next change — at once when the doorbell rang since `rung()` answered `since` —
   * after MAX_WAIT_MS at the latest, or when `signal` aborts.
   */
  next(since: number, signal?: AbortSignal): Promise<void>;
  /** Something was written (here, or by the sync): waiters here and on the other instances look now. */
  ring(): void;
  /** The scope's entries after `afterSeq` (at most `first`), read once for every stream at that place. */
  changesSince(scope: SyncScope, afterSeq: number, first: number): Promise<ChangeEntry[]>;
  /** The records of created and updated entries as the index holds them now (null: deleted since), read once for every stream. */
  recordsOf(entries: readonly ChangeEntry[]): Promise<Array<Customer | null>>;
}

/**
 * How long a read is shared between streams (forgotten at once when the doorbell rings). The log only
 * grows, so a shared answer is at worst a prefix of the current one, and the stream reads on from where it ends.
 */
const SHARED_FOR_MS = 1_000;

export function createChangeFeed(index: IndexedSources, options: ChangeFeedOptions = {}): ChangeFeed {
  const pollMs = options.pollMs ?? POLL_MS;
  const waiters = new Set<() => void>();
  let known: string | null = null;
  let polling: NodeJS.Timeout | null = null;

  const entries = new LRUCache<string, Promise<ChangeEntry[]>>({ max: 1_000, ttl: SHARED_FOR_MS });
  const records = new LRUCache<string, Promise<Customer | null>>({ max: 10_000, ttl: SHARED_FOR_MS });
  let rings = 0;
  const ringHere = () => {
    rings += 1;
    // What was read of the log before the change is not what a stream woken by it must read.
    entries.clear();
    for (const wake of [...waiters]) wake();
  };
  options.shared?.listen(ringHere);
  const lastNumbers = async (): Promise<string> => {
    const numbers = await Promise.all(keptScopes(index).map((scope) => index.store.lastChangeSeq(scope)));
    return numbers.join(',');
  };
  const poll = async () => {
    try {
      const now = await lastNumbers();
      if (known !== null && now !== known) ringHere();
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
    }, pollMs);
    polling.unref();
  };

  const shared = <T>(cache: LRUCache<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> => {
    let pending = cache.get(key);
    if (!pending) {
      pending = read();
      cache.set(key, pending);
      pending.catch(() => cache.delete(key));
    }
    return pending;
  };

  return {
    ring() {
      ringHere();
      options.shared?.ring();
    },
    changesSince: (scope, afterSeq, first) =>
      shared(entries, `${scope.connection}/${afterSeq}/${first}`, () => index.store.changesSince(scope, afterSeq, first)),
    recordsOf(asked) {
      const keyOf = (entry: ChangeEntry) => `${entry.key.connection}/${entry.seq}`;
      const found = asked.map((entry) => (entry.kind === 'DELETED' ? Promise.resolve(null) : records.get(keyOf(entry))));
      // The records no stream asked for yet, in one query.
      const unread = found.flatMap((pending, at) => (pending === undefined ? [at] : []));
      if (unread.length > 0) {
        const reading = index.store.get(unread.map((at) => (asked[at] as ChangeEntry).key));
        for (const [n, at] of unread.entries()) {
          found[at] = shared(records, keyOf(asked[at] as ChangeEntry), async () => (await reading)[n]?.customer ?? null);
        }
      }
      return Promise.all(found as Array<Promise<Customer | null>>);
    },
    rung: () => rings,
    next(since, signal) {
      if (rings !== since) return Promise.resolve();
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

/** `observer`, and a ring of the feed at the end of each sync job (what it stored is told at once, not at the next poll). */
export function ringingAfterSyncJobs(observer: SyncObserver, feed: ChangeFeed): SyncObserver {
  return {
    onJob(event) {
      observer.onJob(event);
      feed.ring();
    },
  };
}
