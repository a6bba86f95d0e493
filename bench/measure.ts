// How the benchmark measures one target: a request checked, a scenario's vendor calls counted alone,
// a step of load from autocannon with the process's CPU and peak RSS and the machine's business
// around it, and the median of several interleaved rounds.
import autocannon from 'autocannon';
import { type Child, cpuMs, machineBusyPercent, machineCpuTicks, peakRssMb, resetPeakRss, sleep } from './processes.ts';
import type { Measurement, Target } from './report.ts';
import type { BenchRequest } from './scenarios.ts';
import type { VendorCounts } from './vendors.ts';

export type Targets = Partial<Record<Target, { url: string; child: Child } | null>>;

/** What a step needs besides its target: the vendors' admin endpoint, the load's length. */
export interface StepOptions {
  admin: string;
  warmupS: number;
  durationS: number;
  latencyMs: number;
}

export async function adminCall<T>(admin: string, method: 'GET' | 'POST', path: string): Promise<T> {
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

export async function send(origin: string, request: BenchRequest): Promise<{ status: number; text: string }> {
  const response = await fetch(`${origin}${request.path}`, {
    method: request.method,
    ...(request.headers ? { headers: request.headers } : {}),
    ...(request.body === undefined ? {} : { body: request.body }),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, text: await response.text() };
}

/** An answer is good when it is 200 JSON with `data` and without `errors`. */
export function goodAnswer(text: string): boolean {
  return text.startsWith('{"data":') && !text.includes('"errors":');
}

/**
 * One cycle of a scenario, alone, after one unmeasured cycle (what the gateway learns of a vendor on
 * first contact, such as how long a short list is, is then known, as it is under load): checks every
 * answer and counts the vendor calls per operation.
 */
export async function singleOperation(admin: string, origin: string, requests: BenchRequest[], what: string): Promise<VendorCounts> {
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
    counts: {
      AMELIA: per(counts.counts.AMELIA),
      KB_SUPPORT: per(counts.counts.KB_SUPPORT),
      PLATFORM: per(counts.counts.PLATFORM),
      CRM: per(counts.counts.CRM),
    },
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

export async function measure(
  target: Target,
  targets: Targets,
  requests: BenchRequest[],
  connections: number,
  step: StepOptions,
): Promise<Measurement> {
  const started = targets[target];
  if (!started) throw new Error(`${target} was not started`);
  const { url, child } = started;
  const { admin, latencyMs } = step;
  if (step.warmupS > 0) await load(url, requests, connections, step.warmupS);
  await drain(admin, latencyMs);
  await adminCall(admin, 'POST', '/counts/reset');
  resetPeakRss(child.pid);
  const cpuBefore = cpuMs(child.pid);
  const machineBefore = machineCpuTicks();
  const { result, latencies } = await load(url, requests, connections, step.durationS);
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

export function describe(m: Measurement): string {
  const bad = m.errors + m.non2xx + m.mismatches;
  return `${m.reqPerS.toFixed(1)} req/s, p50 ${m.p50Ms.toFixed(1)} ms, p99 ${m.p99Ms.toFixed(1)} ms, ${m.callsPerOp.toFixed(1)} calls/op, ${m.cpuMsPerOp.toFixed(2)} CPU ms/op, machine ${m.machineBusyPct.toFixed(0)} % busy${bad > 0 ? `, ${bad} failed` : ''}`;
}

/** The median of each figure over rounds of the same step (errors summed). */
export function medianOf(rounds: Measurement[]): Measurement {
  const [only] = rounds;
  if (!only) throw new Error('no rounds');
  if (rounds.length === 1) return only;
  const median = (pick: (m: Measurement) => number) => {
    const sorted = rounds.map(pick).sort((x, y) => x - y);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  };
  const sum = (pick: (m: Measurement) => number) => rounds.reduce((total, m) => total + pick(m), 0);
  return {
    ...only,
    requests: median((m) => m.requests),
    sent: median((m) => m.sent),
    durationS: median((m) => m.durationS),
    reqPerS: median((m) => m.reqPerS),
    p50Ms: median((m) => m.p50Ms),
    p99Ms: median((m) => m.p99Ms),
    errors: sum((m) => m.errors),
    timeouts: sum((m) => m.timeouts),
    non2xx: sum((m) => m.non2xx),
    mismatches: sum((m) => m.mismatches),
    vendorCalls: median((m) => m.vendorCalls),
    callsPerOp: median((m) => m.callsPerOp),
    cpuMsPerOp: median((m) => m.cpuMsPerOp),
    peakRssMb: median((m) => m.peakRssMb),
    machineBusyPct: median((m) => m.machineBusyPct),
  };
}
