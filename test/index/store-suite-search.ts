// The store suite's search through the trigram index and `inSeveralSources` (see store-suite.ts): the
// same matches as a substring scan of the folded search text, kept in step by every write.
import { describe, expect, it } from 'vitest';
import { sortPositionOf } from '../../src/index/sort-key.ts';
import type { IndexStore } from '../../src/index/store.ts';
import type { IndexedCustomer, IndexFilter, OrderPosition } from '../../src/index/types.ts';
import { customerMatchesSearch } from '../../src/sources/kit/customer-filter.ts';
import type { Customer } from '../../src/sources/model/index.ts';
import { at, customer, keyOf, writeOf } from './customers.ts';
import { ORDERED_PEOPLE } from './ordered-people.ts';
import type { Stores } from './store-suite.ts';

const label = (row: IndexedCustomer) => `${row.key.connection}/${row.key.source}:${row.key.vendorId}`;

async function found(store: IndexStore, filter: IndexFilter): Promise<string[]> {
  const page = await store.page({ filter, orderBy: { field: 'SOURCE', direction: 'ASC' }, after: null, first: 100 });
  expect(await store.count(filter), JSON.stringify(filter)).toBe(page.rows.length);
  return page.rows.map(label);
}

export function storeSearchSuite(stores: Stores): void {
  describe('search through the trigram index', () => {
    const odd: Customer[] = [
      customer('CRM', 'o1', { note: 'Rabatt 50%_off, "vip" back\\slash' }),
      customer('KB_SUPPORT', 'o2', { note: '50 % off, vip, backslash' }),
      customer('PLATFORM', 'o3', { firstName: 'Straße', lastName: 'Ｍüller-Łukasz' }),
      // Alike in their first 12 characters (all the trigram index is asked for): the rest tells them apart.
      customer('AMELIA', 'o4', { email: 'anna.smithson.71@mail.test' }),
      customer('CRM', 'o5', { email: 'anna.smithson.72@mail.test' }),
    ];

    it('finds what a substring scan finds, for terms of every length and with pattern characters', async () => {
      const store = await stores.store();
      const people = [...ORDERED_PEOPLE, ...odd];
      await store.upsert(people.map((person) => writeOf(person)));
      const terms = [
        'zo',
        'zoe',
        'ZOË ',
        'müll',
        'ller-ł',
        'strasse',
        'straße',
        '50%_',
        '50%',
        '%',
        '_o',
        '"vip"',
        'k\\s',
        'a\\',
        "o'",
        'e@ex',
        '+3816',
        'xyz',
        'anna.smithson.7',
        'anna.smithson.71@mail.test',
        'smithson.72@mail',
      ];
      for (const term of terms) {
        const expected = people
          .filter((person) => customerMatchesSearch(person, term))
          .map((person) => `main/${person.source}:${person.sourceId}`)
          .sort();
        expect((await found(store, { search: term })).sort(), term).toEqual(expected);
      }
      // Written out too, so that both sides cannot be wrong alike.
      expect(await found(store, { search: '50%_' })).toEqual(['main/CRM:o1']);
      expect(await found(store, { search: '"vip"' })).toEqual(['main/CRM:o1']);
      expect(await found(store, { search: 'k\\s' })).toEqual(['main/CRM:o1']);
      expect(await found(store, { search: 'ller-ł' })).toEqual(['main/PLATFORM:o3']);
      expect(await found(store, { search: 'anna.smithson.71@mail.test' })).toEqual(['main/AMELIA:o4']);
    });

    it('pages a search in an order: the first stretch of the order for a common term, the index beyond it', async () => {
      const store = await stores.store();
      const fillers = Array.from({ length: 2_100 }, (_, at) =>
        customer('CRM', `f${at}`, { lastName: `Filler ${String(at).padStart(4, '0')}` }),
      );
      const needles = [
        customer('AMELIA', 'n1', { lastName: 'Aaron Needleman' }),
        customer('KB_SUPPORT', 'n2', { lastName: 'Zed Needleman' }),
        customer('PLATFORM', 'n3', { lastName: 'Zulu Needleman' }),
      ];
      await store.upsert([...fillers, ...needles].map((person) => writeOf(person)));
      const byName = [
        { field: 'LAST_NAME', direction: 'ASC' },
        { field: 'SOURCE', direction: 'ASC' },
      ] as const;
      const walk = async (search: string, first: number) => {
        const labels: string[] = [];
        let after: OrderPosition | null = null;
        for (;;) {
          const page = await store.page({ filter: { search }, orderBy: byName, after, first });
          labels.push(...page.rows.map(label));
          const last = page.rows.at(-1);
          if (!page.hasNextPage || !last) return labels;
          after = sortPositionOf(last, byName);
        }
      };
      // One match in the first stretch, two far beyond it.
      expect(await walk('needle', 2)).toEqual(['main/AMELIA:n1', 'main/KB_SUPPORT:n2', 'main/PLATFORM:n3']);
      // Every row matches: each page from the first rows of the order after the cursor.
      const everyone = await walk('filler 20', 7);
      expect(everyone).toEqual(Array.from({ length: 100 }, (_, at) => `main/CRM:f${2_000 + at}`));
    });

    it('keeps the index in step with every write: edits, deletions, erasures, and a batch that writes a row twice', async () => {
      const store = await stores.store();
      const first = customer('CRM', 'e1', { lastName: 'Okonkwo' });
      const second = customer('AMELIA', 'e2', { lastName: 'Okonkwo' });
      await store.upsert([writeOf(first), writeOf(second)]);
      expect(await found(store, { search: 'konkw' })).toEqual(['main/AMELIA:e2', 'main/CRM:e1']);

      const later = { readStartedAt: at('2025-02-01T00:00:00Z') };
      await store.upsert([writeOf(customer('CRM', 'e1', { lastName: 'Abernathy' }), later)]);
      expect(await found(store, { search: 'konkw' })).toEqual(['main/AMELIA:e2']);
      expect(await found(store, { search: 'bernat' })).toEqual(['main/CRM:e1']);

      // A write refused as stale leaves the index as it was.
      await store.upsert([writeOf(customer('CRM', 'e1', { lastName: 'Stalewright' }))]);
      expect(await found(store, { search: 'alewri' })).toEqual([]);

      await store.delete({ key: keyOf(second), readStartedAt: later.readStartedAt });
      expect(await found(store, { search: 'konkw' })).toEqual([]);
      await store.forget(keyOf(first));
      expect(await found(store, { search: 'bernat' })).toEqual([]);

      const twice = [
        writeOf(customer('PLATFORM', 'e3', { lastName: 'Quimby' }), later),
        writeOf(customer('PLATFORM', 'e3', { lastName: 'Vandermeer' }), { readStartedAt: at('2025-03-01T00:00:00Z') }),
      ];
      await store.upsert(twice);
      expect(await found(store, { search: 'quimb' })).toEqual([]);
      expect(await found(store, { search: 'ndermee' })).toEqual(['main/PLATFORM:e3']);
    });

    it("sees another instance's writes at once: a term asked again after a write elsewhere finds what it wrote", async () => {
      const database = await stores.database();
      const [reader, writer] = [await database.open(), await database.open()];
      await writer.upsert([writeOf(customer('CRM', 'w1', { email: 'quentin.wexley.1@mail.test' }))]);
      const term = 'quentin.wexley';
      expect(await found(reader, { search: term })).toEqual(['main/CRM:w1']);
      expect(await found(reader, { search: term })).toEqual(['main/CRM:w1']);

      await writer.upsert([writeOf(customer('AMELIA', 'w2', { email: 'quentin.wexley.2@mail.test' }))]);
      expect(await found(reader, { search: term })).toEqual(['main/AMELIA:w2', 'main/CRM:w1']);
      await writer.forget(keyOf(customer('CRM', 'w1')));
      expect(await found(reader, { search: term })).toEqual(['main/AMELIA:w2']);
      // And its own write, right after the other's.
      await reader.upsert([writeOf(customer('PLATFORM', 'w3', { email: 'quentin.wexley.3@mail.test' }))]);
      expect(await found(reader, { search: term })).toEqual(['main/AMELIA:w2', 'main/PLATFORM:w3']);
    });
  });

  describe('inSeveralSources', () => {
    it("answers the records whose primary email is an address of another source's or connection's record, and counts them exactly", async () => {
      const store = await stores.store();
      const people = [
        customer('CRM', 's1', { email: 'Same@Example.com' }),
        customer('AMELIA', 's2', { email: 'same@example.com' }),
        customer('KB_SUPPORT', 's3', { email: 'kb@example.com', additionalEmails: ['same@example.com'] }),
        customer('CRM', 's5', { email: 'same@example.com' }),
        // Twice in one source and connection only: not in several sources.
        customer('AMELIA', 'd1', { email: 'dup@example.com' }),
        customer('AMELIA', 'd2', { email: 'DUP@example.com' }),
        // The primary address of one is an additional address of the other: only the first is in several.
        customer('PLATFORM', 'x1', { email: 'extra@example.com' }),
        customer('CRM', 'x2', { email: 'other@example.com', additionalEmails: ['extra@example.com'] }),
        customer('PLATFORM', 'n1', { email: null }),
        customer('KB_SUPPORT', 'n2', { email: null }),
      ];
      await store.upsert([
        ...people.map((person) => writeOf(person)),
        // The same site's records under another connection (another site of the vendor).
        writeOf(customer('PLATFORM', 'x9', { email: 'solo@example.com' })),
        writeOf(customer('PLATFORM', 'x9', { email: 'solo@example.com' }), { connection: 'site-2' }),
      ]);
      expect(await found(store, { inSeveralSources: true })).toEqual([
        'main/AMELIA:s2',
        'main/CRM:s1',
        'main/CRM:s5',
        'main/PLATFORM:x1',
        'main/PLATFORM:x9',
        'site-2/PLATFORM:x9',
      ]);
      expect(await found(store, { inSeveralSources: true, sources: ['CRM'] })).toEqual(['main/CRM:s1', 'main/CRM:s5']);
      expect(await found(store, { inSeveralSources: true, connections: ['site-2'] })).toEqual(['site-2/PLATFORM:x9']);
      expect(await found(store, { inSeveralSources: true, search: 'same@' })).toEqual(['main/AMELIA:s2', 'main/CRM:s1', 'main/CRM:s5']);
      expect(await found(store, { inSeveralSources: false, sources: ['AMELIA'] })).toEqual([
        'main/AMELIA:d1',
        'main/AMELIA:d2',
        'main/AMELIA:s2',
      ]);

      // Deletions take a record out of the others' answers: the CRM's two are then in one source only.
      for (const gone of [people[1], people[2], people[7]]) {
        await store.delete({ key: keyOf(gone as Customer), readStartedAt: at('2025-06-01T00:00:00Z') });
      }
      expect(await found(store, { inSeveralSources: true, sources: ['CRM', 'PLATFORM'] })).toEqual([
        'main/PLATFORM:x9',
        'site-2/PLATFORM:x9',
      ]);
    });
  });
}
