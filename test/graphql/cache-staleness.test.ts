// With answers cached (in memory, and in a real redis-server), a write drops every cached answer it
// made stale — whatever the mutation answered — and none it did not: read → write → the identical read
// shows the change.
import { type Cache, createInMemoryCache } from '@graphql-yoga/plugin-response-cache';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultResponseCache } from '../../src/plugins/response-cache.ts';
import { closeRedis, connectRedis } from '../../src/stores/redis.ts';
import { createRedisResponseCache } from '../../src/stores/redis-response-cache.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { type RedisServer, startRedis } from '../support/redis.ts';

interface CacheUnderTest {
  cache: Cache;
  /** Forgets every cached answer. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

async function inMemory(): Promise<CacheUnderTest> {
  // Each test asks questions of its own (operation names), so entries of another test are never read.
  return { cache: createInMemoryCache(), flush: async () => undefined, stop: async () => undefined };
}

async function inRedis(): Promise<CacheUnderTest> {
  const server: RedisServer = await startRedis();
  const redis: Redis = connectRedis(server.url);
  return {
    cache: createRedisResponseCache(redis),
    flush: async () => void (await redis.flushdb()),
    stop: async () => {
      await closeRedis(redis);
      await server.stop();
    },
  };
}

type Data = Record<string, unknown>;

describe.each([
  { where: 'in memory', make: inMemory },
  { where: 'in Redis', make: inRedis },
])('a write drops the cached answers it made stale (answers cached $where)', ({ make }) => {
  let store: CacheUnderTest;
  let gateway: TestGateway;

  beforeAll(async () => {
    store = await make();
    gateway = await startTestGateway({ responseCache: { ...defaultResponseCache(60_000), cache: store.cache } });
  });
  afterAll(async () => {
    await gateway?.stop();
    await store?.stop();
  });
  beforeEach(async () => {
    gateway.reset();
    await store.flush();
  });

  const servers = () => {
    const { amelia, kbSupport, platform, crm } = gateway.vendors;
    return [amelia.server, kbSupport.server, platform.server, crm.server];
  };
  const clearLogs = () => {
    for (const server of servers()) server.clearLog();
  };
  const vendorRequests = () => servers().reduce((sum, server) => sum + server.requests.length, 0);

  async function ask(query: string, variables: Record<string, unknown> = {}): Promise<Data> {
    const answer = await gateway.execute<Data, Record<string, unknown>>(query, variables);
    expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
    return answer.data!;
  }

  /** Asks, then asks again and sees the repeat answered from the cache (no vendor asked): the answer is cached. */
  async function cached(query: string, variables: Record<string, unknown> = {}): Promise<Data> {
    const first = await ask(query, variables);
    clearLogs();
    expect(await ask(query, variables)).toEqual(first);
    expect(vendorRequests()).toBe(0);
    return first;
  }

  async function crmCustomerIds(): Promise<string[]> {
    const page = await ask('query CrmIds { customers(first: 10, filter: { sources: [CRM] }) { edges { node { id } } } }');
    return (page.customers as { edges: Array<{ node: { id: string } }> }).edges.map((edge) => edge.node.id);
  }

  /** Changes a CRM customer; the mutation's answer selects no id, so nothing in it names what changed. */
  async function updateCrm(id: string, input: string): Promise<void> {
    const written = await ask(`mutation { updateCustomer(id: "${id}", input: { ${input} }) { __typename } }`);
    expect(written.updateCustomer).toEqual({ __typename: 'UpdateCustomerSuccess' });
  }

  it('the customer itself', async () => {
    const [id] = await crmCustomerIds();
    const query = 'query StaleCustomer($id: ID!) { customer(id: $id) { note } }';
    await cached(query, { id });
    await updateCrm(id!, 'note: "Changed after it was cached"');
    expect(await ask(query, { id })).toEqual({ customer: { note: 'Changed after it was cached' } });
  });

  it('a connection page holding it', async () => {
    const [, id] = await crmCustomerIds();
    const query = 'query StalePage { customers(first: 50, filter: { sources: [CRM] }) { edges { node { id note } } } }';
    await cached(query);
    await updateCrm(id!, 'note: "Changed on the page"');
    const page = (await ask(query)).customers as { edges: Array<{ node: { id: string; note: string | null } }> };
    expect(page.edges.find((edge) => edge.node.id === id)?.node.note).toBe('Changed on the page');
  });

