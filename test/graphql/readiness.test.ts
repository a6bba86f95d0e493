// /ready answers for the instance itself — its index store and its Redis — never for a vendor: one
// vendor down keeps every instance in the load balancer, and /health names the vendor instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteIndexStore } from '../../src/index/sqlite/store.ts';
import type { IndexStore } from '../../src/index/store.ts';
import type { IndexedSources } from '../../src/index/sync-state.ts';
import { closeRedis, connectRedis } from '../../src/stores/redis.ts';
import { createRedisIdempotencyStore } from '../../src/stores/redis-idempotency.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { type RedisServer, startRedis } from '../support/redis.ts';
import { type IndexedSandbox, startIndexedSandbox } from '../support/sync.ts';

let store: IndexStore;
let redisServer: RedisServer;
let redis: ReturnType<typeof connectRedis>;
let gateway: TestGateway;
let sandbox: IndexedSandbox;

beforeAll(async () => {
  store = await openSqliteIndexStore({ path: ':memory:' });
  redisServer = await startRedis();
  redis = connectRedis(redisServer.url, { onError: () => undefined });
  const indexed: IndexedSources = { store, connections: {} };
  gateway = await startTestGateway({ index: indexed, idempotency: createRedisIdempotencyStore(redis, { ttlMs: 60_000 }) });
  sandbox = await startIndexedSandbox({ vendors: gateway.vendors, store });
  Object.assign(indexed.connections, sandbox.engine.indexed.connections);
});

afterAll(async () => {
  await sandbox?.stop();
  await gateway?.stop();
  await store?.close();
  if (redis) await closeRedis(redis);
  await redisServer?.stop();
});

interface Health {
  status: string;
  sources: Array<{ source: string; state: string; sync: string | null }>;
}

const ready = async () => {
  const response = await fetch(`${gateway.origin}/ready`);
  return { status: response.status, body: (await response.json()) as { ready: boolean; failing: string[] } };
};

describe('/ready and /health', () => {
  it('a vendor down: /ready stays 200, /health names the source as down beside its sync state', async () => {
    gateway.vendors.crm.server.injectFault({ fault: { kind: 'status', status: 500 } });
    try {
      expect(await ready()).toEqual({ status: 200, body: { ready: true, failing: [] } });
      const response = await fetch(`${gateway.origin}/health`);
      expect(response.status).toBe(200);
      const health = (await response.json()) as Health;
      expect(health.status).toBe('ok');
      expect(health.sources).toContainEqual(expect.objectContaining({ source: 'CRM', state: 'DOWN', sync: 'SYNCED' }));
      expect(health.sources).toContainEqual(expect.objectContaining({ source: 'AMELIA', state: 'UP', sync: 'SYNCED' }));
    } finally {
      gateway.vendors.crm.server.clearFaults();
    }
  });

  it('Redis gone: /ready is 503 naming it', async () => {
    await redisServer.stop();
    const started = performance.now();
    expect(await ready()).toEqual({ status: 503, body: { ready: false, failing: ['redis'] } });
    expect(performance.now() - started).toBeLessThan(4_000);
  });

  it('the index store closed: /ready is 503 naming it', async () => {
    await sandbox.stop();
    await store.close();
    const answer = await ready();
    expect(answer.status).toBe(503);
    expect(answer.body.failing).toContain('index');
  });
});
