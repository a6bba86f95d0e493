// The synced index's benchmark: the gateway with its index on (SQLite), the sandbox vendors in their own
// process with N generated customers each, autocannon as in bench/run.ts. Writes bench/results-index.md.
//
//   node bench/index.ts [--small 1000] [--large 100000] [--latency 20] [--duration 5] [--warmup 1]
//                       [--live-duration 10] [--concurrency 1,16] [--out bench/results-index.md]
//     1. at --small customers per vendor and --latency: a search ("jordan"), an email lookup and a first page with
//        sameAs, consistency INDEXED against LIVE on one gateway, at each concurrency;
//     2. at 30 per vendor (the seed alone): the gateway's RSS under the questions at the highest concurrency, and
//        how soon a change made at a vendor shows at the default tick (bench/index-freshness.ts);
//     3. at --large per vendor (latency 0; --large 0 skips it): the initial load (time, sync calls, CPU),
//        the questions at 1 client, then the gateway restarted so that every source sweeps, and the
//        questions at the highest concurrency while the sweep runs; the sweep's time, calls and CPU.
//   node bench/index.ts --smoke   step 1 alone at 200 per vendor, latency 0, 1 client, 1 s steps, no file;
//                                 exits non-zero when an answer failed or an INDEXED question called a vendor
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureFreshness } from './index-freshness.ts';
import { fixtureOf, initialLoad, measureQuestions, type PhaseContext, stopGateway, sweepUnderLoad } from './index-phases.ts';
import { type IndexReport, renderIndexReport } from './index-report.ts';
import { startVendors, syncStatus } from './index-targets.ts';
import { killAllNow, sleep, stopAll } from './processes.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** LIVE reads whole lists for a search or sameAs (KB Support one customer a call): the gateway's caps lifted so that it answers. */
const LIVE_ENV = { MAX_VENDOR_CALLS: '5000', REQUEST_BUDGET_MS: '60000' };
const COMPARED = ['searchName', 'email', 'sameAs'] as const;
const ALL = ['search', 'searchLong', 'email', 'sorted', 'sameAs'] as const;

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      small: { type: 'string' },
      large: { type: 'string' },
      latency: { type: 'string' },
      duration: { type: 'string' },
      'live-duration': { type: 'string' },
      warmup: { type: 'string' },
      concurrency: { type: 'string' },
      out: { type: 'string' },
      smoke: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const smoke = values.smoke;
  const number = (text: string | undefined, fallback: number) => {
    const value = Number(text ?? fallback);
    if (!Number.isFinite(value) || value < 0) throw new Error(`not a number: ${text}`);
    return value;
  };
  return {
    smoke,
    small: number(values.small, smoke ? 200 : 1_000),
    large: smoke ? 0 : number(values.large, 100_000),
    latencyMs: number(values.latency, smoke ? 0 : 20),
    durationS: number(values.duration, smoke ? 1 : 5),
    liveDurationS: number(values['live-duration'], smoke ? 1 : 10),
    warmupS: number(values.warmup, smoke ? 0 : 1),
    concurrency: (values.concurrency ?? (smoke ? '1' : '1,16')).split(',').map((c) => number(c, 1)),
    out: smoke ? null : resolve(values.out ?? join(ROOT, 'bench', 'results-index.md')),
    command: `node bench/index.ts ${argv.join(' ')}`.trim(),
  };
}

