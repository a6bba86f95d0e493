// Cached answers in a real redis-server, shared by two gateway instances (two caches, two connections),
// with the in-memory cache's semantics.
import { type Cache, createInMemoryCache } from '@graphql-yoga/plugin-response-cache';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeRedis, connectRedis } from '../../src/stores/redis.ts';
import { createRedisResponseCache, type ResponseCacheOperation } from '../../src/stores/redis-response-cache.ts';
import { type RedisServer, startRedis } from '../support/redis.ts';

let server: RedisServer;
let redisA: Redis;
let redisB: Redis;
let cacheA: Cache;
let cacheB: Cache;

beforeAll(async () => {
  server = await startRedis();
  redisA = connectRedis(server.url);
  redisB = connectRedis(server.url);
  cacheA = createRedisResponseCache(redisA);
  cacheB = createRedisResponseCache(redisB);
});

afterAll(async () => {
  await Promise.all([redisA, redisB].filter(Boolean).map((redis) => closeRedis(redis)));
  await server?.stop();
});

beforeEach(async () => {
  await redisA.flushdb();
});

async function eventually(check: () => Promise<boolean>, withinMs = 5_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const answer = (name: string) => ({ data: { customer: { __typename: 'Customer', id: name, displayName: `Customer ${name}` } } });
const customer = (id: string) => ({ typename: 'Customer', id });
const employee = (id: string) => ({ typename: 'Employee', id });
const MINUTE = 60_000;

describe('Redis response cache', () => {
  it('serves an answer cached by one instance from the other', async () => {
    await cacheA.set('r1', answer('1'), [customer('1')], MINUTE);
    expect(await cacheB.get('r1')).toEqual(answer('1'));
    expect(await cacheB.get('missing')).toBeNull();
  });

  it('invalidating an entity on one instance drops every answer holding it, and only those', async () => {
    await cacheA.set('one', answer('1'), [customer('1')], MINUTE);
    await cacheA.set('both', answer('1+2'), [customer('1'), customer('2')], MINUTE);
    await cacheB.set('two', answer('2'), [customer('2')], MINUTE);
    await cacheB.set('staff', answer('e'), [employee('7')], MINUTE);

    await cacheB.invalidate([customer('1')]);
    expect(await cacheA.get('one')).toBeNull();
    expect(await cacheA.get('both')).toBeNull();
    expect(await cacheA.get('two')).toEqual(answer('2'));
    expect(await cacheA.get('staff')).toEqual(answer('e'));
  });

  it('invalidating a typename drops every answer with that type', async () => {
    await cacheA.set('one', answer('1'), [customer('1')], MINUTE);
    await cacheA.set('list', answer('list'), [customer('1'), customer('2'), employee('7')], MINUTE);
    await cacheB.set('staff', answer('e'), [employee('7')], MINUTE);
    // An answer whose list came back empty is indexed by the type alone.
    await cacheB.set('empty', { data: { customers: [] } }, [{ typename: 'Customer' }], MINUTE);

    await cacheB.invalidate([{ typename: 'Customer' }]);
    expect(await cacheA.get('one')).toBeNull();
    expect(await cacheA.get('list')).toBeNull();
    expect(await cacheA.get('empty')).toBeNull();
    expect(await cacheA.get('staff')).toEqual(answer('e'));
  });

  it('lets each answer expire with its own TTL, the index with the longest', async () => {
    await cacheA.set('short', answer('s'), [customer('1')], 50);
    await cacheA.set('long', answer('l'), [customer('1')], MINUTE);
    await eventually(async () => (await cacheB.get('short')) === null);
    expect(await cacheB.get('long')).toEqual(answer('l'));
    // The entity still leads to the long-lived answer.
    await cacheB.invalidate([customer('1')]);
    expect(await cacheA.get('long')).toBeNull();
  });

  it('leaves nothing behind once every answer expired', async () => {
    await cacheA.set('a', answer('a'), [customer('1'), employee('2')], 50);
    await cacheA.set('b', answer('b'), [customer('1')], 80);
    await eventually(async () => (await redisA.dbsize()) === 0);
  });

  it('keeps an answer with an infinite TTL until invalidated', async () => {
    await cacheA.set('forever', answer('f'), [customer('9')], Number.POSITIVE_INFINITY);
    await cacheA.set('brief', answer('b'), [customer('9')], 50);
    expect(await redisA.pttl('cache:response:forever')).toBe(-1);
    expect(await redisA.pttl('cache:entity:Customer:9')).toBe(-1);
    await eventually(async () => (await cacheB.get('brief')) === null);
    expect(await cacheB.get('forever')).toEqual(answer('f'));
    await cacheB.invalidate([customer('9')]);
    expect(await cacheA.get('forever')).toBeNull();
  });

  it('does not cache with a TTL of 0', async () => {
    await cacheA.set('zero', answer('z'), [customer('1')], 0);
    expect(await cacheB.get('zero')).toBeNull();
  });

  it('behaves as the in-memory cache over the same steps', async () => {
    const memory = createInMemoryCache();
    const ids = ['q1', 'q2', 'q3', 'q4'];
    const steps: Array<(cache: Cache) => unknown> = [
      (cache) => cache.set('q1', answer('1'), [customer('1'), employee('5')], MINUTE),
      (cache) => cache.set('q2', answer('2'), [customer('2')], MINUTE),
      (cache) => cache.set('q3', answer('3'), [employee('5')], MINUTE),
      (cache) => cache.invalidate([customer('1')]),
      // q1 again, now without the employee: invalidating the employee must not drop it.
      (cache) => cache.set('q1', answer('1b'), [customer('3')], MINUTE),
      (cache) => cache.invalidate([employee('5')]),
      (cache) => cache.set('q4', answer('4'), [{ typename: 'Employee' }], MINUTE),
      (cache) => cache.invalidate([{ typename: 'Employee' }, customer('404')]),
    ];
    for (const [index, step] of steps.entries()) {
      await step(memory);
      // Alternate instances: the shared cache must not care which one did what.
      await step(index % 2 ? cacheA : cacheB);
      for (const id of ids) expect(await cacheA.get(id), `${id} after step ${index}`).toEqual(await memory.get(id));
    }
  });

  it('never throws when Redis fails: a miss, nothing cached, the error reported', async () => {
    const broken = connectRedis(server.url);
    await closeRedis(broken);
    const reported: ResponseCacheOperation[] = [];
    const cache = createRedisResponseCache(broken, { onError: (_error, operation) => reported.push(operation) });
    expect(await cache.get('r1')).toBeNull();
    await expect(cache.set('r1', answer('1'), [customer('1')], MINUTE)).resolves.toBeUndefined();
    await expect(cache.invalidate([customer('1')])).resolves.toBeUndefined();
    expect(reported).toEqual(['get', 'set', 'invalidate']);
  });
});
