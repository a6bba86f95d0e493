// The one store test suite: every IndexStore implementation must pass it as it is (SQLite:
// sqlite-store.test.ts, PostgreSQL: postgres-store.test.ts). This part: writes and their guards,
// deletion and erasure; store-suite-coordination.ts: migrations, leases, checkpoints;
// store-suite-reads.ts: the queries; store-suite-search.ts: search and inSeveralSources;
// store-suite-remap.ts: rebuilding rows from their raw records after a mapping change;
// store-suite-changes.ts: the change log; store-suite-webhooks.ts: webhooks and their deliveries.
import { afterEach, describe, expect, it } from 'vitest';
import { contentHashOf } from '../../src/index/content-hash.ts';
import type { IndexStore } from '../../src/index/store.ts';
import type { CustomerOf } from '../../src/sources/model/index.ts';
import { at, CONNECTION, customer, keyOf, writeOf } from './customers.ts';
import { storeChangesSuite } from './store-suite-changes.ts';
import { storeCoordinationSuite } from './store-suite-coordination.ts';
import { storeReadsSuite } from './store-suite-reads.ts';
import { storeRemapSuite } from './store-suite-remap.ts';
import { storeSearchSuite } from './store-suite-search.ts';
import { storeWebhooksSuite } from './store-suite-webhooks.ts';

/** A new, empty database; every `open` answers a store on that same database (a second instance). */
export interface StoreDatabase {
  open(clock?: () => number): Promise<IndexStore>;
  dispose(): Promise<void>;
}

export type StoreFactory = () => Promise<StoreDatabase>;

export interface Stores {
  /** A fresh database: open it twice for two instances on one index. */
  database(): Promise<Pick<StoreDatabase, 'open'>>;
  /** A store on a fresh database. */
  store(clock?: () => number): Promise<IndexStore>;
}

/** Hands each test stores on fresh databases, closed and dropped after it. */
export function useStores(factory: StoreFactory): Stores {
  const opened: IndexStore[] = [];
  const databases: StoreDatabase[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await Promise.all(databases.splice(0).map((database) => database.dispose()));
  });
  const database = async () => {
    const made = await factory();
    databases.push(made);
    return {
      open: async (clock?: () => number) => {
        const store = await made.open(clock);
        opened.push(store);
        return store;
      },
    };
  };
  return { database, store: async (clock) => (await database()).open(clock) };
}

