// A vendor's budget seen from GraphQL: however many requests and however many reads each makes, and
// while the index's sync sweeps, the vendor never has more calls in flight than its budget allows.
import { afterEach, describe, expect, it } from 'vitest';
import { createVendorBudgets, type VendorBudgetSettings } from '../../src/sources/http/index.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { type IndexedGateway, startIndexedGateway } from './indexed-setup.ts';

const TWO_AT_ONCE: VendorBudgetSettings = { concurrency: 2, callsPerSecond: 0, backgroundConcurrency: 1 };

let gateway: TestGateway | IndexedGateway | undefined;
afterEach(async () => {
  await gateway?.stop();
  gateway = undefined;
});

async function ameliaIds(on: TestGateway, count: number): Promise<string[]> {
  const answer = await on.execute<{ customers: { edges: Array<{ node: { id: string } }> } }, { first: number }>(
    `query($first: Int!) { customers(first: $first, filter: { sources: [AMELIA] }, consistency: LIVE) { edges { node { id } } } }`,
    { first: count },
  );
  return answer.data!.customers.edges.map((edge) => edge.node.id);
}

const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Customer { email } } }`;

describe("a vendor's budget, through GraphQL", () => {
  it('holds however many requests read the vendor at once', async () => {
    const on = await startTestGateway({ http: { budgets: createVendorBudgets(() => TWO_AT_ONCE) } });
    gateway = on;
    const ids = await ameliaIds(on, 12);
    on.vendors.amelia.server.clearLog();
    on.vendors.amelia.server.latencyMs = 30;
    const answers = await Promise.all(
      [0, 4, 8].map((from) =>
        on.execute<{ nodes: Array<{ id: string } | null> }, { ids: string[] }>(NODES, { ids: ids.slice(from, from + 4) }),
      ),
    );
    for (const answer of answers) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.nodes.every((node) => node !== null)).toBe(true);
    }
    expect(on.vendors.amelia.server.requests.length).toBeGreaterThanOrEqual(6);
    expect(on.vendors.amelia.server.maxInFlight).toBe(2);
  });

  it("is shared by client requests and the index's sweep, the sweep holding no more than its share", async () => {
    const on = await startIndexedGateway({ http: { budgets: createVendorBudgets(() => TWO_AT_ONCE) } });
    gateway = on;
    const ids = await ameliaIds(on, 8);
    const amelia = on.vendors.amelia.server;
    amelia.clearLog();
    amelia.latencyMs = 30;
    const sweep = on.engine.sweepNow();
    const answers = await Promise.all(
      [0, 2, 4, 6].map((from) =>
        on.execute<{ nodes: Array<{ id: string } | null> }, { ids: string[] }>(NODES, { ids: ids.slice(from, from + 2) }),
      ),
    );
    await sweep;
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    const bySync = amelia.requests.filter((request) => String(request.headers['x-request-id']).startsWith('sync-'));
    expect(bySync.length).toBeGreaterThan(0);
    expect(amelia.requests.length - bySync.length).toBeGreaterThanOrEqual(4);
    expect(amelia.maxInFlight).toBe(2);
  });
});
