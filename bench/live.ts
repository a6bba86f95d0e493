// Live updates' benchmark: N subscribers of `customerChanged` over Server-Sent Events on one gateway
// (its index on, the sandbox seed, vendors in their own process), then a write through the gateway
// every --every ms; each subscriber's event is timed from the moment its write was sent. Writes
// bench/results-live.md.
//
//   node bench/live.ts [--subscribers 1000] [--writes 40] [--every 250] [--out bench/results-live.md]
//   node bench/live.ts --instances 2   two gateways on one PostgreSQL index and one Redis, the subscribers
//                                      spread over both, every write through the first (bench/results-live-two-instances.md)
//   node bench/live.ts --smoke   25 subscribers, 3 writes, no file; exits non-zero when an event did not come
//
// The gateway allows 20 open subscriptions per client, so the subscribers are spread over API keys
// of their own (20 each). Memory per subscriber: the gateway's RSS with every stream open, less its
// RSS before, over N (RSS hardly shrinks, so the figure includes what V8 keeps for reuse).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sha256Hex } from '../src/auth/authenticate.ts';
import { MAX_SUBSCRIPTIONS_PER_CLIENT } from '../src/live/change-events.ts';
import { eventStreamMessages } from '../src/live/event-stream.ts';
import { startPostgres } from '../test/support/postgres.ts';
import { startRedis } from '../test/support/redis.ts';
import { alignTables } from './index-report.ts';
import { type IndexedGateway, startIndexedGateway, startVendors, waitForSync } from './index-targets.ts';
import { rssMb, runBenchmark, sleep } from './processes.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const QUERY = 'subscription { customerChanged(filter: { sources: [CRM] }) { id kind customer { email } } }';
const CREATE = 'mutation New($input: CreateCustomerInput!) { createCustomer(input: $input) { __typename } }';

function options() {
  const { values } = parseArgs({
    options: {
      subscribers: { type: 'string' },
      writes: { type: 'string' },
      every: { type: 'string' },
      instances: { type: 'string' },
      out: { type: 'string' },
      smoke: { type: 'boolean', default: false },
    },
  });
  const smoke = values.smoke;
  const instances = Number(values.instances ?? 1);
  if (instances !== 1 && instances !== 2) throw new Error('--instances: 1 or 2');
  const file = instances === 1 ? 'results-live.md' : 'results-live-two-instances.md';
  return {
    smoke,
    instances,
    subscribers: Number(values.subscribers ?? (smoke ? 25 : 1_000)),
    writes: Number(values.writes ?? (smoke ? 3 : 40)),
    everyMs: Number(values.every ?? 250),
    out: smoke ? null : resolve(values.out ?? join(ROOT, 'bench', file)),
  };
}

/** One subscriber: when each write's event (by its address) reached it. */
function subscriber(url: string, key: string, arrivals: Map<string, number[]>, opened: () => void): AbortController {
  const controller = new AbortController();
  void (async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: QUERY }),
      signal: controller.signal,
    });
    opened();
    for await (const message of eventStreamMessages(response.body as ReadableStream<Uint8Array>)) {
      const event = message.data
        ? (JSON.parse(message.data) as { data?: { customerChanged?: { customer?: { email?: string } } } })
        : undefined;
      const address = event?.data?.customerChanged?.customer?.email;
      if (address) arrivals.get(address)?.push(performance.now());
    }
  })().catch(() => undefined);
  return controller;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

