// At 500 generated customers per vendor (SANDBOX_CUSTOMERS=500): the index answers the same records as
// the live path for the same question, with no vendor call where the live path makes many.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_SECURITY } from '../../src/plugins/security.ts';
import type { GraphQLResponse } from '../support/gateway.ts';
import { type IndexedGateway, startIndexedGateway } from './indexed-setup.ts';

type Page = {
  customers: {
    totalCount: number;
    edges: Array<{ node: { source: string; sourceId: string; email: string | null; lastName: string | null } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};
const PAGE = `query P($after: String, $filter: CustomerFilter, $consistency: Consistency) {
  customers(first: 100, after: $after, filter: $filter, consistency: $consistency) {
    totalCount edges { node { source sourceId email lastName } } pageInfo { hasNextPage endCursor }
  }
}`;

let gateway: IndexedGateway;
beforeAll(async () => {
  // The live path needs room to walk the vendors whole (that is what the index is for).
  const security = { ...DEVELOPMENT_SECURITY, limits: { ...DEVELOPMENT_SECURITY.limits, maxVendorCalls: 100_000 } };
  gateway = await startIndexedGateway({ sandbox: { customers: 500 }, security, requestBudgetMs: 60_000 });
}, 120_000);
afterAll(() => gateway.stop());

async function everything(filter: Record<string, unknown>, consistency: 'LIVE' | 'INDEXED') {
  const nodes: Page['customers']['edges'][number]['node'][] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const answer: GraphQLResponse<Page> = await gateway.execute<Page, Record<string, unknown>>(PAGE, { after, filter, consistency });
    expect(answer.errors).toBeUndefined();
    nodes.push(...answer.data!.customers.edges.map((edge) => edge.node));
    if (!answer.data!.customers.pageInfo.hasNextPage) return { nodes, totalCount: answer.data!.customers.totalCount };
    after = answer.data!.customers.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

const keys = (nodes: Array<{ source: string; sourceId: string }>) => nodes.map((node) => `${node.source}:${node.sourceId}`).sort();

describe('indexed against live at 500 customers per vendor', () => {
  it('holds every record of every source', async () => {
    const { result, calls } = await gateway.callsDuring(() => everything({}, 'INDEXED'));
    expect(calls).toBe(0);
    expect(result.nodes.length).toBeGreaterThanOrEqual(2_000);
    expect(result.totalCount).toBe(result.nodes.length);
  });

  it('answers a search, an email and a source selection as LIVE does', async () => {
    const sample = (await everything({ sources: ['CRM'] }, 'INDEXED')).nodes;
    const person = sample[137]!;
    const surname = person.lastName!;
    for (const filter of [
      { search: surname },
      { email: person.email },
      { sources: ['KB_SUPPORT', 'PLATFORM'] },
      { search: surname.slice(0, 3), sources: ['CRM', 'KB_SUPPORT'] },
    ]) {
      const live = await everything(filter, 'LIVE');
      const { result: indexed, calls } = await gateway.callsDuring(() => everything(filter, 'INDEXED'));
      expect(calls, JSON.stringify(filter)).toBe(0);
      expect(live.nodes.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(keys(indexed.nodes), JSON.stringify(filter)).toEqual(keys(live.nodes));
      expect(indexed.totalCount).toBe(live.totalCount);
    }
  }, 120_000);
});
