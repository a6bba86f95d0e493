// Live updates' benchmark: N subscribers of `customerChanged` over Server-Sent Events on one gateway
// (its index on, the sandbox seed, vendors in their own process), then a write through the gateway
// every --every ms; each subscriber's event is timed from the moment its write was sent. Writes
// bench/results-live.md.
//
//   node bench/live.ts [--subscribers 1000] [--writes 40] [--every 250] [--out bench/results-live.md]
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
import { alignTables } from './index-report.ts';
import { startIndexedGateway, startVendors, waitForSync } from './index-targets.ts';
import { killAllNow, rssMb, sleep, stopAll } from './processes.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const QUERY = 'subscription { customerChanged(filter: { sources: [CRM] }) { id kind customer { email } } }';
const CREATE = 'mutation New($input: CreateCustomerInput!) { createCustomer(input: $input) { __typename } }';

function options() {
  const { values } = parseArgs({
    options: {
      subscribers: { type: 'string' },
      writes: { type: 'string' },
      every: { type: 'string' },
      out: { type: 'string' },
      smoke: { type: 'boolean', default: false },
    },
  });
  const smoke = values.smoke;
  return {
    smoke,
    subscribers: Number(values.subscribers ?? (smoke ? 25 : 1_000)),
    writes: Number(values.writes ?? (smoke ? 3 : 40)),
    everyMs: Number(values.every ?? 250),
    out: smoke ? null : resolve(values.out ?? join(ROOT, 'bench', 'results-live.md')),
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
  const gateway = await startIndexedGateway('gateway-live', vendors, logDir, join(logDir, 'index.db'), {
    API_KEYS: JSON.stringify(apiKeys),
  });
  await waitForSync(gateway.url, (status) => status.state === 'SYNCED', 60_000);
  const url = `${gateway.url}/graphql`;
  await sleep(2_000);
  const rssBefore = rssMb(gateway.child.pid);

  const arrivals = new Map<string, number[]>();
  let open = 0;
  const streams = Array.from({ length: opts.subscribers }, (_, n) =>
    subscriber(url, keys[Math.floor(n / MAX_SUBSCRIPTIONS_PER_CLIENT)] as string, arrivals, () => (open += 1)),
  );
  while (open < opts.subscribers) await sleep(50);
  await sleep(2_000);
  const rssOpen = rssMb(gateway.child.pid);

  const sent: Array<{ address: string; at: number }> = [];
  for (let n = 0; n < opts.writes; n++) {
    const address = `live.bench.${n}@events.example.test`;
    arrivals.set(address, []);
    const at = performance.now();
    sent.push({ address, at });
    const answer = await fetch(url, {
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
  const rssAfter = rssMb(gateway.child.pid);
  for (const stream of streams) stream.abort();

  const all: number[] = [];
  const last: number[] = [];
  let missing = 0;
  for (const { address, at } of sent) {
    const times = (arrivals.get(address) ?? []).map((t) => t - at);
    missing += opts.subscribers - times.length;
    all.push(...times);
    if (times.length > 0) last.push(Math.max(...times));
  }
  all.sort((a, b) => a - b);
  last.sort((a, b) => a - b);
  const perSubscriberKb = ((rssOpen - rssBefore) * 1024) / opts.subscribers;
  const f = (n: number, digits = 1) => n.toFixed(digits);
  const markdown = alignTables(
    [
      '# Switchboard benchmark: live updates',
      '',
      "`node bench/live.ts` (bench/live.ts): the gateway (`npm start`'s flags, its index on, the sandbox seed, vendors in their own process,",
      `\`NODE_ENV=production\`), ${opts.subscribers} subscribers of \`customerChanged(filter: { sources: [CRM] })\` over SSE from the runner process,`,
      `then ${opts.writes} \`createCustomer\` (CRM) through the gateway, one every ${opts.everyMs} ms. A delivery's time runs from sending the write`,
      'to the event reaching the subscriber (the write itself included: the vendor call, the index, the event).',
      '',
      `- Machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores; Node ${process.version}; ${new Date().toISOString()}; the runner and its ${opts.subscribers} streams share the cores`,
      '',
      '| figure | value | target |',
      '| --- | ---: | --- |',
      `| gateway RSS before the streams | ${f(rssBefore, 0)} MB | |`,
      `| gateway RSS with every stream open | ${f(rssOpen, 0)} MB | |`,
      `| memory per subscriber | ${f(perSubscriberKb)} KB | ≤ 64 KB: ${perSubscriberKb <= 64 ? 'met' : 'missed'} |`,
      `| gateway RSS after the writes | ${f(rssAfter, 0)} MB | |`,
      `| deliveries | ${all.length} of ${opts.subscribers * opts.writes} (${missing} missing) | every one |`,
      `| delivery p50 / p99 | ${f(percentile(all, 50))} / ${f(percentile(all, 99))} ms | |`,
      `| write to its last subscriber's event, p50 / p99 over the writes | ${f(percentile(last, 50))} / ${f(percentile(last, 99))} ms | p99 ≤ 500 ms: ${percentile(last, 99) <= 500 ? 'met' : 'missed'} |`,
      '',
    ].join('\n'),
  );
  return { markdown, deliveries: all.length, missing };
}

async function main(): Promise<number> {
  const opts = options();
  process.once('exit', killAllNow);
  try {
    const { markdown, deliveries, missing } = await run(opts);
    process.stdout.write(`${markdown}\n`);
    if (opts.out) writeFileSync(opts.out, markdown);
    if (opts.smoke) process.stdout.write(`SMOKE ${JSON.stringify({ deliveries, missing })}\n`);
    return missing === 0 ? 0 : 1;
  } catch (error) {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  } finally {
    await stopAll();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(await main());
