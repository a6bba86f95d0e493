// With REDIS_URL, what several instances must agree on lives in Redis: cached answers, idempotency
// keys, rate-limit buckets, vendor budgets, and the change log's doorbell. Loaded by the process only
// then: a process without Redis does not carry its client.
import type { Cache } from '@graphql-yoga/plugin-response-cache';
import type { Redis } from 'ioredis';
import type { Logger } from '../observability/index.ts';
import type { SharedLimiters } from '../plugins/security.ts';
import type { SharedVendorBudget } from '../sources/http/index.ts';
import type { IdempotencyStore } from '../writes/idempotency.ts';
import { closeRedis, connectRedis } from './redis.ts';
import { createRedisDoorbell, type RedisDoorbell } from './redis-doorbell.ts';
import { createRedisIdempotencyStore } from './redis-idempotency.ts';
import { createRedisAuthFailureLimiter, createRedisRateLimiter, type RedisRateLimitSettings } from './redis-rate-limit.ts';
import { createRedisResponseCache } from './redis-response-cache.ts';
import { createRedisVendorBudget } from './redis-vendor-budget.ts';

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;

export interface SharedStateSettings {
  rateLimit: RedisRateLimitSettings | null;
  authFailures: { perMinute: number } | null;
}

export interface SharedState {
  responseCache: Cache;
  idempotency: IdempotencyStore;
  limiters: SharedLimiters;
  vendorBudget: SharedVendorBudget;
  doorbell: RedisDoorbell;
  close(): Promise<void>;
}

export function connectSharedState(url: string, settings: SharedStateSettings, log: Logger): SharedState {
  const redis: Redis = connectRedis(url, { onError: (err) => log.warn({ err }, 'redis') });
  const doorbell = createRedisDoorbell(redis, (err) => log.warn({ err }, 'redis doorbell'));
  return {
    responseCache: createRedisResponseCache(redis, { onError: (err, op) => log.warn({ err, op }, 'response cache') }),
    idempotency: createRedisIdempotencyStore(redis, { ttlMs: IDEMPOTENCY_TTL_MS }),
    limiters: {
      ...(settings.rateLimit ? { requests: createRedisRateLimiter(redis, settings.rateLimit) } : {}),
      ...(settings.authFailures ? { authFailures: createRedisAuthFailureLimiter(redis, settings.authFailures.perMinute) } : {}),
    },
    vendorBudget: createRedisVendorBudget(redis, (err) => log.warn({ err }, 'vendor budget')),
    doorbell,
    async close() {
      await doorbell.close();
      await closeRedis(redis);
    },
  };
}
