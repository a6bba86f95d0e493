// The read path as a client meets it: the fewest vendor calls a page can be had with, every source a
// page needs asked at once, a hanging source that costs the others nothing, and a failure in one
// record's read that nulls that field of that record — every other record and source still arrives.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_SLICES } from '../../src/sandbox/seed.ts';
import type { SandboxServer } from '../../src/sandbox/server.ts';
import type { CustomerSourceName } from '../../src/sources/model/index.ts';
import { type GraphQLResponse, startTestGateway, type TestGateway } from '../support/gateway.ts';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.stop());
beforeEach(() => {
  gateway.reset();
  for (const source of ['AMELIA', 'KB_SUPPORT', 'PLATFORM', 'CRM'] as const) serverOf(source).latencyMs = 0;
});

function serverOf(source: CustomerSourceName, target: TestGateway = gateway): SandboxServer {
  const { amelia, kbSupport, platform, crm } = target.vendors;
  return { AMELIA: amelia, KB_SUPPORT: kbSupport, PLATFORM: platform, CRM: crm }[source].server;
}

type Json = Record<string, unknown>;
const ask = (query: string, variables: Json = {}, target: TestGateway = gateway) => target.execute<Json, Json>(query, variables);
const codeOf = (answer: GraphQLResponse<Json>, at: string) =>
  (answer.errors ?? []).filter((error) => error.path?.join('.').endsWith(at)).map((error) => error.extensions?.code);
/** Amelia's route is the `call` parameter of admin-ajax.php (amelia-customers.txt). */
const ameliaCall = (request: { query: URLSearchParams }) => request.query.get('call') ?? '';

interface Page {
  totalCount?: number | null;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ node: { id: string; source: string } }>;
}

describe('the fewest vendor calls', () => {
  const PAGE = `query($source: CustomerSource!, $after: String) {
    customers(first: 10, after: $after, filter: { sources: [$source] }) { totalCount pageInfo { hasNextPage endCursor } edges { node { id source } } }
  }`;

  it.each(['AMELIA', 'PLATFORM'] as const)(
    'answers a first page of %s with its totalCount in one call, and says a next page exists',
    async (source) => {
      const answer = await ask(PAGE, { source });
      const page = answer.data!.customers as Page;
      expect(page.edges).toHaveLength(10);
      expect(page.pageInfo.hasNextPage).toBe(true);
      expect(page.totalCount).toBe(SEED_SLICES[source].length);
      expect(gateway.vendorCalls()).toBe(1);
    },
  );

  it('answers the first page of three sources, one field each, with three calls', async () => {
    const query = `{
      a: customers(first: 10, filter: { sources: [AMELIA] }) { pageInfo { hasNextPage endCursor } edges { node { id displayName email } } }
      p: customers(first: 10, filter: { sources: [PLATFORM] }) { pageInfo { hasNextPage endCursor } edges { node { id displayName email } } }
      c: customers(first: 10, filter: { sources: [CRM] }) { pageInfo { hasNextPage endCursor } edges { node { id displayName email } } }
    }`;
    const answer = await ask(query);
    expect(answer.errors).toBeUndefined();
    for (const alias of ['a', 'p', 'c']) expect((answer.data![alias] as Page).edges).toHaveLength(10);
    expect(gateway.vendorCalls()).toBe(3);
  });

  it("pages Amelia to its end with one call a page: a cursor at a page's end reads no page only to skip it", async () => {
    const ids: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const answer = await ask(PAGE, { source: 'AMELIA', after });
      const page = answer.data!.customers as Page;
      ids.push(...page.edges.map((edge) => edge.node.id));
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(new Set(ids).size).toBe(SEED_SLICES.AMELIA.length);
    expect(serverOf('AMELIA').requests.filter((request) => ameliaCall(request) === '/api/v1/users/customers')).toHaveLength(pages);
  });
});

