// One Redis connection per gateway process, shared by the stores that make several instances behave
// as one: idempotency keys, cached answers, rate limits. Every key lives under `switchboard:`.
import { Redis } from 'ioredis';

export const REDIS_KEY_PREFIX = 'switchboard:';

export interface RedisConnectOptions {
  /** Connection errors (ioredis reconnects on its own); without it ioredis prints them to the console. */
  onError?: (error: Error) => void;
}

/**
 * Connects at once (no lazy connect). While Redis is away, commands wait in ioredis's queue through
 * one reconnect and then fail, so a request fails in a few seconds instead of hanging; reconnecting
 * goes on in the background with a capped backoff.
 */
export function connectRedis(url: string, options: RedisConnectOptions = {}): Redis {
  const redis = new Redis(url, {
    keyPrefix: REDIS_KEY_PREFIX,
    lazyConnect: false,
    connectTimeout: 5_000,
    commandTimeout: 5_000,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 3_000),
    connectionName: 'switchboard',
  });
  if (options.onError) redis.on('error', options.onError);
  return redis;
}

/** Waits for the replies in flight, then closes; a connection that is down is just dropped. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
