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
  };
}

function wholeMs(ms: number, name: string): number {
  if (!Number.isFinite(ms) || ms < 1) throw new RangeError(`${name} must be a positive number of milliseconds`);
  return Math.ceil(ms);
}
