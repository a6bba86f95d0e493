// The benchmark's results as Markdown: the machine, one table per vendor latency, and the vendor
// calls each scenario makes against the fewest it could.
import { DEFAULT_HTTP_SETTINGS } from '../src/sources/http/index.ts';
import { SCENARIOS, type ScenarioKey } from './scenarios.ts';

/** The gateway uncached, the gateway with its response cache on, the direct baseline, a peer gateway (GraphQL Mesh). */
export type Target = 'gateway' | 'cached' | 'baseline' | 'peer';

export interface Measurement {
  requests: number;
  sent: number;
  durationS: number;
  reqPerS: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors and timeouts, non-2xx answers, answers with GraphQL `errors`. */
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  vendorCalls: number;
  vendorCallsBySource: Record<string, number>;
  callsPerOp: number;
  cpuMsPerOp: number;
  peakRssMb: number;
  /** How busy all the machine's cores were during the step (every process, not only the one measured). */
  machineBusyPct: number;
}

export interface Row {
  latencyMs: number;
  scenario: ScenarioKey;
  concurrency: number;
  gateway: Measurement;
  /** The same load on a second gateway with its response cache on; null when not measured. */
  cached: Measurement | null;
  baseline: Measurement;
  /** The same answer from the peer gateway (`--peer mesh`); null when not measured. */
  peer: Measurement | null;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  node: string;
  date: string;
  memoryGb: number;
}

export interface ReportInput {
  machine: MachineInfo;
  options: {
    durationS: number;
    warmupS: number;
    latencies: number[];
    concurrency: number[];
    scenarios: ScenarioKey[];
    gatewayEnv: string[];
    /** Node flags the gateway ran with (those of `npm start`). */
    gatewayFlags: string[];
    cached: boolean;
    /** Each figure the median of this many interleaved runs. */
    rounds: number;
    /** GraphQL Mesh was measured beside the gateway. */
    peer: boolean;
  };
  rows: Row[];
  /** Vendor calls of one operation done alone (one cycle of each scenario, at the first latency). */
  singleOpCalls: Partial<Record<ScenarioKey, { gateway: number; baseline: number; peer?: number; bySource: Record<string, number> }>>;
  gatewayIdleRssMb: number;
  peakRssResettable: boolean;
}

const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : '–');
/** Milliseconds: one decimal below 100. */
const ms = (value: number): string => fixed(value, value < 100 ? 1 : 0);
const ratio = (a: number, b: number): string => (b > 0 && Number.isFinite(a) && Number.isFinite(b) ? `${(a / b).toFixed(2)}×` : '–');

/** CPU the process used during the step, in cores (1.0: one core all the time). */
function cores(m: Measurement): number {
  return (m.cpuMsPerOp * m.requests) / (m.durationS * 1000);
}

function errorText(m: Measurement): string {
  if (m.errors + m.non2xx + m.mismatches === 0) return '0';
  const parts = [
    m.errors > 0 ? `${m.errors} conn${m.timeouts > 0 ? ` (${m.timeouts} timeouts)` : ''}` : '',
    m.non2xx > 0 ? `${m.non2xx} non-2xx` : '',
    m.mismatches > 0 ? `${m.mismatches} with errors` : '',
  ].filter(Boolean);
  return parts.join(', ');
}