  it('a count of its source', async () => {
    const query = 'query StaleCount { customers(filter: { sources: [CRM] }) { totalCount } }';
    const before = (await cached(query)).customers as { totalCount: number };
    const created = await ask(
      'mutation { createCustomer(input: { source: CRM, firstName: "Count", lastName: "Me", email: "count.me@example.test" }) { __typename } }',
    );
    expect(created.createCustomer).toEqual({ __typename: 'CreateCustomerSuccess' });
    expect(await ask(query)).toEqual({ customers: { totalCount: before.totalCount + 1 } });
  });

  it('the sameAs of a record in another source, when a CRM customer takes its email', async () => {
    const listed = await ask(
      'query AmeliaEmails { customers(first: 50, filter: { sources: [AMELIA] }) { edges { node { id email sameAs { source } } } } }',
    );
    type Node = { id: string; email: string | null; sameAs: Array<{ source: string }> };
    const nodes = (listed.customers as { edges: Array<{ node: Node }> }).edges.map((edge) => edge.node);
    const lonely = nodes.find((node) => node.email !== null && !node.sameAs.some((other) => other.source === 'CRM'));
    expect(lonely).toBeDefined();
    const query = 'query StaleSameAs($id: ID!) { customer(id: $id) { sameAs { source } } }';
    const before = (await cached(query, { id: lonely!.id })).customer as { sameAs: Array<{ source: string }> };
    expect(before.sameAs.map((other) => other.source)).not.toContain('CRM');

    const [crmId] = await crmCustomerIds();
    await updateCrm(crmId!, `email: "${lonely!.email}"`);
    const after = (await ask(query, { id: lonely!.id })).customer as { sameAs: Array<{ source: string }> };
    expect(after.sameAs.map((other) => other.source)).toContain('CRM');
  });

  it('the change feed after a stored cursor, when a CRM customer changes', async () => {
    const since = '2000-01-01T00:00:00.000Z';
    const page =
      'query StaleFeed($since: DateTime!, $after: String) { customerChanges(since: $since, first: 100, after: $after) { edges { node { customer { id } } } pageInfo { endCursor hasNextPage } } }';
    type Feed = { edges: Array<{ node: { customer: { id: string } } }>; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
    let after: string | null = null;
    for (;;) {
      const feed: Feed = (await ask(page, { since, after })).customerChanges as Feed;
      after = feed.pageInfo.endCursor ?? after;
      if (!feed.pageInfo.hasNextPage) break;
    }
    // Caught up: the page after the stored cursor is empty, and cached.
    const caughtUp = (await cached(page, { since, after })).customerChanges as Feed;
    expect(caughtUp.edges).toEqual([]);

    const [id] = await crmCustomerIds();
    await updateCrm(id!, 'note: "A change to pick up"');
    const next = (await ask(page, { since, after })).customerChanges as Feed;
    expect(next.edges.map((edge) => edge.node.customer.id)).toEqual([id]);
  });

  it('an employee count, when an employee is created', async () => {
    const query = 'query StaleEmployeeCount { employees { totalCount } }';
    const before = (await cached(query)).employees as { totalCount: number };
    const created = await ask(
      'mutation { createEmployee(input: { firstName: "Cache", lastName: "Staff", email: "cache.staff@example.test", locationId: "1" }) { __typename } }',
    );
    expect(created.createEmployee).toEqual({ __typename: 'CreateEmployeeSuccess' });
    expect(await ask(query)).toEqual({ employees: { totalCount: before.totalCount + 1 } });
  });

  it('keeps what the write did not touch: a read of another source is still answered from the cache', async () => {
    const untouched = 'query Untouched { customers(first: 5, filter: { sources: [AMELIA, KB_SUPPORT] }) { edges { node { id note } } } }';
    const answer = await cached(untouched);
    const [id] = await crmCustomerIds();
    await updateCrm(id!, 'note: "Nothing to do with the others"');
    clearLogs();
    expect(await ask(untouched)).toEqual(answer);
    expect(vendorRequests()).toBe(0);
  });

  it('does not cache an answer read while a write to its source was done', async () => {
    const [id] = await crmCustomerIds();
    const query = 'query ReadAcross { customers(first: 100, filter: { sources: [AMELIA, CRM] }) { edges { node { id note } } } }';
    const noteOf = (data: Data) =>
      (data.customers as { edges: Array<{ node: { id: string; note: string | null } }> }).edges.find((edge) => edge.node.id === id)?.node
        .note;
    // The CRM page is read at once; Amelia's answer comes late, after the write to the CRM is done.
    gateway.vendors.amelia.server.latencyMs = 400;
    try {
      const reading = ask(query);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await updateCrm(id!, 'note: "Written while it was read"');
      expect(noteOf(await reading)).not.toBe('Written while it was read');
    } finally {
      gateway.vendors.amelia.server.latencyMs = 0;
    }
    expect(noteOf(await ask(query))).toBe('Written while it was read');
  });
});
