// Sorted pages across sources from the synced index: folded keys compared byte by byte (accents
// folded, nulls last in both directions, ties by source and vendor id), keyset cursors that neither
// repeat nor skip a record when records are created or deleted between pages, and the refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sortKey } from '../../src/index/sort-key.ts';
import type { GraphQLResponse } from '../support/gateway.ts';
import { type CustomersPage, type IndexedGateway, pagesToTheEnd, startIndexedGateway } from './indexed-setup.ts';

interface Node {
  id: string;
  source: string;
  sourceId: string;
  firstName: string | null;
  lastName: string | null;
  createdAt: string | null;
}
type Page = CustomersPage<Node>;

const SORTED = `query Sorted($first: Int, $after: String, $orderBy: [CustomerOrder!], $consistency: Consistency, $filter: CustomerFilter) {
  customers(first: $first, after: $after, orderBy: $orderBy, consistency: $consistency, filter: $filter) {
    totalCount
    edges { node { id source sourceId firstName lastName createdAt } }
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
  gateway.execute<Page, Record<string, unknown>>(SORTED, variables);

const sortedToTheEnd = (orderBy: unknown, first: number, between?: (pageNumber: number) => Promise<void>): Promise<Node[]> =>
  pagesToTheEnd<Node>(gateway, SORTED, { orderBy }, first, between);

/** The order the index promises: folded keys byte by byte, nulls last, ties by source then vendor id (ascending or not, as the field). */
function expectedOrder(nodes: Node[], field: 'lastName' | 'firstName', direction: 'ASC' | 'DESC'): string[] {
  const sign = direction === 'ASC' ? 1 : -1;
  const bytes = (text: string) => Buffer.from(text, 'utf8');
  return [...nodes]
    .sort((a, b) => {
      const [ka, kb] = [sortKey(a[field]), sortKey(b[field])];
      if (ka === null && kb !== null) return 1;
      if (kb === null && ka !== null) return -1;
      const byValue = ka !== null && kb !== null ? Buffer.compare(bytes(ka), bytes(kb)) : 0;
      const bySource = Buffer.compare(bytes(a.source), bytes(b.source));
      const byId = Buffer.compare(bytes(a.sourceId), bytes(b.sourceId));
      return sign * (byValue || bySource || byId);
    })
    .map(keyOf);
}

describe('customers sorted from the synced index', () => {
  it.each(['ASC', 'DESC'] as const)(
    'orders every source by last name %s, accents folded, nulls last, with no vendor call',
    async (direction) => {
      const everyone = await sortedToTheEnd([{ field: 'SOURCE', direction: 'ASC' }], 100);
      const { result: sorted, calls } = await gateway.callsDuring(() => sortedToTheEnd([{ field: 'LAST_NAME', direction }], 7));
      expect(calls).toBe(0);
      expect(sorted.map(keyOf)).toEqual(expectedOrder(everyone, 'lastName', direction));
      expect(new Set(sorted.map((node) => node.source)).size).toBe(4);
      // Folded: Ångström among the a's, not after z.
      const lastNames = sorted.map((node) => node.lastName);
      if (direction === 'ASC') {
        const angstrom = lastNames.indexOf('Ångström');
        expect(angstrom).toBeGreaterThanOrEqual(0);
        expect(sortKey(lastNames[angstrom + 1] ?? null)! >= 'angstrom').toBe(true);
        expect(lastNames.slice(0, angstrom).every((name) => sortKey(name)! <= 'angstrom')).toBe(true);
      }
    },
  );

  it.each(['ASC', 'DESC'] as const)('puts records without createdAt last, %s', async (direction) => {
    const sorted = await sortedToTheEnd([{ field: 'CREATED_AT', direction }], 9);
    const times = sorted.map((node) => node.createdAt);
    const firstNull = times.indexOf(null);
    expect(firstNull).toBeGreaterThan(0);
    expect(times.slice(firstNull).every((time) => time === null)).toBe(true);
    // Amelia and the PLATFORM keep no creation time: they are the records at the end, by source then id.
    expect(new Set(sorted.slice(firstNull).map((node) => node.source))).toEqual(new Set(['AMELIA', 'PLATFORM']));
    const valued = times.slice(0, firstNull).map((time) => Date.parse(time!));
    const ordered = [...valued].sort((a, b) => (direction === 'ASC' ? a - b : b - a));
    expect(valued).toEqual(ordered);
  });

  it('neither repeats nor skips a record when records are created and deleted between pages', async () => {
    const create = async (lastName: string) => {
      const answer = await gateway.execute<{ createCustomer: { customer?: { id: string; sourceId: string } } }, Record<string, unknown>>(
        `mutation New($input: CreateCustomerInput!) { createCustomer(input: $input) { ... on CreateCustomerSuccess { customer { id sourceId } } } }`,
        { input: { source: 'CRM', firstName: 'Paging', lastName, email: `${lastName.toLowerCase()}@paging.example.test` } },
      );
      expect(answer.errors).toBeUndefined();
      return answer.data!.createCustomer.customer!;
    };
    const before = await sortedToTheEnd([{ field: 'LAST_NAME' }], 100);
    // A CRM record far down the order (the CRM deletes without a check): deleted before its page comes.
    const doomed = before.filter((node) => node.source === 'CRM').at(-2)!;
    expect(before.indexOf(doomed)).toBeGreaterThan(18);
    let early: { id: string } | undefined;
    let late: { id: string; sourceId: string } | undefined;
    const seen = await sortedToTheEnd([{ field: 'LAST_NAME' }], 6, async (pageNumber) => {
      if (pageNumber !== 2) return;
      early = await create('Aaaaearly'); // sorts before the cursor: not on a later page
      late = await create('Zzzzlate'); // sorts after it: on a later page
      const deleted = await gateway.execute<{ deleteCustomer: { __typename: string } }, Record<string, unknown>>(
        'mutation Gone($id: ID!) { deleteCustomer(id: $id) { __typename } }',
        { id: doomed.id },
      );
      expect(deleted.data?.deleteCustomer.__typename).toBe('DeleteCustomerSuccess');
    });
    const keys = seen.map(keyOf);
    expect(new Set(keys).size).toBe(keys.length);
    const expected = before.filter((node) => keyOf(node) !== keyOf(doomed)).map(keyOf);
    expect(keys.filter((key) => key !== `CRM:${late!.sourceId}`).sort()).toEqual([...expected].sort());
    expect(keys).toContain(`CRM:${late!.sourceId}`);
    expect(seen.some((node) => node.id === early!.id)).toBe(false);
    await gateway.sync();
  });

  it('answers totalCount of a sorted, filtered question exactly', async () => {
    const answer = await ask({ first: 2, orderBy: [{ field: 'FIRST_NAME', direction: 'DESC' }], filter: { search: 'jordan' } });
    expect(answer.errors).toBeUndefined();
    const all = await ask({ first: 100, orderBy: [{ field: 'FIRST_NAME', direction: 'DESC' }], filter: { search: 'jordan' } });
    expect(answer.data!.customers.totalCount).toBe(all.data!.customers.edges.length);
    expect(answer.data!.customers.totalCount).toBeGreaterThan(2);
  });

  it('refuses sorting with LIVE, naming orderBy, and more than three criteria', async () => {
    const { result, calls } = await gateway.callsDuring(async () => [
      await ask({ first: 3, orderBy: [{ field: 'EMAIL' }], consistency: 'LIVE' }),
      await ask({ first: 3, orderBy: [{ field: 'EMAIL' }, { field: 'LAST_NAME' }, { field: 'FIRST_NAME' }, { field: 'SOURCE' }] }),
    ]);
    expect(calls).toBe(0);
    expect(result[0]?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'orderBy' });
    expect(result[1]?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(result[1]?.errors?.[0]?.message).toContain('at most 3 sort criteria');
  });

  it('refuses a cursor of another order, naming after', async () => {
    const first = await ask({ first: 3, orderBy: [{ field: 'EMAIL' }] });
    const other = await ask({ first: 3, orderBy: [{ field: 'LAST_NAME' }], after: first.data!.customers.pageInfo.endCursor });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const live = await ask({ first: 3, after: first.data!.customers.pageInfo.endCursor, consistency: 'LIVE' });
    expect(live.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
