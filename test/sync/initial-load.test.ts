// The initial load: every record of every vendor once in the index, read through each vendor's own
// paging over real sockets, and the state says SYNCED; the change log stays empty (a copy is no change).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSyncState } from '../../src/index/sync-state.ts';
import { CUSTOMER_SOURCES } from '../../src/sources/model/index.ts';
import { everyVendorsCustomers } from '../sandbox/vendor-lists.ts';
import { type IndexedSandbox, startIndexedSandbox } from '../support/sync.ts';

describe.each(['observed', 'documented'] as const)('initial load (KB Support %s)', (behaviour) => {
  let sandbox: IndexedSandbox;
  beforeAll(async () => {
    sandbox = await startIndexedSandbox({ customers: 150, kbSupport: { behaviour } });
  }, 60_000);
  afterAll(() => sandbox.stop());

  it('logs no change for the copy it made, nor for ticks that find nothing new', async () => {
    const { store, connections } = sandbox.engine.indexed;
    for (const source of CUSTOMER_SOURCES) {
      await sandbox.engine.tickNow(source);
      expect(await store.lastChangeSeq({ connection: connections[source] as string, source }), source).toBe(0);
    }
  });

  it('holds every vendor record once, as each vendor lists it', async () => {
    const listed = await everyVendorsCustomers(sandbox.vendors);
    const { store, connections } = sandbox.engine.indexed;
    for (const source of CUSTOMER_SOURCES) {
      const connection = connections[source];
      expect(connection, source).toMatch(new RegExp(`^${source}:[0-9a-f]{12}$`));
      const rows = [];
      for (let after = null, more = true; more; ) {
        const page = await store.page({ filter: { sources: [source] }, orderBy: { field: 'SOURCE', direction: 'ASC' }, after, first: 100 });
        rows.push(...page.rows);
        more = page.hasNextPage;
        const last = page.rows.at(-1);
        after = last ? { value: null, source, vendorId: last.key.vendorId, connection: last.key.connection } : null;
      }
      const ids = rows.map((row) => row.key.vendorId);
      expect(new Set(ids).size, source).toBe(ids.length);
      expect(ids.sort(), source).toEqual(listed[source].map((record) => record.id).sort());
      expect(rows.every((row) => row.key.connection === connection)).toBe(true);
      const state = await readSyncState(store, { connection: connection as string, source });
      expect(state).toMatchObject({ phase: 'SYNCED', records: ids.length, lastError: null });
      expect(state?.loadedAt).not.toBeNull();
    }
    const status = await sandbox.engine.status();
    expect(status.map((s) => [s.source, s.state])).toEqual(CUSTOMER_SOURCES.map((s) => [s, 'SYNCED']));
    expect(status.every((s) => s.lagSeconds !== null && s.lagSeconds >= 0)).toBe(true);
  });
});
