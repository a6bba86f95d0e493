// The store suite's change log (see store-suite.ts): an entry for every stored create, change of content
// and deletion — none for a write that changed nothing or only volatile counters, none for a refused
// write — numbered per scope in the order stored, never twice, also with two instances writing at once;
// kept past a purge of its entries; erased with the person by `forget`.
import { describe, expect, it } from 'vitest';
import type { ChangeEntry } from '../../src/index/types.ts';
import type { Customer } from '../../src/sources/model/index.ts';
import { at, CONNECTION, customer, keyOf, writeOf } from './customers.ts';
import type { Stores } from './store-suite.ts';

const CRM = { connection: CONNECTION, source: 'CRM' as const };
const AMELIA = { connection: CONNECTION, source: 'AMELIA' as const };

const summary = (entries: ChangeEntry[]) => entries.map((entry) => `${entry.seq} ${entry.kind} ${entry.key.vendorId} ${entry.origin}`);

export function storeChangesSuite(stores: Stores): void {
  describe('change log', () => {
    it('logs each create, change of content and deletion, numbered per source, with who made it', async () => {
      const store = await stores.store(() => Date.parse('2025-03-01T00:00:00Z'));
      const first = customer('CRM', 'c1', { lastName: 'Adeyemi' });
      const second = customer('CRM', 'c2');
      const later = { readStartedAt: at('2025-02-01T00:00:00Z') };
      await store.upsert([writeOf(first), writeOf(second), writeOf(customer('AMELIA', 'a1'))]);
      // The same content again: no entry. A newer content: one. A write refused as stale: none.
      await store.upsert([writeOf(first, later)]);
      await store.upsert([{ ...writeOf(customer('CRM', 'c1', { lastName: 'Okafor' }), later), origin: 'GATEWAY_WRITE' }]);
      await store.upsert([writeOf(customer('CRM', 'c1', { lastName: 'Stale' }))]);
      expect(await store.delete({ key: keyOf(second), readStartedAt: later.readStartedAt })).toBe('deleted');
      // Deleting what is not there stores a tombstone but changes nothing.
      await store.delete({ key: { ...CRM, vendorId: 'never' }, readStartedAt: later.readStartedAt });

      expect(summary(await store.changesSince(CRM, 0, 100))).toEqual([
        '1 CREATED c1 VENDOR',
        '2 CREATED c2 VENDOR',
        '3 UPDATED c1 GATEWAY_WRITE',
        '4 DELETED c2 VENDOR',
      ]);
      expect(summary(await store.changesSince(AMELIA, 0, 100))).toEqual(['1 CREATED a1 VENDOR']);
      expect(summary(await store.changesSince(CRM, 2, 1))).toEqual(['3 UPDATED c1 GATEWAY_WRITE']);
      expect((await store.changesSince(CRM, 0, 1))[0]?.changedAt).toEqual(at('2025-03-01T00:00:00Z'));
      expect(await store.lastChangeSeq(CRM)).toBe(4);
      expect(await store.lastChangeSeq({ connection: CONNECTION, source: 'PLATFORM' })).toBe(0);
    });

    it('logs no change for volatile counters alone, and one entry for a record written twice in a batch', async () => {
      const store = await stores.store();
      const record = customer('AMELIA', 'v1');
      await store.upsert([writeOf(record)]);
      const amelia = record as Extract<Customer, { source: 'AMELIA' }>;
      const counted = { ...amelia, amelia: { ...amelia.amelia, appointmentStats: { total: 9, pending: 4, lastAppointmentAt: null } } };
      expect(await store.upsert([writeOf(counted, { readStartedAt: at('2025-02-01T00:00:00Z') })])).toEqual(['unchanged']);
      const twice = [
        writeOf(customer('AMELIA', 'v2', { lastName: 'One' })),
        writeOf(customer('AMELIA', 'v2', { lastName: 'Two' }), { readStartedAt: at('2025-02-01T00:00:00Z') }),
      ];
      await store.upsert(twice);
      expect(summary(await store.changesSince(AMELIA, 0, 100))).toEqual(['1 CREATED v1 VENDOR', '2 CREATED v2 VENDOR']);
    });

    it('numbers entries once each while two instances write one source at once', async () => {
      const database = await stores.database();
      const [first, second] = [await database.open(), await database.open()];
      const writes = (prefix: string) => Array.from({ length: 10 }, (_, at) => [writeOf(customer('CRM', `${prefix}${at}`))]);
      await Promise.all([...writes('x').map((batch) => first.upsert(batch)), ...writes('y').map((batch) => second.upsert(batch))]);
      const entries = await first.changesSince(CRM, 0, 100);
      expect(entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 20 }, (_, at) => at + 1));
      expect(new Set(entries.map((entry) => entry.key.vendorId)).size).toBe(20);
    });

    it('keeps counting after a purge, and forgets a person with the rest of them', async () => {
      let now = Date.parse('2025-01-01T00:00:00Z');
      const store = await stores.store(() => now);
      await store.upsert([writeOf(customer('CRM', 'p1')), writeOf(customer('CRM', 'p2'))]);
      now = Date.parse('2025-03-01T00:00:00Z');
      expect(await store.purgedThrough(CRM)).toBe(0);
      expect(await store.purgeChanges(at('2025-02-01T00:00:00Z'))).toBe(2);
      expect(await store.purgedThrough(CRM)).toBe(2);
      await store.upsert([writeOf(customer('CRM', 'p3'))]);
      expect(summary(await store.changesSince(CRM, 0, 100))).toEqual(['3 CREATED p3 VENDOR']);

      await store.upsert([writeOf(customer('CRM', 'p3', { lastName: 'Changed' }), { readStartedAt: at('2025-02-01T00:00:00Z') })]);
      await store.forget({ ...CRM, vendorId: 'p3' });
      expect(await store.changesSince(CRM, 0, 100)).toEqual([]);
      expect(await store.lastChangeSeq(CRM)).toBe(4);
      // An erasure is no purge: a reader at 2 still has everything after it that is kept.
      expect(await store.purgedThrough(CRM)).toBe(2);
      // A purge that finds nothing old leaves the mark where it was.
      expect(await store.purgeChanges(at('2025-02-01T00:00:00Z'))).toBe(0);
      expect(await store.purgedThrough(CRM)).toBe(2);
    });
  });
}
