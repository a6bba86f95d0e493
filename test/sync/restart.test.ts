// A restart continues the initial load from its checkpoint: an engine stopped mid-load and a new one on
// the same SQLite file read on from the last page stored, and every record is there once at the end;
// a full sweep stopped midway likewise.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSqliteIndexStore } from '../../src/index/sqlite/store.ts';
import { readSyncState } from '../../src/index/sync-state.ts';
import { type SandboxVendors, startSandboxVendors } from '../../src/sandbox/index.ts';
import { crmCustomers } from '../sandbox/vendor-lists.ts';
import { unscoped } from '../support/sources.ts';
import { indexedCount, indexedRow, startIndexedSandbox } from '../support/sync.ts';

let vendors: SandboxVendors;
let dir: string;
beforeAll(async () => {
  vendors = await startSandboxVendors({ customers: 2000 });
  dir = mkdtempSync(join(tmpdir(), 'switchboard-sync-'));
}, 60_000);
afterAll(async () => {
  await vendors.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('an initial load stopped midway resumes from its checkpoint on the same file', async () => {
  const path = join(dir, 'index.sqlite');
  const firstStore = await openSqliteIndexStore({ path });
  // Paced, so that it is surely stopped midway: 400 calls a second.
  const first = await startIndexedSandbox({ vendors, store: firstStore, holder: 'first', loaded: false, sync: { callsPerSecond: 400 } });
  const connection = first.engine.indexed.connections.CRM as string;
  while ((await indexedCount(first, 'CRM')) < 500) await new Promise((resolve) => setTimeout(resolve, 20));
  await first.stop();
  await firstStore.close();
  const stoppedAt = await (async () => {
    const store = await openSqliteIndexStore({ path });
    try {
      expect((await readSyncState(store, { connection, source: 'CRM' }))?.phase).toBe('LOADING');
      return await store.count({ sources: ['CRM'] });
    } finally {
      await store.close();
    }
  })();
  expect(stoppedAt).toBeGreaterThanOrEqual(500);
  expect(stoppedAt).toBeLessThan(2030);

  vendors.crm.server.clearLog();
  const secondStore = await openSqliteIndexStore({ path });
  const second = await startIndexedSandbox({ vendors, store: secondStore, holder: 'second' });
  try {
    const listCalls = vendors.crm.server.calls('/v1/crm/customers', 'GET').filter((call) => call.path === '/v1/crm/customers');
    // It continued with a cursor: the first page was not read again, nor were the pages stored before.
    expect(listCalls[0]?.query.get('offset')).toBeTruthy();
    expect(listCalls.length).toBeLessThanOrEqual(Math.ceil((2030 - stoppedAt) / 10) + 1);
    const listed = (await crmCustomers(vendors)).map((record) => record.id).sort();
    const rows = await secondStore.page({
      filter: { sources: ['CRM'] },
      orderBy: { field: 'SOURCE', direction: 'ASC' },
      after: null,
      first: 5000,
    });
    expect(rows.rows.map((row) => row.key.vendorId).sort()).toEqual(listed);
    expect((await readSyncState(secondStore, { connection, source: 'CRM' }))?.phase).toBe('SYNCED');
  } finally {
    await second.stop();
    await secondStore.close();
  }
}, 120_000);

it('a full sweep stopped midway resumes from its checkpoint, and deletes what it did not see', async () => {
  const path = join(dir, 'sweep.sqlite');
  const store = await openSqliteIndexStore({ path });
  try {
    const loader = await startIndexedSandbox({ vendors, store, holder: 'loader' });
    const crm = loader.sources.CRM;
    if (!crm) throw new Error('CRM off');
    const [gone] = (await crm.listPage({ filter: {}, token: null, sizeHint: 10 }, unscoped())).customers;
    if (!gone) throw new Error('no CRM customer');
    await crm.writer.delete(gone.sourceId, unscoped());
    await loader.stop();

    const sweeper = await startIndexedSandbox({ vendors, store, holder: 'sweeper', sync: { callsPerSecond: 400 } });
    const sweeping = sweeper.engine.sweepNow('CRM');
    const connection = sweeper.engine.indexed.connections.CRM as string;
    while ((await store.getCheckpoint({ connection, source: 'CRM' }, 'sweep')) === null)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 150));
    await sweeper.stop();
    await sweeping;
    const left = (await store.getCheckpoint({ connection, source: 'CRM' }, 'sweep')) as { pages: number } | null;
    expect(left?.pages).toBeGreaterThan(5);
    expect(await indexedRow(sweeper, 'CRM', gone.sourceId)).not.toBeNull();

    vendors.crm.server.clearLog();
    const resumed = await startIndexedSandbox({ vendors, store, holder: 'resumer' });
    try {
      await resumed.engine.sweepNow('CRM');
      const lists = vendors.crm.server.requests.filter((call) => call.path === '/v1/crm/customers');
      expect(lists[0]?.query.get('offset')).toBeTruthy();
      expect(lists.length).toBeLessThan(204 - (left?.pages ?? 0) + 2);
      expect(await indexedRow(resumed, 'CRM', gone.sourceId)).toBeNull();
      expect(await store.count({ sources: ['CRM'] })).toBe((await crmCustomers(vendors)).length);
      expect((await resumed.engine.status()).find((status) => status.source === 'CRM')?.verifiedAsOf).not.toBeNull();
    } finally {
      await resumed.stop();
    }
  } finally {
    await store.close();
  }
}, 120_000);
