// Ticks find what was created or changed at a vendor since the last one, each vendor as its API allows,
// for a call or two when nothing changed; an Amelia edit that leaves its total alone is the sweep's.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { unscoped } from '../support/sources.ts';
import { type IndexedSandbox, indexedCount, indexedRow, startIndexedSandbox } from '../support/sync.ts';

let sandbox: IndexedSandbox;
beforeAll(async () => {
  sandbox = await startIndexedSandbox({ customers: 150 });
}, 60_000);
afterAll(() => sandbox.stop());

describe('ticks', () => {
  beforeEach(async () => {
    // Each test starts from a tick that saw everything so far.
    await sandbox.engine.tickNow();
    for (const vendor of [sandbox.vendors.amelia, sandbox.vendors.kbSupport, sandbox.vendors.platform, sandbox.vendors.crm]) {
      vendor.server.clearLog();
    }
  });

  it('cost one call per source when nothing changed', async () => {
    await sandbox.engine.tickNow();
    const { amelia, kbSupport, platform, crm } = sandbox.vendors;
    expect(amelia.server.calls('/wp-admin/admin-ajax.php').length).toBe(1);
    expect(kbSupport.server.calls('/wp-json/kbs/v1/customers').length).toBe(1);
    expect(platform.server.calls('/api/v1/customers').length).toBe(1);
    expect(crm.server.calls('/v1/crm/customers/export').length).toBe(1);
  });

  it('CRM: an edit in the back office and a create through the API come with the export', async () => {
    const crm = sandbox.sources.CRM;
    if (!crm) throw new Error('CRM off');
    const [someone] = (await crm.listPage({ filter: {}, token: null, sizeHint: 10 }, unscoped())).customers;
    if (!someone) throw new Error('no CRM customer');
    sandbox.vendors.crm.touch(someone.sourceId, { firstName: 'Edited-At-Crm' });
    const created = await crm.writer.create({ firstName: 'Tick', lastName: 'Crm', email: 'tick.crm@example.test' }, unscoped());
    sandbox.vendors.crm.server.clearLog();
    await sandbox.engine.tickNow('CRM');
    expect((await indexedRow(sandbox, 'CRM', someone.sourceId))?.customer.firstName).toBe('Edited-At-Crm');
    expect((await indexedRow(sandbox, 'CRM', created.sourceId))?.customer.email).toBe('tick.crm@example.test');
    // The export alone, not the list.
    expect(sandbox.vendors.crm.server.requests.map((call) => call.path)).toEqual(['/v1/crm/customers/export']);
  });

  it('KB Support (observed): more than 20 new customers since the last tick all come, the hidden ones by id', async () => {
    const before = await indexedCount(sandbox, 'KB_SUPPORT');
    const ids = Array.from({ length: 27 }, (_, n) =>
      sandbox.vendors.kbSupport.addCustomer({ name: `Arrived ${n}`, email: `arrived.${n}@example.test` }),
    );
    await sandbox.engine.tickNow('KB_SUPPORT');
    for (const id of ids)
      expect((await indexedRow(sandbox, 'KB_SUPPORT', String(id)))?.customer.email, String(id)).toBe(
        `arrived.${ids.indexOf(id)}@example.test`,
      );
    expect(await indexedCount(sandbox, 'KB_SUPPORT')).toBe(before + 27);
    // The list once, then the 7 ids it no longer shows one by one.
    expect(sandbox.vendors.kbSupport.server.calls('/wp-json/kbs/v1/customers').length).toBe(1 + 7);
  });

  it('AMELIA: a create moves the total, and the newest page is read', async () => {
    const amelia = sandbox.sources.AMELIA;
    if (!amelia) throw new Error('AMELIA off');
    const created = await amelia.writer.create({ firstName: 'Tick', lastName: 'Amelia', email: 'tick.amelia@example.test' }, unscoped());
    sandbox.vendors.amelia.server.clearLog();
    await sandbox.engine.tickNow('AMELIA');
    expect((await indexedRow(sandbox, 'AMELIA', created.sourceId))?.customer.lastName).toBe('Amelia');
    // The first page (with the total), then the last ones back to a page that starts with a known record (of 19).
    const pages = sandbox.vendors.amelia.server.requests.map((call) => Number(call.query.get('page')));
    expect(pages).toEqual([1, 19, 18]);
  });

  it('AMELIA: an edit that leaves the total alone is not seen by a tick, and is by the sweep', async () => {
    const amelia = sandbox.sources.AMELIA;
    if (!amelia) throw new Error('AMELIA off');
    const { customers } = await amelia.listPage({ filter: {}, token: 5, sizeHint: 10 }, unscoped());
    const someone = customers[0];
    if (!someone) throw new Error('no Amelia customer on page 5');
    await amelia.writer.update(someone.sourceId, { note: 'Edited at Amelia' }, unscoped());
    await sandbox.engine.tickNow('AMELIA');
    expect((await indexedRow(sandbox, 'AMELIA', someone.sourceId))?.customer.note).not.toBe('Edited at Amelia');
    await sandbox.engine.sweepNow('AMELIA');
    expect((await indexedRow(sandbox, 'AMELIA', someone.sourceId))?.customer.note).toBe('Edited at Amelia');
  });

  it('PLATFORM: a create moves meta.total, and the newest page is read', async () => {
    const platform = sandbox.sources.PLATFORM;
    if (!platform) throw new Error('PLATFORM off');
    const created = await platform.writer.create(
      { firstName: 'Tick', lastName: 'Platform', email: 'tick.platform@example.test' },
      unscoped(),
    );
    await sandbox.engine.tickNow('PLATFORM');
    expect((await indexedRow(sandbox, 'PLATFORM', created.sourceId))?.customer.email).toBe('tick.platform@example.test');
  });
});

