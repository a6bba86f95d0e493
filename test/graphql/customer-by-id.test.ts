import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CustomerByIdDocument, CustomersPageDocument, NodeByIdDocument, NodesByIdsDocument } from '../../schema/generated/graphql.ts';
import { CUSTOMER_SOURCES, type CustomerSourceName } from '../../src/sources/model/index.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.stop());
beforeEach(() => gateway.reset());

const globalId = (localId: string) => Buffer.from(`Customer:${localId}`).toString('base64');

async function firstIds(source: CustomerSourceName, count: number): Promise<string[]> {
  const answer = await gateway.execute(CustomersPageDocument, { first: count, filter: { sources: [source] } });
  return answer.data!.customers.edges.map((edge) => edge.node.id);
}

describe('customer(id), node(id), nodes(ids)', () => {
  it.each(CUSTOMER_SOURCES)('reads a %s customer back by its global id, whole', async (source) => {
    const [id] = await firstIds(source, 1);
    const answer = await gateway.execute(CustomerByIdDocument, { id: id! });
    expect(answer.errors).toBeUndefined();
    const customer = answer.data!.customer!;
    expect(customer).toMatchObject({ id, source });
    expect(customer.sourceRecord).toBeTypeOf('object');
    const groups = { AMELIA: customer.amelia, KB_SUPPORT: customer.kbSupport, PLATFORM: customer.platform, CRM: customer.crm };
    for (const [name, group] of Object.entries(groups)) {
      if (name === source) expect(group).not.toBeNull();
      else expect(group).toBeNull();
    }
  });

  it('fills Amelia appointment stats for a customer read by id (they come only with the list)', async () => {
    const [id] = await firstIds('AMELIA', 1);
    gateway.reset();
    const answer = await gateway.execute(CustomerByIdDocument, { id: id! });
    expect(answer.data!.customer!.amelia!.appointmentStats).not.toBeNull();
    expect(answer.data!.customer!.amelia!.appointmentStats!.total).toBeTypeOf('number');
  });

  it('carries the PLATFORM organization in the id', async () => {
    const [id] = await firstIds('PLATFORM', 1);
    const local = Buffer.from(id!, 'base64').toString('utf8');
    expect(local).toMatch(new RegExp(`^Customer:PLATFORM:${gateway.vendors.settings.PLATFORM.organization}:[0-9a-f-]{36}$`));
    const otherOrganization = globalId(local.replace(/^Customer:PLATFORM:[^:]+:/, 'PLATFORM:another-org:'));
    const answer = await gateway.execute(CustomerByIdDocument, { id: otherOrganization });
    expect(answer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('node and nodes give the same customers, in the order asked', async () => {
    const ids = [...(await firstIds('CRM', 2)), ...(await firstIds('AMELIA', 1)), ...(await firstIds('PLATFORM', 1))];
    const node = await gateway.execute(NodeByIdDocument, { id: ids[0]! });
    expect(node.data!.node).toMatchObject({ id: ids[0], source: 'CRM' });
    const nodes = await gateway.execute(NodesByIdsDocument, { ids });
    expect(nodes.errors).toBeUndefined();
    expect(nodes.data!.nodes.map((n) => n?.id)).toEqual(ids);
  });

  it.each([
    ['not base64 of anything we made', 'definitely-not-an-id'],
    ['an unknown type', Buffer.from('Invoice:12').toString('base64')],
    ['an unknown source', globalId('SHOPIFY:12')],
    ['a non-numeric Amelia id', globalId('AMELIA:12abc')],
    ['a path injected into an id', globalId('KB_SUPPORT:1/../../users')],
    ['CR/LF and a query string in an id', globalId('CRM:cus_1\r\nX-Evil: 1?x=1')],
    ['a PLATFORM id without organization', globalId('PLATFORM:1b4e28ba-2fa1-11d2-883f-0016d3cca427')],
  ])('answers BAD_USER_INPUT for %s, and asks no vendor', async (_case, id) => {
    const answer = await gateway.execute(CustomerByIdDocument, { id });
    expect(answer.data?.customer).toBeNull();
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(gateway.vendorCalls()).toBe(0);
  });

  it.each([
    ['AMELIA', 'AMELIA:999999'],
    ['KB_SUPPORT', 'KB_SUPPORT:99999'],
    ['CRM', 'CRM:cus_does_not_exist'],
  ])('answers NOT_FOUND for an unknown %s id', async (_source, local) => {
    const answer = await gateway.execute(CustomerByIdDocument, { id: globalId(local) });
    expect(answer.data?.customer).toBeNull();
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('answers NOT_FOUND for an unknown PLATFORM uuid of our organization', async () => {
    const organization = gateway.vendors.settings.PLATFORM.organization;
    const answer = await gateway.execute(CustomerByIdDocument, {
      id: globalId(`PLATFORM:${organization}:00000000-0000-4000-8000-000000000000`),
    });
    expect(answer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('answers SOURCE_UNAVAILABLE, naming the source, when the vendor holding the customer fails', async () => {
    const [id] = await firstIds('CRM', 1);
    gateway.vendors.crm.server.injectFault({ fault: { kind: 'status', status: 502 } });
    const answer = await gateway.execute(CustomerByIdDocument, { id: id! });
    expect(answer.data?.customer).toBeNull();
    expect(answer.errors?.[0]).toMatchObject({
      path: ['customer'],
      extensions: { code: 'SOURCE_UNAVAILABLE', source: 'CRM', reason: 'VENDOR_ERROR' },
    });
  });

  it('nodes: a bad or unknown id fails only its own position', async () => {
    const [good] = await firstIds('AMELIA', 1);
    const answer = await gateway.execute(NodesByIdsDocument, { ids: [good!, 'garbage', globalId('AMELIA:999999')] });
    expect(answer.data!.nodes[0]?.id).toBe(good);
    expect(answer.data!.nodes.slice(1)).toEqual([null, null]);
    const byPath = Object.fromEntries((answer.errors ?? []).map((error) => [error.path?.join('.'), error.extensions?.code]));
    expect(byPath).toEqual({ 'nodes.1': 'BAD_USER_INPUT', 'nodes.2': 'NOT_FOUND' });
  });

  it('batches ids of one source: 20 PLATFORM customers by id cost one vendor call', async () => {
    const ids = await firstIds('PLATFORM', 20);
    gateway.reset();
    const answer = await gateway.execute(NodesByIdsDocument, { ids });
    expect(answer.data!.nodes.map((n) => n?.id)).toEqual(ids);
    expect(gateway.vendors.platform.server.requests).toHaveLength(1);
  });
});
