import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CustomerFilter, CustomersPageDocument, type CustomersPageQuery } from '../../schema/generated/graphql.ts';
import { createCursorSeal } from '../../src/connections/cursor-seal.ts';
import { DEVELOPMENT_SECURITY } from '../../src/plugins/security.ts';
import { SEED_PEOPLE, SEED_SLICES } from '../../src/sandbox/seed.ts';
import { CUSTOMER_SOURCES, type CustomerSourceName } from '../../src/sources/model/index.ts';
import { type GraphQLResponse, startTestGateway, type TestGateway } from '../support/gateway.ts';

type Node = CustomersPageQuery['customers']['edges'][number]['node'];

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.stop());
beforeEach(() => gateway.reset());

/** Follows endCursor to the end; fails on any error. */
async function pageToTheEnd(
  filter: CustomerFilter | null,
  first: number,
  target: TestGateway = gateway,
): Promise<{ nodes: Node[]; totalCount: number }> {
  const nodes: Node[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (let pages = 0; pages < 200; pages++) {
    const answer: GraphQLResponse<CustomersPageQuery> = await target.execute(CustomersPageDocument, { first, after, filter });
    expect(answer.errors).toBeUndefined();
    const connection = answer.data!.customers;
    expect(connection.edges.length).toBeLessThanOrEqual(first);
    nodes.push(...connection.edges.map((edge) => edge.node));
    totalCount = connection.totalCount!;
    if (!connection.pageInfo.hasNextPage) return { nodes, totalCount };
    expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1)?.cursor);
    after = connection.pageInfo.endCursor ?? null;
  }
  throw new Error('paging did not end');
}

const keyOf = (node: Node) => `${node.source}:${node.sourceId}`;

function peopleMatching(source: CustomerSourceName, term: string): number {
  return SEED_SLICES[source].filter((p) => `${p.firstName} ${p.lastName} ${p.email ?? ''}`.toLowerCase().includes(term)).length;
}

