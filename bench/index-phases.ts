// The synced index's benchmark, phase by phase (bench/index.ts runs them): indexed against live on one
// gateway, the load of a large index, its questions at one client, and the same questions at 16 clients
// while a full sweep runs. The sync's own vendor calls are counted apart (bench/vendors.ts), so a
// step's calls/op are the questions' alone.
import { join } from 'node:path';
import { type Consistency, checkQuestions, findFixture, type IndexFixture, type QuestionKey, question } from './index-questions.ts';
import { type IndexedGateway, type SourceStatus, startIndexedGateway, syncStatus, waitForSync } from './index-targets.ts';
import { adminCall, describe, measure, type StepOptions } from './measure.ts';
import { cpuMs, rssMb, sleep } from './processes.ts';
import type { Measurement } from './report.ts';
import type { VendorCounts, VendorName, VendorsReady } from './vendors.ts';

export interface Step {
  question: QuestionKey;
  consistency: Consistency;
  concurrency: number;
  m: Measurement;
  /** Sync calls the vendors received during the step, by source (a sweep running shows here). */
  syncCalls?: Record<VendorName, number>;
}

export interface PhaseContext {
  logDir: string;
  durationS: number;
  /** LIVE steps last this long at least: a live search or sameAs at 16 clients takes seconds to answer at all. */
  liveDurationS: number;
  warmupS: number;
  log: (line: string) => void;
}

const synced = (status: SourceStatus) => status.state === 'SYNCED';

async function syncCounts(admin: string): Promise<Record<VendorName, number>> {
  const { sync } = await adminCall<VendorCounts>(admin, 'GET', '/counts');
  if (!sync) throw new Error('the vendors process does not count the sync apart');
  return sync.counts;
}

function minus(after: Record<VendorName, number>, before: Record<VendorName, number>): Record<VendorName, number> {
  return {
    AMELIA: after.AMELIA - before.AMELIA,
    KB_SUPPORT: after.KB_SUPPORT - before.KB_SUPPORT,
    PLATFORM: after.PLATFORM - before.PLATFORM,
    CRM: after.CRM - before.CRM,
  };
}

/** Each question in each mode at each concurrency, the modes taking turns. */
export async function measureQuestions(
  ctx: PhaseContext,
  gateway: IndexedGateway,
  vendors: VendorsReady,
  fixture: IndexFixture,
  plan: { questions: QuestionKey[]; modes: Consistency[]; concurrency: number[]; latencyMs: number },
): Promise<Step[]> {
  const steps: Step[] = [];
  const step: StepOptions = { admin: vendors.admin, warmupS: ctx.warmupS, durationS: ctx.durationS, latencyMs: plan.latencyMs };
  for (const key of plan.questions) {
    for (const concurrency of plan.concurrency) {
      for (const consistency of plan.modes) {
        const before = await syncCounts(vendors.admin);
        const durationS = consistency === 'LIVE' ? Math.max(ctx.durationS, ctx.liveDurationS) : ctx.durationS;
        const m = await measure('gateway', { gateway }, question(key, consistency, fixture), concurrency, { ...step, durationS });
        const syncCalls = minus(await syncCounts(vendors.admin), before);
        ctx.log(`${key} ${consistency} c=${concurrency}: ${describe(m)}, sync calls meanwhile ${JSON.stringify(syncCalls)}`);
        steps.push({ question: key, consistency, concurrency, m, syncCalls });
      }
    }
  }
  return steps;
}

export interface LoadResult {
  /** Seconds from the gateway's start to each source's SYNCED (polled every 250 ms). */
  seconds: Record<string, number>;
  totalS: number;
  /** Sync calls per source up to its SYNCED (its first tick may be in). */
  calls: Record<VendorName, number>;
  records: Record<string, number>;
  cpuS: number;
}

/** Starts a gateway on an empty index and waits for its initial load of every source. */
export async function initialLoad(
  ctx: PhaseContext,
  vendors: VendorsReady,
  name: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ gateway: IndexedGateway; load: LoadResult; indexPath: string }> {
  const indexPath = join(ctx.logDir, `${name}.db`);
  const callsBefore = await syncCounts(vendors.admin);
  const started = performance.now();
  const gateway = await startIndexedGateway(name, vendors, ctx.logDir, indexPath, env);
  const seconds: Record<string, number> = {};
  const records: Record<string, number> = {};
  const calls = { AMELIA: 0, KB_SUPPORT: 0, PLATFORM: 0, CRM: 0 };
  let pending: Promise<void> = Promise.resolve();
  await waitForSync(gateway.url, synced, timeoutMs, (statuses) => {
    for (const status of statuses) {
      if (status.state !== 'SYNCED' || status.source in seconds) continue;
      seconds[status.source] = (performance.now() - started) / 1000;
      records[status.source] = status.records ?? 0;
      ctx.log(`${name}: ${status.source} SYNCED after ${seconds[status.source]?.toFixed(1)} s, ${status.records} records`);
      const source = status.source as VendorName;
      pending = pending.then(async () => {
        calls[source] = minus(await syncCounts(vendors.admin), callsBefore)[source];
      });
    }
  });
  await pending;
  const cpuS = cpuMs(gateway.child.pid) / 1000;
  return { gateway, load: { seconds, totalS: (performance.now() - started) / 1000, calls, records, cpuS }, indexPath };
}

