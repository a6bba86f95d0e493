// One budget per vendor, over real sockets: its HTTP clients share it, client calls go before waiting
// sync calls, the per-second limit holds, and with Redis two instances keep to one budget together.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SandboxServer } from '../../src/sandbox/server.ts';
import { type CallPriority, createVendorBudgets, createVendorHttp, type VendorBudgetSettings } from '../../src/sources/http/index.ts';
import { createRequestScope } from '../../src/sources/request-scope.ts';
import { closeRedis, connectRedis } from '../../src/stores/redis.ts';
import { createRedisVendorBudget } from '../../src/stores/redis-vendor-budget.ts';
import { type RedisServer, startRedis } from '../support/redis.ts';
import { TEST_HTTP_SETTINGS } from '../support/sources.ts';

const vendor = new SandboxServer('budgeted', (request) => ({ status: 200, body: { path: request.path } }));
beforeAll(() => vendor.start());
afterAll(() => vendor.stop());
beforeEach(() => {
  vendor.clearLog();
  vendor.latencyMs = 40;
});

const budget = (settings: Partial<VendorBudgetSettings>): VendorBudgetSettings => ({
  concurrency: 2,
  callsPerSecond: 0,
  backgroundConcurrency: 2,
  ...settings,
});

function scope(priority: CallPriority = 'client', deadlineMs = 30_000) {
  return createRequestScope({
    requestId: `budget-${priority}`,
    signal: AbortSignal.timeout(deadlineMs),
    deadlineAt: Date.now() + deadlineMs,
    shareReads: false,
    background: priority === 'background',
  });
}

const clientOf = (budgets: ReturnType<typeof createVendorBudgets>) =>
  createVendorHttp('AMELIA', vendor.url, {}, { ...TEST_HTTP_SETTINGS, concurrency: 64, budgets });

const get = (http: ReturnType<typeof clientOf>, path: string, priority: CallPriority = 'client') =>
  http.request({ method: 'GET', path }, scope(priority));

describe("a vendor's budget", () => {
  it('is one for every HTTP client of the vendor', async () => {
    const budgets = createVendorBudgets(() => budget({ concurrency: 3 }));
    const [one, two] = [clientOf(budgets), clientOf(budgets)];
    await Promise.all(Array.from({ length: 24 }, (_, i) => get(i % 2 ? one : two, `c/${i}`)));
    expect(vendor.requests).toHaveLength(24);
    expect(vendor.maxInFlight).toBe(3);
  });

  it('gives a freed slot to a waiting client call before any waiting sync call', async () => {
    const http = clientOf(createVendorBudgets(() => budget({ concurrency: 1, backgroundConcurrency: 4 })));
    const sync = Array.from({ length: 4 }, (_, i) => get(http, `sync/${i}`, 'background'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    await Promise.all([get(http, 'client'), ...sync]);
    expect(vendor.requests.map((request) => request.path)).toEqual(['/sync/0', '/client', '/sync/1', '/sync/2', '/sync/3']);
  });

  it('lets the sync hold no more than its share of the slots', async () => {
    const http = clientOf(createVendorBudgets(() => budget({ concurrency: 4, backgroundConcurrency: 1 })));
    await Promise.all(Array.from({ length: 6 }, (_, i) => get(http, `sync/${i}`, 'background')));
    expect(vendor.maxInFlight).toBe(1);
  });

  it('starts no more calls a second than it allows', async () => {
    vendor.latencyMs = 0;
    const http = clientOf(createVendorBudgets(() => budget({ concurrency: 8, callsPerSecond: 5 })));
    await Promise.all(Array.from({ length: 12 }, (_, i) => get(http, `r/${i}`)));
    const times = vendor.requests.map((request) => request.receivedAt).sort((a, b) => a - b);
    // Fixed one-second windows: 5, 5, then 2.
    expect(times[10]! - times[0]!).toBeGreaterThanOrEqual(1_900);
    expect(times.filter((time) => time - times[0]! < 900)).toHaveLength(5);
  });

  it('never sends a call whose deadline passed while it waited', async () => {
    vendor.latencyMs = 300;
    const http = clientOf(createVendorBudgets(() => budget({ concurrency: 1 })));
    const first = get(http, 'slow');
    const late = http.request({ method: 'GET', path: 'late' }, scope('client', 100));
    await expect(late).rejects.toMatchObject({ failure: 'TIMEOUT' });
    await first;
    expect(vendor.requests.map((request) => request.path)).toEqual(['/slow']);
  });
});

describe('with Redis, one budget for every instance', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.stop());
  /** Two instances' connections, ready (a connection still connecting counts locally). */
  async function connect() {
    const connections = [connectRedis(redis.url), connectRedis(redis.url)];
    await Promise.all(connections.map((connection) => connection.ping()));
    return connections;
  }

  it('keeps two instances together to the calls in flight one allows', async () => {
    const connections = await connect();
    try {
      const instances = connections.map((connection) =>
        clientOf(createVendorBudgets(() => budget({ concurrency: 3 }), createRedisVendorBudget(connection))),
      );
      await Promise.all(Array.from({ length: 30 }, (_, i) => get(instances[i % 2]!, `i/${i}`)));
      expect(vendor.requests).toHaveLength(30);
      expect(vendor.maxInFlight).toBe(3);
    } finally {
      await Promise.all(connections.map(closeRedis));
    }
  });

  it('and to the calls a second one allows', async () => {
    vendor.latencyMs = 0;
    const connections = await connect();
    try {
      const instances = connections.map((connection) =>
        clientOf(createVendorBudgets(() => budget({ concurrency: 8, callsPerSecond: 4 }), createRedisVendorBudget(connection))),
      );
      await Promise.all(Array.from({ length: 10 }, (_, i) => get(instances[i % 2]!, `s/${i}`)));
      const times = vendor.requests.map((request) => request.receivedAt).sort((a, b) => a - b);
      // 4 a second across both: 4, 4, 2.
      expect(times[8]! - times[0]!).toBeGreaterThanOrEqual(1_000);
    } finally {
      await Promise.all(connections.map(closeRedis));
    }
  });

  it('without Redis, the same two instances would have sent twice as many at once', async () => {
    const instances = [0, 1].map(() => clientOf(createVendorBudgets(() => budget({ concurrency: 3 }))));
    await Promise.all(Array.from({ length: 30 }, (_, i) => get(instances[i % 2]!, `i/${i}`)));
    expect(vendor.maxInFlight).toBe(6);
  });
});
