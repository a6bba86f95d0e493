// The change feed's cursors on pages in change-time order and out of it, with pages held in memory:
// what a vendor page holds is the input, the edges and cursors handed out are what is checked.
import { describe, expect, it } from 'vitest';
import { type ChangePageLoader, pageChanges } from '../../src/connections/change-feed.ts';
import { createCursorSeal, randomCursorSecrets } from '../../src/connections/cursor-seal.ts';
import { toCrmCustomer } from '../../src/sources/crm/map.ts';
import type { ChangePage, CustomerChange } from '../../src/sources/model/index.ts';

const SINCE = new Date('2000-01-01T00:00:00.000Z');
const SEAL = createCursorSeal(randomCursorSecrets());

function change(id: string, at: string): CustomerChange {
  const customer = toCrmCustomer({ id, firstName: `Customer ${id}`, updatedAt: at });
  return { customer, changedAt: new Date(at), archived: false };
}

/** A feed of one page whose content the test changes between reads. */
function onePage(initial: CustomerChange[]): { load: ChangePageLoader; set(changes: CustomerChange[]): void } {
  let changes = initial;
  return { load: async (): Promise<ChangePage> => ({ changes, next: null }), set: (next) => (changes = next) };
}

async function readAll(load: ChangePageLoader, after: string | null, first: number): Promise<{ ids: string[]; endCursor: string }> {
  const ids: string[] = [];
  let cursor = after;
  for (let round = 0; round < 100; round++) {
    const paged = await pageChanges({ since: SINCE, first, after: cursor }, load, SEAL);
    ids.push(...paged.edges.map((edge) => edge.node.customer.sourceId));
    cursor = paged.endCursor ?? paged.edges.at(-1)?.cursor ?? cursor;
    if (!paged.hasNextPage) return { ids, endCursor: cursor! };
  }
  throw new Error('the feed did not end');
}

describe('change feed cursors', () => {
  it('on a page in time order: resumes after the last time handed out, ties broken by id', async () => {
    const feed = onePage([
      change('a', '2026-01-01T00:00:01Z'),
      change('b', '2026-01-01T00:00:02Z'),
      change('c', '2026-01-01T00:00:02Z'),
      change('d', '2026-01-01T00:00:03Z'),
    ]);
    const first = await pageChanges({ since: SINCE, first: 2, after: null }, feed.load, SEAL);
    expect(first.edges.map((edge) => edge.node.customer.sourceId)).toEqual(['a', 'b']);
    const rest = await readAll(feed.load, first.edges.at(-1)!.cursor, 1);
    expect(rest.ids).toEqual(['c', 'd']);
  });

  it('on a page out of time order: remembers what it handed out, and a record changed again comes again', async () => {
    const feed = onePage([change('a', '2026-01-01T00:00:05Z'), change('b', '2026-01-01T00:00:01Z'), change('c', '2026-01-01T00:00:03Z')]);
    const first = await pageChanges({ since: SINCE, first: 2, after: null }, feed.load, SEAL);
    expect(first.edges.map((edge) => edge.node.customer.sourceId)).toEqual(['a', 'b']);
    feed.set([change('c', '2026-01-01T00:00:03Z'), change('b', '2026-01-01T00:00:09Z'), change('a', '2026-01-01T00:00:05Z')]);
    const rest = await readAll(feed.load, first.edges.at(-1)!.cursor, 5);
    expect(rest.ids).toEqual(['c', 'b']);
  });

  it('hands out an end cursor on a poll that finds nothing new, and it still resumes', async () => {
    const feed = onePage([change('a', '2026-01-01T00:00:01Z')]);
    const { endCursor } = await readAll(feed.load, null, 10);
    const empty = await pageChanges({ since: SINCE, first: 10, after: endCursor }, feed.load, SEAL);
    expect(empty.edges).toEqual([]);
    expect(empty.endCursor).toBeDefined();
    feed.set([change('a', '2026-01-01T00:00:01Z'), change('z', '2026-01-01T00:00:07Z')]);
    expect((await readAll(feed.load, empty.endCursor!, 10)).ids).toEqual(['z']);
  });
});