describe('ticks where KB Support pages as documented', () => {
  let documented: IndexedSandbox;
  beforeAll(async () => {
    documented = await startIndexedSandbox({ customers: 200, kbSupport: { behaviour: 'documented' } });
  }, 60_000);
  afterAll(() => documented.stop());

  it('find more than 20 new customers: the first page, then the ids below it by single reads', async () => {
    await documented.engine.tickNow('KB_SUPPORT');
    const before = await indexedCount(documented, 'KB_SUPPORT');
    const ids = Array.from({ length: 24 }, (_, n) =>
      documented.vendors.kbSupport.addCustomer({ name: `Paged ${n}`, email: `paged.${n}@example.test` }),
    );
    await documented.engine.tickNow('KB_SUPPORT');
    for (const id of ids) expect(await indexedRow(documented, 'KB_SUPPORT', String(id)), String(id)).not.toBeNull();
    expect(await indexedCount(documented, 'KB_SUPPORT')).toBe(before + 24);
  });

  it('PLATFORM: an edit that leaves the total alone is the sweep’s', async () => {
    const platform = documented.sources.PLATFORM;
    if (!platform) throw new Error('PLATFORM off');
    // Of 230: neither on the first page of 100 (which every tick reads) nor on the last.
    const [someone] = (await platform.listPage({ filter: {}, token: { number: 12, size: 10 }, sizeHint: 10 }, unscoped())).customers;
    if (!someone) throw new Error('no 111th PLATFORM customer');
    await platform.writer.update(someone.sourceId, { lastName: 'Edited-At-Platform' }, unscoped());
    await documented.engine.tickNow('PLATFORM');
    expect((await indexedRow(documented, 'PLATFORM', someone.sourceId))?.customer.lastName).not.toBe('Edited-At-Platform');
    await documented.engine.sweepNow('PLATFORM');
    expect((await indexedRow(documented, 'PLATFORM', someone.sourceId))?.customer.lastName).toBe('Edited-At-Platform');
  });
});
