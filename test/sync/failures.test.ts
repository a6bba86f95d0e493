// A sync failure is never a crash: a vendor down turns its source FAILING with a readable lastError
// (no credential, no vendor body), the other sources sync on, and the next tick recovers.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSqliteIndexStore } from '../../src/index/sqlite/store.ts';
import { type SandboxVendors, startSandboxVendors } from '../../src/sandbox/index.ts';
import { type IndexedSandbox, indexedCount, startIndexedSandbox } from '../support/sync.ts';

let sandbox: IndexedSandbox;
beforeAll(async () => {
  sandbox = await startIndexedSandbox();
}, 60_000);
afterAll(() => sandbox.stop());

it('a vendor answering 503 fails its source alone; the next tick after it recovers clears the failure', async () => {
  const platform = sandbox.vendors.platform.server;
  platform.injectFault({ fault: { kind: 'status', status: 503, retryAfterSeconds: 0 } });
  sandbox.vendors.kbSupport.addCustomer({ name: 'During Outage', email: 'during.outage@example.test' });
  await sandbox.engine.tickNow();
  const failing = await sandbox.engine.status();
  const byName = Object.fromEntries(failing.map((status) => [status.source, status]));
  expect(byName.PLATFORM?.state).toBe('FAILING');
  expect(byName.PLATFORM?.lastError).toMatch(/^tick: /);
  expect(byName.PLATFORM?.lastError).not.toMatch(new RegExp(sandbox.vendors.settings.PLATFORM.token));
  expect(byName.PLATFORM?.lastError).not.toMatch(/Injected fault/);
  expect(byName.KB_SUPPORT).toMatchObject({ state: 'SYNCED', lastError: null });
  expect(await indexedCount(sandbox, 'KB_SUPPORT')).toBe(byName.KB_SUPPORT?.records);

  platform.clearFaults();
  await sandbox.engine.tickNow('PLATFORM');
  expect((await sandbox.engine.status()).find((status) => status.source === 'PLATFORM')).toMatchObject({
    state: 'SYNCED',
    lastError: null,
  });
});

let other: SandboxVendors;
afterAll(() => other?.stop());

it('rows of a vendor account no longer configured (a sandbox on other ports) are erased at start', async () => {
  const store = await openSqliteIndexStore({ path: ':memory:' });
  const first = await startIndexedSandbox({ store });
  const before = await store.count({});
  await first.stop();
  other = await startSandboxVendors();
  const second = await startIndexedSandbox({ store, vendors: other });
  try {
    expect(second.engine.indexed.connections.CRM).not.toBe(first.engine.indexed.connections.CRM);
    // The same seed people again, each once, under the new connections only.
    expect(await store.count({})).toBe(before);
    for (const [source, connection] of Object.entries(second.engine.indexed.connections)) {
      expect(await store.count({ sources: [source as 'CRM'], connections: [connection] }), source).toBeGreaterThan(0);
    }
    expect(await store.count({ connections: Object.values(first.engine.indexed.connections) })).toBe(0);
  } finally {
    await second.stop();
    await store.close();
  }
});

it('stop() cuts a sync call to a hanging vendor off at once, and records no failure', async () => {
  const vendors = await startSandboxVendors();
  const store = await openSqliteIndexStore({ path: ':memory:' });
  try {
    vendors.crm.server.injectFault({ fault: { kind: 'hang' } });
    const hanging = await startIndexedSandbox({ vendors, store, loaded: false });
    await hanging.engine.whenLoaded('AMELIA');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const began = performance.now();
    await hanging.engine.stop();
    expect(performance.now() - began).toBeLessThan(1_000);
    const crm = (await hanging.engine.status()).find((status) => status.source === 'CRM');
    expect(crm).toMatchObject({ state: 'LOADING', lastError: null });
  } finally {
    vendors.crm.server.clearFaults();
    await store.close();
    await vendors.stop();
  }
});
