// Two engines on one PostgreSQL: one syncs each source (the lease), the other follows; stop the leader
// and the other takes over within the lease's length, and the former leader's late writes are fenced.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { customerWrite } from '../../src/index/customer-write.ts';
import { openPostgresIndexStore } from '../../src/index/postgres/store.ts';
import type { IndexStore } from '../../src/index/store.ts';
import { type SandboxVendors, startSandboxVendors } from '../../src/sandbox/index.ts';
import { CUSTOMER_SOURCES } from '../../src/sources/model/index.ts';
import { type PostgresServer, startPostgres } from '../support/postgres.ts';
import { unscoped } from '../support/sources.ts';
import { indexedRow, startIndexedSandbox } from '../support/sync.ts';

let server: PostgresServer;
let vendors: SandboxVendors;
const schema = `sync_test_${randomBytes(6).toString('hex')}`;
const stores: IndexStore[] = [];

beforeAll(async () => {
  [server, vendors] = await Promise.all([startPostgres(), startSandboxVendors({ customers: 100 })]);
}, 60_000);
afterAll(async () => {
  for (const store of stores) await store.close();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
  await vendors.stop();
  await server.stop();
});

const openStore = async () => {
  const store = await openPostgresIndexStore({ url: server.url, schema });
  stores.push(store);
  return store;
};

const until = async (condition: () => boolean | Promise<boolean>, withinMs: number) => {
  const end = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Date.now() - (end - withinMs);
};

it('one engine syncs, the other takes over when it stops, and the old leader is fenced', async () => {
  const leaseTtlMs = 1_000;
  const storeA = await openStore();
  const a = await startIndexedSandbox({ vendors, store: storeA, holder: 'instance-a', sync: { leaseTtlMs } });
  const storeB = await openStore();
  // A's first run (its load, then a tick) is over: what the vendors hear from now on is B's.
  await a.engine.tickNow();
  for (const vendor of [vendors.amelia, vendors.kbSupport, vendors.platform, vendors.crm]) vendor.server.clearLog();
  const b = await startIndexedSandbox({ vendors, store: storeB, holder: 'instance-b', sync: { leaseTtlMs } });
  // B found the sources loaded by A, and made no vendor call of its own.
  const requests = () =>
    [vendors.amelia, vendors.kbSupport, vendors.platform, vendors.crm].reduce((n, v) => n + v.server.requests.length, 0);
  expect(requests()).toBe(0);
  for (const source of CUSTOMER_SOURCES) {
    expect(a.engine.isLeader(source), source).toBe(true);
    expect(b.engine.isLeader(source), source).toBe(false);
  }
  expect((await b.engine.status()).map((s) => s.state)).toEqual(['SYNCED', 'SYNCED', 'SYNCED', 'SYNCED']);
  // A follower's tick is not a sync: it makes no call.
  await b.engine.tickNow();
  expect(requests()).toBe(0);

  const scope = { connection: a.engine.indexed.connections.CRM as string, source: 'CRM' as const };
  const oldLease = await storeA.acquireLease(scope, 'instance-a', leaseTtlMs);
  if (!oldLease) throw new Error('A does not hold the CRM lease');
  await a.stop();
  const tookMs = await until(() => CUSTOMER_SOURCES.every((source) => b.engine.isLeader(source)), leaseTtlMs + 1_000);
  expect(tookMs).toBeLessThanOrEqual(leaseTtlMs + 500);

  // B syncs now.
  const crm = b.sources.CRM;
  if (!crm) throw new Error('CRM off');
  const [someone] = (await crm.listPage({ filter: {}, token: null, sizeHint: 10 }, unscoped())).customers;
  if (!someone) throw new Error('no CRM customer');
  vendors.crm.touch(someone.sourceId, { lastName: 'Seen-By-B' });
  await b.engine.tickNow('CRM');
  expect((await indexedRow(b, 'CRM', someone.sourceId))?.customer.lastName).toBe('Seen-By-B');

  // The former leader's late write and checkpoint, under its old epoch, are refused.
  const late = { ...someone, lastName: 'Late-From-A' };
  const readStartedAt = new Date();
  const lease = { connection: oldLease.connection, source: oldLease.source, holder: oldLease.holder, epoch: oldLease.epoch };
  expect(await storeA.upsert([customerWrite(scope.connection, late, { readStartedAt, seenAt: readStartedAt }, lease)])).toEqual(['fenced']);
  expect(await storeA.saveCheckpoint(scope, 'state', { phase: 'FAILING' }, lease)).toBe('fenced');
  expect((await indexedRow(b, 'CRM', someone.sourceId))?.customer.lastName).toBe('Seen-By-B');
  expect((await b.engine.status()).find((s) => s.source === 'CRM')?.state).toBe('SYNCED');
  await b.stop();
}, 60_000);

it('a stalled leader (no heartbeat, no release) is replaced once its lease runs out', async () => {
  const leaseTtlMs = 800;
  const store = await openStore();
  const connection = (
    await store.page({ filter: { sources: ['CRM'] }, orderBy: { field: 'SOURCE', direction: 'ASC' }, after: null, first: 1 })
  ).rows[0]?.key.connection;
  if (!connection) throw new Error('no CRM rows from the first test');
  const scope = { connection, source: 'CRM' as const };
  const stalled = await store.acquireLease(scope, 'stalled-instance', leaseTtlMs);
  if (!stalled) throw new Error('the CRM lease is not free');
  const began = Date.now();
  const c = await startIndexedSandbox({ vendors, store: await openStore(), holder: 'instance-c', sync: { leaseTtlMs } });
  try {
    expect(c.engine.isLeader('CRM')).toBe(false);
    await until(() => c.engine.isLeader('CRM'), leaseTtlMs * 3);
    expect(Date.now() - began).toBeGreaterThanOrEqual(leaseTtlMs - 50);
    const readStartedAt = new Date();
    const [row] = await store.get([
      {
        ...scope,
        vendorId:
          (await c.store.page({ filter: { sources: ['CRM'] }, orderBy: { field: 'SOURCE', direction: 'ASC' }, after: null, first: 1 }))
            .rows[0]?.key.vendorId ?? '',
      },
    ]);
    if (!row) throw new Error('no CRM row');
    const lease = { connection, source: 'CRM' as const, holder: stalled.holder, epoch: stalled.epoch };
    expect(await store.upsert([customerWrite(connection, row.customer, { readStartedAt, seenAt: readStartedAt }, lease)])).toEqual([
      'fenced',
    ]);
  } finally {
    await c.stop();
  }
}, 60_000);
