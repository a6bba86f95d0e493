// Full sweeps find what ticks cannot (deletions), delete only rows a completed sweep did not see, and
// keep every row when a sweep would delete more than SYNC_MAX_DELETE_SHARE of a source.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unscoped } from '../support/sources.ts';
import { type IndexedSandbox, indexedCount, indexedRow, startIndexedSandbox } from '../support/sync.ts';

let sandbox: IndexedSandbox;
beforeAll(async () => {
  sandbox = await startIndexedSandbox({ customers: 150 });
}, 60_000);
afterAll(() => sandbox.stop());

const kbStatus = async () => (await sandbox.engine.status()).find((status) => status.source === 'KB_SUPPORT');

describe('full sweeps', () => {
  it('delete a record deleted at the vendor, and say when they verified', async () => {
    const crm = sandbox.sources.CRM;
    if (!crm) throw new Error('CRM off');
    const [gone] = (await crm.listPage({ filter: {}, token: null, sizeHint: 10 }, unscoped())).customers;
    if (!gone) throw new Error('no CRM customer');
    await crm.writer.delete(gone.sourceId, unscoped());
    const before = await indexedCount(sandbox, 'CRM');
    await sandbox.engine.tickNow('CRM');
    // The export shows no deletions: the tick keeps the row.
    expect(await indexedRow(sandbox, 'CRM', gone.sourceId)).not.toBeNull();
    const sweepStart = Date.now();
    await sandbox.engine.sweepNow('CRM');
    expect(await indexedRow(sandbox, 'CRM', gone.sourceId)).toBeNull();
    expect(await indexedCount(sandbox, 'CRM')).toBe(before - 1);
    const tombstones = await sandbox.store.tombstonesSince(
      { connection: sandbox.engine.indexed.connections.CRM as string, source: 'CRM' },
      new Date(sweepStart),
    );
    expect(tombstones.map((t) => t.key.vendorId)).toEqual([gone.sourceId]);
    const status = (await sandbox.engine.status()).find((s) => s.source === 'CRM');
    expect(status?.verifiedAsOf?.getTime()).toBeGreaterThanOrEqual(sweepStart - 5);
    expect(status).toMatchObject({ state: 'SYNCED', records: before - 1, lastError: null });
  });

  it('keep every row when a sweep would delete more than 2 % (10 % gone), say why, then delete one when one is gone', async () => {
    const kb = sandbox.vendors.kbSupport;
    const rows = await indexedCount(sandbox, 'KB_SUPPORT');
    const victims = Array.from({ length: Math.ceil(rows / 10) }, (_, n) => 20 + n * 3);
    const saved = victims.map((id) => ({ id, found: kb.deleteCustomer(id) }));
    expect(saved.every((entry) => entry.found)).toBe(true);
    await sandbox.engine.sweepNow('KB_SUPPORT');
    expect(await indexedCount(sandbox, 'KB_SUPPORT')).toBe(rows);
    const refused = await kbStatus();
    expect(refused?.lastError).toMatch(new RegExp(`did not see ${victims.length} of ${rows} indexed records .*nothing was deleted`));
    expect(refused?.verifiedAsOf).toBeNull();
    // A tick does not clear the report: only a sweep that completes does.
    await sandbox.engine.tickNow('KB_SUPPORT');
    expect((await kbStatus())?.lastError).toMatch(/nothing was deleted/);

    // The vendor's list is whole again but one.
    kb.reset();
    kb.deleteCustomer(victims[0] as number);
    await sandbox.engine.sweepNow('KB_SUPPORT');
    expect(await indexedRow(sandbox, 'KB_SUPPORT', String(victims[0]))).toBeNull();
    expect(await indexedCount(sandbox, 'KB_SUPPORT')).toBe(rows - 1);
    const after = await kbStatus();
    expect(after).toMatchObject({ state: 'SYNCED', lastError: null, records: rows - 1 });
    expect(after?.verifiedAsOf).not.toBeNull();
  });
});

it('on a small site (30 customers) one deletion is always allowed, two at once are not', async () => {
  const small = await startIndexedSandbox();
  try {
    const rows = await indexedCount(small, 'KB_SUPPORT');
    expect(rows).toBeLessThan(50);
    expect(small.vendors.kbSupport.deleteCustomer(3)).toBe(true);
    await small.engine.sweepNow('KB_SUPPORT');
    expect(await indexedCount(small, 'KB_SUPPORT')).toBe(rows - 1);
    expect(small.vendors.kbSupport.deleteCustomer(5)).toBe(true);
    expect(small.vendors.kbSupport.deleteCustomer(6)).toBe(true);
    await small.engine.sweepNow('KB_SUPPORT');
    expect(await indexedCount(small, 'KB_SUPPORT')).toBe(rows - 1);
    expect((await small.engine.status()).find((status) => status.source === 'KB_SUPPORT')?.lastError).toMatch(/did not see 2 of/);
  } finally {
    await small.stop();
  }
});