describe('every source a page needs, asked at once', () => {
  it('waits for the slowest source, never for the sum', async () => {
    // Amelia's 30 customers are three pages read one after another; the PLATFORM's page meanwhile.
    serverOf('AMELIA').latencyMs = 250;
    serverOf('PLATFORM').latencyMs = 650;
    const started = performance.now();
    const answer = await ask('{ customers(first: 40, filter: { sources: [AMELIA, PLATFORM] }) { edges { node { source } } } }');
    const elapsed = performance.now() - started;
    const sources = (answer.data!.customers as Page).edges.map((edge) => edge.node.source);
    expect(sources.filter((source) => source === 'AMELIA')).toHaveLength(30);
    expect(sources.filter((source) => source === 'PLATFORM')).toHaveLength(10);
    // One after another it would be 3 × 250 + 650 = 1,400 ms.
    expect(elapsed).toBeLessThan(1_150);
  });

  it("with one source hanging, answers every other source by one attempt's timeout and names the hanging one", async () => {
    const hanging = await startTestGateway({ http: { responseTimeoutMs: 600, totalTimeoutMs: 2_000, getRetries: 2 } });
    try {
      serverOf('PLATFORM', hanging).injectFault({ fault: { kind: 'hang' } });
      const started = performance.now();
      const answer = await ask('{ customers(first: 100) { totalCount edges { node { source } } } }', {}, hanging);
      const elapsed = performance.now() - started;
      const sources = new Set((answer.data!.customers as Page).edges.map((edge) => edge.node.source));
      expect([...sources]).toEqual(['AMELIA', 'KB_SUPPORT', 'CRM']);
      expect(serverOf('CRM', hanging).requests.length).toBeGreaterThan(0);
      const failures = (answer.errors ?? []).map((error) => error.extensions);
      expect(failures.length).toBeGreaterThan(0);
      expect(failures.every((extensions) => extensions?.source === 'PLATFORM' && extensions.reason === 'TIMEOUT')).toBe(true);
      // A timed-out read is not tried again: the vendor is hanging.
      expect(elapsed).toBeLessThan(600 + 400);
    } finally {
      await hanging.stop();
    }
  });
});

