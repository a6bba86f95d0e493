// Vendor warnings reach the client only on the answers whose fields caused them, each with the path of
// its field: a list the gateway read for its own purpose (the CRM's whole list behind sameAs) adds
// none, a page that does carry one shows it where it was asked, and a read two fields shared tells both.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

interface Warning {
  source: string;
  code: string | null;
  message: string;
  path: Array<string | number>;
}

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.stop());
beforeEach(() => gateway.reset());

async function ask(query: string, variables: Record<string, unknown> = {}) {
  const answer = await gateway.execute<Record<string, unknown>, Record<string, unknown>>(query, variables);
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return { data: answer.data!, warnings: answer.extensions?.warnings as Warning[] | undefined };
}

/** Ids of CRM customers, the archived ones (the CRM warns about them) marked. */
async function crmCustomers(): Promise<Array<{ id: string; archived: boolean }>> {
  const { data } = await ask('{ customers(first: 100, filter: { sources: [CRM] }) { edges { node { id crm { archived } } } } }');
  type Node = { id: string; crm: { archived: boolean } | null };
  return (data.customers as { edges: Array<{ node: Node }> }).edges.map(({ node }) => ({
    id: node.id,
    archived: node.crm?.archived ?? false,
  }));
}

describe('vendor warnings, on the fields that caused them', () => {
  it('adds none to sameAs, although the CRM list read behind it warns about archived customers', async () => {
    const { data } = await ask('{ customers(first: 20, filter: { sources: [AMELIA] }) { edges { node { id email } } } }');
    const withEmail = (data.customers as { edges: Array<{ node: { id: string; email: string | null } }> }).edges.find(
      (edge) => edge.node.email !== null,
    );
    gateway.vendors.crm.server.clearLog();
    const answer = await ask('query ($id: ID!) { customer(id: $id) { sameAs { source } } }', { id: withEmail!.node.id });
    // The CRM's whole list was read (it has no email filter), and its pages carry ARCHIVED_CUSTOMERS.
    expect(gateway.vendors.crm.server.calls('/v1/crm/customers', 'GET').length).toBeGreaterThan(0);
    expect(answer.warnings).toBeUndefined();
  });

  it('shows the warning of a page that carries one, with the path of the field that asked (its alias)', async () => {
    const { warnings } = await ask('{ crmPage: customers(first: 100, filter: { sources: [CRM] }) { edges { node { id } } } }');
    expect(warnings?.length).toBeGreaterThan(0);
    for (const warning of warnings ?? []) {
      expect(warning).toEqual({
        source: 'CRM',
        code: 'ARCHIVED_CUSTOMERS',
        message: expect.stringMatching(/archived customer/),
        path: ['crmPage'],
      });
    }
  });

  it('shows none for a query that does not touch the source', async () => {
    const { warnings } = await ask(
      '{ customers(first: 100, filter: { sources: [AMELIA, KB_SUPPORT, PLATFORM] }) { edges { node { id } } } }',
    );
    expect(warnings).toBeUndefined();
  });

  it('tells every field that asked for a read they shared', async () => {
    const listCalls = () => gateway.vendors.crm.server.requests.filter((request) => request.path === '/v1/crm/customers').length;
    gateway.vendors.crm.server.clearLog();
    await ask('{ customers(first: 100, filter: { sources: [CRM] }) { edges { node { id } } } }');
    const onePage = listCalls();
    gateway.vendors.crm.server.clearLog();
    const { warnings } = await ask(`{
      first: customers(first: 100, filter: { sources: [CRM] }) { edges { node { id } } }
      second: customers(first: 100, filter: { sources: [CRM] }) { edges { node { id } } }
    }`);
    // The pages read once for both, their warnings on both, the same ones.
    expect(listCalls()).toBe(onePage);
    const on = (field: string) => (warnings ?? []).filter((warning) => warning.path[0] === field).map((warning) => warning.message);
    expect(on('first').length).toBeGreaterThan(0);
    expect(on('second')).toEqual(on('first'));
    expect(new Set(warnings?.map((warning) => warning.path.join('.')))).toEqual(new Set(['first', 'second']));
  });

  it('puts the warning about one record on each field that asked for it, and on no other', async () => {
    const customers = await crmCustomers();
    const archived = customers.find((customer) => customer.archived);
    const current = customers.find((customer) => !customer.archived);
    gateway.vendors.crm.server.clearLog();
    const { warnings } = await ask(
      'query ($archived: ID!, $current: ID!) { a: customer(id: $archived) { id } b: customer(id: $archived) { id } c: customer(id: $current) { id } }',
      { archived: archived!.id, current: current!.id },
    );
    // Asked twice, read once.
    expect(gateway.vendors.crm.server.calls('/v1/crm/customers/', 'GET')).toHaveLength(2);
    expect(warnings?.map((warning) => [warning.code, warning.path])).toEqual([
      ['CUSTOMER_ARCHIVED', ['a']],
      ['CUSTOMER_ARCHIVED', ['b']],
    ]);
  });

  it('puts what the CRM says while a mutation writes on the mutation field', async () => {
    const archived = (await crmCustomers()).find((customer) => customer.archived);
    const { data, warnings } = await ask(
      'mutation ($id: ID!) { changed: updateCustomer(id: $id, input: { note: "Still archived" }) { __typename } }',
      {
        id: archived!.id,
      },
    );
    expect(data.changed).toEqual({ __typename: 'UpdateCustomerSuccess' });
    expect(warnings?.length).toBeGreaterThan(0);
    for (const warning of warnings ?? []) expect(warning).toMatchObject({ source: 'CRM', code: 'CUSTOMER_ARCHIVED', path: ['changed'] });
  });

  it('puts the change feed page warning on customerChanges', async () => {
    const { warnings } = await ask('{ feed: customerChanges(since: "2000-01-01T00:00:00.000Z", first: 100) { edges { cursor } } }');
    expect(warnings?.length).toBeGreaterThan(0);
    for (const warning of warnings ?? []) expect(warning).toMatchObject({ source: 'CRM', code: 'ARCHIVED_CUSTOMERS', path: ['feed'] });
  });
});
