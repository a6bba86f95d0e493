// Webhooks' benchmark: two gateways on one PostgreSQL index and one Redis (the sandbox seed, vendors
// in their own process), --hooks webhooks registered at a receiver in this process (each takes every
// CRM change), then --writes createCustomer calls through both instances, --writers at a time. Counts
// what the receiver got: deliveries per second, and each delivery's time from sending its write.
// Writes bench/results-webhooks.md.
//
//   node bench/webhooks.ts [--hooks 20] [--writes 300] [--writers 8] [--out bench/results-webhooks.md]
//
// The receiver is an http:// loopback URL, which production refuses to send to: the gateways run with
// NODE_ENV=development (its only difference here: the URL policy).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sha256Hex } from '../src/auth/authenticate.ts';
import { startPostgres } from '../test/support/postgres.ts';
import { startRedis } from '../test/support/redis.ts';
import { alignTables } from './index-report.ts';
import { type IndexedGateway, startIndexedGateway, startVendors, waitForSync } from './index-targets.ts';
import { runBenchmark, sleep } from './processes.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KEY = 'sbk_bench_webhooks_client_0123456789';
const CREATE_WEBHOOK =
  'mutation Hook($input: CreateWebhookInput!) { createWebhook(input: $input) { __typename ... on CreateWebhookSuccess { webhook { id } } } }';
const CREATE = 'mutation New($input: CreateCustomerInput!) { createCustomer(input: $input) { __typename } }';

function options() {
  const { values } = parseArgs({
    options: { hooks: { type: 'string' }, writes: { type: 'string' }, writers: { type: 'string' }, out: { type: 'string' } },
  });
  return {
    hooks: Number(values.hooks ?? 20),
    writes: Number(values.writes ?? 300),
    writers: Number(values.writers ?? 8),
    out: resolve(values.out ?? join(ROOT, 'bench', 'results-webhooks.md')),
  };
}

async function graphql(gateway: IndexedGateway, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const answer = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await answer.json()) as { data?: Record<string, { __typename?: string }>; errors?: unknown };
  if (!answer.ok || body.errors) throw new Error(`answered ${answer.status}: ${JSON.stringify(body)}`);
  return body.data ?? {};
}

/** A receiver answering 204 at once, noting when each POST arrived, at which webhook's path, with which event id. */
async function startReceiver() {
  const arrivals: Array<{ at: number; path: string; eventId: string }> = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      arrivals.push({ at: performance.now(), path: request.url ?? '', eventId: String(request.headers['webhook-id'] ?? '') });
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const { port } = server.address() as AddressInfo;
  return { url: (path: string) => `http://127.0.0.1:${port}${path}`, arrivals, stop: () => new Promise((done) => server.close(done)) };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

async function run(opts: ReturnType<typeof options>): Promise<string> {
  const logDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-webhooks-'));
  const [vendors, postgres, redis, receiver] = await Promise.all([
    startVendors(logDir, 0, 0),
    startPostgres(),
    startRedis(),
    startReceiver(),
  ]);
  const env = {
    NODE_ENV: 'development',
    INDEX_URL: postgres.url,
    REDIS_URL: redis.url,
    API_KEYS: JSON.stringify([
      { client: 'bench', sha256: sha256Hex(KEY), scopes: ['customers:read', 'customers:write', 'webhooks:manage'] },
    ]),
  };
  const gateways: IndexedGateway[] = [];
  for (let n = 0; n < 2; n++) {
    // One after the other: the first makes the index's tables.
    const started = await startIndexedGateway(`gateway-webhooks-${n}`, vendors, logDir, join(logDir, 'unused.db'), env);
    await waitForSync(started.url, (status) => status.state === 'SYNCED', 60_000);
    gateways.push(started);
  }
  for (let n = 0; n < opts.hooks; n++) {
    await graphql(gateways[n % 2] as IndexedGateway, CREATE_WEBHOOK, {
      input: { url: receiver.url(`/hook/${n}`), filter: { sources: ['CRM'] } },
    });
  }
  await sleep(2_000);

  const sent: number[] = [];
  let next = 0;
  const writer = async () => {
    for (let n = next++; n < opts.writes; n = next++) {
      sent.push(performance.now());
      await graphql(gateways[n % 2] as IndexedGateway, CREATE, {
        input: { source: 'CRM', firstName: 'Hook', lastName: `Bench ${n}`, email: `hook.bench.${n}@events.example.test` },
      });
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: opts.writers }, writer));
  const written = performance.now();
  const expected = opts.writes * opts.hooks;
  const deadline = Date.now() + 120_000;
  while (receiver.arrivals.length < expected && Date.now() < deadline) await sleep(100);
  const arrivals = receiver.arrivals.map((arrival) => arrival.at).sort((a, b) => a - b);
  const last = arrivals.at(-1) ?? written;
  const distinct = new Set(receiver.arrivals.map((arrival) => arrival.eventId)).size;
  const repeats = receiver.arrivals.length - new Set(receiver.arrivals.map((arrival) => `${arrival.path} ${arrival.eventId}`)).size;
  await receiver.stop();
  await Promise.all([postgres.stop(), redis.stop()]);

  // Each delivery's time from the start of the write it tells of: the writes are numbered in order sent, events in order stored.
  const firstSent = sent.sort((a, b) => a - b)[0] ?? started;
  const seconds = (last - firstSent) / 1_000;
  const lag = arrivals.map((at, n) => at - (sent[Math.floor(n / opts.hooks)] ?? firstSent)).sort((a, b) => a - b);
  const f = (n: number, digits = 1) => n.toFixed(digits);
  return alignTables(
    [
      '# Switchboard benchmark: webhooks',
      '',
      `\`node bench/webhooks.ts\` (bench/webhooks.ts): two gateways on one PostgreSQL index and one Redis (\`npm start\`'s flags, the sandbox`,
      `seed, vendors in their own process, \`NODE_ENV=development\` so that a loopback http receiver is allowed), ${opts.hooks} webhooks`,
      `(each takes every CRM change) at a receiver in the runner process answering 204, then ${opts.writes} \`createCustomer\` (CRM)`,
      `through both instances, ${opts.writers} at a time. Each event is signed, POSTed and recorded (an attempt before, its outcome after).`,
      '',
      `- Machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores; Node ${process.version}; ${new Date().toISOString()}; the runner, its receiver, both gateways, PostgreSQL and Redis share the cores`,
      '',
      '| figure | value |',
      '| --- | ---: |',
      `| writes per second (through both instances) | ${f(opts.writes / ((written - started) / 1_000))} |`,
      `| deliveries | ${arrivals.length} of ${expected} (${distinct} events; ${repeats} repeated: at least once) |`,
      `| deliveries per second, first write to last delivery | ${f(arrivals.length / seconds)} |`,
      `| a delivery after its write was sent, p50 / p99 | ${f(percentile(lag, 50))} / ${f(percentile(lag, 99))} ms |`,
      '',
    ].join('\n'),
  );
}

async function main(): Promise<number> {
  const opts = options();
  return runBenchmark(async () => {
    const markdown = await run(opts);
    process.stdout.write(`${markdown}\n`);
    writeFileSync(opts.out, markdown);
    return 0;
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(await main());
