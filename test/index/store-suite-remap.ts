// The store suite, part four: rebuilding rows from their raw records after a mapping change — the rows
// below a mapping version in keyset batches, and their replacement only while each row is as it was
// read, never counted as a newer read.
import { describe, expect, it } from 'vitest';
import { contentHashOf } from '../../src/index/content-hash.ts';
import type { CustomerRemap, LeaseToken, StoredRawRecord } from '../../src/index/types.ts';
import type { Customer } from '../../src/sources/model/index.ts';
import { at, CONNECTION, customer, keyOf, writeOf } from './customers.ts';
import type { Stores } from './store-suite.ts';

const READ_AT = at('2025-01-01T00:00:00Z');
const SEEN_AT = at('2025-01-01T00:00:05Z');
const STORED_AT = Date.parse('2025-02-01T00:00:00Z');
const REBUILT_AT = Date.parse('2025-03-01T00:00:00Z');

/** The rebuild of `read`'s row as `record` (mapping version 2). */
function remapOf(record: Customer, read: StoredRawRecord, lease?: LeaseToken): CustomerRemap {
  return {
    connection: read.key.connection,
    customer: record,
    mappingVersion: 2,
    contentHash: contentHashOf(record),
    readStartedAt: read.readStartedAt,
    previousMappingVersion: read.mappingVersion,
    ...(lease ? { lease } : {}),
  };
}