async function run(opts: ReturnType<typeof options>): Promise<IndexReport> {
  const logDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-index-'));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`bench: logs in ${logDir}`);
  const ctx: PhaseContext = { logDir, durationS: opts.durationS, liveDurationS: opts.liveDurationS, warmupS: opts.warmupS, log };
  const top = Math.max(...opts.concurrency);
  const report: IndexReport = { options: opts, compare: null, base: null, freshness: null, large: null };

  // 1. Indexed against live.
  {
    const vendors = await startVendors(logDir, opts.small, opts.latencyMs);
    const { gateway, load } = await initialLoad(ctx, vendors, 'gateway-compare', LIVE_ENV, 300_000);
    const fixture = await fixtureOf(gateway, [...COMPARED], ['INDEXED', 'LIVE']);
    const steps = await measureQuestions(ctx, gateway, vendors, fixture, {
      questions: [...COMPARED],
      modes: ['INDEXED', 'LIVE'],
      concurrency: opts.concurrency,
      latencyMs: opts.latencyMs,
    });
    report.compare = { load, fixture, steps };
    await stopAll();
  }
  if (opts.smoke) return report;

  // 2. The RSS at 30 per vendor, under the same questions.
  {
    const vendors = await startVendors(logDir, 0, 0);
    const { gateway, load } = await initialLoad(ctx, vendors, 'gateway-seed', {}, 60_000);
    const fixture = await fixtureOf(gateway, [...ALL], ['INDEXED']);
    const steps = await measureQuestions(ctx, gateway, vendors, fixture, {
      questions: [...ALL],
      modes: ['INDEXED'],
      concurrency: [top],
      latencyMs: 0,
    });
    report.base = { load, steps, peakRssMb: Math.max(...steps.map((s) => s.m.peakRssMb)) };
    log('how soon a change at a vendor shows, at the default tick');
    report.freshness = await measureFreshness(gateway.url, vendors);
    await stopAll();
  }
  if (opts.large === 0) return report;

  // 3. At scale: the load, one client, then a sweep under load.
  const vendors = await startVendors(logDir, opts.large, 0);
  const { gateway, load, indexPath } = await initialLoad(ctx, vendors, 'gateway-large', {}, 1_800_000);
  const loadedAt = performance.now();
  const fixture = await fixtureOf(gateway, [...ALL], ['INDEXED']);
  const oneClient = await measureQuestions(ctx, gateway, vendors, fixture, {
    questions: [...ALL],
    modes: ['INDEXED'],
    concurrency: [1],
    latencyMs: 0,
  });
  const verifiedBefore = Object.fromEntries((await syncStatus(gateway.url)).map((s) => [s.source, s.verifiedAsOf]));
  await stopGateway(gateway);
  // A sweep is due once the last one (the load) is SYNC_FULL_EVERY_MS old, 60 s at the least.
  const wait = 61_000 - (performance.now() - loadedAt);
  if (wait > 0) {
    log(`waiting ${(wait / 1000).toFixed(0)} s for the sweep to fall due`);
    await sleep(wait);
  }
  const sweep = await sweepUnderLoad(ctx, vendors, indexPath, verifiedBefore, fixture, {
    questions: [...ALL],
    concurrency: [top],
    env: {},
    timeoutMs: 1_800_000,
  });
  report.large = { customers: opts.large, load, fixture, oneClient, sweep };
  await stopAll();
  return report;
}

async function main(): Promise<number> {
  const opts = options(process.argv.slice(2));
  process.once('exit', killAllNow);
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  process.once('SIGTERM', () => void stopAll().finally(() => process.exit(130)));
  try {
    const report = await run(opts);
    const markdown = renderIndexReport(report);
    process.stdout.write(`${markdown}\n`);
    if (opts.smoke) {
      const steps = report.compare?.steps ?? [];
      const failures = steps.reduce((sum, s) => sum + s.m.errors + s.m.non2xx + s.m.mismatches, 0);
      const indexedCalls = steps.filter((s) => s.consistency === 'INDEXED').reduce((sum, s) => sum + s.m.vendorCalls, 0);
      const liveCalls = steps.filter((s) => s.consistency === 'LIVE').reduce((sum, s) => sum + s.m.vendorCalls, 0);
      const requests = steps.reduce((sum, s) => sum + s.m.requests, 0);
      process.stdout.write(`SMOKE ${JSON.stringify({ requests, failures, indexedCalls, liveCalls, steps: steps.length })}\n`);
      return failures === 0 && indexedCalls === 0 && requests > 0 ? 0 : 1;
    }
    if (opts.out) {
      writeFileSync(opts.out, `${markdown.trimEnd()}\n`);
      process.stderr.write(`bench: wrote ${opts.out}\n`);
    }
    return 0;
  } catch (error) {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  } finally {
    await stopAll();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(await main());
}