describe('one failure nulls one field of one record', () => {
  it("identifiers: one customer's read fails, every other record and source arrives", async () => {
    const listed = await ask('{ customers(first: 3, filter: { sources: [PLATFORM] }) { edges { node { sourceId } } } }');
    const victim = (listed.data!.customers as { edges: Array<{ node: { sourceId: string } }> }).edges[1]!.node.sourceId;
    serverOf('PLATFORM').injectFault({
      fault: { kind: 'status', status: 500 },
      when: (request) => request.path.includes(`/${victim}/model-identifiers`),
    });
    const answer = await ask(
      '{ customers(first: 100, filter: { sources: [PLATFORM, CRM] }) { edges { node { sourceId source identifiers { code } } } } }',
    );
    const nodes = (
      answer.data!.customers as { edges: Array<{ node: { sourceId: string; source: string; identifiers: unknown[] | null } }> }
    ).edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(SEED_SLICES.PLATFORM.length + SEED_SLICES.CRM.length);
    expect(nodes.filter((node) => node.identifiers === null).map((node) => node.sourceId)).toEqual([victim]);
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['SOURCE_UNAVAILABLE']);
    expect(answer.errors?.[0]).toMatchObject({
      path: ['customers', 'edges', 1, 'node', 'identifiers'],
      extensions: { source: 'PLATFORM' },
    });
  });

  it("deletionCheck: one customer's check fails, the others are answered", async () => {
    const listed = await ask('{ customers(first: 1, filter: { sources: [AMELIA] }) { edges { node { sourceId } } } }');
    const victim = (listed.data!.customers as { edges: Array<{ node: { sourceId: string } }> }).edges[0]!.node.sourceId;
    serverOf('AMELIA').injectFault({
      fault: { kind: 'status', status: 500 },
      when: (request) => ameliaCall(request) === `/api/v1/users/customers/effect/${victim}`,
    });
    const answer = await ask(
      '{ customers(first: 5, filter: { sources: [AMELIA, CRM] }) { edges { node { id deletionCheck { allowed } } } } }',
    );
    const checks = (answer.data!.customers as { edges: Array<{ node: { deletionCheck: unknown } }> }).edges.map(
      (edge) => edge.node.deletionCheck,
    );
    expect(checks).toHaveLength(5);
    expect(checks.filter((check) => check === null)).toHaveLength(1);
    expect(codeOf(answer, 'deletionCheck')).toEqual(['SOURCE_UNAVAILABLE']);
  });

  it('customFields: the definitions cannot be read, every customer still arrives', async () => {
    serverOf('PLATFORM').injectFault({
      fault: { kind: 'status', status: 500 },
      when: (request) => request.path.endsWith('/custom-fields'),
    });
    const answer = await ask(
      '{ customers(first: 100, filter: { sources: [PLATFORM, CRM] }) { edges { node { source customFields { fieldId } } } } customFields { id } }',
    );
    const nodes = (answer.data!.customers as { edges: Array<{ node: { source: string; customFields: unknown } }> }).edges.map(
      (edge) => edge.node,
    );
    expect(nodes).toHaveLength(SEED_SLICES.PLATFORM.length + SEED_SLICES.CRM.length);
    expect(nodes.filter((node) => node.source === 'PLATFORM').every((node) => node.customFields === null)).toBe(true);
    expect(nodes.filter((node) => node.source === 'CRM').every((node) => Array.isArray(node.customFields))).toBe(true);
    expect(answer.data!.customFields).toBeNull();
    expect(codeOf(answer, 'customFields').every((code) => code === 'SOURCE_UNAVAILABLE')).toBe(true);
  });

  it("an employee's whole record: its read fails, its fields are null, every other employee arrives", async () => {
    const listed = await ask('{ employees(first: 3) { edges { node { sourceId } } } }');
    const victim = (listed.data!.employees as { edges: Array<{ node: { sourceId: string } }> }).edges[0]!.node.sourceId;
    serverOf('AMELIA').injectFault({
      fault: { kind: 'status', status: 500 },
      when: (request) => ameliaCall(request) === `/api/v1/users/providers/${victim}`,
    });
    const answer = await ask(
      '{ employees(first: 20) { edges { node { sourceId weeklySchedule { day } services { serviceId } bookable deletionCheck { allowed } } } } }',
    );
    const nodes = (
      answer.data!.employees as {
        edges: Array<{ node: { sourceId: string; weeklySchedule: unknown; services: unknown; bookable: unknown } }>;
      }
    ).edges.map((edge) => edge.node);
    expect(nodes.length).toBeGreaterThan(3);
    const broken = nodes.find((node) => node.sourceId === victim)!;
    expect([broken.weeklySchedule, broken.services, broken.bookable]).toEqual([null, null, null]);
    expect(nodes.filter((node) => node.sourceId !== victim).every((node) => Array.isArray(node.weeklySchedule))).toBe(true);
    expect(
      (answer.errors ?? []).every((error) => error.extensions?.code === 'SOURCE_UNAVAILABLE' && error.path?.[2] === nodes.indexOf(broken)),
    ).toBe(true);
  });

  it("an employee's deletion check fails, the others are answered", async () => {
    const listed = await ask('{ employees(first: 1) { edges { node { sourceId } } } }');
    const victim = (listed.data!.employees as { edges: Array<{ node: { sourceId: string } }> }).edges[0]!.node.sourceId;
    serverOf('AMELIA').injectFault({
      fault: { kind: 'status', status: 500 },
      when: (request) => ameliaCall(request) === `/api/v1/users/providers/effect/${victim}`,
    });
    const answer = await ask('{ employees(first: 4) { edges { node { deletionCheck { allowed } } } } }');
    const checks = (answer.data!.employees as { edges: Array<{ node: { deletionCheck: unknown } }> }).edges.map(
      (edge) => edge.node.deletionCheck,
    );
    expect(checks.filter((check) => check === null)).toHaveLength(1);
    expect(checks.filter((check) => check !== null)).toHaveLength(3);
  });

  it('root fields: employees and customerChanges fail alone, the customers beside them stand', async () => {
    serverOf('AMELIA').injectFault({
      fault: { kind: 'status', status: 500 },
      when: (request) => ameliaCall(request).startsWith('/api/v1/users/providers'),
    });
    serverOf('CRM').injectFault({ fault: { kind: 'status', status: 500 }, when: (request) => request.path.endsWith('/export') });
    const answer = await ask(`{
      employees(first: 5) { totalCount edges { node { id } } }
      customerChanges(since: "2000-01-01T00:00:00Z", first: 5) { edges { cursor } }
      customers(first: 5, filter: { sources: [PLATFORM] }) { edges { node { id } } }
    }`);
    expect(answer.data!.employees).toBeNull();
    expect(answer.data!.customerChanges).toBeNull();
    expect((answer.data!.customers as Page).edges).toHaveLength(5);
    expect(codeOf(answer, 'employees')).toEqual(['SOURCE_UNAVAILABLE']);
    expect(codeOf(answer, 'customerChanges')).toEqual(['SOURCE_UNAVAILABLE']);
  });

  it('sameAs and totalCount: a failing source is named at the field, the rest of the answer stands', async () => {
    serverOf('KB_SUPPORT').injectFault({ fault: { kind: 'status', status: 500 } });
    const answer = await ask(
      '{ customers(first: 3, filter: { sources: [AMELIA] }) { totalCount edges { node { sameAs { source } } } } all: customers(first: 1) { totalCount } }',
    );
    expect((answer.data!.customers as Page).edges).toHaveLength(3);
    expect((answer.data!.customers as Page).totalCount).toBe(SEED_SLICES.AMELIA.length);
    const all = answer.data!.all as Page;
    expect(all.totalCount).toBe(SEED_SLICES.AMELIA.length + SEED_SLICES.PLATFORM.length + SEED_SLICES.CRM.length);
    expect((answer.errors ?? []).every((error) => error.extensions?.source === 'KB_SUPPORT')).toBe(true);
    expect(codeOf(answer, 'sameAs')).toEqual(['SOURCE_UNAVAILABLE']);
    expect(codeOf(answer, 'all.totalCount')).toEqual(['SOURCE_UNAVAILABLE']);
  });

  it("an account's customers: one account's read fails, every other record arrives", async () => {
    const listed = await ask('{ customers(first: 100, filter: { sources: [PLATFORM] }) { edges { node { account { id } } } } }');
    const accounts = (listed.data!.customers as { edges: Array<{ node: { account: { id: string } | null } }> }).edges.flatMap((edge) =>
      edge.node.account ? [edge.node.account.id] : [],
    );
    expect(accounts.length).toBeGreaterThan(1);
    const victim = accounts[0]!;
    serverOf('PLATFORM').injectFault({
      fault: { kind: 'status', status: 500 },
      when: (request) => request.query.get('filter[account_id]') === victim,
    });
    const answer = await ask(
      '{ customers(first: 100, filter: { sources: [PLATFORM] }) { edges { node { account { id customers { id } } } } } }',
    );
    const linked = (
      answer.data!.customers as { edges: Array<{ node: { account: { id: string; customers: unknown[] | null } | null } }> }
    ).edges.flatMap((edge) => (edge.node.account ? [edge.node.account] : []));
    expect(linked.filter((account) => account.customers === null).map((account) => account.id)).toEqual(
      linked.filter((account) => account.id === victim).map((account) => account.id),
    );
    expect(linked.filter((account) => account.id !== victim).every((account) => Array.isArray(account.customers))).toBe(true);
    expect(codeOf(answer, 'customers').every((code) => code === 'SOURCE_UNAVAILABLE')).toBe(true);
  });

  it("Amelia's appointment stats of a customer read by id: one lookup fails, the other customer's arrive", async () => {
    const listed = await ask('{ customers(first: 2, filter: { sources: [AMELIA] }) { edges { node { id email } } } }');
    const [first, second] = (listed.data!.customers as { edges: Array<{ node: { id: string; email: string } }> }).edges.map(
      (edge) => edge.node,
    );
    serverOf('AMELIA').injectFault({
      fault: { kind: 'status', status: 500 },
      when: (request) => request.query.get('search') === first!.email,
    });
    const answer = await ask(
      `{ nodes(ids: ["${first!.id}", "${second!.id}"]) { id ... on Customer { amelia { appointmentStats { total } } } } }`,
    );
    const nodes = answer.data!.nodes as Array<{ id: string; amelia: { appointmentStats: unknown } | null }>;
    expect(nodes.map((node) => node.id)).toEqual([first!.id, second!.id]);
    expect(nodes[0]!.amelia).toEqual({ appointmentStats: null });
    expect(nodes[1]!.amelia?.appointmentStats).not.toBeNull();
    expect(codeOf(answer, 'appointmentStats')).toEqual(['SOURCE_UNAVAILABLE']);
  });
});