export function storeRemapSuite(stores: Stores): void {
  describe('rebuilds from the raw records', () => {
    it('reads the rows below a mapping version in vendor id batches, with their raw records, one scope only', async () => {
      const store = await stores.store();
      await store.upsert([
        ...['b', 'a', 'd', 'c'].map((id) => writeOf(customer('CRM', id), { mappingVersion: 1 })),
        writeOf(customer('CRM', 'current'), { mappingVersion: 2 }),
        writeOf(customer('PLATFORM', 'other-source'), { mappingVersion: 1 }),
        writeOf(customer('CRM', 'other-connection'), { mappingVersion: 1, connection: 'site-2' }),
      ]);
      const scope = { connection: CONNECTION, source: 'CRM' as const };
      const first = await store.rowsMappedBefore(scope, 2, null, 3);
      expect(first.map((row) => row.key.vendorId)).toEqual(['a', 'b', 'c']);
      expect(first[0]).toEqual({
        key: keyOf(customer('CRM', 'a')),
        raw: customer('CRM', 'a').sourceRecord,
        mappingVersion: 1,
        readStartedAt: READ_AT,
      });
      expect((await store.rowsMappedBefore(scope, 2, 'c', 3)).map((row) => row.key.vendorId)).toEqual(['d']);
      expect(await store.rowsMappedBefore(scope, 2, 'd', 3)).toEqual([]);
      expect(await store.rowsMappedBefore(scope, 1, null, 10)).toEqual([]);
    });

    it('replaces the mapped record, its lookups, sort keys and search text, keeping the read start and last seen', async () => {
      let now = STORED_AT;
      const store = await stores.store(() => now);
      const old = customer('KB_SUPPORT', '5', { firstName: 'Old', lastName: 'Mapping', email: 'old@example.com', phone: '+381601111111' });
      await store.upsert([writeOf(old, { mappingVersion: 1, readStartedAt: READ_AT, seenAt: SEEN_AT })]);
      const [read] = await store.rowsMappedBefore({ connection: CONNECTION, source: 'KB_SUPPORT' }, 2, null, 10);
      const fixed = customer('KB_SUPPORT', '5', { firstName: 'Ana', lastName: 'Kovač', email: 'ana@example.com', phone: '+381602222222' });
      now = REBUILT_AT;
      expect(await store.remap([remapOf(fixed, read!)])).toEqual(['changed']);

      const [row] = await store.get([keyOf(fixed)]);
      expect(row).toMatchObject({
        customer: fixed,
        mappingVersion: 2,
        contentHash: contentHashOf(fixed),
        version: 2,
        readStartedAt: READ_AT,
        lastSeenAt: SEEN_AT,
        storedAt: new Date(STORED_AT),
        changedAt: new Date(REBUILT_AT),
        sortKeys: { firstName: 'ana', lastName: 'kovac', email: 'ana@example.com' },
      });
      expect(await store.count({ email: 'old@example.com', emailMatch: 'ANY' })).toBe(0);
      expect(await store.count({ email: 'ana@example.com' })).toBe(1);
      expect([await store.count({ search: 'mapping' }), await store.count({ search: 'kovac' })]).toEqual([0, 1]);
      const other = customer('CRM', '6', { phone: '+381602222222' });
      await store.upsert([writeOf(other)]);
      const sameAs = await store.sameAs([keyOf(other)], ['PHONE']);
      expect(sameAs.get(`${CONNECTION}/CRM/6`)?.map((match) => match.key.vendorId)).toEqual(['5']);
      // Subscribers hear of the new content, as the gateway's reading of it.
      const [last] = (await store.changesSince({ connection: CONNECTION, source: 'KB_SUPPORT' }, 0, 10)).slice(-1);
      expect(last).toMatchObject({ key: keyOf(fixed), kind: 'UPDATED', origin: 'MAPPING', changedAt: new Date(REBUILT_AT) });
      // A later sweep's read of the same record is no change: the rebuild made what the new mapping makes.
      expect(await store.upsert([writeOf(fixed, { mappingVersion: 2, readStartedAt: at('2025-01-02T00:00:00Z') })])).toEqual(['unchanged']);
    });

    it('makes no new version when the content hash is the same: only the mapping version and what the hash leaves out', async () => {
      const store = await stores.store(() => STORED_AT);
      const record = customer('AMELIA', '7');
      await store.upsert([writeOf(record, { mappingVersion: 1 })]);
      const [read] = await store.rowsMappedBefore({ connection: CONNECTION, source: 'AMELIA' }, 2, null, 10);
      const restated = { ...record, amelia: { ...(record as Extract<Customer, { source: 'AMELIA' }>).amelia, appointmentStats: null } };
      expect(contentHashOf(restated)).toBe(contentHashOf(record));
      expect(await store.remap([remapOf(restated, read!)])).toEqual(['unchanged']);
      const [row] = await store.get([keyOf(record)]);
      expect(row).toMatchObject({ customer: restated, mappingVersion: 2, version: 1, changedAt: new Date(STORED_AT) });
      const logged = await store.changesSince({ connection: CONNECTION, source: 'AMELIA' }, 0, 10);
      expect(logged.filter((entry) => entry.origin === 'MAPPING')).toEqual([]);
    });

    it('leaves a row written, rebuilt or deleted since it was read as it is (stale), and refuses a lease taken over', async () => {
      const database = await stores.database();
      const [first, second] = [await database.open(), await database.open()];
      const ids = ['1', '2', '3', '4'];
      await first.upsert(ids.map((id) => writeOf(customer('CRM', id), { mappingVersion: 1 })));
      const scope = { connection: CONNECTION, source: 'CRM' as const };
      const read = await first.rowsMappedBefore(scope, 2, null, 10);
      const fixed = (id: string) => customer('CRM', id, { lastName: 'Rebuilt' });
      const remaps = read.map((row) => remapOf(fixed(row.key.vendorId), row));

      // 1: a newer read wrote it; 2: another instance rebuilt it; 3: deleted.
      await second.upsert([writeOf(customer('CRM', '1', { lastName: 'Newer read' }), { readStartedAt: at('2025-01-02T00:00:00Z') })]);
      expect(await second.remap([remaps[1]!])).toEqual(['changed']);
      await second.delete({ key: keyOf(customer('CRM', '3')), readStartedAt: at('2025-01-02T00:00:00Z') });
      expect(await first.remap(remaps)).toEqual(['stale', 'stale', 'stale', 'changed']);
      const rows = await first.get(ids.map((id) => keyOf(customer('CRM', id))));
      expect(rows.map((row) => row && [row.customer.lastName, row.mappingVersion, row.version])).toEqual([
        ['Newer read', 1, 2],
        ['Rebuilt', 2, 2],
        null,
        ['Rebuilt', 2, 2],
      ]);

      // The lease a rebuild began under, taken over by another instance since: nothing written.
      await first.upsert([writeOf(customer('CRM', '5'), { mappingVersion: 1 })]);
      const old = await first.acquireLease(scope, 'old-leader', 1);
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(await second.acquireLease(scope, 'new-leader', 60_000)).not.toBeNull();
      const [five] = await first.rowsMappedBefore(scope, 2, '4', 10);
      expect(await first.remap([remapOf(fixed('5'), five!, old!)])).toEqual(['fenced']);
      expect((await first.get([keyOf(customer('CRM', '5'))]))[0]?.mappingVersion).toBe(1);
    });

    it('lets two instances rebuild one row at once: one replaces it, the other finds it done', async () => {
      const database = await stores.database();
      const [first, second] = [await database.open(), await database.open()];
      await first.upsert([writeOf(customer('PLATFORM', 'p'), { mappingVersion: 1 })]);
      const [read] = await first.rowsMappedBefore({ connection: CONNECTION, source: 'PLATFORM' }, 2, null, 10);
      const remap = remapOf(customer('PLATFORM', 'p', { lastName: 'Rebuilt' }), read!);
      const outcomes = (await Promise.all([first.remap([remap]), second.remap([remap])])).flat();
      expect(outcomes.sort()).toEqual(['changed', 'stale']);
      expect((await first.get([keyOf(remap.customer)]))[0]?.version).toBe(2);
    });
  });
}
