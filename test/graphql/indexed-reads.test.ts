// Cross-source reads answered from the synced index (consistency INDEXED, the default): no vendor call,
// the same records as the live path for the same question, exact totals, sameAs from the index, cursors
// that remember their mode, and freshness per source.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_SOURCES } from '../../src/sources/model/index.ts';
import type { GraphQLResponse } from '../support/gateway.ts';
import { type IndexedGateway, startIndexedGateway } from './indexed-setup.ts';

interface Node {
  id: string;
  source: string;
  sourceId: string;
  email: string | null;
  syncedAt: string | null;
  sameAs?: Array<{ source: string; sourceId: string }>;
}
interface Page {
  customers: {
    totalCount: number;
    edges: Array<{ cursor: string; node: Node }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    freshness: Array<{ source: string; state: string; newRecordsAsOf: string | null; verifiedAsOf: string | null }>;
  };
}

const PAGE = `query Page($first: Int, $after: String, $filter: CustomerFilter, $consistency: Consistency) {
  customers(first: $first, after: $after, filter: $filter, consistency: $consistency) {
    totalCount
    edges { cursor node { id source sourceId email syncedAt } }
    pageInfo { hasNextPage endCursor }
    freshness { source state newRecordsAsOf verifiedAsOf }
  }
}`;

let gateway: IndexedGateway;
beforeAll(async () => {
  gateway = await startIndexedGateway();
});
afterAll(() => gateway.stop());

async function page(variables: Record<string, unknown>): Promise<GraphQLResponse<Page>> {
  return gateway.execute<Page, Record<string, unknown>>(PAGE, variables);
}

