// The limits of src/plugins/rate-limit.ts, counted in Redis: a client's steady rate and its burst
// reserve, and an address's failed authentications, are shared by every gateway instance, whichever
// one a request reaches.
import type { Redis } from 'ioredis';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { RateLimitSettings } from '../plugins/rate-limit.ts';

export interface RedisRateLimitSettings extends RateLimitSettings {
  /**
   * While Redis fails, count in this process instead (each instance then allows the full rate on its
   * own) rather than failing every request. Default true.
   */
  insurance?: boolean;
}

/** Same shape and numbers as createRateLimiter: `perSecond` per one-second window, plus a reserve of `burst`. */
export function createRedisRateLimiter(redis: Redis, settings: RedisRateLimitSettings): BurstyRateLimiter {
  const burstDuration = Math.max(1, Math.ceil(settings.burst / settings.perSecond));
  const limiter = (keyPrefix: string, points: number, duration: number) =>
    new RateLimiterRedis({
      // ioredis: rate-limiter-flexible detects it (defineCommand); `useRedisPackage` is for node-redis v4+.
      storeClient: redis,
      keyPrefix,
      points,
      duration,
      ...(settings.insurance === false ? {} : { insuranceLimiter: new RateLimiterMemory({ points, duration }) }),
    });
  return new BurstyRateLimiter(
    limiter('rate-limit:steady', settings.perSecond, 1),
    limiter('rate-limit:burst', settings.burst, burstDuration),
  );
}

/** Same numbers as createAuthFailureLimiter: `perMinute` failed authentications per address and minute. */
export function createRedisAuthFailureLimiter(redis: Redis, perMinute: number): RateLimiterRedis {
  return new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: 'auth-failures',
    points: perMinute,
    duration: 60,
    insuranceLimiter: new RateLimiterMemory({ points: perMinute, duration: 60 }),
  });
}
