// The store suite's queries (see store-suite.ts): one order on every store, keyset pages under
// concurrent creates and deletes, filters and counts, sameAs. Expected orders are written out once
// (ordered-people.ts), so SQLite and PostgreSQL are held to the same arrays.
import { describe, expect, it } from 'vitest';
import { sortPositionOf } from '../../src/index/sort-key.ts';
import type { IndexStore } from '../../src/index/store.ts';
import { rowKeyString } from '../../src/index/store.ts';
import type { IndexedCustomer, IndexFilter, OrderBy, SortPosition } from '../../src/index/types.ts';
import { customerMatchesSearch } from '../../src/sources/kit/customer-filter.ts';
import { at, CONNECTION, customer, keyOf, writeOf } from './customers.ts';
import { ORDERED_PEOPLE, ORDERS } from './ordered-people.ts';
import type { Stores } from './store-suite.ts';

const label = (row: IndexedCustomer) => `${row.key.source}:${row.key.vendorId}`;

/** Every page of a filter in an order, `between` run after each page (with the page's last row). */
async function walk(
  store: IndexStore,
  orderBy: OrderBy | OrderBy[],
  first: number,
  filter: IndexFilter = {},
  between: (page: number, last: IndexedCustomer) => Promise<void> = async () => undefined,
): Promise<IndexedCustomer[]> {
  const rows: IndexedCustomer[] = [];
  let after: SortPosition | null = null;
  for (let page = 0; page < 100; page += 1) {
    const result = await store.page({ filter, orderBy, after, first });
    rows.push(...result.rows);
    const last = result.rows.at(-1);
    if (!result.hasNextPage || !last) return rows;
    after = sortPositionOf(last, Array.isArray(orderBy) ? orderBy : [orderBy]);
    await between(page, last);
  }
  throw new Error('too many pages');
}