export function renderReport(input: ReportInput): string {
  const { machine, options, rows } = input;
  const lines: string[] = [];
  lines.push('# Switchboard benchmark');
  lines.push('');
  const command = ['node', ...options.gatewayFlags, 'src/main.ts'].join(' ');
  lines.push(`\`npm run bench\` (bench/run.ts). Gateway: \`${command}\` (as \`npm start\`) in its own process, \`NODE_ENV=production\`, `);
  lines.push('`INTROSPECTION=0`, `ALLOW_ANONYMOUS=1`, `RATE_LIMIT_PER_SECOND=0`, `LOG_LEVEL=warn`, everything else at its default');
  const concurrency = DEFAULT_HTTP_SETTINGS.concurrency;
  const extra = options.gatewayEnv.length > 0 ? `, plus ${options.gatewayEnv.map((e) => `\`${e}\``).join(', ')}` : '';
  lines.push(
    `(so \`VENDOR_CONCURRENCY=${concurrency}\`)${extra}. "gw" is that gateway with \`RESPONSE_CACHE=0\`: every scenario repeats one question, so`,
  );
  lines.push(
    options.cached
      ? 'this measures the work behind a cache miss; "cached" is a second gateway process with its response cache on (the default), answering repeats from memory.'
      : 'this measures the work behind a cache miss (the cached gateway was not measured in this run).',
  );
  lines.push(
    'Baseline: bench/baseline.ts, a hand-written server making the same vendor calls with got (keep-alive, all in parallel as soon as ',
  );
  lines.push(
    'their inputs are known, each call once per request). Vendors: the four sandbox vendors in a third process (bench/vendors.ts), ',
  );
  lines.push('each answer delayed by the latency shown. Load: autocannon from the runner process, fixed concurrency.');
  lines.push('');
  lines.push(`- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb.toFixed(0)} GB; Node ${machine.node}; ${machine.date}`);
  lines.push(
    `- Each step: ${options.warmupS} s warm-up (not counted), then ${options.durationS} s measured; concurrency ${options.concurrency.join(', ')}` +
      (options.rounds > 1 ? `; every figure the median of ${options.rounds} runs, the targets taking turns` : ''),
  );
  lines.push(
    `- Gateway RSS when idle after start-up: ${fixed(input.gatewayIdleRssMb, 0)} MB. Peak RSS is VmHWM ${input.peakRssResettable ? 'over the measured step (reset before it)' : 'since the gateway started (could not be reset)'}.`,
  );
  lines.push('  RSS hardly shrinks between steps (V8 keeps the heap it grew), so a row carries the peaks of the steps before it: for one');
  lines.push("  scenario's own figure run it alone (e.g. `--scenarios a --latency 0 --concurrency 64`).");
  lines.push(
    '- All processes share the same cores: the vendors, the load generator and the process measured compete for them, most at 0 ms.',
  );
  lines.push(
    '  "machine busy" is the share of all cores in use during the step (/proc/stat). Near 100 % the step measures throughput, not',
  );
  lines.push(
    '  latency: the clients wait for CPU, and p50 grows with the CPU each operation costs (its ratio then follows the CPU ms/op ratio).',
  );
  lines.push(
    '  "gw CPU cores" is the gateway process\'s own share: its JavaScript runs on one thread, so near 1.0 (a little above, with V8\'s',
  );
  lines.push('  collector threads) that thread is the bottleneck even while the other core has room.');
  lines.push(
    `- \`VENDOR_CONCURRENCY=${concurrency}\` is per vendor and per process (src/sources/http/vendor-budget.ts and send.ts: one queue and ${concurrency} sockets per vendor): at 20 ms the gateway`,
  );
  lines.push(
    `  can have at most ≈ ${concurrency} ÷ 20 ms = ${concurrency * 50} calls a second to each vendor, whatever the number of clients. The baseline has no such cap.`,
  );
  lines.push(
    "- calls/op: requests the vendors received during the step (in-flight work drained) ÷ requests sent. CPU ms/op: the process's",
  );
  lines.push('  utime+stime over the step ÷ requests answered. Ratios are gateway ÷ baseline (p50: > 1 is slower; req/s: < 1 is fewer).');
  lines.push('  The load generator drops its connections at the end of a step, and the gateway stops the vendor reads of a request whose');
  lines.push('  client went away: under load, a gateway figure below the minimum is those requests, sent but not finished.');
  lines.push('');
  for (const key of options.scenarios) lines.push(`- **(${key})** ${SCENARIOS[key].title}`);
  lines.push('');

  for (const latency of options.latencies) {
    const block = rows.filter((row) => row.latencyMs === latency);
    if (block.length === 0) continue;
    lines.push(`## Vendor latency ${latency} ms`);
    lines.push('');
    lines.push(
      '| scen. | conc. | gw req/s | base req/s | req/s ratio | gw p50 ms | base p50 ms | p50 ratio | gw p99 ms | base p99 ms | cached req/s | cached p50 ms | cached p50 ratio | gw calls/op | base calls/op | gw CPU ms/op | base CPU ms/op | gw peak RSS MB | gw CPU cores | machine busy % gw / base | errors gw / cached / base |',
    );
    lines.push(
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    );
    for (const row of block) {
      const g = row.gateway;
      const b = row.baseline;
      const c = row.cached;
      lines.push(
        `| ${row.scenario} | ${row.concurrency} | ${fixed(g.reqPerS, 1)} | ${fixed(b.reqPerS, 1)} | ${ratio(g.reqPerS, b.reqPerS)} | ` +
          `${ms(g.p50Ms)} | ${ms(b.p50Ms)} | ${ratio(g.p50Ms, b.p50Ms)} | ${ms(g.p99Ms)} | ${ms(b.p99Ms)} | ` +
          `${c ? fixed(c.reqPerS, 1) : '–'} | ${c ? ms(c.p50Ms) : '–'} | ${c ? ratio(c.p50Ms, b.p50Ms) : '–'} | ` +
          `${fixed(g.callsPerOp, 1)} | ${fixed(b.callsPerOp, 1)} | ${fixed(g.cpuMsPerOp, 2)} | ${fixed(b.cpuMsPerOp, 2)} | ` +
          `${fixed(g.peakRssMb, 0)} | ${fixed(cores(g), 2)} | ${fixed(g.machineBusyPct, 0)} / ${fixed(b.machineBusyPct, 0)} | ${errorText(g)} / ${c ? errorText(c) : '–'} / ${errorText(b)} |`,
      );
    }
    lines.push('');
  }

  if (options.peer) lines.push(...peerSection(rows, input));

  lines.push('## Vendor calls per operation: measured against the minimum');
  lines.push('');
  lines.push(
    '"Alone": one operation with nothing else running, after an unmeasured one (for (e), one cycle of 10 ÷ 10). "Under load": the range of calls/op over the steps above.',
  );
  lines.push('');
  lines.push(
    '| scen. | minimum | gateway alone | baseline alone | gateway under load | gateway by source (alone) | how the minimum is reached |',
  );
  lines.push('| --- | ---: | ---: | ---: | ---: | --- | --- |');
  for (const key of options.scenarios) {
    const scenario = SCENARIOS[key];
    const alone = input.singleOpCalls[key];
    const loads = rows.filter((row) => row.scenario === key && row.gateway.sent > 0).map((row) => row.gateway.callsPerOp);
    const range = loads.length === 0 ? '–' : `${fixed(Math.min(...loads), 1)}–${fixed(Math.max(...loads), 1)}`;
    const bySource = alone
      ? Object.entries(alone.bySource)
          .filter(([, n]) => n > 0)
          .map(([name, n]) => `${name} ${fixed(n, 1)}`)
          .join(', ')
      : '–';
    lines.push(
      `| ${key} | ${fixed(scenario.minimum.calls, 1)} | ${alone ? fixed(alone.gateway, 1) : '–'} | ${alone ? fixed(alone.baseline, 1) : '–'} | ${range} | ${bySource} | ${scenario.minimum.why} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

/** GraphQL Mesh (`--peer mesh`) beside the gateway, for the scenarios both answer. */
function peerSection(rows: readonly Row[], input: ReportInput): string[] {
  const lines = ['## Against GraphQL Mesh', ''];
  lines.push('GraphQL Mesh v1 (compose-cli, @omnigraph/openapi, Hive Gateway; ../shared/peers/mesh) over the same vendor process, in a');
  lines.push(
    "process of its own with the project's node, `NODE_ENV=production`, one worker. Ratios are gateway ÷ Mesh: req/s > 1 is more,",
  );
  lines.push(
    'CPU and RSS < 1 is less; "p50 diff" is gateway − Mesh in ms. Vendor calls of one operation alone: ' +
      Object.entries(input.singleOpCalls)
        .filter(([, calls]) => calls?.peer !== undefined)
        .map(([key, calls]) => `(${key}) gateway ${fixed(calls?.gateway ?? NaN, 1)}, Mesh ${fixed(calls?.peer ?? NaN, 1)}`)
        .join('; ') +
      '.',
  );
  lines.push('');
  lines.push(
    '| latency ms | scen. | conc. | gw req/s | Mesh req/s | req/s ratio | gw p50 ms | Mesh p50 ms | p50 diff ms | gw CPU ms/op | Mesh CPU ms/op | CPU ratio | gw peak RSS MB | Mesh peak RSS MB | RSS ratio | gw / Mesh calls/op | errors gw / Mesh |',
  );
  lines.push('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const row of rows) {
    const g = row.gateway;
    const m = row.peer;
    if (!m) continue;
    lines.push(
      `| ${row.latencyMs} | ${row.scenario} | ${row.concurrency} | ${fixed(g.reqPerS, 1)} | ${fixed(m.reqPerS, 1)} | ${ratio(g.reqPerS, m.reqPerS)} | ` +
        `${ms(g.p50Ms)} | ${ms(m.p50Ms)} | ${fixed(g.p50Ms - m.p50Ms, 1)} | ${fixed(g.cpuMsPerOp, 2)} | ${fixed(m.cpuMsPerOp, 2)} | ${ratio(g.cpuMsPerOp, m.cpuMsPerOp)} | ` +
        `${fixed(g.peakRssMb, 0)} | ${fixed(m.peakRssMb, 0)} | ${ratio(g.peakRssMb, m.peakRssMb)} | ${fixed(g.callsPerOp, 1)} / ${fixed(m.callsPerOp, 1)} | ${errorText(g)} / ${errorText(m)} |`,
    );
  }
  lines.push('');
  return lines;
}
