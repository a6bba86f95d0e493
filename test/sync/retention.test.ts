// CHANGE_LOG_RETENTION: the sync engine purges tombstones older than the retention — at its start and
// then on a timer — and keeps younger ones.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openSqliteIndexStore } from '../../src/index/sqlite/store.ts';
import type { IndexStore } from '../../src/index/store.ts';
import type { SyncScope } from '../../src/index/types.ts';
import { type SandboxVendors, startSandboxVendors } from '../../src/sandbox/index.ts';
import { connectionIdOf } from '../../src/sync/connections.ts';
import { type IndexedSandbox, startIndexedSandbox } from '../support/sync.ts';

const DAY_MS = 24 * 60 * 60_000;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Vendors, a store whose clock a test can move back, and the CRM's scope as the engine will name it. */
async function prepare(): Promise<{ vendors: SandboxVendors; store: IndexStore; scope: SyncScope; setAgo: (ms: number) => void }> {
  const vendors = await startSandboxVendors({ customers: 0 });
  let agoMs = 0;
  const store = await openSqliteIndexStore({ path: ':memory:', clock: () => Date.now() - agoMs });
  cleanups.push(async () => {
    await vendors.stop();
    await store.close();
  });
  const connection = connectionIdOf('CRM', vendors.settings);
  if (connection === null) throw new Error('CRM off');
  return { vendors, store, scope: { connection, source: 'CRM' }, setAgo: (ms) => (agoMs = ms) };
}

async function engineOn(vendors: SandboxVendors, store: IndexStore, changeLogRetentionMs?: number): Promise<IndexedSandbox> {
  const sandbox = await startIndexedSandbox({ vendors, store, ...(changeLogRetentionMs ? { sync: { changeLogRetentionMs } } : {}) });
  cleanups.push(() => sandbox.stop());
  return sandbox;
}

const vendorIdsOf = async (store: IndexStore, scope: SyncScope) =>
  (await store.tombstonesSince(scope, new Date(0))).map((t) => t.key.vendorId);

describe('change-log retention', () => {
  it('the engine purges, at its start, tombstones older than the retention (30 days by default) and keeps the younger', async () => {
    const { vendors, store, scope, setAgo } = await prepare();
    setAgo(31 * DAY_MS);
    await store.delete({ key: { ...scope, vendorId: 'deleted-31-days-ago' }, readStartedAt: new Date(Date.now() - 31 * DAY_MS) });
    setAgo(29 * DAY_MS);
    await store.delete({ key: { ...scope, vendorId: 'deleted-29-days-ago' }, readStartedAt: new Date(Date.now() - 29 * DAY_MS) });
    setAgo(0);
    expect(await vendorIdsOf(store, scope)).toEqual(['deleted-31-days-ago', 'deleted-29-days-ago']);

    const sandbox = await engineOn(vendors, store);
    // tickNow waits for the engine's start, the first purge included.
    await sandbox.engine.tickNow('CRM');
    expect(await vendorIdsOf(store, scope)).toEqual(['deleted-29-days-ago']);
  });

  it('while it runs, purges a tombstone once it is older than the retention', async () => {
    const { vendors, store, scope } = await prepare();
    const sandbox = await engineOn(vendors, store, 400);
    await sandbox.engine.tickNow('CRM');
    await store.delete({ key: { ...scope, vendorId: 'deleted-now' }, readStartedAt: new Date() });
    expect(await vendorIdsOf(store, scope)).toEqual(['deleted-now']);
    await vi.waitFor(async () => expect(await vendorIdsOf(store, scope)).toEqual([]), { timeout: 3_000, interval: 50 });
  });
});
