// `npm run bench`: the gateway against a hand-written baseline, both in front of the sandbox vendors
// in a process of their own, under autocannon. See bench/results.md for what it reports.
//
//   node bench/run.ts [--latency 20,0] [--duration 10] [--warmup 2] [--scenarios a,b,c,d,e,f]
//                     [--concurrency 1,16,64] [--out bench/results.md] [--gateway-env NAME=value]…
//                     [--no-cached]        (skip the second gateway, the one with its response cache on)
//                     [--rounds 1]         (measure each step this many times, interleaved; report medians)
//                     [--peer mesh] [--peer-dir ../shared/peers/mesh]
//                                          (also measure GraphQL Mesh over the same vendors, for the
//                                          scenarios it can answer: (f); installed once into
//                                          node_modules/.cache/switchboard-bench)
//   node bench/run.ts --smoke     scenarios (a) and (f), concurrency 1, ~2 s each, latency 0, no
//                                 results file; exits non-zero when a request failed or an answer carried errors
import { cpus, totalmem, tmpdir } from 'node:os';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { adminCall, describe, goodAnswer, measure, medianOf, send, singleOperation, type StepOptions, type Targets } from './measure.ts';
import { startMeshPeer } from './peer-mesh.ts';
import { killAllNow, nodeBinary, resetPeakRss, rssMb, startChild, stopAll, waitForHttp, type Child } from './processes.ts';
import { renderReport, type MachineInfo, type Measurement, type ReportInput, type Row, type Target } from './report.ts';
import { DISCOVER_IDS, SCENARIO_KEYS, SCENARIOS, SOURCE_NAMES, type BenchRequest, type Fixture, type ScenarioKey, type SourceName } from './scenarios.ts';
import type { VendorsReady } from './vendors.ts';

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
  /** Each step measured this many times, the targets taking turns; the report gives medians. */
  rounds: number;
  /** The folder of a GraphQL Mesh composition to measure beside the gateway; null: none. */
  peerDir: string | null;
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
      rounds: { type: 'string' },
      peer: { type: 'string' },
      'peer-dir': { type: 'string' },
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
  const scenarios = (values.scenarios ?? (smoke ? 'a,f' : SCENARIO_KEYS.join(','))).split(',').map((key) => key.trim());
  for (const key of scenarios) {
    if (!(SCENARIO_KEYS as readonly string[]).includes(key)) throw new Error(`--scenarios: unknown scenario "${key}" (${SCENARIO_KEYS.join(', ')})`);
  }
  const durationS = Number(values.duration ?? (smoke ? '2' : '10'));
  const warmupS = Number(values.warmup ?? (smoke ? '0.5' : '2'));
  if (!(durationS > 0 && durationS <= 3_600)) throw new Error('--duration: seconds, more than 0');
  if (!(warmupS >= 0 && warmupS <= 600)) throw new Error('--warmup: seconds, 0 or more');
  const rounds = Number(values.rounds ?? '1');
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 9) throw new Error('--rounds: a whole number from 1 to 9');
  if (values.peer !== undefined && values.peer !== 'mesh') throw new Error('--peer: only "mesh" is known');
  const peerDir = values.peer === 'mesh' ? resolve(values['peer-dir'] ?? join(ROOT, '..', 'shared', 'peers', 'mesh')) : null;
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
    rounds,
    peerDir,
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
  const peerScenarios = options.peerDir === null ? [] : options.scenarios.filter((key) => SCENARIOS[key].peer);
  const startPeer = async () =>
    options.peerDir === null || peerScenarios.length === 0
      ? null
      : startMeshPeer({
          dir: options.peerDir,
          cacheRoot: join(ROOT, 'node_modules', '.cache', 'switchboard-bench'),
          node,
          port: await freePort(),
          vendorsEnv: vendors.env,
          logDir,
          log: options.log,
        });
  const [gatewayStart, cachedStart, baselineStart, peerStart] = await Promise.all([
    startGateway(false),
    options.cached ? startGateway(true) : Promise.resolve(null),
    startBaseline(),
    startPeer(),
  ]);
  const gatewayUrl = gatewayStart.url;
  const baselineUrl = (baselineStart.ready as { url: string }).url;
  const targets: Targets = {
    gateway: gatewayStart,
    cached: cachedStart,
    baseline: { url: baselineUrl, child: baselineStart.child },
    peer: peerStart,
  };

  const organization = vendors.env['PLATFORM_ORGANIZATION'] ?? '';
  const fixture = await discover(gatewayUrl, organization);
  const gatewayIdleRssMb = rssMb(gatewayStart.child.pid);
  const peakRssResettable = resetPeakRss(gatewayStart.child.pid);

  // Every scenario once on each target: answers checked (the same records from each), vendor calls
  // of one operation counted.
  const singleOpCalls: ReportInput['singleOpCalls'] = {};
  for (const key of options.scenarios) {
    const scenario = SCENARIOS[key];
    const gateway = await singleOperation(admin, gatewayUrl, scenario.gateway(fixture), `gateway, scenario (${key})`);
    const baseline = await singleOperation(admin, baselineUrl, scenario.baseline(fixture), `baseline, scenario (${key})`);
    const peer = peerStart && scenario.peer ? await singleOperation(admin, peerStart.url, scenario.peer(), `peer, scenario (${key})`) : null;
    await sameRecords(key, fixture, { gateway: gatewayUrl, baseline: baselineUrl, ...(peerStart ? { peer: peerStart.url } : {}) });
    singleOpCalls[key] = { gateway: gateway.total, baseline: baseline.total, ...(peer ? { peer: peer.total } : {}), bySource: gateway.counts };
    options.log(`(${key}) alone: gateway ${gateway.total.toFixed(1)} vendor calls/op, baseline ${baseline.total.toFixed(1)}${peer ? `, peer ${peer.total.toFixed(1)}` : ''}, minimum ${scenario.minimum.calls.toFixed(1)}`);
  }

  const rows: Row[] = [];
  for (const latencyMs of options.latencies) {
    await adminCall(admin, 'POST', `/latency?ms=${latencyMs}`);
    const step: StepOptions = { admin, warmupS: options.warmupS, durationS: options.durationS, latencyMs };
    for (const key of options.scenarios) {
      const scenario = SCENARIOS[key];
      const requests: Partial<Record<Target, BenchRequest[]>> = {
        gateway: scenario.gateway(fixture),
        ...(targets.cached ? { cached: scenario.gateway(fixture) } : {}),
        baseline: scenario.baseline(fixture),
        ...(targets.peer && scenario.peer ? { peer: scenario.peer() } : {}),
      };
      for (const connections of options.concurrency) {
        // The targets take turns, round after round: what drifts over a run drifts for all of them.
        const rounds: Partial<Record<Target, Measurement[]>> = {};
        for (let round = 0; round < options.rounds; round++) {
          for (const [target, cycle] of Object.entries(requests) as Array<[Target, BenchRequest[]]>) {
            const measured = await measure(target, targets, cycle, connections, step);
            options.log(`latency ${latencyMs} ms (${key}) c=${connections} ${target}${options.rounds > 1 ? ` #${round + 1}` : ''}: ${describe(measured)}`);
            (rounds[target] ??= []).push(measured);
          }
        }
        const median = (target: Target) => (rounds[target] ? medianOf(rounds[target]) : null);
        rows.push({
          latencyMs,
          scenario: key,
          concurrency: connections,
          gateway: median('gateway') as Measurement,
          cached: median('cached'),
          baseline: median('baseline') as Measurement,
          peer: median('peer'),
        });
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
      rounds: options.rounds,
      peer: peerStart !== null,
    },
    rows,
    singleOpCalls,
    gatewayIdleRssMb,
    peakRssResettable,
  });
  const all = rows.flatMap((row) => [row.gateway, row.baseline, ...(row.cached ? [row.cached] : []), ...(row.peer ? [row.peer] : [])]);
  return {
    rows,
    markdown,
    failures: all.reduce((sum, m) => sum + m.errors + m.non2xx + m.mismatches, 0),
    requests: all.reduce((sum, m) => sum + m.requests, 0),
  };
}

/** The scenario's answers from each target hold the same records, or the comparison would be unfair. */
async function sameRecords(key: ScenarioKey, fixture: Fixture, urls: Partial<Record<'gateway' | 'baseline' | 'peer', string>>): Promise<void> {
  const scenario = SCENARIOS[key];
  const records = scenario.records;
  if (!records) return;
  const answer = async (url: string | undefined, request: BenchRequest | undefined) => (url && request ? (await send(url, request)).text : null);
  const gateway = records.gateway((await answer(urls.gateway, scenario.gateway(fixture)[0])) ?? '{}');
  const baseline = records.baseline((await answer(urls.baseline, scenario.baseline(fixture)[0])) ?? '{}');
  const peerText = await answer(urls.peer, scenario.peer?.()[0]);
  const peer = peerText === null ? null : records.peer(peerText);
  const expected = JSON.stringify(gateway);
  if (gateway.length === 0 || JSON.stringify(baseline) !== expected || (peer !== null && JSON.stringify(peer) !== expected)) {
    throw new Error(`scenario (${key}): the targets answer different records: gateway ${expected}, baseline ${JSON.stringify(baseline)}, peer ${JSON.stringify(peer)}`);
  }
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
