// `npm run bench`: the gateway against a hand-written baseline, both in front of the sandbox vendors
// in a process of their own, under autocannon. See bench/results.md for what it reports.
//
//   node bench/run.ts [--latency 20,0] [--duration 10] [--warmup 2] [--scenarios a,b,c,d,e]
//                     [--concurrency 1,16,64] [--out bench/results.md] [--gateway-env NAME=value]…
//                     [--no-cached]        (skip the second gateway, the one with its response cache on)
//   node bench/run.ts --smoke     scenario (a), concurrency 1, ~2 s each, latency 0, no results file;
//                                 exits non-zero when a request failed or an answer carried errors
import { cpus, totalmem, tmpdir } from 'node:os';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { cpuMs, killAllNow, machineBusyPercent, machineCpuTicks, nodeBinary, peakRssMb, resetPeakRss, rssMb, sleep, startChild, stopAll, waitForHttp, type Child } from './processes.ts';
import { renderReport, type MachineInfo, type Measurement, type ReportInput, type Row, type Target } from './report.ts';
import { DISCOVER_IDS, SCENARIO_KEYS, SCENARIOS, SOURCE_NAMES, type BenchRequest, type Fixture, type ScenarioKey, type SourceName } from './scenarios.ts';
import type { VendorCounts, VendorsReady } from './vendors.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The node flags `npm start` runs the gateway with (package.json), so that the process measured is the one that ships. */
const START_FLAGS: string[] = (
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts?.['start'] ?? ''
)
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));

export interface BenchOptions {
  latencies: number[];
  durationS: number;
  warmupS: number;
  scenarios: ScenarioKey[];
  concurrency: number[];
  /** Markdown file written at the end; null: none. */
  out: string | null;
  smoke: boolean;
  /** Extra NAME=value for the gateway's environment (e.g. VENDOR_CONCURRENCY=64). */
  gatewayEnv: string[];
  /** Also measure a second gateway with its response cache on, beside the uncached one. */
  cached: boolean;
  log: (line: string) => void;
}

export interface BenchResult {
  rows: Row[];
  markdown: string;
  /** Requests that failed or answered errors, over every measured step. */
  failures: number;
  requests: number;
}

function list(text: string, name: string): number[] {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((value) => !Number.isInteger(value) || value < 0)) {
    throw new Error(`--${name}: a comma-separated list of whole numbers, got "${text}"`);
  }
  return values;
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      latency: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      scenarios: { type: 'string' },
      concurrency: { type: 'string' },
      out: { type: 'string' },
      'gateway-env': { type: 'string', multiple: true },
      smoke: { type: 'boolean', default: false },
      'no-cached': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
    process.stdout.write(`${lines.slice(0, lines.findIndex((line) => !line.startsWith('//'))).join('\n')}\n`);
    process.exit(0);
  }
  const smoke = values.smoke;
  const scenarios = (values.scenarios ?? (smoke ? 'a' : SCENARIO_KEYS.join(','))).split(',').map((key) => key.trim());
  for (const key of scenarios) {
    if (!(SCENARIO_KEYS as readonly string[]).includes(key)) throw new Error(`--scenarios: unknown scenario "${key}" (${SCENARIO_KEYS.join(', ')})`);
  }
  const durationS = Number(values.duration ?? (smoke ? '2' : '10'));
  const warmupS = Number(values.warmup ?? (smoke ? '0.5' : '2'));
  if (!(durationS > 0 && durationS <= 3_600)) throw new Error('--duration: seconds, more than 0');
  if (!(warmupS >= 0 && warmupS <= 600)) throw new Error('--warmup: seconds, 0 or more');
  const gatewayEnv = values['gateway-env'] ?? [];
  for (const pair of gatewayEnv) if (!/^[A-Z][A-Z0-9_]*=/.test(pair)) throw new Error(`--gateway-env: NAME=value, got "${pair}"`);
  return {
    latencies: list(values.latency ?? (smoke ? '0' : '20,0'), 'latency'),
    durationS,
    warmupS,
    scenarios: scenarios as ScenarioKey[],
    concurrency: list(values.concurrency ?? (smoke ? '1' : '1,16,64'), 'concurrency').filter((c) => c > 0),
    out: smoke ? null : resolve(values.out ?? join(ROOT, 'bench', 'results.md')),
    smoke,
    gatewayEnv,
    cached: !smoke && !values['no-cached'],
    log: (line) => process.stderr.write(`${line}\n`),
  };
}