/** Every record of a question, page by page; fails on any error. */
async function everything(filter: Record<string, unknown> | null, consistency: 'INDEXED' | 'LIVE', first = 25) {
  const keys: string[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (let pages = 0; pages < 100; pages++) {
    const answer = await page({ first, after, filter, consistency });
    expect(answer.errors).toBeUndefined();
    const connection = answer.data!.customers;
    keys.push(...connection.edges.map((edge) => `${edge.node.source}:${edge.node.sourceId}`));
    totalCount = connection.totalCount;
    if (!connection.pageInfo.hasNextPage) return { keys, totalCount };
    after = connection.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

describe('customers, answered from the synced index', () => {
  it('answers a first page with its total across all four sources with no vendor call', async () => {
    const { result, calls } = await gateway.callsDuring(() => page({ first: 10 }));
    expect(result.errors).toBeUndefined();
    expect(calls).toBe(0);
    const connection = result.data!.customers;
    expect(connection.edges).toHaveLength(10);
    expect(connection.edges.every((edge) => edge.node.syncedAt !== null)).toBe(true);
    expect(connection.freshness.map((f) => [f.source, f.state])).toEqual(CUSTOMER_SOURCES.map((source) => [source, 'SYNCED']));
    expect(connection.freshness.every((f) => f.newRecordsAsOf !== null)).toBe(true);
  });

  it('says when the last full sweep began, once one completed', async () => {
    const before = Date.now();
    await gateway.sync();
    const answer = await page({ first: 1 });
    for (const freshness of answer.data!.customers.freshness) {
      expect(Date.parse(freshness.verifiedAsOf!), freshness.source).toBeGreaterThanOrEqual(before - 1_000);
    }
  });

  it.each([
    ['every record', null],
    ['one source', { sources: ['KB_SUPPORT'] }],
    ['two sources', { sources: ['CRM', 'AMELIA'] }],
    ['a search', { search: 'jordan' }],
    ['an accented search', { search: 'ANGSTRÖM' }],
    ['a search in notes (KB Support keeps them apart)', { search: 'evenings' }],
    ['a search in one source', { search: 'an', sources: ['PLATFORM'] }],
    ['an email', { email: 'Jordan.Reed@example.test' }],
    ['an email, any address', { email: 'jordan.reed@example.test', emailMatch: 'ANY' }],
  ])('answers %s with the same records and total as LIVE, and no vendor call', async (_name, filter) => {
    const live = await everything(filter, 'LIVE', 7);
    expect(live.keys.length).toBeGreaterThan(0);
    const { result: indexed, calls } = await gateway.callsDuring(() => everything(filter, 'INDEXED', 7));
    expect(calls).toBe(0);
    expect(new Set(indexed.keys).size).toBe(indexed.keys.length);
    expect([...indexed.keys].sort()).toEqual([...live.keys].sort());
    expect(indexed.totalCount).toBe(live.totalCount);
    expect(indexed.totalCount).toBe(indexed.keys.length);
  });

  it('searches phones in every source alike (the live path has each vendor search its own fields)', async () => {
    const filter = { search: '555' };
    const live = await everything(filter, 'LIVE', 50);
    const indexed = await everything(filter, 'INDEXED', 50);
    expect(indexed.keys).toEqual(expect.arrayContaining(live.keys));
    // Amelia's own search leaves phones out; the index looks in them for every source.
    expect(indexed.keys.some((key) => key.startsWith('AMELIA:'))).toBe(true);
    expect(live.keys.some((key) => key.startsWith('AMELIA:'))).toBe(false);
  });

  it('answers sameAs by phone from the index: records sharing an E.164 number', async () => {
    type Phoned = { source: string; sourceId: string; phones: Array<{ number: string | null }> };
    type Answer = { customers: { edges: Array<{ node: Phoned & { sameAs: Phoned[] } }> } };
    const query = `{ customers(first: 100) { edges { node { source sourceId phones { number }
      sameAs(by: [PHONE]) { source sourceId phones { number } } } } } }`;
    const { result, calls } = await gateway.callsDuring(() => gateway.execute<Answer, Record<string, unknown>>(query, {}));
    expect(result.errors).toBeUndefined();
    expect(calls).toBe(0);
    const numbers = (record: Phoned) => new Set(record.phones.map((phone) => phone.number).filter(Boolean));
    let pairs = 0;
    for (const { node } of result.data!.customers.edges) {
      for (const match of node.sameAs) {
        expect(match.source).not.toBe(node.source);
        expect([...numbers(match)].some((number) => numbers(node).has(number))).toBe(true);
        pairs += 1;
      }
    }
    expect(pairs).toBeGreaterThan(0);
  });

  it('says LIVE in freshness, and leaves syncedAt null, for a LIVE answer', async () => {
    const answer = await page({ first: 3, consistency: 'LIVE' });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.customers.freshness.map((f) => f.state)).toEqual(['LIVE', 'LIVE', 'LIVE', 'LIVE']);
    expect(answer.data!.customers.edges.every((edge) => edge.node.syncedAt === null)).toBe(true);
  });

  it('refuses a cursor of one consistency with the other, naming `after`, and costs no call', async () => {
    const indexed = await page({ first: 2 });
    const live = await page({ first: 2, consistency: 'LIVE' });
    const { result: crossed, calls } = await gateway.callsDuring(async () => [
      await page({ first: 2, after: indexed.data!.customers.pageInfo.endCursor, consistency: 'LIVE' }),
      await page({ first: 2, after: live.data!.customers.pageInfo.endCursor, consistency: 'INDEXED' }),
    ]);
    expect(calls).toBe(0);
    for (const [answer, handedOutAs] of [
      [crossed[0], 'INDEXED'],
      [crossed[1], 'LIVE'],
    ] as const) {
      expect(answer?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      expect(answer?.errors?.[0]?.message).toContain(`consistency ${handedOutAs}`);
    }
  });

  it('answers sameAs for a whole page from the index, with no vendor call, as LIVE does', async () => {
    const query = `query SameAs($consistency: Consistency) {
      customers(first: 100, consistency: $consistency) { edges { node { source sourceId sameAs { source sourceId } } } }
    }`;
    type Answer = { customers: { edges: Array<{ node: Node }> } };
    const live = await gateway.execute<Answer, Record<string, unknown>>(query, { consistency: 'LIVE' });
    // Counts the index's sameAs queries (the real store answers them).
    const sameAsQuery = gateway.store.sameAs.bind(gateway.store);
    let queries = 0;
    gateway.store.sameAs = (keys, by) => {
      queries += 1;
      return sameAsQuery(keys, by);
    };
    const { result: indexed, calls } = await gateway
      .callsDuring(() => gateway.execute<Answer, Record<string, unknown>>(query, {}))
      .finally(() => {
        gateway.store.sameAs = sameAsQuery;
      });
    expect(indexed.errors).toBeUndefined();
    expect(calls).toBe(0);
    expect(queries).toBe(1);
    const sameAsOf = (answer: GraphQLResponse<Answer>) =>
      new Map(
        answer.data!.customers.edges.map(({ node }) => [
          `${node.source}:${node.sourceId}`,
          (node.sameAs ?? []).map((m) => `${m.source}:${m.sourceId}`).sort(),
        ]),
      );
    const fromIndex = sameAsOf(indexed);
    expect([...fromIndex.values()].some((matches) => matches.length > 0)).toBe(true);
    for (const [key, matches] of sameAsOf(live)) if (fromIndex.has(key)) expect(fromIndex.get(key), key).toEqual(matches);
  });
});
