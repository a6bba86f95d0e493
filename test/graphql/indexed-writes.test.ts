// What keeps the index's answers right between syncs: the gateway's own writes go into the index inside
// the mutation (read-your-writes), a live read by id refreshes its row, and a read by id whose vendor is
// down answers the index's copy, marked stale, with the vendor's failure still named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerWrite } from '../../src/index/customer-write.ts';
import type { GraphQLResponse } from '../support/gateway.ts';
import { type IndexedGateway, startIndexedGateway } from './indexed-setup.ts';

interface Node {
  id: string;
  source: string;
  sourceId: string;
  firstName: string | null;
  email: string | null;
  syncedAt: string | null;
  stale: boolean;
}
type Page = { customers: { totalCount: number; edges: Array<{ node: Node }> } };

const FIELDS = 'id source sourceId firstName email syncedAt stale';
const BY_EMAIL = `query ByEmail($email: EmailAddress!) { customers(filter: { email: $email }) { totalCount edges { node { ${FIELDS} } } } }`;
const BY_ID = `query ById($id: ID!) { customer(id: $id) { ${FIELDS} } }`;

let gateway: IndexedGateway;
beforeAll(async () => {
  gateway = await startIndexedGateway();
});
afterAll(() => gateway.stop());

const byEmail = (email: string) => gateway.execute<Page, Record<string, unknown>>(BY_EMAIL, { email });
const byId = (id: string) => gateway.execute<{ customer: Node | null }, Record<string, unknown>>(BY_ID, { id });

