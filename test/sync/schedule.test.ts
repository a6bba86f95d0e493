// The engine's own timers: ticks every intervalMs and a sweep once fullEveryMs has passed, without a
// test asking; a sweep that takes long does not hold the ticks up; metrics count the jobs.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMetrics } from '../../src/observability/metrics.ts';
import { type IndexedSandbox, indexedRow, startIndexedSandbox } from '../support/sync.ts';

let sandbox: IndexedSandbox;
const metrics = createMetrics({ processMetrics: false });
beforeAll(async () => {
  sandbox = await startIndexedSandbox({ customers: 100, observer: metrics.syncObserver, sync: { intervalMs: 150, fullEveryMs: 600 } });
}, 60_000);
afterAll(() => sandbox.stop());

const until = async (condition: () => Promise<boolean>, withinMs: number) => {
  const end = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

it('finds a create by a timed tick and a deletion by a timed sweep', async () => {
  const id = sandbox.vendors.kbSupport.addCustomer({ name: 'Timed Tick', email: 'timed.tick@example.test' });
  await until(async () => (await indexedRow(sandbox, 'KB_SUPPORT', String(id))) !== null, 2_000);
  sandbox.vendors.kbSupport.deleteCustomer(id);
  await until(async () => (await indexedRow(sandbox, 'KB_SUPPORT', String(id))) === null, 3_000);
  const text = await metrics.registry.metrics();
  expect(text).toMatch(/sync_jobs_total\{source="KB_SUPPORT",job="load",outcome="ok"\} 1/);
  expect(text).toMatch(/sync_jobs_total\{source="KB_SUPPORT",job="tick",outcome="ok"\} [1-9]/);
  expect(text).toMatch(/sync_jobs_total\{source="KB_SUPPORT",job="sweep",outcome="ok"\} [1-9]/);
  expect(text).toMatch(/sync_records\{source="CRM"\} \d+/);
  expect(text).toMatch(/sync_last_success_timestamp_seconds\{source="PLATFORM",job="tick"\} \d/);
});

it('a slow sweep does not hold the ticks of its source up', async () => {
  const crm = sandbox.vendors.crm;
  crm.server.latencyMs = 100;
  try {
    let swept = false;
    const sweeping = sandbox.engine.sweepNow('CRM').then(() => {
      swept = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const [first] = crm.server.requests.filter((call) => call.path === '/v1/crm/customers');
    expect(first).toBeDefined();
    const before = await indexedRow(sandbox, 'CRM', '1');
    const someone =
      before ??
      (await sandbox.store.page({ filter: { sources: ['CRM'] }, orderBy: { field: 'SOURCE', direction: 'ASC' }, after: null, first: 1 }))
        .rows[0];
    if (!someone) throw new Error('no CRM row');
    crm.touch(someone.key.vendorId, { firstName: 'Ticked-During-Sweep' });
    await sandbox.engine.tickNow('CRM');
    expect((await indexedRow(sandbox, 'CRM', someone.key.vendorId))?.customer.firstName).toBe('Ticked-During-Sweep');
    expect(swept).toBe(false);
    await sweeping;
  } finally {
    crm.server.latencyMs = 0;
  }
});
