// The sandbox at scale: how long the four vendors take to start with SANDBOX_CUSTOMERS generated
// customers each, what the process then holds, and how fast a page from deep in every vendor's list
// answers (the median of 15, each answer checked) — no list route may sort, filter or copy every
// customer for one page.
//   node_modules/.bin/node bench/sandbox-scale.ts [--customers 100000]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startSandboxVendors } from '../src/sandbox/index.ts';
import { SEED_SLICES } from '../src/sandbox/seed.ts';

const { values } = parseArgs({ options: { customers: { type: 'string', default: '100000' } } });
const N = Number(values.customers);

const cpuBefore = process.cpuUsage();
const started = performance.now();
const vendors = await startSandboxVendors({ customers: N });
const startMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const rssMb = process.memoryUsage().rss / 2 ** 20;

function expectEqual(what: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) throw new Error(`${what}: ${String(actual)}, expected ${String(expected)}`);
}

async function medianMs(url: string, headers: Record<string, string>, check: (body: unknown) => void): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < 15; round++) {
    const begun = performance.now();
    const response = await fetch(url, { headers });
    check(await response.json());
    times.push(performance.now() - begun);
  }
  return times.sort((a, b) => a - b)[7] ?? Number.POSITIVE_INFINITY;
}

const { AMELIA, KB_SUPPORT, PLATFORM, CRM } = vendors.settings;
const kbs = { authorization: `Basic ${Buffer.from(`${KB_SUPPORT.username}:${KB_SUPPORT.appPassword}`).toString('base64')}` };
const twenty = (body: unknown) => expectEqual('KB Support page length', (body as unknown[]).length, 20);
const platformHeaders = { authorization: `Bearer ${PLATFORM.token}`, accept: 'application/vnd.api+json' };
const crmHeaders = { authorization: `Bearer ${CRM.token}` };
const crmPage = (body: unknown) => {
  if ((body as { data: { next: string | null } }).data.next === null) throw new Error('CRM page without a next cursor');
};
const deepAmeliaPage = Math.max(1, Math.floor(N / 20));
const deepPlatformPage = Math.max(1, Math.floor(N / 200));

const rows: Array<[string, number]> = [];
rows.push([
  `Amelia page ${deepAmeliaPage}`,
  await medianMs(
    `${AMELIA.url}/wp-admin/admin-ajax.php?action=wpamelia_api&call=/api/v1/users/customers&page=${deepAmeliaPage}`,
    { amelia: AMELIA.apiKey },
    (body) => expectEqual('Amelia total', (body as { data: { totalCount: number } }).data.totalCount, SEED_SLICES.AMELIA.length + N),
  ),
]);
rows.push(['KB Support, observed list', await medianMs(`${KB_SUPPORT.url}/wp-json/kbs/v1/customers`, kbs, twenty)]);
vendors.kbSupport.behaviour = 'documented';
rows.push([
  `KB Support, documented, offset ${Math.floor(N / 2)}`,
  await medianMs(`${KB_SUPPORT.url}/wp-json/kbs/v1/customers?per_page=20&offset=${Math.floor(N / 2)}&orderby=id&order=desc`, kbs, twenty),
]);
rows.push([
  `PLATFORM page ${deepPlatformPage} of 100`,
  await medianMs(
    `${PLATFORM.url}/api/v1/customers?o=${PLATFORM.organization}&page[number]=${deepPlatformPage}&page[size]=100`,
    platformHeaders,
    (body) =>
      expectEqual('PLATFORM total', (body as { meta: { page: { total: number } } }).meta.page.total, SEED_SLICES.PLATFORM.length + N),
  ),
]);
rows.push(['CRM list', await medianMs(`${CRM.url}/v1/crm/customers`, crmHeaders, crmPage)]);
rows.push([
  'CRM export',
  await medianMs(`${CRM.url}/v1/crm/customers/export?updatedSince=2020-01-01T00:00:00Z&offset=`, crmHeaders, crmPage),
]);
await vendors.stop();

console.log(
  `SANDBOX_CUSTOMERS=${N}: start ${(startMs / 1000).toFixed(2)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, RSS ${rssMb.toFixed(0)} MB`,
);
console.log('| page | median ms |\n| --- | ---: |');
for (const [page, ms] of rows) console.log(`| ${page} | ${ms.toFixed(1)} |`);
