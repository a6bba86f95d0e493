// A vendor's budget shared by every gateway instance (sources/http/vendor-budget.ts): its slots are a
// Redis semaphore whose holds expire should an instance die, its per-second tokens a Redis rate
// limiter. While Redis is away, each instance keeps to its own limits rather than failing or holding
// up every call (and says so once a minute at most).
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { Semaphore, TimeoutError } from 'redis-semaphore';
import { type SharedVendorBudget, tokenWait } from '../sources/http/index.ts';
import type { CustomerSourceName } from '../sources/names.ts';

/** How often a call waiting for a slot asks again (a slot is freed by another instance, unannounced). */
const RETRY_INTERVAL_MS = 10;
const ERROR_REPORT_EVERY_MS = 60_000;

export function createRedisVendorBudget(redis: Redis, reportError: (error: unknown) => void = () => {}): SharedVendorBudget {
  let reportedAt = Number.NEGATIVE_INFINITY;
  const onError = (error: unknown) => {
    if (Date.now() - reportedAt < ERROR_REPORT_EVERY_MS) return;
    reportedAt = Date.now();
    reportError(error);
  };
  const away = () => redis.status !== 'ready';
  const limiters = new Map<string, RateLimiterRedis>();
  const limiterFor = (source: CustomerSourceName, perSecond: number) => {
    const key = `${source}/${perSecond}`;
    let limiter = limiters.get(key);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: 'vendor-calls',
        points: perSecond,
        duration: 1,
        insuranceLimiter: new RateLimiterMemory({ points: perSecond, duration: 1 }),
      });
      limiters.set(key, limiter);
    }
    return limiter;
  };

  return {
    async acquireSlot(source, limit, holdMs, signal) {
      if (away()) return () => {};
      const semaphore = new Semaphore(redis, `vendor-slots:${source}`, limit, {
        lockTimeout: holdMs,
        acquireTimeout: Math.max(1, holdMs - 60_000),
        retryInterval: RETRY_INTERVAL_MS,
        refreshInterval: 0,
      });
      try {
        await semaphore.acquire();
      } catch (error) {
        if (error instanceof TimeoutError || signal.aborted) throw error;
        onError(error);
        return () => {};
      }
      return () => {
        semaphore.release().catch(onError);
      };
    },
    async takeToken(source, perSecond) {
      if (away()) return null;
      return tokenWait(limiterFor(source, perSecond), source).catch((error: unknown) => {
        onError(error);
        return null;
      });
    },
  };
}