export function storeSuite(factory: StoreFactory): void {
  const stores = useStores(factory);

  describe('writes', () => {
    it('stores a record of every source and reads it back as it was written, raw record and Dates included', async () => {
      const store = await stores.store(() => Date.parse('2025-02-01T00:00:00Z'));
      const records = (['AMELIA', 'KB_SUPPORT', 'PLATFORM', 'CRM'] as const).map((source) =>
        customer(source, '11', { createdAt: at('2021-03-04T05:06:07.089Z'), updatedAt: at('2024-01-01T00:00:00.000Z') }),
      );
      const written = records.map((record) =>
        writeOf(record, { readStartedAt: at('2025-01-01T00:00:00Z'), seenAt: at('2025-01-01T00:00:01Z') }),
      );
      expect(await store.upsert(written)).toEqual(['inserted', 'inserted', 'inserted', 'inserted']);

      const missing = { connection: CONNECTION, source: 'CRM' as const, vendorId: 'nobody' };
      const rows = await store.get([...records.map((record) => keyOf(record)), missing]);
      expect(rows.map((row) => row?.customer ?? null)).toEqual([...records, null]);
      expect(rows[0]).toMatchObject({
        key: keyOf(records[0]!),
        mappingVersion: 1,
        contentHash: contentHashOf(records[0]!),
        version: 1,
        readStartedAt: at('2025-01-01T00:00:00Z'),
        lastSeenAt: at('2025-01-01T00:00:01Z'),
        storedAt: at('2025-02-01T00:00:00Z'),
        changedAt: at('2025-02-01T00:00:00Z'),
        sortKeys: { firstName: 'first11', lastName: 'last11', email: 'person11@example.com' },
      });
      expect((rows[2]!.customer as CustomerOf<'PLATFORM'>).platform.customEntryMap).toEqual({ 'field-1': 'gold' });
    });

    it('keeps one row per connection: two sites of one vendor with the same vendor id are two rows', async () => {
      const store = await stores.store();
      await store.upsert([
        writeOf(customer('AMELIA', '5', { lastName: 'One' })),
        writeOf(customer('AMELIA', '5', { lastName: 'Two' }), { connection: 'site-2' }),
      ]);
      const [first, second] = await store.get([keyOf(customer('AMELIA', '5')), keyOf(customer('AMELIA', '5'), 'site-2')]);
      expect([first?.customer.lastName, second?.customer.lastName]).toEqual(['One', 'Two']);
    });

    it('refuses a read that began before the last write of the row (a gateway write), and leaves the row as it was', async () => {
      const store = await stores.store();
      const gatewayWrite = customer('CRM', '7', { lastName: 'Written' });
      expect(await store.upsert([writeOf(gatewayWrite, { readStartedAt: at('2025-01-01T10:00:05Z') })])).toEqual(['inserted']);
      const slowSweepRead = customer('CRM', '7', { lastName: 'Before' });
      expect(await store.upsert([writeOf(slowSweepRead, { readStartedAt: at('2025-01-01T10:00:00Z') })])).toEqual(['stale']);
      const [row] = await store.get([keyOf(gatewayWrite)]);
      expect(row?.customer.lastName).toBe('Written');
      expect(row?.readStartedAt).toEqual(at('2025-01-01T10:00:05Z'));
    });

    it('refuses a gateway write that began before a newer read, and takes a write that began later', async () => {
      const store = await stores.store();
      await store.upsert([writeOf(customer('AMELIA', '8', { lastName: 'Read' }), { readStartedAt: at('2025-01-01T10:00:10Z') })]);
      const older = writeOf(customer('AMELIA', '8', { lastName: 'Old write' }), { readStartedAt: at('2025-01-01T10:00:09Z') });
      const newer = writeOf(customer('AMELIA', '8', { lastName: 'New write' }), { readStartedAt: at('2025-01-01T10:00:11Z') });
      expect(await store.upsert([older])).toEqual(['stale']);
      expect(await store.upsert([newer])).toEqual(['changed']);
      const [row] = await store.get([keyOf(newer.customer)]);
      expect([row?.customer.lastName, row?.version]).toEqual(['New write', 2]);
    });

    it('takes a change of volatile counters alone as no change: stored, but no new version', async () => {
      const store = await stores.store(() => Date.parse('2025-03-01T00:00:00Z'));
      const amelia = customer('AMELIA', '3') as CustomerOf<'AMELIA'>;
      const kbSupport = customer('KB_SUPPORT', '4') as CustomerOf<'KB_SUPPORT'>;
      await store.upsert([writeOf(amelia), writeOf(kbSupport)]);
      const booked: CustomerOf<'AMELIA'> = {
        ...amelia,
        amelia: { ...amelia.amelia, appointmentStats: { total: 9, pending: 4, lastAppointmentAt: at('2025-06-01T09:00:00Z') } },
        sourceRecord: {
          ...amelia.sourceRecord,
          totalAppointments: 9,
          countPendingAppointments: '4',
          lastAppointment: '2025-06-01 11:00:00',
        },
      };
      const ticketed: CustomerOf<'KB_SUPPORT'> = {
        ...kbSupport,
        kbSupport: { ...kbSupport.kbSupport, ticketCount: 12 },
        sourceRecord: { ...kbSupport.sourceRecord, ticket_count: 12 },
      };
      expect(contentHashOf(booked)).toBe(contentHashOf(amelia));
      const later = at('2025-01-02T00:00:00Z');
      expect(await store.upsert([writeOf(booked, { readStartedAt: later }), writeOf(ticketed, { readStartedAt: later })])).toEqual([
        'unchanged',
        'unchanged',
      ]);
      const [ameliaRow, kbRow] = await store.get([keyOf(amelia), keyOf(kbSupport)]);
      expect(ameliaRow?.customer).toEqual(booked);
      expect(kbRow?.customer).toEqual(ticketed);
      expect([ameliaRow?.version, kbRow?.version]).toEqual([1, 1]);
      expect(ameliaRow?.lastSeenAt).toEqual(later);

      const renamed = { ...booked, lastName: 'Renamed' };
      expect(await store.upsert([writeOf(renamed, { readStartedAt: at('2025-01-03T00:00:00Z') })])).toEqual(['changed']);
      expect((await store.get([keyOf(amelia)]))[0]?.version).toBe(2);
    });

    it('erases a deleted row and keeps only a tombstone of its ids, which an older read cannot pass', async () => {
      const store = await stores.store(() => Date.parse('2025-04-01T00:00:00Z'));
      const record = customer('CRM', '21', { email: 'gone@example.com', phone: '+381601234567' });
      await store.upsert([writeOf(record, { readStartedAt: at('2025-01-01T00:00:00Z') })]);
      const key = keyOf(record);

      expect(await store.delete({ key, readStartedAt: at('2024-12-31T00:00:00Z') })).toBe('stale');
      expect((await store.get([key]))[0]).not.toBeNull();

      expect(await store.delete({ key, readStartedAt: at('2025-01-05T00:00:00Z') })).toBe('deleted');
      expect(await store.get([key])).toEqual([null]);
      expect(await store.count({ email: 'gone@example.com', emailMatch: 'ANY' })).toBe(0);
      expect(await store.tombstonesSince({ connection: CONNECTION, source: 'CRM' }, at('2025-01-01T00:00:00Z'))).toEqual([
        { key, deletedAt: at('2025-04-01T00:00:00Z') },
      ]);

      // A sweep read that began before the deletion was found does not bring the row back; a later read does.
      expect(await store.upsert([writeOf(record, { readStartedAt: at('2025-01-04T00:00:00Z') })])).toEqual(['stale']);
      expect(await store.upsert([writeOf(record, { readStartedAt: at('2025-01-06T00:00:00Z') })])).toEqual(['inserted']);
      expect(await store.tombstonesSince({ connection: CONNECTION, source: 'CRM' }, at('2025-01-01T00:00:00Z'))).toEqual([]);

      expect(await store.delete({ key: { ...key, vendorId: 'never-seen' }, readStartedAt: at('2025-01-07T00:00:00Z') })).toBe('absent');
      expect(await store.purgeTombstones(at('2025-05-01T00:00:00Z'))).toBe(1);
    });

    it('forgets a person: row, lookups and tombstone', async () => {
      const store = await stores.store();
      const record = customer('KB_SUPPORT', '31', { email: 'forget.me@example.com', additionalEmails: ['other@example.com'] });
      const other = customer('CRM', '32', { email: 'forget.me@example.com' });
      await store.upsert([writeOf(record), writeOf(other)]);
      await store.delete({ key: keyOf(other), readStartedAt: at('2025-01-02T00:00:00Z') });
      await store.forget(keyOf(record));
      await store.forget(keyOf(other));
      expect(await store.get([keyOf(record)])).toEqual([null]);
      expect(await store.count({ email: 'other@example.com', emailMatch: 'ANY' })).toBe(0);
      expect(await store.tombstonesSince({ connection: CONNECTION, source: 'CRM' }, new Date(0))).toEqual([]);
    });

    it('lists the vendor ids of a source last seen before a time (what a sweep did not see)', async () => {
      const store = await stores.store();
      await store.upsert([
        writeOf(customer('PLATFORM', 'a'), { seenAt: at('2025-01-01T00:00:00Z') }),
        writeOf(customer('PLATFORM', 'b'), { seenAt: at('2025-01-03T00:00:00Z') }),
        writeOf(customer('PLATFORM', 'c'), { seenAt: at('2025-01-01T12:00:00Z') }),
        writeOf(customer('CRM', 'd'), { seenAt: at('2025-01-01T00:00:00Z') }),
      ]);
      expect(await store.vendorIdsSeenBefore({ connection: CONNECTION, source: 'PLATFORM' }, at('2025-01-02T00:00:00Z'))).toEqual([
        'a',
        'c',
      ]);
    });

    it('judges each write of a batch against the ones before it, the same key twice included', async () => {
      const store = await stores.store();
      const passed = customer('CRM', '60');
      await store.upsert([writeOf(passed)]);
      await store.delete({ key: keyOf(passed), readStartedAt: at('2025-01-02T00:00:00Z') });
      const early = at('2025-01-03T00:00:00Z');
      const late = at('2025-01-04T00:00:00Z');
      const outcomes = await store.upsert([
        writeOf(customer('CRM', '61', { lastName: 'First' }), { readStartedAt: early }),
        writeOf(customer('CRM', '61', { lastName: 'Second', email: 'second@example.com' }), { readStartedAt: late }),
        writeOf(customer('CRM', '62', { lastName: 'Newer' }), { readStartedAt: late }),
        writeOf(customer('CRM', '62', { lastName: 'Older' }), { readStartedAt: early }),
        writeOf(passed, { readStartedAt: early }),
      ]);
      expect(outcomes).toEqual(['inserted', 'changed', 'inserted', 'stale', 'inserted']);
      const rows = await store.get([keyOf(customer('CRM', '61')), keyOf(customer('CRM', '62'))]);
      expect(rows.map((row) => [row?.customer.lastName, row?.version])).toEqual([
        ['Second', 2],
        ['Newer', 1],
      ]);
      expect(await store.count({ email: 'second@example.com' })).toBe(1);
      expect(await store.count({ email: 'person61@example.com', emailMatch: 'ANY' })).toBe(0);
      expect(await store.tombstonesSince({ connection: CONNECTION, source: 'CRM' }, new Date(0))).toEqual([]);
    });

    it('lets two instances write overlapping batches in opposite orders at once', async () => {
      const database = await stores.database();
      const [first, second] = [await database.open(), await database.open()];
      const batch = Array.from({ length: 30 }, (_, index) => writeOf(customer('PLATFORM', `b${index}`)));
      const rounds = Array.from({ length: 5 }, () => [first.upsert(batch), second.upsert([...batch].reverse())]);
      const outcomes = (await Promise.all(rounds.flat())).flat();
      expect(outcomes.filter((outcome) => outcome === 'inserted')).toHaveLength(30);
      expect(await first.count({ sources: ['PLATFORM'] })).toBe(30);
    });

    it('keeps the newest of concurrent writes to one row from two instances', async () => {
      const database = await stores.database();
      const [first, second] = [await database.open(), await database.open()];
      const writes = Array.from({ length: 20 }, (_, index) =>
        writeOf(customer('CRM', 'race', { lastName: `Write ${index}` }), { readStartedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, index)) }),
      );
      const shuffled = [...writes].sort((a, b) => (a.customer.lastName! < b.customer.lastName! ? 1 : -1));
      await Promise.all(shuffled.map((write, index) => (index % 2 === 0 ? first : second).upsert([write])));
      const [row] = await first.get([keyOf(writes[0]!.customer)]);
      expect(row?.customer.lastName).toBe('Write 19');
    });
  });

  storeCoordinationSuite(stores);
  storeReadsSuite(stores);
  storeSearchSuite(stores);
  storeRemapSuite(stores);
  storeChangesSuite(stores);
  storeWebhooksSuite(stores);
}
