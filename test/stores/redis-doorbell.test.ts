// The change log's doorbell between instances, through a real redis-server: a ring on one instance's
// feed wakes the streams of another whose own poll would not look for an hour — only Redis told it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSqliteIndexStore } from '../../src/index/sqlite/store.ts';
import type { IndexStore } from '../../src/index/store.ts';
import { type ChangeFeed, createChangeFeed } from '../../src/live/change-feed.ts';
import { closeRedis, connectRedis } from '../../src/stores/redis.ts';
import { createRedisDoorbell, type RedisDoorbell } from '../../src/stores/redis-doorbell.ts';
import { type RedisServer, startRedis } from '../support/redis.ts';

let server: RedisServer;
let store: IndexStore;
const doorbells: RedisDoorbell[] = [];
const connections: Array<ReturnType<typeof connectRedis>> = [];

/** One instance's feed over the shared index, told by Redis only (its poll is an hour apart). */
function instance(): ChangeFeed {
  const redis = connectRedis(server.url);
  const doorbell = createRedisDoorbell(redis, (error) => {
    throw error;
  });
  connections.push(redis);
  doorbells.push(doorbell);
  return createChangeFeed({ store, connections: { CRM: 'crm' } }, { shared: doorbell, pollMs: 3_600_000 });
}

beforeAll(async () => {
  server = await startRedis();
  store = await openSqliteIndexStore({ path: ':memory:' });
});
afterAll(async () => {
  for (const doorbell of doorbells) await doorbell.close();
  for (const redis of connections) await closeRedis(redis);
  await store.close();
  await server.stop();
});

async function until(condition: () => boolean): Promise<void> {
  const end = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > end) throw new Error('not within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

it("rings every other instance's feed through Redis, and a waiter there wakes", async () => {
  const [a, b, c] = [instance(), instance(), instance()];
  // Subscribed before the first ring (a subscription takes a round trip).
  await new Promise((resolve) => setTimeout(resolve, 300));
  const before = { b: b.rung(), c: c.rung() };
  const waiting = b.next(before.b);
  a.ring();
  await until(() => b.rung() > before.b && c.rung() > before.c);
  await waiting;
  expect(a.rung()).toBe(1);
  expect(b.rung()).toBe(before.b + 1);
});
