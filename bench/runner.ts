// One benchmark run: the targets started, the customer ids found through the gateway, every scenario
// checked once on each target (the same records, the vendor calls of one operation counted), then
// each step loaded with autocannon, and the report rendered.

import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { adminCall, describe, goodAnswer, measure, medianOf, type StepOptions, send, singleOperation } from './measure.ts';
import type { BenchOptions } from './options.ts';
import { resetPeakRss, rssMb } from './processes.ts';
import { type MachineInfo, type Measurement, type ReportInput, type Row, renderReport, type Target } from './report.ts';
import { type BenchRequest, DISCOVER_IDS, type Fixture, SCENARIOS, type ScenarioKey, SOURCE_NAMES, type SourceName } from './scenarios.ts';
import { START_FLAGS, startTargets } from './targets.ts';

export interface BenchResult {
  rows: Row[];
  markdown: string;
  /** Requests that failed or answered errors, over every measured step. */
  failures: number;
  requests: number;
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
    if (status !== 200 || !goodAnswer(text))
      throw new Error(`finding ${source} customers through the gateway failed: ${status} ${text.slice(0, 300)}`);
    const answer = JSON.parse(text) as { data: { customers: { edges: Array<{ node: { sourceId: string } }> } } };
    ids[source] = answer.data.customers.edges.map((edge) => edge.node.sourceId);
  }
  return { ids, platformOrganization: organization };
}

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const { vendors, admin, gatewayStart, gatewayUrl, baselineUrl, peerStart, targets } = await startTargets(options);

  const organization = vendors.env.PLATFORM_ORGANIZATION ?? '';
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
    const peer =
      peerStart && scenario.peer ? await singleOperation(admin, peerStart.url, scenario.peer(), `peer, scenario (${key})`) : null;
    await sameRecords(key, fixture, { gateway: gatewayUrl, baseline: baselineUrl, ...(peerStart ? { peer: peerStart.url } : {}) });
    singleOpCalls[key] = {
      gateway: gateway.total,
      baseline: baseline.total,
      ...(peer ? { peer: peer.total } : {}),
      bySource: gateway.counts,
    };
    options.log(
      `(${key}) alone: gateway ${gateway.total.toFixed(1)} vendor calls/op, baseline ${baseline.total.toFixed(1)}${peer ? `, peer ${peer.total.toFixed(1)}` : ''}, minimum ${scenario.minimum.calls.toFixed(1)}`,
    );
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
            options.log(
              `latency ${latencyMs} ms (${key}) c=${connections} ${target}${options.rounds > 1 ? ` #${round + 1}` : ''}: ${describe(measured)}`,
            );
            rounds[target] = [...(rounds[target] ?? []), measured];
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
async function sameRecords(
  key: ScenarioKey,
  fixture: Fixture,
  urls: Partial<Record<'gateway' | 'baseline' | 'peer', string>>,
): Promise<void> {
  const scenario = SCENARIOS[key];
  const records = scenario.records;
  if (!records) return;
  const answer = async (url: string | undefined, request: BenchRequest | undefined) =>
    url && request ? (await send(url, request)).text : null;
  const gateway = records.gateway((await answer(urls.gateway, scenario.gateway(fixture)[0])) ?? '{}');
  const baseline = records.baseline((await answer(urls.baseline, scenario.baseline(fixture)[0])) ?? '{}');
  const peerText = await answer(urls.peer, scenario.peer?.()[0]);
  const peer = peerText === null ? null : records.peer(peerText);
  const expected = JSON.stringify(gateway);
  if (gateway.length === 0 || JSON.stringify(baseline) !== expected || (peer !== null && JSON.stringify(peer) !== expected)) {
    throw new Error(
      `scenario (${key}): the targets answer different records: gateway ${expected}, baseline ${JSON.stringify(baseline)}, peer ${JSON.stringify(peer)}`,
    );
  }
}