async function create(source: string, email: string): Promise<Node> {
  const answer = await gateway.execute<{ createCustomer: { customer?: Node } }, Record<string, unknown>>(
    `mutation New($input: CreateCustomerInput!) { createCustomer(input: $input) { ... on CreateCustomerSuccess { customer { ${FIELDS} } } } }`,
    { input: { source, firstName: 'Fresh', lastName: 'Write', email } },
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.createCustomer.customer!;
}

describe('read-your-writes', () => {
  it.each(['CRM', 'AMELIA'])(
    'shows a %s customer created by the gateway in the next INDEXED read, with no sync between',
    async (source) => {
      const email = `created.${source.toLowerCase()}@ryw.example.test`;
      expect((await byEmail(email)).data!.customers.totalCount).toBe(0);
      const created = await create(source, email);
      const { result, calls } = await gateway.callsDuring(() => byEmail(email));
      expect(calls).toBe(0);
      expect(result.data!.customers.totalCount).toBe(1);
      expect(result.data!.customers.edges[0]!.node).toMatchObject({ id: created.id, source, stale: false });
      expect(result.data!.customers.edges[0]!.node.syncedAt).not.toBeNull();
    },
  );

  it('shows an update and a deletion made by the gateway in the next INDEXED read', async () => {
    const email = 'changed@ryw.example.test';
    const created = await create('CRM', email);
    const updated = await gateway.execute<{ updateCustomer: { __typename: string } }, Record<string, unknown>>(
      'mutation Change($id: ID!, $input: UpdateCustomerInput!) { updateCustomer(id: $id, input: $input) { __typename } }',
      { id: created.id, input: { firstName: 'Renamed' } },
    );
    expect(updated.data?.updateCustomer.__typename).toBe('UpdateCustomerSuccess');
    expect((await byEmail(email)).data!.customers.edges[0]!.node.firstName).toBe('Renamed');

    const deleted = await gateway.execute<{ deleteCustomer: { __typename: string } }, Record<string, unknown>>(
      'mutation Gone($id: ID!) { deleteCustomer(id: $id) { __typename } }',
      { id: created.id },
    );
    expect(deleted.data?.deleteCustomer.__typename).toBe('DeleteCustomerSuccess');
    const { result, calls } = await gateway.callsDuring(() => byEmail(email));
    expect(calls).toBe(0);
    expect(result.data!.customers.totalCount).toBe(0);
  });
  it('shows a PLATFORM merge in the next INDEXED read: the merged-away record gone', async () => {
    type Page = { customers: { edges: Array<{ node: { id: string; sourceId: string } }> } };
    const platform = await gateway.execute<Page, Record<string, unknown>>(
      '{ customers(first: 2, filter: { sources: [PLATFORM] }) { edges { node { id sourceId } } } }',
    );
    const [source, target] = platform.data!.customers.edges.map((edge) => edge.node);
    const merged = await gateway.execute<{ mergeCustomers: { __typename: string } }, Record<string, unknown>>(
      'mutation M($input: MergeCustomersInput!) { mergeCustomers(input: $input) { __typename } }',
      { input: { sourceId: source!.id, targetId: target!.id, confirm: true } },
    );
    expect(merged.data?.mergeCustomers.__typename).toBe('MergeCustomersSuccess');
    const { result, calls } = await gateway.callsDuring(() =>
      gateway.execute<Page, Record<string, unknown>>(
        '{ customers(first: 100, filter: { sources: [PLATFORM] }) { edges { node { id sourceId } } } }',
      ),
    );
    expect(calls).toBe(0);
    const ids = result.data!.customers.edges.map((edge) => edge.node.id);
    expect(ids).not.toContain(source!.id);
    expect(ids).toContain(target!.id);
  });
});

describe('the change log', () => {
  it("logs the gateway's writes as GATEWAY_WRITE and what the sync finds at the vendor as VENDOR", async () => {
    const crm = { connection: gateway.indexed.connections.CRM as string, source: 'CRM' as const };
    const before = await gateway.store.lastChangeSeq(crm);
    const created = await create('CRM', 'logged@ryw.example.test');
    const sourceId = created.sourceId;
    await gateway.execute('mutation Gone($id: ID!) { deleteCustomer(id: $id) { __typename } }', { id: created.id });
    const kbSupport = { connection: gateway.indexed.connections.KB_SUPPORT as string, source: 'KB_SUPPORT' as const };
    const kbBefore = await gateway.store.lastChangeSeq(kbSupport);
    const vendorMade = gateway.vendors.kbSupport.addCustomer({ name: 'Vendor Made', email: 'vendor.made@ryw.example.test' });
    await gateway.sync();
    const logged = async (scope: typeof crm | typeof kbSupport, after: number) =>
      (await gateway.store.changesSince(scope, after, 100)).map((entry) => [
        entry.seq - after,
        entry.kind,
        entry.key.vendorId,
        entry.origin,
      ]);
    expect(await logged(crm, before)).toEqual([
      [1, 'CREATED', sourceId, 'GATEWAY_WRITE'],
      [2, 'DELETED', sourceId, 'GATEWAY_WRITE'],
    ]);
    expect(await logged(kbSupport, kbBefore)).toEqual([[1, 'CREATED', String(vendorMade), 'VENDOR']]);
  });
});

describe('reads by id', () => {
  it('are live, and refresh the row they read', async () => {
    const created = await create('CRM', 'refreshed@byid.example.test');
    // The index drifted from the vendor (as between two syncs): it holds another name.
    const key = { connection: gateway.indexed.connections.CRM!, source: 'CRM' as const, vendorId: created.sourceId };
    const [row] = await gateway.store.get([key]);
    const drifted = { ...row!.customer, firstName: 'Drifted' };
    await gateway.store.upsert([customerWrite(key.connection, drifted, { readStartedAt: new Date(), seenAt: new Date() })]);
    expect((await byEmail('refreshed@byid.example.test')).data!.customers.edges[0]!.node.firstName).toBe('Drifted');
    const read = await byId(created.id);
    expect(read.data!.customer).toMatchObject({ firstName: 'Fresh', syncedAt: null, stale: false });
    expect((await byEmail('refreshed@byid.example.test')).data!.customers.edges[0]!.node.firstName).toBe('Fresh');
  });

  it('answer the index copy, stale, when the vendor is down, and still name the source', async () => {
    const first = (
      await gateway.execute<Page, Record<string, unknown>>(
        `{ customers(first: 1, filter: { sources: [CRM] }) { totalCount edges { node { ${FIELDS} } } } }`,
      )
    ).data!.customers.edges[0]!.node;
    gateway.vendors.crm.server.injectFault({ fault: { kind: 'status', status: 502 } });
    try {
      const answer: GraphQLResponse<{ customer: Node | null }> = await byId(first.id);
      expect(answer.data!.customer).toMatchObject({ id: first.id, firstName: first.firstName, stale: true });
      expect(answer.data!.customer!.syncedAt).not.toBeNull();
      expect(answer.errors?.[0]).toMatchObject({ path: ['customer'], extensions: { code: 'SOURCE_UNAVAILABLE', source: 'CRM' } });
      const nodes = await gateway.execute<{ nodes: Array<{ id: string; stale: boolean } | null> }, Record<string, unknown>>(
        'query N($ids: [ID!]!) { nodes(ids: $ids) { ... on Customer { id stale } } }',
        { ids: [first.id] },
      );
      expect(nodes.data!.nodes).toEqual([{ id: first.id, stale: true }]);
      expect(nodes.errors?.[0]).toMatchObject({ path: ['nodes', 0], extensions: { code: 'SOURCE_UNAVAILABLE', source: 'CRM' } });
    } finally {
      gateway.vendors.crm.server.clearFaults();
    }
  });
});