describe('customers connection', () => {
  it.each(CUSTOMER_SOURCES)('pages through every %s customer exactly once', async (source) => {
    const { nodes, totalCount } = await pageToTheEnd({ sources: [source] }, 7);
    expect(nodes.every((node) => node.source === source)).toBe(true);
    expect(new Set(nodes.map(keyOf)).size).toBe(nodes.length);
    expect(nodes).toHaveLength(SEED_SLICES[source].length);
    expect(totalCount).toBe(SEED_SLICES[source].length);
  });

  it('pages through all sources in enum order, each record once, with a total for all', async () => {
    const { nodes, totalCount } = await pageToTheEnd(null, 25);
    const expected = CUSTOMER_SOURCES.reduce((sum, source) => sum + SEED_SLICES[source].length, 0);
    expect(nodes).toHaveLength(expected);
    expect(totalCount).toBe(expected);
    expect(new Set(nodes.map(keyOf)).size).toBe(expected);
    const order = nodes.map((node) => CUSTOMER_SOURCES.indexOf(node.source));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('lists the selected sources in enum order whatever order the filter names them in', async () => {
    const { nodes } = await pageToTheEnd({ sources: ['CRM', 'AMELIA'] }, 40);
    expect(nodes).toHaveLength(SEED_SLICES.AMELIA.length + SEED_SLICES.CRM.length);
    expect(nodes[0]?.source).toBe('AMELIA');
    expect(nodes.at(-1)?.source).toBe('CRM');
  });

  it('searches every source for "jordan" and returns only matching records', async () => {
    const { nodes, totalCount } = await pageToTheEnd({ search: 'jordan' }, 3);
    for (const source of CUSTOMER_SOURCES) {
      expect(
        nodes.filter((node) => node.source === source),
        source,
      ).toHaveLength(peopleMatching(source, 'jordan'));
    }
    expect(totalCount).toBe(nodes.length);
    for (const node of nodes) expect(`${node.displayName} ${node.email}`.toLowerCase()).toContain('jordan');
  });

  it('reads a filtered PLATFORM page and its totalCount in one vendor call', async () => {
    const answer = await gateway.execute(CustomersPageDocument, {
      first: 2,
      after: null,
      filter: { sources: ['PLATFORM'], search: 'jordan' },
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.customers.totalCount).toBe(peopleMatching('PLATFORM', 'jordan'));
    expect(gateway.vendors.platform.server.requests).toHaveLength(1);
  });

  it('searches unicode names accent- and case-insensitively', async () => {
    const { nodes } = await pageToTheEnd({ search: 'MÜLLER' }, 10);
    const expected = CUSTOMER_SOURCES.filter((source) => SEED_SLICES[source].some((p) => p.lastName === 'Müller'));
    expect(nodes.map((node) => node.source).sort()).toEqual(expected.sort());
    expect(nodes.every((node) => node.lastName === 'Müller')).toBe(true);
  });

  it('filters by exact email in every source, after lower-casing', async () => {
    const person = SEED_PEOPLE.find((p) => p.email === 'jordan.kim@example.test')!;
    const { nodes, totalCount } = await pageToTheEnd({ email: 'Jordan.Kim@EXAMPLE.test' }, 10);
    const holders = CUSTOMER_SOURCES.filter((source) => SEED_SLICES[source].includes(person));
    expect(nodes.map((node) => node.source)).toEqual(holders);
    expect(nodes.every((node) => node.email?.toLowerCase() === person.email)).toBe(true);
    expect(totalCount).toBe(holders.length);
  });

  it('refuses more than 100 per page, naming the argument, before asking any vendor', async () => {
    const answer = await gateway.execute(CustomersPageDocument, { first: 101 });
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.errors?.[0]?.message).toMatch(/first: must be at most 100/);
    expect(gateway.vendorCalls()).toBe(0);
  });

  it('refuses a cursor that is not one, or that belongs to another filter', async () => {
    const garbage = await gateway.execute(CustomersPageDocument, { first: 5, after: 'bm90IGEgY3Vyc29y' });
    expect(garbage.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });

    const page = await gateway.execute(CustomersPageDocument, { first: 5, filter: { search: 'a' } });
    const cursor = page.data!.customers.pageInfo.endCursor;
    const reused = await gateway.execute(CustomersPageDocument, { first: 5, after: cursor, filter: { search: 'b' } });
    expect(reused.errors?.[0]?.message).toMatch(/different filter/);
  });

  it.each(CUSTOMER_SOURCES)('refuses a cursor whose %s paging token was edited, sealed or not', async (source) => {
    const page = await gateway.execute(CustomersPageDocument, { first: 1, filter: { sources: [source] } });
    const [body, tag] = page.data!.customers.pageInfo.endCursor!.split('.');
    const cursor = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')) as object;
    const edited = Buffer.from(JSON.stringify({ ...cursor, t: { evil: '../../admin?x=1' } })).toString('base64url');
    // With the gateway's own secret (this test process's): the adapter still refuses a token it did not make.
    const resealed = createCursorSeal(DEVELOPMENT_SECURITY.cursorSecrets).seal({ ...cursor, t: { evil: '../../admin?x=1' } });
    gateway.reset();
    for (const after of [`${edited}.${tag}`, edited, resealed]) {
      const answer = await gateway.execute(CustomersPageDocument, { first: 1, after, filter: { sources: [source] } });
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
    expect(gateway.vendorCalls()).toBe(0);
  });

  it('says hasPreviousPage after a cursor and gives an empty last page nowhere', async () => {
    const first = await gateway.execute(CustomersPageDocument, { first: SEED_SLICES.AMELIA.length, filter: { sources: ['AMELIA'] } });
    expect(first.data!.customers.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    const next = await gateway.execute(CustomersPageDocument, {
      first: 5,
      after: first.data!.customers.edges[2]!.cursor,
      filter: { sources: ['AMELIA'] },
    });
    expect(next.data!.customers.pageInfo.hasPreviousPage).toBe(true);
    expect(next.data!.customers.edges[0]!.node.id).toBe(first.data!.customers.edges[3]!.node.id);
  });
});

describe.each(['documented', 'observed'] as const)('KB Support customers when the installation behaves as %s', (behaviour) => {
  let kb: TestGateway;
  beforeAll(async () => {
    kb = await startTestGateway();
    kb.vendors.kbSupport.behaviour = behaviour;
  });
  afterAll(() => kb.stop());

  it('pages to the end, each customer once, with the right total', async () => {
    const { nodes, totalCount } = await pageToTheEnd({ sources: ['KB_SUPPORT'] }, 6, kb);
    expect(new Set(nodes.map(keyOf)).size).toBe(SEED_SLICES.KB_SUPPORT.length);
    expect(nodes).toHaveLength(SEED_SLICES.KB_SUPPORT.length);
    expect(totalCount).toBe(SEED_SLICES.KB_SUPPORT.length);
  });

  it('filters by email and search without passing unfiltered records on', async () => {
    const byEmail = await kb.execute(CustomersPageDocument, {
      first: 50,
      filter: { sources: ['KB_SUPPORT'], email: 'oscar.wilde@example.test' },
    });
    expect(byEmail.data!.customers.edges.map((edge) => edge.node.email)).toEqual(['oscar.wilde@example.test']);
    const bySearch = await kb.execute(CustomersPageDocument, { first: 50, filter: { sources: ['KB_SUPPORT'], search: 'jordan' } });
    expect(bySearch.data!.customers.edges).toHaveLength(peopleMatching('KB_SUPPORT', 'jordan'));
  });
});
