// A vendor in trouble, seen from a client: answers cut off at the request's budget, a breaker that
// stops asking a failing vendor and lets it recover, the other sources answering all along.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerByIdDocument, CustomersPageDocument } from '../../schema/generated/graphql.ts';
import { SEED_SLICES } from '../../src/sandbox/seed.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({
    requestBudgetMs: 1_500,
    http: { breaker: { consecutiveFailures: 5, halfOpenAfterMs: 400 }, responseTimeoutMs: 10_000, totalTimeoutMs: 10_000 },
  });
});
afterAll(() => gateway.stop());

describe('vendor trouble', () => {
  it("answers within the request budget when a vendor hangs: the others' data, and the slow one reported", async () => {
    gateway.reset();
    gateway.vendors.platform.server.injectFault({ fault: { kind: 'hang' } });
    const started = performance.now();
    const answer = await gateway.execute(CustomersPageDocument, { first: 100, filter: { sources: ['AMELIA', 'PLATFORM'] } });
    const elapsed = performance.now() - started;
    gateway.vendors.platform.server.clearFaults();
    expect(answer.data!.customers.edges).toHaveLength(SEED_SLICES.AMELIA.length);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'SOURCE_UNAVAILABLE', source: 'PLATFORM', reason: 'TIMEOUT' });
    expect(elapsed).toBeLessThan(5_000);
  });

  it('after five straight failures fails fast without asking the vendor, then probes and recovers', async () => {
    gateway.reset();
    const page = await gateway.execute(CustomersPageDocument, { first: 1, filter: { sources: ['CRM'] } });
    const id = page.data!.customers.edges[0]!.node.id;
    const crm = gateway.vendors.crm.server;
    crm.injectFault({ fault: { kind: 'status', status: 500 } });

    for (let i = 0; i < 5; i++) {
      const failed = await gateway.execute(CustomerByIdDocument, { id });
      expect(failed.errors?.[0]?.extensions).toMatchObject({ source: 'CRM', reason: 'VENDOR_ERROR' });
    }
    crm.clearLog();
    const fastFail = await gateway.execute(CustomerByIdDocument, { id });
    expect(fastFail.errors?.[0]?.extensions).toMatchObject({ code: 'SOURCE_UNAVAILABLE', source: 'CRM', reason: 'CIRCUIT_OPEN' });
    expect(crm.requests).toHaveLength(0);
    // One vendor down leaves the instance ready (its own stores answer); /health says the CRM is down.
    const ready = await fetch(`${gateway.origin}/ready`);
    expect(ready.status).toBe(200);
    const health = (await (await fetch(`${gateway.origin}/health`)).json()) as { sources: Array<{ source: string; state: string }> };
    expect(health.sources).toContainEqual(expect.objectContaining({ source: 'CRM', state: 'DOWN' }));

    crm.clearFaults();
    await new Promise((resolve) => setTimeout(resolve, 450));
    const recovered = await gateway.execute(CustomerByIdDocument, { id });
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data!.customer!.id).toBe(id);
  });

  it('stops reading for a client that went away before its answer', async () => {
    gateway.reset();
    const crm = gateway.vendors.crm.server;
    crm.latencyMs = 300;
    try {
      const controller = new AbortController();
      const sent = fetch(`${gateway.origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ customers(first: 1, filter: { sources: [CRM] }) { totalCount } }' }),
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(), 100);
      await expect(sent).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // totalCount reads the CRM's three pages one after another: only the first had left.
      expect(crm.requests).toHaveLength(1);
    } finally {
      crm.latencyMs = 0;
    }
  });
});
