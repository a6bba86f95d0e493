import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/auth/authenticate.ts';
import type { SecuritySettings } from '../../src/config.ts';
import { defaultResponseCache } from '../../src/plugins/response-cache.ts';
import { DEVELOPMENT_SECURITY } from '../../src/plugins/security.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

const ALICE = 'sbk_alice_reads_everything_0001';
const BOB = 'sbk_bob_reads_without_pii_00002';
const SECURITY: SecuritySettings = {
  ...DEVELOPMENT_SECURITY,
  auth: {
    allowAnonymous: false,
    jwt: null,
    apiKeys: [
      { clientId: 'alice', sha256: sha256Hex(ALICE), scopes: ['customers:read', 'customers:write', 'pii:read'] },
      { clientId: 'bob', sha256: sha256Hex(BOB), scopes: ['customers:read'] },
    ],
  },
};

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({ security: SECURITY, responseCache: defaultResponseCache(60_000) });
});
afterAll(() => gateway.stop());
beforeEach(() => gateway.reset());

async function ask(key: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${gateway.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: Array<{ extensions?: Record<string, unknown> }> };
}

const LIST = '{ customers(first: 3, filter: { sources: [CRM] }) { totalCount edges { node { id lastName } } } }';
const ONE = 'query One($id: ID!) { customer(id: $id) { id lastName note } }';

describe('response cache', () => {
  it('answers a repeated read from the cache, asking no vendor', async () => {
    const first = await ask(ALICE, LIST);
    expect(gateway.vendorCalls()).toBeGreaterThan(0);
    gateway.reset();
    const second = await ask(ALICE, LIST);
    expect(second).toEqual(first);
    expect(gateway.vendorCalls()).toBe(0);
  });

  it("never serves one client's answer to a client of other scopes", async () => {
    await ask(ALICE, LIST);
    gateway.reset();
    await ask(BOB, LIST);
    expect(gateway.vendorCalls()).toBeGreaterThan(0);
  });

  it('drops a cached record when a mutation changes it, and lists when a customer is created', async () => {
    const list = await ask(ALICE, '{ customers(first: 1, filter: { sources: [CRM] }) { edges { node { id } } } }');
    const id = (list.data as { customers: { edges: Array<{ node: { id: string } }> } }).customers.edges[0]!.node.id;
    await ask(ALICE, ONE, { id });
    await ask(ALICE, `mutation { updateCustomer(id: "${id}", input: { note: "Cached no more" }) { __typename } }`);
    const after = await ask(ALICE, ONE, { id });
    expect((after.data as { customer: { note: string } }).customer.note).toBe('Cached no more');

    const before = await ask(ALICE, LIST);
    await ask(
      ALICE,
      'mutation { createCustomer(input: { source: CRM, firstName: "Cache", lastName: "Buster", email: "cache.buster@example.test" }) { __typename } }',
    );
    gateway.reset();
    const relisted = await ask(ALICE, LIST);
    expect(gateway.vendorCalls()).toBeGreaterThan(0);
    expect((relisted.data as { customers: { totalCount: number } }).customers.totalCount).toBeGreaterThanOrEqual(
      (before.data as { customers: { totalCount: number } }).customers.totalCount,
    );
  });

  it('does not cache an answer that lost a source', async () => {
    gateway.vendors.crm.server.injectFault({ fault: { kind: 'status', status: 500 } });
    const fresh = '{ customers(first: 4, filter: { sources: [AMELIA, CRM] }) { totalCount edges { node { id } } } }';
    const failed = await ask(ALICE, fresh);
    expect(failed.errors?.[0]?.extensions?.code).toBe('SOURCE_UNAVAILABLE');
    gateway.vendors.crm.server.clearFaults();
    const healed = await ask(ALICE, fresh);
    expect(healed.errors).toBeUndefined();
  });
});
