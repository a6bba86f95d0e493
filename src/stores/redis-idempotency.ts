// Idempotency keys in Redis, shared by every gateway instance: the record of each key (its outcome,
// as outcome-codec.ts writes it) for `ttlMs`, and a claim per key (SET NX PX) so that two instances
// given the same key at the same moment do not both send the write (runIdempotent waits for the claim).
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { IdempotencyRecord, IdempotencyStore } from '../writes/idempotency.ts';
import { decodeRecord, encodeRecord } from './outcome-codec.ts';

export interface RedisIdempotencyOptions {
  /** How long a key's record is kept (the README promises 24 hours). */
  ttlMs: number;
}

export type ClaimingIdempotencyStore = IdempotencyStore & Required<Pick<IdempotencyStore, 'claim' | 'release'>>;

const RECORD = 'idempotency:record:';
const CLAIM = 'idempotency:claim:';

// Deletes the claim only while it is still ours: after it lapsed another instance may hold it.
const RELEASE_IF_OURS = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
// Erasure deletes a record only as it was read: one another request stored meanwhile is not dropped unread.
const DELETE_IF_UNCHANGED = RELEASE_IF_OURS;

export function createRedisIdempotencyStore(redis: Redis, options: RedisIdempotencyOptions): ClaimingIdempotencyStore {
  const ttlMs = wholeMs(options.ttlMs, 'ttlMs');
  // The claims this instance holds, by key, with the token that proves it.
  const held = new Map<string, string>();
  return {
    async get(key: string): Promise<IdempotencyRecord | undefined> {
      const text = await redis.get(RECORD + key);
      return text === null ? undefined : decodeRecord(text);
    },
    async set(key: string, record: IdempotencyRecord): Promise<void> {
      await redis.set(RECORD + key, encodeRecord(record), 'PX', ttlMs);
    },
    async claim(key: string, claimTtlMs: number): Promise<boolean> {
      const token = randomUUID();
      const taken = await redis.set(CLAIM + key, token, 'PX', wholeMs(claimTtlMs, 'claim ttlMs'), 'NX');
      if (taken !== 'OK') return false;
      held.set(key, token);
      return true;
    },
    async release(key: string): Promise<void> {
      const token = held.get(key);
      if (token === undefined) return;
      held.delete(key);
      await redis.eval(RELEASE_IF_OURS, 1, CLAIM + key, token);
    },
    eraseWhere: (names) => eraseRecordsWhere(redis, names),
    async ping(): Promise<void> {
      await redis.ping();
    },
  };
}

/**
 * Walks every record (SCAN, a batch at a time: an erasure is rare, and the records are at most a day of
 * writes) and deletes those `names` picks. A record that cannot be decoded is left to its TTL.
 */
async function eraseRecordsWhere(redis: Redis, names: (record: IdempotencyRecord) => boolean): Promise<number> {
  // SCAN matches and answers whole keys; the other commands add the connection's prefix themselves.
  const prefix = redis.options.keyPrefix ?? '';
  let erased = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}${RECORD}*`, 'COUNT', 500);
    cursor = next;
    for (const fullKey of keys) {
      const key = fullKey.slice(prefix.length);
      const text = await redis.get(key);
      if (text === null || !namesSafely(names, text)) continue;
      erased += Number(await redis.eval(DELETE_IF_UNCHANGED, 1, key, text));
    }
  } while (cursor !== '0');
  return erased;
}

function namesSafely(names: (record: IdempotencyRecord) => boolean, text: string): boolean {
  try {
    return names(decodeRecord(text));
  } catch {
    return false;
  }
}

function wholeMs(ms: number, name: string): number {
  if (!Number.isFinite(ms) || ms < 1) throw new RangeError(`${name} must be a positive number of milliseconds`);
  return Math.ceil(ms);
}
