// Two gateway processes behind an imagined load balancer, one redis-server between them: they agree
// on idempotency keys and on cached answers, as one instance would.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/auth/authenticate.ts';
import { type SandboxVendors, startSandboxVendors } from '../../src/sandbox/index.ts';
import { type GatewayProcess, startGatewayProcess } from '../support/gateway-process.ts';
import { type RedisServer, startRedis } from '../support/redis.ts';

const KEY = 'sbk_two_instances_test_key_0001';

let redis: RedisServer;
let vendors: SandboxVendors;
const gateways: GatewayProcess[] = [];

function startGateway(): Promise<GatewayProcess> {
  return startGatewayProcess(vendors, {
    REDIS_URL: redis.url,
    // What the instances share through Redis is the subject here, not a synced index.
    INDEX: 'off',
    CURSOR_SECRET: 'the-cursor-secret-both-instances-share',
    API_KEYS: JSON.stringify([{ client: 'app', sha256: sha256Hex(KEY), scopes: ['customers:read', 'customers:write', 'pii:read'] }]),
    VENDOR_RESPONSE_TIMEOUT_MS: '500',
    VENDOR_TIMEOUT_MS: '1000',
    VENDOR_GET_RETRIES: '0',
  });
}

async function ask(origin: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, { __typename?: string; [key: string]: unknown }>; errors?: unknown[] };
}

beforeAll(async () => {
  redis = await startRedis();
  vendors = await startSandboxVendors();
  gateways.push(await startGateway(), await startGateway());
}, 30_000);
afterAll(async () => {
  for (const gateway of gateways) gateway.process.kill('SIGTERM');
  await vendors?.stop();
  await redis?.stop();
});
beforeEach(() => vendors.reset());

const CREATE = `mutation Create($input: CreateCustomerInput!) {
  createCustomer(input: $input) { __typename ... on CreateCustomerSuccess { customer { id email } } }
}`;
const isWrite = (request: { method: string }) => request.method !== 'GET';

describe('two gateway instances on one Redis', () => {
  it('a write retried on the other instance with the same Idempotency-Key is not sent twice', async () => {
    const [a, b] = gateways;
    const input = { source: 'CRM', firstName: 'Ada', lastName: 'Twice', email: 'ada.twice@example.test' };
    const headers = { 'Idempotency-Key': 'two-instances-1' };
    const first = await ask(a!.origin, CREATE, { input }, headers);
    expect(first.data?.createCustomer?.__typename).toBe('CreateCustomerSuccess');
    const retried = await ask(b!.origin, CREATE, { input }, headers);
    expect(retried.data).toEqual(first.data);
    expect(vendors.crm.server.requests.filter(isWrite)).toHaveLength(1);
  });

  it('a lost answer on one instance is resolved by the other without a duplicate', async () => {
    const [a, b] = gateways;
    const input = { source: 'CRM', firstName: 'Grace', lastName: 'Lost', email: 'grace.lost@example.test' };
    const headers = { 'Idempotency-Key': 'two-instances-2' };
    vendors.crm.server.injectFault({ fault: { kind: 'drop-after-handling' }, times: 1, when: isWrite });
    expect((await ask(a!.origin, CREATE, { input }, headers)).data?.createCustomer?.__typename).toBe('WriteOutcomeUnknown');
    expect((await ask(b!.origin, CREATE, { input }, headers)).data?.createCustomer?.__typename).toBe('CreateCustomerSuccess');
    const page = await ask(
      b!.origin,
      '{ customers(first: 5, filter: { sources: [CRM], email: "grace.lost@example.test" }) { totalCount } }',
    );
    expect(page.data?.customers).toMatchObject({ totalCount: 1 });
    expect(vendors.crm.server.requests.filter(isWrite)).toHaveLength(1);
  });

  it('a mutation on one instance drops the cached read on the other', async () => {
    const [a, b] = gateways;
    const list = await ask(a!.origin, '{ customers(first: 1, filter: { sources: [AMELIA] }) { edges { node { id } } } }');
    const id = (list.data!.customers as unknown as { edges: Array<{ node: { id: string } }> }).edges[0]!.node.id;
    const read = 'query One($id: ID!) { customer(id: $id) { id note } }';
    await ask(b!.origin, read, { id });
    vendors.amelia.server.clearLog();
    await ask(b!.origin, read, { id });
    expect(vendors.amelia.server.requests).toHaveLength(0);

    const updated = await ask(a!.origin, `mutation { updateCustomer(id: "${id}", input: { note: "Changed on A" }) { __typename } }`);
    expect(updated.data?.updateCustomer?.__typename).toBe('UpdateCustomerSuccess');
    const after = await ask(b!.origin, read, { id });
    expect(after.data?.customer).toMatchObject({ note: 'Changed on A' });
  });

  it('a cursor handed out by one instance continues on the other (they share CURSOR_SECRET)', async () => {
    const [a, b] = gateways;
    const query =
      'query Page($after: String) { customers(first: 2, after: $after, filter: { sources: [CRM] }) { edges { node { id } } pageInfo { endCursor } } }';
    type Page = { edges: Array<{ node: { id: string } }>; pageInfo: { endCursor: string } };
    const first = (await ask(a!.origin, query)).data?.customers as unknown as Page;
    const onB = await ask(b!.origin, query, { after: first.pageInfo.endCursor });
    expect(onB.errors).toBeUndefined();
    const second = onB.data?.customers as unknown as Page;
    expect(second.edges).toHaveLength(2);
    expect(second.edges.map((edge) => edge.node.id)).not.toContain(first.edges[0]!.node.id);
  });
});
