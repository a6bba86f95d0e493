import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CustomersWithSameAsDocument } from '../../schema/generated/graphql.ts';
import { SEED_SLICES } from '../../src/sandbox/seed.ts';
import { CUSTOMER_SOURCES } from '../../src/sources/model/index.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.stop());
beforeEach(() => gateway.reset());

describe('Customer.sameAs', () => {
  it('finds the same mailbox in the other sources, and only there', async () => {
    const answer = await gateway.execute(CustomersWithSameAsDocument, { first: 20, filter: { sources: ['CRM'] } });
    expect(answer.errors).toBeUndefined();
    for (const { node } of answer.data!.customers.edges) {
      const email = node.email?.toLowerCase();
      const expected = CUSTOMER_SOURCES.filter(
        (source) => source !== 'CRM' && email !== undefined && SEED_SLICES[source].some((p) => p.email === email),
      );
      expect(
        node.sameAs.map((other) => other.source),
        node.email ?? node.id,
      ).toEqual(expected);
      for (const other of node.sameAs) expect(other.email?.toLowerCase()).toBe(email);
    }
  });

  it("looks up 20 customers' emails in one batch per source, not one per customer", async () => {
    const answer = await gateway.execute(CustomersWithSameAsDocument, { first: 20, filter: { sources: ['AMELIA'] } });
    expect(answer.errors).toBeUndefined();
    const nodes = answer.data!.customers.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(20);
    const emails = new Set(nodes.flatMap((node) => (node.email ? [node.email.toLowerCase()] : [])));
    const { amelia, kbSupport, platform, crm } = gateway.vendors;

    // PLATFORM filters one exact email per call; its whole list (one page of 100) is cheaper for 19 emails.
    expect(emails.size).toBeGreaterThan(1);
    expect(platform.server.requests).toHaveLength(1);

    // The CRM cannot filter: its whole list is read once for all twenty (pages of 10).
    expect(crm.server.requests).toHaveLength(Math.ceil(SEED_SLICES.CRM.length / 10));

    // KB Support (observed installation, the sandbox default): the list read once, then each id below it once.
    const fullLists = kbSupport.server.requests.filter((r) => r.path.endsWith('/customers') && r.query.get('per_page') === '100');
    expect(fullLists).toHaveLength(1);
    const singleIds = kbSupport.server.requests.flatMap((r) => r.path.match(/customers\/(\d+)$/)?.[1] ?? []);
    expect(singleIds.length).toBeGreaterThan(0);
    expect(new Set(singleIds).size).toBe(singleIds.length);

    // Amelia is the listed source itself: only its list pages, no lookups.
    expect(amelia.server.requests.every((r) => !r.query.get('call')?.match(/customers\/\d+/))).toBe(true);
  });

  it('reads KB Support customers asked by id from the list a sameAs walk reads anyway', async () => {
    const listed = await gateway.execute<
      { kb: { edges: Array<{ node: { id: string } }> }; amelia: { edges: Array<{ node: { id: string } }> } },
      Record<string, never>
    >(
      '{ kb: customers(first: 3, filter: { sources: [KB_SUPPORT] }) { edges { node { id } } } amelia: customers(first: 2, filter: { sources: [AMELIA] }) { edges { node { id } } } }',
    );
    const ids = [...listed.data!.kb.edges, ...listed.data!.amelia.edges].map((edge) => edge.node.id);
    const { kbSupport } = gateway.vendors;
    kbSupport.server.clearLog();

    const answer = await gateway.execute<{ nodes: Array<{ sourceId: string; sameAs: unknown[] } | null> }, { ids: string[] }>(
      'query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Customer { sourceId sameAs { source } } } }',
      { ids },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.nodes.every((node) => node !== null)).toBe(true);
    const askedKb = answer.data!.nodes.slice(0, 3).map((node) => node!.sourceId);
    const fullLists = kbSupport.server.requests.filter((r) => r.path.endsWith('/customers') && r.query.get('per_page') === '100');
    expect(fullLists).toHaveLength(1);
    const singleIds = kbSupport.server.requests.flatMap((r) => r.path.match(/customers\/(\d+)$/)?.[1] ?? []);
    expect(singleIds.filter((id) => askedKb.includes(id))).toEqual([]);
    expect(singleIds.length).toBeGreaterThan(0);
    expect(new Set(singleIds).size).toBe(singleIds.length);
  });

  it('starts the whole-list reads sameAs needs beside the by-id reads, not after them, and makes each once', async () => {
    const listed = await gateway.execute<{ amelia: { edges: Array<{ node: { id: string } }> } }, Record<string, never>>(
      '{ amelia: customers(first: 3, filter: { sources: [AMELIA] }) { edges { node { id } } } }',
    );
    const ids = listed.data!.amelia.edges.map((edge) => edge.node.id);
    const { amelia, crm } = gateway.vendors;
    const LATENCY_MS = 80;
    amelia.server.latencyMs = LATENCY_MS;
    crm.server.latencyMs = LATENCY_MS;
    amelia.server.clearLog();
    crm.server.clearLog();
    try {
      const answer = await gateway.execute<{ nodes: Array<{ sameAs: unknown[] } | null> }, { ids: string[] }>(
        'query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Customer { sameAs { source } } } }',
        { ids },
      );
      expect(answer.errors).toBeUndefined();
    } finally {
      amelia.server.latencyMs = 0;
      crm.server.latencyMs = 0;
    }
    const firstRead = Math.min(...amelia.server.requests.map((r) => r.receivedAt));
    const crmPages = crm.server.requests.filter((r) => r.path.endsWith('/customers'));
    expect(crmPages).toHaveLength(Math.ceil(SEED_SLICES.CRM.length / 10));
    // The CRM's first page left before the Amelia records (and so their addresses) came back.
    expect(crmPages[0]!.receivedAt - firstRead).toBeLessThan(LATENCY_MS);
    expect(new Set(crmPages.map((r) => r.query.get('offset') ?? '')).size).toBe(crmPages.length);
  });

  it('matches the exact mailbox after lower-casing: gmail-style dots and +tags are other people', async () => {
    const create = (source: string, email: string) =>
      gateway.execute(
        `mutation { createCustomer(input: { source: ${source}, firstName: "Near", lastName: "Twin", email: "${email}" }) { __typename ... on CreateCustomerSuccess { customer { id } } } }`,
      );
    const made = await create('AMELIA', 'near.twin@example.test');
    expect(made.data).toMatchObject({ createCustomer: { __typename: 'CreateCustomerSuccess' } });
    for (const email of ['Near.Twin@Example.TEST', 'neartwin@example.test', 'near.twin+spa@example.test']) {
      expect((await create('CRM', email)).data).toMatchObject({ createCustomer: { __typename: 'CreateCustomerSuccess' } });
    }
    const id = (made.data as { createCustomer: { customer: { id: string } } }).createCustomer.customer.id;
    const answer = await gateway.execute<{ customer: { sameAs: Array<{ source: string; email: string }> } }, Record<string, never>>(
      `{ customer(id: "${id}") { sameAs { source email } } }`,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.customer.sameAs).toEqual([{ source: 'CRM', email: 'Near.Twin@Example.TEST' }]);
  });

  it('comes back empty for a customer without email', async () => {
    const answer = await gateway.execute(CustomersWithSameAsDocument, { first: 30, filter: { sources: ['AMELIA'], search: 'Olusegun' } });
    const [node] = answer.data!.customers.edges.map((edge) => edge.node);
    expect(node?.email).toBeNull();
    expect(node?.sameAs).toEqual([]);
  });
});
