import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.stop());

describe('HTTP endpoints', () => {
  it('GET /health answers 200 while the process is up', async () => {
    const response = await fetch(`${gateway.origin}/health`);
    expect(response.status).toBe(200);
  });

  it('GET /graphql in a browser opens GraphiQL with a default query', async () => {
    const response = await fetch(`${gateway.origin}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<title>Switchboard</title>');
    expect(html).toContain('SearchCustomers');
    // Tabs with the example operations of schema/operations.
    expect(html).toContain('query CustomersPage');
    expect(html).toContain('mutation SetCustomFieldValues');
    // Self-hosted: the page works without reaching a CDN.
    expect(html).not.toMatch(/<script[^>]+src=["']?https?:/);
    expect(html).not.toMatch(/<link[^>]+stylesheet[^>]+https?:/);
  });

  it('GET /ready answers for the gateway itself: 200 with a vendor down, which /health names', async () => {
    const ready = await fetch(`${gateway.origin}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, failing: [] });

    // The last probe is kept for a few seconds; a second gateway instance probes afresh.
    const fresh = await startTestGateway();
    try {
      fresh.vendors.crm.server.injectFault({ fault: { kind: 'status', status: 500 } });
      const stillReady = await fetch(`${fresh.origin}/ready`);
      expect(stillReady.status).toBe(200);
      expect(await stillReady.json()).toEqual({ ready: true, failing: [] });
      const health = await fetch(`${fresh.origin}/health`);
      expect(health.status).toBe(200);
      const { sources } = (await health.json()) as { sources: Array<{ source: string; state: string }> };
      expect(Object.fromEntries(sources.map(({ source, state }) => [source, state]))).toEqual({
        AMELIA: 'UP',
        KB_SUPPORT: 'UP',
        PLATFORM: 'UP',
        CRM: 'DOWN',
      });
    } finally {
      await fresh.stop();
    }
  });
});
