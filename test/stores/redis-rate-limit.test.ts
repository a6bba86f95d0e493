// The per-client rate limit counted in a real redis-server: two gateway instances (two limiters, two
// connections) draw on one steady rate and one burst reserve per client.
import type { Redis } from 'ioredis';
import { BurstyRateLimiter, RateLimiterRes } from 'rate-limiter-flexible';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/plugins/rate-limit.ts';
import { closeRedis, connectRedis } from '../../src/stores/redis.ts';
import { createRedisAuthFailureLimiter, createRedisRateLimiter } from '../../src/stores/redis-rate-limit.ts';
import { type RedisServer, startRedis } from '../support/redis.ts';

let server: RedisServer;
let redisA: Redis;
let redisB: Redis;

beforeAll(async () => {
  server = await startRedis();
  redisA = connectRedis(server.url);
  redisB = connectRedis(server.url);
});

afterAll(async () => {
  await Promise.all([redisA, redisB].filter(Boolean).map((redis) => closeRedis(redis)));
  await server?.stop();
});

beforeEach(async () => {
  await redisA.flushdb();
});

// A long burst window (50 s), so the reserve cannot refill during a test; the steady 1 s window may
// roll over on a slow machine, which lets through at most a request or two more — bounds, not times.
const SETTINGS = { perSecond: 1, burst: 50 };

/** Consumes until the limiter refuses; how many got through, and the refusal. */
async function drain(limiter: BurstyRateLimiter, key: string, max = 200): Promise<{ passed: number; refusal: RateLimiterRes }> {
  for (let passed = 0; passed < max; passed += 1) {
    try {
      await limiter.consume(key);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return { passed, refusal };
    }
  }
  throw new Error(`no refusal after ${max} requests`);
}

describe('Redis rate limiter', () => {
  it('has the shape of the in-memory one', () => {
    const limiter = createRedisRateLimiter(redisA, SETTINGS);
    expect(limiter).toBeInstanceOf(BurstyRateLimiter);
    expect(Object.getPrototypeOf(limiter)).toBe(Object.getPrototypeOf(createRateLimiter(SETTINGS)));
  });

  it('shares the burst between instances: what one used up, the other cannot use', async () => {
    const onA = createRedisRateLimiter(redisA, SETTINGS);
    const onB = createRedisRateLimiter(redisB, SETTINGS);

    const a = await drain(onA, 'client:web');
    // The steady point plus the whole reserve (plus a point per steady window that rolled over).
    expect(a.passed).toBeGreaterThanOrEqual(1 + SETTINGS.burst);
    expect(a.passed).toBeLessThan(1 + SETTINGS.burst + 10);
    expect(a.refusal.msBeforeNext).toBeGreaterThan(0);

    // Alone, B would allow as many again; shared, the reserve is gone.
    const b = await drain(onB, 'client:web');
    expect(b.passed).toBeLessThan(10);

    // Another client has its own allowance.
    const other = await drain(onB, 'client:mobile');
    expect(other.passed).toBeGreaterThanOrEqual(1 + SETTINGS.burst);
  });

  it('spreads concurrent requests of one client over both instances against one budget', async () => {
    const limiters = [createRedisRateLimiter(redisA, SETTINGS), createRedisRateLimiter(redisB, SETTINGS)];
    const outcomes = await Promise.allSettled(Array.from({ length: 120 }, (_, index) => limiters[index % 2]!.consume('client:burst')));
    const passed = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected' && outcome.reason instanceof RateLimiterRes).length;
    expect(passed + refused).toBe(120);
    expect(passed).toBeGreaterThanOrEqual(1 + SETTINGS.burst);
    expect(passed).toBeLessThan(1 + SETTINGS.burst + 10);
  });

  it('keeps its counters under the switchboard: prefix', async () => {
    await createRedisRateLimiter(redisA, SETTINGS).consume('client:web');
    const keys = await redisB.keys('*');
    expect(keys.some((key) => key.startsWith('switchboard:rate-limit:steady'))).toBe(true);
  });

  it('counts in the process while Redis fails, unless told not to', async () => {
    const broken = connectRedis(server.url);
    await closeRedis(broken);
    const insured = createRedisRateLimiter(broken, SETTINGS);
    await expect(insured.consume('client:web')).resolves.toBeInstanceOf(RateLimiterRes);
    const bare = createRedisRateLimiter(broken, { ...SETTINGS, insurance: false });
    const failure = await bare.consume('client:web').then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
  });

  it("counts an address's failed authentications across instances", async () => {
    const onA = createRedisAuthFailureLimiter(redisA, 3);
    const onB = createRedisAuthFailureLimiter(redisB, 3);
    await onA.consume('address:203.0.113.5');
    await onB.consume('address:203.0.113.5');
    await onA.consume('address:203.0.113.5');
    const seen = await onB.get('address:203.0.113.5');
    expect(seen?.consumedPoints).toBe(3);
    expect(seen!.consumedPoints >= onB.points).toBe(true);
    expect(await onB.get('address:198.51.100.7')).toBeNull();
    expect((await redisB.keys('*')).some((key) => key.startsWith('switchboard:auth-failures'))).toBe(true);
  });
});