export async function fixtureOf(gateway: IndexedGateway, keys: QuestionKey[], modes: Consistency[]): Promise<IndexFixture> {
  const fixture = await findFixture(gateway.url);
  for (const mode of modes)
    await checkQuestions(gateway.url, mode === 'LIVE' ? keys.filter((key) => key !== 'sorted') : keys, mode, fixture);
  return fixture;
}

export async function stopGateway(gateway: IndexedGateway): Promise<void> {
  const exited = new Promise<void>((resolve) => gateway.child.process.once('exit', () => resolve()));
  gateway.child.process.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
}

export interface SweepResult {
  steps: Step[];
  /** Seconds from the gateway's start to each source's new verifiedAsOf. */
  seconds: Record<string, number>;
  totalS: number;
  calls: Record<VendorName, number>;
  cpuS: number;
  /** CPU the gateway spent in the measured steps (their questions and the sweep's share meanwhile). */
  stepsCpuS: number;
  peakRssMb: number;
  idleRssMb: number;
}

/**
 * Restarts the gateway on the loaded index with SYNC_FULL_EVERY_MS at its least (60 s, the load at
 * least that old): every source sweeps at start. The questions are asked at `concurrency` meanwhile;
 * then the sweep's end is awaited (each source's verifiedAsOf moves on).
 */
export async function sweepUnderLoad(
  ctx: PhaseContext,
  vendors: VendorsReady,
  indexPath: string,
  verifiedBefore: Record<string, string | null>,
  fixture: IndexFixture,
  plan: { questions: QuestionKey[]; concurrency: number[]; env: Record<string, string>; timeoutMs: number },
): Promise<SweepResult> {
  const callsBefore = await syncCounts(vendors.admin);
  const started = performance.now();
  const gateway = await startIndexedGateway('gateway-sweep', vendors, ctx.logDir, indexPath, {
    ...plan.env,
    SYNC_FULL_EVERY_MS: '60000',
    SYNC_INTERVAL_MS: '3600000',
  });
  const idleRssMb = rssMb(gateway.child.pid);
  const seconds: Record<string, number> = {};
  const calls = { AMELIA: 0, KB_SUPPORT: 0, PLATFORM: 0, CRM: 0 };
  let cpuAtEnd = 0;
  const sweepDone = (status: SourceStatus) => status.verifiedAsOf !== null && status.verifiedAsOf !== verifiedBefore[status.source];
  let pending: Promise<void> = Promise.resolve();
  const watching = waitForSync(
    gateway.url,
    sweepDone,
    plan.timeoutMs,
    (statuses) => {
      for (const status of statuses) {
        if (!sweepDone(status) || status.source in seconds) continue;
        seconds[status.source] = (performance.now() - started) / 1000;
        ctx.log(`sweep: ${status.source} swept after ${seconds[status.source]?.toFixed(1)} s`);
        const source = status.source as VendorName;
        pending = pending.then(async () => {
          calls[source] = minus(await syncCounts(vendors.admin), callsBefore)[source];
        });
      }
      if (statuses.every(sweepDone)) cpuAtEnd = cpuMs(gateway.child.pid);
    },
    500,
  );
  // The questions wait for the sweep to be under way: some sync call made since the start.
  for (let tries = 0; tries < 100; tries++) {
    const made = minus(await syncCounts(vendors.admin), callsBefore);
    if (Object.values(made).some((n) => n > 10)) break;
    await sleep(100);
  }
  const steps = await measureQuestions(ctx, gateway, vendors, fixture, {
    questions: plan.questions,
    modes: ['INDEXED'],
    concurrency: plan.concurrency,
    latencyMs: 0,
  });
  const stepsCpuS = steps.reduce((sum, s) => sum + (s.m.cpuMsPerOp * s.m.requests) / 1000, 0);
  await watching;
  await pending;
  const totalS = Math.max(...Object.values(seconds));
  const peakRssMb = Math.max(...steps.map((s) => s.m.peakRssMb));
  const status = await syncStatus(gateway.url);
  for (const s of status) if (s.lastError) ctx.log(`sweep: ${s.source} ${s.state}: ${s.lastError}`);
  await stopGateway(gateway);
  return { steps, seconds, totalS, calls, cpuS: cpuAtEnd / 1000, stepsCpuS, peakRssMb, idleRssMb };
}
