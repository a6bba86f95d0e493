// Sorted pages in an order of several criteria, and `inSeveralSources`, from the synced index over
// the sandbox vendors: the order each criterion breaks the ties of the one before (nulls last in each),
// cursors that carry the whole order, the count exact, and the refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sortKey } from '../../src/index/sort-key.ts';
import { normalizeEmail } from '../../src/sources/kit/normalize.ts';
import type { GraphQLResponse } from '../support/gateway.ts';
import { type CustomersPage, type IndexedGateway, pagesToTheEnd, startIndexedGateway } from './indexed-setup.ts';

interface Node {
  source: string;
  sourceId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  additionalEmails: string[];
}
type Page = CustomersPage<Node>;
type Order = Array<{ field: 'LAST_NAME' | 'FIRST_NAME' | 'EMAIL' | 'SOURCE'; direction: 'ASC' | 'DESC' }>;

const QUERY = `query Several($first: Int, $after: String, $orderBy: [CustomerOrder!], $consistency: Consistency, $filter: CustomerFilter) {
  customers(first: $first, after: $after, orderBy: $orderBy, consistency: $consistency, filter: $filter) {
    totalCount
    edges { node { source sourceId firstName lastName email additionalEmails } }
    pageInfo { hasNextPage endCursor }
  }
}`;

let gateway: IndexedGateway;
beforeAll(async () => {
  gateway = await startIndexedGateway();
});
afterAll(() => gateway.stop());

const keyOf = (node: Node) => `${node.source}:${node.sourceId}`;
const ask = (variables: Record<string, unknown>): Promise<GraphQLResponse<Page>> =>
  gateway.execute<Page, Record<string, unknown>>(QUERY, variables);

const toTheEnd = (variables: Record<string, unknown>, first: number): Promise<Node[]> =>
  pagesToTheEnd<Node>(gateway, QUERY, variables, first);

/** The order the index promises: each criterion folded and byte by byte, nulls last; then source and id in the first one's direction. */
function expectedOrder(nodes: Node[], orderBy: Order): string[] {
  const bytes = (text: string) => Buffer.from(text, 'utf8');
  const criterionValue = (node: Node, field: Order[number]['field']) =>
    field === 'SOURCE'
      ? node.source
      : sortKey(field === 'LAST_NAME' ? node.lastName : field === 'FIRST_NAME' ? node.firstName : node.email);
  const compare = (a: Node, b: Node): number => {
    for (const { field, direction } of orderBy) {
      const [va, vb] = [criterionValue(a, field), criterionValue(b, field)];
      if (va === null || vb === null) {
        if (va !== vb) return va === null ? 1 : -1;
        continue;
      }
      const by = Buffer.compare(bytes(va), bytes(vb));
      if (by !== 0) return direction === 'ASC' ? by : -by;
    }
    const ties = Buffer.compare(bytes(a.source), bytes(b.source)) || Buffer.compare(bytes(a.sourceId), bytes(b.sourceId));
    return orderBy[0]?.direction === 'DESC' ? -ties : ties;
  };
  return [...nodes].sort(compare).map(keyOf);
}

