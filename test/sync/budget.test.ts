// The sync's share of a vendor: at most SYNC_CONCURRENCY calls in flight and SYNC_CALLS_PER_SECOND a
// second per source, however many single reads a KB Support walk needs; client requests meanwhile are
// answered at once, through their own limit.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type SandboxVendors, startSandboxVendors } from '../../src/sandbox/index.ts';
import { unscoped } from '../support/sources.ts';
import { startIndexedSandbox } from '../support/sync.ts';

let vendors: SandboxVendors;
beforeAll(async () => {
  vendors = await startSandboxVendors({ customers: 150 });
}, 60_000);
afterAll(() => vendors.stop());

it('a KB Support load (single reads) keeps to 2 calls in flight and its pace; a client read is not held up', async () => {
  const kb = vendors.kbSupport.server;
  kb.latencyMs = 5;
  kb.clearLog();
  const callsPerSecond = 250;
  const began = performance.now();
  const sandbox = await startIndexedSandbox({ vendors, loaded: false, sync: { callsPerSecond } });
  try {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const client = sandbox.sources.KB_SUPPORT;
    if (!client) throw new Error('KB Support off');
    const bySync = (call: (typeof kb.requests)[number]) => call.headers['x-request-id']?.toString().startsWith('sync-') === true;
    const syncCallsBefore = kb.requests.filter(bySync).length;
    const [found] = await client.getByIds(['1'], unscoped());
    expect(found).not.toBeNull();
    // Not held up behind the sync's queue: it reached the vendor with at most the sync's few calls then in flight before it.
    const clientAt = kb.requests.findIndex((call) => !bySync(call));
    expect(kb.requests.slice(0, clientAt).filter(bySync).length - syncCallsBefore).toBeLessThanOrEqual(3);
    await sandbox.engine.whenLoaded('KB_SUPPORT');
    const elapsedMs = performance.now() - began;
    const syncCalls = kb.requests.filter(bySync).length;
    expect(syncCalls).toBeGreaterThan(150);
    // Paced: no faster than its calls per second (one step's worth of slack).
    expect(elapsedMs).toBeGreaterThanOrEqual(((syncCalls - 50) / callsPerSecond) * 1000);
    // The sync's own calls never exceeded its limit; the client's one read came beside them.
    expect(kb.maxInFlight).toBeLessThanOrEqual(3);
  } finally {
    kb.latencyMs = 0;
    await sandbox.stop();
  }
}, 30_000);