export function storeReadsSuite(stores: Stores): void {
  describe('order', () => {
    it.each(ORDERS)(
      'orders by %j with folded keys compared byte by byte, nulls last, ties by source and vendor id',
      async (orderBy, expected) => {
        const store = await stores.store();
        await store.upsert(ORDERED_PEOPLE.map((person) => writeOf(person)));
        expect((await walk(store, orderBy, 100)).map(label)).toEqual(expected);
        expect((await walk(store, orderBy, 2)).map(label)).toEqual(expected);
      },
    );
  });

  describe('keyset pages', () => {
    const names = ['Adams', 'Brown', null, 'Émile', 'Zoë', 'brown', 'Ødegaard', null, 'Chen', 'Đorđević'];
    const people = Array.from({ length: 40 }, (_, index) =>
      customer((['AMELIA', 'KB_SUPPORT', 'PLATFORM', 'CRM'] as const)[index % 4]!, String(100 + index), {
        lastName: names[index % names.length] ?? null,
        createdAt: index % 3 === 0 ? null : new Date(Date.UTC(2024, 0, 1 + (index % 7))),
      }),
    );

    it.each<[OrderBy | OrderBy[]]>([
      [{ field: 'LAST_NAME', direction: 'ASC' }],
      [{ field: 'LAST_NAME', direction: 'DESC' }],
      [{ field: 'CREATED_AT', direction: 'ASC' }],
      [{ field: 'SOURCE', direction: 'DESC' }],
      [
        [
          { field: 'CREATED_AT', direction: 'DESC' },
          { field: 'LAST_NAME', direction: 'ASC' },
        ],
      ],
      [
        [
          { field: 'LAST_NAME', direction: 'ASC' },
          { field: 'SOURCE', direction: 'DESC' },
          { field: 'CREATED_AT', direction: 'ASC' },
        ],
      ],
    ])('walks %j with creates and deletes between pages: no duplicate, no skip, order kept', async (orderBy) => {
      const store = await stores.store();
      await store.upsert(people.map((person) => writeOf(person)));
      const created = new Map<string, string>(); // created row → the cursor row when it was created
      const deletedAhead = new Set<string>();
      const deletedBehind = new Set<string>();
      const rows = await walk(store, orderBy, 7, {}, async (page, last) => {
        const everything = (await store.page({ filter: {}, orderBy, after: null, first: 1000 })).rows;
        const unseen = everything.slice(everything.findIndex((row) => label(row) === label(last)) + 1);
        // Delete a row not reached yet, and (once) one already returned — never the cursor's own row.
        const ahead = unseen[2];
        const behind = page === 0 ? everything[0] : undefined;
        for (const [row, into] of [
          [ahead, deletedAhead],
          [behind, deletedBehind],
        ] as const) {
          if (!row) continue;
          expect(await store.delete({ key: row.key, readStartedAt: at('2025-06-01T00:00:00Z') })).toBe('deleted');
          into.add(label(row));
        }
        const fresh = [
          customer('CRM', `new-${page}-a`, { lastName: 'Aaronson', createdAt: at('2023-01-01T00:00:00Z') }),
          customer('AMELIA', `new-${page}-z`, { lastName: 'Zzyzx', createdAt: at('2026-01-01T00:00:00Z') }),
          customer('KB_SUPPORT', `new-${page}-n`, { lastName: null, createdAt: null }),
        ];
        await store.upsert(fresh.map((person) => writeOf(person)));
        for (const person of fresh) created.set(`${person.source}:${person.sourceId}`, label(last));
      });
      const labels = rows.map(label);
      expect(new Set(labels).size).toBe(labels.length);
      const final = (await store.page({ filter: {}, orderBy, after: null, first: 1000 })).rows.map(label);
      // A row created behind the cursor is not shown; one created ahead of it is; nothing else is missing.
      const expected = final.filter((name) => {
        const cursor = created.get(name);
        return cursor === undefined || final.indexOf(name) > final.indexOf(cursor);
      });
      expect(labels.filter((name) => final.includes(name))).toEqual(expected);
      expect(labels.filter((name) => deletedAhead.has(name))).toEqual([]);
      expect(labels.filter((name) => deletedBehind.has(name))).toEqual([...deletedBehind]);
      expect([deletedAhead.size, deletedBehind.size, created.size]).toEqual([expect.any(Number), 1, expect.any(Number)]);
      expect(deletedAhead.size).toBeGreaterThan(1);
    });
  });

  describe('filters and counts', () => {
    it('filters by source, search, email and time ranges, and counts exactly what the pages hold', async () => {
      const store = await stores.store();
      const extra = customer('KB_SUPPORT', '50', { email: 'main@example.com', additionalEmails: ['Shared@Example.com'] });
      const primary = customer('CRM', '51', { email: 'shared@example.com' });
      await store.upsert([...ORDERED_PEOPLE, extra, primary].map((person) => writeOf(person)));
      const byName: OrderBy = { field: 'SOURCE', direction: 'ASC' };
      const cases: Array<[IndexFilter, string[]]> = [
        [{ sources: ['PLATFORM'] }, ['PLATFORM:p1', 'PLATFORM:p2']],
        [{ sources: [] }, []],
        [{ search: 'ZOË' }, ['CRM:2', 'KB_SUPPORT:3']],
        [{ search: ' ines de la ' }, ['CRM:9']],
        [{ search: '+38160' }, ['CRM:9']],
        [{ search: 'ØDEG', sources: ['KB_SUPPORT', 'CRM'] }, ['KB_SUPPORT:8']],
        [{ email: 'shared@example.com' }, ['CRM:51']],
        [{ email: ' SHARED@example.com', emailMatch: 'ANY' }, ['CRM:51', 'KB_SUPPORT:50']],
        [{ createdAt: { from: at('2024-01-01T00:00:00Z'), until: at('2024-03-01T00:00:00Z') } }, ['CRM:2', 'CRM:5', 'KB_SUPPORT:3']],
        [{ createdAt: { from: at('2024-03-01T00:00:00Z') }, connections: [CONNECTION] }, ['AMELIA:1', 'CRM:10']],
        [{ connections: ['elsewhere'] }, []],
      ];
      for (const [filter, expected] of cases) {
        expect((await walk(store, byName, 2, filter)).map(label), JSON.stringify(filter)).toEqual(expected);
        expect(await store.count(filter), JSON.stringify(filter)).toBe(expected.length);
      }
      expect(await store.count({})).toBe(ORDERED_PEOPLE.length + 2);
    });

    it('answers an empty page for a size of 0 and refuses a size that is not a whole number', async () => {
      const store = await stores.store();
      await store.upsert([writeOf(customer('CRM', '1'))]);
      const request = { filter: {}, orderBy: { field: 'SOURCE', direction: 'ASC' } as const, after: null };
      expect(await store.page({ ...request, first: 0 })).toEqual({ rows: [], hasNextPage: true });
      await expect(store.page({ ...request, first: -1 })).rejects.toThrow(RangeError);
      await expect(store.page({ ...request, first: 1.5 })).rejects.toThrow(RangeError);
    });

    it('finds by search what the live path finds (customerMatchesSearch), term by term', async () => {
      const store = await stores.store();
      await store.upsert(ORDERED_PEOPLE.map((person) => writeOf(person)));
      for (const term of ['zoe', 'MULLER', 'ängst', 'emile zola', 'example.com', 'chidi', '601234', 'x\u001fy', '   ', 'nobody']) {
        const found = (await walk(store, { field: 'SOURCE', direction: 'ASC' }, 50, { search: term })).map(label).sort();
        const expected = ORDERED_PEOPLE.filter((person) => customerMatchesSearch(person, term))
          .map((person) => `${person.source}:${person.sourceId}`)
          .sort();
        expect(found, term).toEqual(expected);
      }
    });
  });

  describe('sameAs', () => {
    it('finds the same person in other sources and connections by primary email, and by phone when asked, for many rows at once', async () => {
      const store = await stores.store();
      const crm = customer('CRM', 's1', { email: 'Same@Example.com', phone: '+381601234567' });
      const amelia = customer('AMELIA', 's2', { email: 'same@example.com' });
      const kbAdditional = customer('KB_SUPPORT', 's3', { email: 'kb@example.com', additionalEmails: ['same@example.com'] });
      const platformByPhone = customer('PLATFORM', 's4', { email: 'plat@example.com', phone: '+381601234567' });
      const crmTwin = customer('CRM', 's5', { email: 'same@example.com' });
      const otherSite = customer('CRM', 's1', { email: 'same@example.com' });
      await store.upsert([
        ...[crm, amelia, kbAdditional, platformByPhone, crmTwin].map((person) => writeOf(person)),
        writeOf(otherSite, { connection: 'site-2' }),
      ]);
      const unknown = { connection: CONNECTION, source: 'CRM' as const, vendorId: 'nobody' };
      const names = (rows: IndexedCustomer[] | undefined) => rows?.map((row) => `${row.key.connection}/${label(row)}`);

      const byEmail = await store.sameAs([keyOf(crm), keyOf(amelia), unknown], ['EMAIL']);
      expect(names(byEmail.get(rowKeyString(keyOf(crm))))).toEqual(['main/AMELIA:s2', 'site-2/CRM:s1']);
      expect(names(byEmail.get(rowKeyString(keyOf(amelia))))).toEqual(['main/CRM:s1', 'site-2/CRM:s1', 'main/CRM:s5']);
      expect(byEmail.get(rowKeyString(unknown))).toEqual([]);

      const both = await store.sameAs([keyOf(crm)], ['EMAIL', 'PHONE']);
      expect(names(both.get(rowKeyString(keyOf(crm))))).toEqual(['main/AMELIA:s2', 'site-2/CRM:s1', 'main/PLATFORM:s4']);
      expect(both.get(rowKeyString(keyOf(crm)))?.[0]?.customer).toEqual(amelia);
    });
  });
}