function machineInfo(): MachineInfo {
  let cpu = cpus()[0]?.model ?? 'unknown CPU';
  try {
    const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
    if (model) cpu = model.trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  return { cpu, cores: cpus().length, node: process.version, date: new Date().toISOString(), memoryGb: totalmem() / 2 ** 30 };
}

async function adminCall<T>(admin: string, method: 'GET' | 'POST', path: string): Promise<T> {
  const response = await fetch(`${admin}${path}`, { method, signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`vendors admin ${method} ${path}: ${response.status}`);
  return (await response.json()) as T;
}

/**
 * Waits until the vendors stop receiving requests (work the load generator abandoned finishes). A
 * process still busy with abandoned answers can go a few hundred milliseconds without a vendor call
 * (a 64-deep backlog of (b)), so quiet means a whole second without one.
 */
async function drain(admin: string, latencyMs: number): Promise<void> {
  const quiet = Math.max(1_000, 4 * latencyMs);
  let last = (await adminCall<VendorCounts>(admin, 'GET', '/counts')).total;
  for (let round = 0; round < 200; round++) {
    await sleep(quiet);
    const now = (await adminCall<VendorCounts>(admin, 'GET', '/counts')).total;
    if (now === last) return;
    last = now;
  }
}

type Targets = Record<Target, { url: string; child: Child } | null>;

async function send(origin: string, request: BenchRequest): Promise<{ status: number; text: string }> {
  const response = await fetch(`${origin}${request.path}`, {
    method: request.method,
    ...(request.headers ? { headers: request.headers } : {}),
    ...(request.body === undefined ? {} : { body: request.body }),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, text: await response.text() };
}

/** An answer is good when it is 200 JSON with `data` and without `errors`. */
function goodAnswer(text: string): boolean {
  return text.startsWith('{"data":') && !text.includes('"errors":');
}

async function discover(gatewayUrl: string, organization: string): Promise<Fixture> {
  const ids = {} as Record<SourceName, string[]>;
  for (const source of SOURCE_NAMES) {
    const { status, text } = await send(gatewayUrl, {
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: DISCOVER_IDS, variables: { sources: [source], first: 20 } }),
    });
    if (status !== 200 || !goodAnswer(text)) throw new Error(`finding ${source} customers through the gateway failed: ${status} ${text.slice(0, 300)}`);
    const answer = JSON.parse(text) as { data: { customers: { edges: Array<{ node: { sourceId: string } }> } } };
    ids[source] = answer.data.customers.edges.map((edge) => edge.node.sourceId);
  }
  return { ids, platformOrganization: organization };
}

/**
 * One cycle of a scenario, alone, after one unmeasured cycle (what the gateway learns of a vendor on
 * first contact, such as how long a short list is, is then known, as it is under load): checks every
 * answer and counts the vendor calls per operation.
 */
async function singleOperation(admin: string, origin: string, requests: BenchRequest[], what: string): Promise<VendorCounts> {
  const cycle = async () => {
    for (const request of requests) {
      const { status, text } = await send(origin, request);
      if (status !== 200 || !goodAnswer(text)) throw new Error(`${what}: answered ${status}: ${text.slice(0, 500)}`);
    }
  };
  await cycle();
  await adminCall(admin, 'POST', '/counts/reset');
  await cycle();
  const counts = await adminCall<VendorCounts>(admin, 'POST', '/counts/reset');
  const per = (n: number) => n / requests.length;
  return {
    total: per(counts.total),
    counts: { AMELIA: per(counts.counts.AMELIA), KB_SUPPORT: per(counts.counts.KB_SUPPORT), PLATFORM: per(counts.counts.PLATFORM), CRM: per(counts.counts.CRM) },
  };
}

interface LoadResult {
  result: autocannon.Result;
  /** Latencies of the 2xx answers, ms, unrounded (autocannon's histogram keeps whole milliseconds). */
  latencies: number[];
}

function load(url: string, requests: BenchRequest[], connections: number, durationS: number): Promise<LoadResult> {
  return new Promise((resolveLoad, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      {
        url,
        connections,
        duration: durationS,
        timeout: 30,
        requests: requests.map((request) => ({
          method: request.method,
          path: request.path,
          ...(request.headers ? { headers: request.headers } : {}),
          ...(request.body === undefined ? {} : { body: request.body }),
        })),
        verifyBody: (body) => goodAnswer(typeof body === 'string' ? body : (body?.toString('utf8') ?? '')),
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolveLoad({ result, latencies });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

async function measure(
  target: Target,
  targets: Targets,
  admin: string,
  requests: BenchRequest[],
  connections: number,
  options: BenchOptions,
  latencyMs: number,
): Promise<Measurement> {
  const started = targets[target];
  if (!started) throw new Error(`${target} was not started`);
  const { url, child } = started;
  if (options.warmupS > 0) await load(url, requests, connections, options.warmupS);
  await drain(admin, latencyMs);
  await adminCall(admin, 'POST', '/counts/reset');
  resetPeakRss(child.pid);
  const cpuBefore = cpuMs(child.pid);
  const machineBefore = machineCpuTicks();
  const { result, latencies } = await load(url, requests, connections, options.durationS);
  const machineAfter = machineCpuTicks();
  const cpuAfter = cpuMs(child.pid);
  const peak = peakRssMb(child.pid);
  await drain(admin, latencyMs);
  const counts = await adminCall<VendorCounts>(admin, 'POST', '/counts/reset');
  const answered = result.requests.total;
  const sent = result.requests.sent;
  const sorted = latencies.sort((x, y) => x - y);
  return {
    requests: answered,
    sent,
    durationS: result.duration,
    reqPerS: answered / result.duration,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
    vendorCalls: counts.total,
    vendorCallsBySource: counts.counts,
    callsPerOp: sent > 0 ? counts.total / sent : Number.NaN,
    cpuMsPerOp: answered > 0 ? (cpuAfter - cpuBefore) / answered : Number.NaN,
    peakRssMb: peak,
    machineBusyPct: machineBusyPercent(machineBefore, machineAfter),
  };
}

function describe(m: Measurement): string {
  const bad = m.errors + m.non2xx + m.mismatches;
  return `${m.reqPerS.toFixed(1)} req/s, p50 ${m.p50Ms.toFixed(1)} ms, p99 ${m.p99Ms.toFixed(1)} ms, ${m.callsPerOp.toFixed(1)} calls/op, ${m.cpuMsPerOp.toFixed(2)} CPU ms/op, machine ${m.machineBusyPct.toFixed(0)} % busy${bad > 0 ? `, ${bad} failed` : ''}`;
}

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const node = nodeBinary(ROOT);
  const logDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const baseEnv: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? tmpdir(), TZ: process.env['TZ'] ?? 'UTC' };
  const firstLatency = options.latencies[0] ?? 0;
  options.log(`bench: logs in ${logDir}`);

  const vendorsStart = await startChild({
    name: 'vendors',
    node,
    args: [join(ROOT, 'bench', 'vendors.ts')],
    cwd: ROOT,
    env: { ...baseEnv, BENCH_LATENCY_MS: String(firstLatency) },
    logDir,
    readyLine: true,
    timeoutMs: 20_000,
  });
  const vendors = vendorsStart.ready as VendorsReady;
  const admin = vendors.admin;

  const gatewayExtra = Object.fromEntries(options.gatewayEnv.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
  const startGateway = async (responseCache: boolean): Promise<{ url: string; child: Child }> => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { child } = await startChild({
      name: responseCache ? 'gateway-cached' : 'gateway',
      node,
      // Its own process, as in production; the lifeline only ends it when the runner goes away.
      args: [...START_FLAGS, '--import', pathToFileURL(join(ROOT, 'bench', 'lifeline.ts')).href, join(ROOT, 'src', 'main.ts')],
      // Not the checkout: a developer's .env there must not change what is measured.
      cwd: logDir,
      env: {
        ...baseEnv,
        ...vendors.env,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_SECOND: '0',
        ALLOW_ANONYMOUS: '1',
        NODE_ENV: 'production',
        CURSOR_SECRET: 'the-benchmark-gateway-cursor-secret',
        INTROSPECTION: '0',
        ...(responseCache ? {} : { RESPONSE_CACHE: '0' }),
        ...gatewayExtra,
      },
      logDir,
      readyLine: false,
      timeoutMs: 0,
    });
    await waitForHttp(`${url}/health`, child, 30_000);
    return { url, child };
  };
  const startBaseline = () =>
    startChild({
      name: 'baseline',
      node,
      args: [join(ROOT, 'bench', 'baseline.ts')],
      cwd: ROOT,
      env: { ...baseEnv, ...vendors.env, BASELINE_PORT: '0' },
      logDir,
      readyLine: true,
      timeoutMs: 20_000,
    });
  const [gatewayStart, cachedStart, baselineStart] = await Promise.all([
    startGateway(false),
    options.cached ? startGateway(true) : Promise.resolve(null),
    startBaseline(),
  ]);
  const gatewayUrl = gatewayStart.url;
  const baselineUrl = (baselineStart.ready as { url: string }).url;
  const targets: Targets = {
    gateway: gatewayStart,
    cached: cachedStart,
    baseline: { url: baselineUrl, child: baselineStart.child },
  };

  const organization = vendors.env['PLATFORM_ORGANIZATION'] ?? '';
  const fixture = await discover(gatewayUrl, organization);
  const gatewayIdleRssMb = rssMb(gatewayStart.child.pid);
  const peakRssResettable = resetPeakRss(gatewayStart.child.pid);

  // Every scenario once on each target: answers checked, vendor calls of one operation counted.
  const singleOpCalls: ReportInput['singleOpCalls'] = {};
  for (const key of options.scenarios) {
    const scenario = SCENARIOS[key];
    const gateway = await singleOperation(admin, gatewayUrl, scenario.gateway(fixture), `gateway, scenario (${key})`);
    const baseline = await singleOperation(admin, baselineUrl, scenario.baseline(fixture), `baseline, scenario (${key})`);
    singleOpCalls[key] = { gateway: gateway.total, baseline: baseline.total, bySource: gateway.counts };
    options.log(`(${key}) alone: gateway ${gateway.total.toFixed(1)} vendor calls/op, baseline ${baseline.total.toFixed(1)}, minimum ${scenario.minimum.calls.toFixed(1)}`);
  }

  const rows: Row[] = [];
  for (const latencyMs of options.latencies) {
    await adminCall(admin, 'POST', `/latency?ms=${latencyMs}`);
    for (const key of options.scenarios) {
      const scenario = SCENARIOS[key];
      for (const connections of options.concurrency) {
        const gateway = await measure('gateway', targets, admin, scenario.gateway(fixture), connections, options, latencyMs);
        options.log(`latency ${latencyMs} ms (${key}) c=${connections} gateway:  ${describe(gateway)}`);
        const cached = targets.cached ? await measure('cached', targets, admin, scenario.gateway(fixture), connections, options, latencyMs) : null;
        if (cached) options.log(`latency ${latencyMs} ms (${key}) c=${connections} cached:   ${describe(cached)}`);
        const baseline = await measure('baseline', targets, admin, scenario.baseline(fixture), connections, options, latencyMs);
        options.log(`latency ${latencyMs} ms (${key}) c=${connections} baseline: ${describe(baseline)}`);
        rows.push({ latencyMs, scenario: key, concurrency: connections, gateway, cached, baseline });
      }
    }
  }

  const markdown = renderReport({
    machine: machineInfo(),
    options: {
      durationS: options.durationS,
      warmupS: options.warmupS,
      latencies: options.latencies,
      concurrency: options.concurrency,
      scenarios: options.scenarios,
      gatewayEnv: options.gatewayEnv,
      gatewayFlags: START_FLAGS,
      cached: options.cached,
    },
    rows,
    singleOpCalls,
    gatewayIdleRssMb,
    peakRssResettable,
  });
  const all = rows.flatMap((row) => [row.gateway, row.baseline, ...(row.cached ? [row.cached] : [])]);
  return {
    rows,
    markdown,
    failures: all.reduce((sum, m) => sum + m.errors + m.non2xx + m.mismatches, 0),
    requests: all.reduce((sum, m) => sum + m.requests, 0),
  };
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    options.log(`bench: ${signal}, stopping the children`);
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', killAllNow);
  try {
    const result = await runBench(options);
    if (options.smoke) {
      const summary = { requests: result.requests, failures: result.failures, rows: result.rows.length };
      process.stdout.write(`${result.markdown}\nSMOKE ${JSON.stringify(summary)}\n`);
      return result.failures === 0 && result.requests > 0 ? 0 : 1;
    }
    process.stdout.write(`${result.markdown}\n`);
    if (options.out) {
      writeFileSync(options.out, `${result.markdown}\n`);
      options.log(`bench: wrote ${options.out}`);
    }
    return 0;
  } catch (error) {
    options.log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  } finally {
    await stopAll();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(await main());
}