async function run(opts: ReturnType<typeof options>): Promise<{ markdown: string; deliveries: number; missing: number }> {
  const logDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-live-'));
  const keys = Array.from(
    { length: Math.ceil(opts.subscribers / MAX_SUBSCRIPTIONS_PER_CLIENT) },
    (_, n) => `sbk_bench_live_client_${n}_0123456789`,
  );
  const vendors = await startVendors(logDir, 0, 0);
  const apiKeys = keys.map((key, n) => ({
    client: `bench-${n}`,
    sha256: sha256Hex(key),
    scopes: ['customers:read', 'customers:write', 'pii:read'],
  }));
  // Two instances share what a fleet shares: the index in PostgreSQL, the doorbell in Redis, one cursor secret.
  const [postgres, redis] = opts.instances === 2 ? await Promise.all([startPostgres(), startRedis()]) : [null, null];
  const shared: Record<string, string> =
    postgres && redis ? { INDEX_URL: postgres.url, REDIS_URL: redis.url, CURSOR_SECRET: 'bench-live-cursor-secret-0123456789abcdef' } : {};
  const gateways: IndexedGateway[] = [];
  for (let n = 0; n < opts.instances; n++) {
    // One after the other: the first makes the index's tables.
    const started = await startIndexedGateway(`gateway-live-${n}`, vendors, logDir, join(logDir, 'index.db'), {
      API_KEYS: JSON.stringify(apiKeys),
      ...shared,
    });
    await waitForSync(started.url, (status) => status.state === 'SYNCED', 60_000);
    gateways.push(started);
  }
  const writeUrl = `${gateways[0]?.url}/graphql`;
  await sleep(2_000);
  const rssBefore = gateways.map((gateway) => rssMb(gateway.child.pid));

  // By instance: when each write's event (by its address) reached each of its subscribers.
  const arrivals = gateways.map(() => new Map<string, number[]>());
  let open = 0;
  const streams = Array.from({ length: opts.subscribers }, (_, n) =>
    subscriber(
      `${gateways[n % gateways.length]?.url}/graphql`,
      keys[Math.floor(n / MAX_SUBSCRIPTIONS_PER_CLIENT)] as string,
      arrivals[n % gateways.length] as Map<string, number[]>,
      () => (open += 1),
    ),
  );
  while (open < opts.subscribers) await sleep(50);
  await sleep(2_000);
  const rssOpen = gateways.map((gateway) => rssMb(gateway.child.pid));

  const sent: Array<{ address: string; at: number }> = [];
  for (let n = 0; n < opts.writes; n++) {
    const address = `live.bench.${n}@events.example.test`;
    for (const byAddress of arrivals) byAddress.set(address, []);
    const at = performance.now();
    sent.push({ address, at });
    const answer = await fetch(writeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[0]}` },
      body: JSON.stringify({
        query: CREATE,
        variables: { input: { source: 'CRM', firstName: 'Live', lastName: `Bench ${n}`, email: address } },
      }),
    });
    if (!answer.ok) throw new Error(`write ${n} answered ${answer.status}`);
    await sleep(opts.everyMs);
  }
  await sleep(3_000);
  const rssAfter = gateways.map((gateway) => rssMb(gateway.child.pid));
  for (const stream of streams) stream.abort();
  await Promise.all([postgres?.stop(), redis?.stop()]);

  const perInstance = arrivals.map((byAddress, instance) => deliveriesOf(byAddress, sent, subscribersOn(opts, instance)));
  const overall = deliveriesOf(mergedArrivals(arrivals), sent, opts.subscribers);
  const f = (n: number, digits = 1) => n.toFixed(digits);
  const rows = gateways.flatMap((_, n) => {
    const on = opts.instances === 1 ? '' : ` — instance ${n + 1}${n === 0 ? ' (takes the writes)' : ''}`;
    const kb = (((rssOpen[n] ?? 0) - (rssBefore[n] ?? 0)) * 1024) / subscribersOn(opts, n);
    const mine = perInstance[n] as Deliveries;
    return [
      `| gateway RSS before the streams / with every stream open / after the writes${on} | ${f(rssBefore[n] ?? 0, 0)} / ${f(rssOpen[n] ?? 0, 0)} / ${f(rssAfter[n] ?? 0, 0)} MB | |`,
      `| memory per subscriber${on} | ${f(kb)} KB | ≤ 64 KB: ${kb <= 64 ? 'met' : 'missed'} |`,
      `| write to its last subscriber's event, p50 / p99 over the writes${on} | ${f(mine.lastP50)} / ${f(mine.lastP99)} ms | p99 ≤ 500 ms: ${mine.lastP99 <= 500 ? 'met' : 'missed'} |`,
    ];
  });
  const where =
    opts.instances === 1
      ? 'the gateway'
      : 'two gateways on one PostgreSQL index (INDEX_URL) and one Redis (REDIS_URL: the doorbell between them), each';
  const markdown = alignTables(
    [
      `# Switchboard benchmark: live updates${opts.instances === 1 ? '' : ', two instances'}`,
      '',
      `\`node bench/live.ts${opts.instances === 1 ? '' : ' --instances 2'}\` (bench/live.ts): ${where} (\`npm start\`'s flags, its index on, the sandbox seed, vendors in their own process,`,
      `\`NODE_ENV=production\`), ${opts.subscribers} subscribers of \`customerChanged(filter: { sources: [CRM] })\` over SSE from the runner process${opts.instances === 1 ? '' : ' (every other one on each instance)'},`,
      `then ${opts.writes} \`createCustomer\` (CRM) through ${opts.instances === 1 ? 'the gateway' : 'the first instance'}, one every ${opts.everyMs} ms. A delivery's time runs from sending the write`,
      'to the event reaching the subscriber (the write itself included: the vendor call, the index, the event).',
      '',
      `- Machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores; Node ${process.version}; ${new Date().toISOString()}; the runner and its ${opts.subscribers} streams share the cores`,
      '',
      '| figure | value | target |',
      '| --- | ---: | --- |',
      ...rows,
      `| deliveries | ${overall.count} of ${opts.subscribers * opts.writes} (${overall.missing} missing) | every one |`,
      `| delivery p50 / p99 | ${f(overall.p50)} / ${f(overall.p99)} ms | |`,
      ...(opts.instances === 1
        ? []
        : [
            `| write to its last subscriber's event on either instance, p50 / p99 | ${f(overall.lastP50)} / ${f(overall.lastP99)} ms | p99 ≤ 500 ms: ${overall.lastP99 <= 500 ? 'met' : 'missed'} |`,
          ]),
      '',
    ].join('\n'),
  );
  return { markdown, deliveries: overall.count, missing: overall.missing };
}