describe('customers sorted by several criteria from the synced index', () => {
  it.each<[Order]>([
    [
      [
        { field: 'LAST_NAME', direction: 'ASC' },
        { field: 'FIRST_NAME', direction: 'DESC' },
      ],
    ],
    [
      [
        { field: 'FIRST_NAME', direction: 'DESC' },
        { field: 'SOURCE', direction: 'ASC' },
        { field: 'EMAIL', direction: 'ASC' },
      ],
    ],
  ])('orders every source by %j, page by page, with no vendor call', async (orderBy) => {
    const everyone = await toTheEnd({ orderBy: [{ field: 'SOURCE', direction: 'ASC' }] }, 100);
    const { result: sorted, calls } = await gateway.callsDuring(() => toTheEnd({ orderBy }, 6));
    expect(calls).toBe(0);
    expect(sorted.map(keyOf)).toEqual(expectedOrder(everyone, orderBy));
    // The later criteria decide: some neighbours share the first criterion's value.
    const firstValues = sorted.map((node) => sortKey(orderBy[0]?.field === 'LAST_NAME' ? node.lastName : node.firstName));
    expect(firstValues.some((value, at) => value !== null && value === firstValues[at + 1])).toBe(true);
  });

  it("refuses a cursor of the order's first criterion alone, more than three criteria and a field twice", async () => {
    const two: Order = [
      { field: 'LAST_NAME', direction: 'ASC' },
      { field: 'FIRST_NAME', direction: 'ASC' },
    ];
    const page = await ask({ first: 3, orderBy: two });
    const cursor = page.data!.customers.pageInfo.endCursor;
    const { result, calls } = await gateway.callsDuring(async () => [
      await ask({ first: 3, orderBy: two.slice(0, 1), after: cursor }),
      await ask({ first: 3, orderBy: [...two, { field: 'EMAIL' }, { field: 'SOURCE' }] }),
      await ask({ first: 3, orderBy: [...two, { field: 'LAST_NAME', direction: 'DESC' }] }),
    ]);
    expect(calls).toBe(0);
    expect(result[0]?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(result[1]?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(result[1]?.errors?.[0]?.message).toContain('at most 3 sort criteria');
    expect(result[2]?.errors?.[0]?.message).toContain('each field at most once');
    const next = await ask({ first: 3, orderBy: two, after: cursor });
    expect(next.errors).toBeUndefined();
  });
});

describe('inSeveralSources', () => {
  it("answers the records whose primary email another source's record has too, with an exact count and no vendor call", async () => {
    const everyone = await toTheEnd({ orderBy: [{ field: 'SOURCE', direction: 'ASC' }] }, 100);
    const addresses = new Map<string, Set<string>>();
    for (const node of everyone) {
      for (const address of [node.email, ...node.additionalEmails]) {
        if (!address) continue;
        const sources = addresses.get(normalizeEmail(address)) ?? new Set<string>();
        sources.add(node.source);
        addresses.set(normalizeEmail(address), sources);
      }
    }
    const expected = everyone
      .filter(
        (node) => node.email !== null && [...(addresses.get(normalizeEmail(node.email)) ?? [])].some((source) => source !== node.source),
      )
      .map(keyOf);
    expect(expected.length).toBeGreaterThan(1);
    expect(expected.length).toBeLessThan(everyone.length);

    const { result, calls } = await gateway.callsDuring(async () => ({
      sorted: await toTheEnd({ filter: { inSeveralSources: true }, orderBy: [{ field: 'SOURCE', direction: 'ASC' }] }, 4),
      paged: await toTheEnd({ filter: { inSeveralSources: true } }, 5),
      counted: await ask({ first: 1, filter: { inSeveralSources: true } }),
    }));
    expect(calls).toBe(0);
    expect(result.sorted.map(keyOf)).toEqual(expected);
    expect(result.paged.map(keyOf).sort()).toEqual([...expected].sort());
    expect(result.counted.data?.customers.totalCount).toBe(expected.length);
    const few = await ask({ first: 100, filter: { inSeveralSources: true, sources: ['CRM'] } });
    expect(few.data?.customers.edges.map((edge) => keyOf(edge.node))).toEqual(expected.filter((key) => key.startsWith('CRM:')));
  });

  it('is refused, naming the field, when a selected source would be asked live', async () => {
    const { result, calls } = await gateway.callsDuring(() => ask({ first: 2, filter: { inSeveralSources: true }, consistency: 'LIVE' }));
    expect(calls).toBe(0);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.inSeveralSources' });
    const off = await ask({ first: 100, filter: { inSeveralSources: false }, consistency: 'LIVE' });
    expect(off.errors).toBeUndefined();
  });
});