const subscribersOn = (opts: ReturnType<typeof options>, instance: number) => Math.ceil((opts.subscribers - instance) / opts.instances);

function mergedArrivals(arrivals: ReadonlyArray<Map<string, number[]>>): Map<string, number[]> {
  const merged = new Map<string, number[]>();
  for (const byAddress of arrivals)
    for (const [address, times] of byAddress) merged.set(address, [...(merged.get(address) ?? []), ...times]);
  return merged;
}

interface Deliveries {
  count: number;
  missing: number;
  p50: number;
  p99: number;
  /** Over the writes: from sending each to its event reaching the last of its subscribers. */
  lastP50: number;
  lastP99: number;
}

function deliveriesOf(
  arrivals: Map<string, number[]>,
  sent: ReadonlyArray<{ address: string; at: number }>,
  subscribers: number,
): Deliveries {
  const all: number[] = [];
  const last: number[] = [];
  let missing = 0;
  for (const { address, at } of sent) {
    const times = (arrivals.get(address) ?? []).map((t) => t - at);
    missing += subscribers - times.length;
    all.push(...times);
    if (times.length > 0) last.push(Math.max(...times));
  }
  all.sort((a, b) => a - b);
  last.sort((a, b) => a - b);
  return {
    count: all.length,
    missing,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    lastP50: percentile(last, 50),
    lastP99: percentile(last, 99),
  };
}

async function main(): Promise<number> {
  const opts = options();
  return runBenchmark(async () => {
    const { markdown, deliveries, missing } = await run(opts);
    process.stdout.write(`${markdown}\n`);
    if (opts.out) writeFileSync(opts.out, markdown);
    if (opts.smoke) process.stdout.write(`SMOKE ${JSON.stringify({ deliveries, missing })}\n`);
    return missing === 0 ? 0 : 1;
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(await main());
