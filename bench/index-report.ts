// The synced index's benchmark as Markdown (bench/results-index.md): indexed against live, the load and
// the sweep of a large index against the fewest calls each vendor's paging allows, the questions at one
// client and under a sweep, and the RSS.
import { cpus, totalmem } from 'node:os';
import { type FreshnessSample, freshnessSection } from './index-freshness.ts';
import type { LoadResult, Step, SweepResult } from './index-phases.ts';
import { type IndexFixture, QUESTION_TITLES } from './index-questions.ts';
import { SEARCH_TERM } from './scenarios.ts';
import { START_FLAGS } from './targets.ts';
import type { VendorName } from './vendors.ts';

export interface IndexReport {
  options: {
    small: number;
    large: number;
    latencyMs: number;
    durationS: number;
    liveDurationS: number;
    warmupS: number;
    concurrency: number[];
    command: string;
  };
  compare: { load: LoadResult; fixture: IndexFixture; steps: Step[] } | null;
  base: { load: LoadResult; steps: Step[]; peakRssMb: number } | null;
  freshness: FreshnessSample[] | null;
  large: { customers: number; load: LoadResult; fixture: IndexFixture; oneClient: Step[]; sweep: SweepResult } | null;
}

const SOURCES: VendorName[] = ['AMELIA', 'KB_SUPPORT', 'PLATFORM', 'CRM'];

/** The seed's KB Support ids run 1–35 with 3 unused: a walk of single reads asks for those too. */
const KBS_SEED_GAPS = 3;

/** The fewest list calls that read a whole source, with why (the sandbox pages as each vendor does). */
export function minimumCalls(source: VendorName, records: number): { calls: number; why: string } {
  switch (source) {
    case 'AMELIA':
      return {
        calls: Math.ceil(records / 10),
        why: 'pages of 10 (Amelia has no page-size parameter: its "items per page" setting, 10 here)',
      };
    case 'PLATFORM':
      return { calls: Math.ceil(records / 100), why: 'pages of 100, its largest `page[size]`' };
    case 'CRM':
      return { calls: Math.ceil(records / 10), why: 'cursor pages of 10, its size (no size parameter)' };
    case 'KB_SUPPORT':
      return {
        calls: 1 + records - 20 + KBS_SEED_GAPS,
        why: `observed behaviour: the list shows only the newest 20, so one call for it and one read per id below them, unused ids included (${KBS_SEED_GAPS} in the seed); an installation that pages as documented would need ${Math.ceil(records / 100)} pages of 100`,
      };
  }
}

const f = (value: number, digits = 1) => (value === Number.POSITIVE_INFINITY ? '∞' : Number.isFinite(value) ? value.toFixed(digits) : '–');
const bySource = (counts: Record<VendorName, number> | undefined) =>
  counts
    ? SOURCES.filter((s) => counts[s] > 0)
        .map((s) => `${s} ${counts[s]}`)
        .join(', ') || 'none'
    : '–';

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${cpus().length} cores, ${f(totalmem() / 2 ** 30, 0)} GB; Node ${process.version}; ${new Date().toISOString()}`;
}

function compareSection(report: IndexReport): string[] {
  const compare = report.compare;
  if (!compare) return [];
  const lines = [
    `## Indexed against live, ${report.options.small} customers per vendor, ${report.options.latencyMs} ms vendor latency`,
    '',
    `One gateway, its index loaded (every source SYNCED, ${f(compare.load.totalS)} s after start), the same question asked with`,
    '`consistency: INDEXED` and `LIVE`, the two taking turns. For LIVE to answer at all this gateway runs with',
    '`MAX_VENDOR_CALLS=5000` and `REQUEST_BUDGET_MS=60000`: a live search or sameAs reads whole lists, KB Support one customer a call.',
    `Email asked: \`${compare.fixture.email}\`; search term "${SEARCH_TERM}".`,
    '',
    '| question | clients | indexed req/s | live req/s | indexed ÷ live | indexed p50 / p99 ms | live p50 / p99 ms | calls/op indexed / live | CPU ms/op indexed / live | failed |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const indexed of compare.steps.filter((s) => s.consistency === 'INDEXED')) {
    const live = compare.steps.find(
      (s) => s.consistency === 'LIVE' && s.question === indexed.question && s.concurrency === indexed.concurrency,
    );
    if (!live) continue;
    const failed = (s: Step) => s.m.errors + s.m.non2xx + s.m.mismatches;
    lines.push(
      `| ${QUESTION_TITLES[indexed.question]} | ${indexed.concurrency} | ${f(indexed.m.reqPerS)} | ${f(live.m.reqPerS)} | ${f(indexed.m.reqPerS / live.m.reqPerS)}× | ${f(indexed.m.p50Ms)} / ${f(indexed.m.p99Ms)} | ${f(live.m.p50Ms)} / ${f(live.m.p99Ms)} | ${f(indexed.m.callsPerOp)} / ${f(live.m.callsPerOp)} | ${f(indexed.m.cpuMsPerOp, 2)} / ${f(live.m.cpuMsPerOp, 2)} | ${failed(indexed)} / ${failed(live)} |`,
    );
  }
  return [...lines, ''];
}

function jobTable(
  title: string,
  seconds: Record<string, number>,
  calls: Record<VendorName, number>,
  records: Record<string, number>,
): string[] {
  const lines = [
    `| ${title} | records | seconds | vendor calls | minimum | calls ÷ minimum | how the minimum is reached |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const source of SOURCES) {
    const n = records[source] ?? 0;
    const minimum = minimumCalls(source, n);
    lines.push(
      `| ${source} | ${n} | ${f(seconds[source] ?? Number.NaN)} | ${calls[source]} | ${minimum.calls} | ${f(calls[source] / minimum.calls, 3)} | ${minimum.why} |`,
    );
  }
  return lines;
}

function stepTable(steps: Step[], withSync: boolean): string[] {
  const lines = [
    `| question | clients | req/s | p50 ms | p99 ms | calls/op (questions) | CPU ms/op | peak RSS MB | failed |${withSync ? ' sync calls meanwhile |' : ''}`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |${withSync ? ' --- |' : ''}`,
  ];
  for (const s of steps) {
    lines.push(
      `| ${QUESTION_TITLES[s.question]} | ${s.concurrency} | ${f(s.m.reqPerS)} | ${f(s.m.p50Ms)} | ${f(s.m.p99Ms)} | ${f(s.m.callsPerOp, 2)} | ${f(s.m.cpuMsPerOp, 2)} | ${f(s.m.peakRssMb, 0)} | ${s.m.errors + s.m.non2xx + s.m.mismatches} |${withSync ? ` ${bySource(s.syncCalls)} |` : ''}`,
    );
  }
  return lines;
}

function largeSection(report: IndexReport): string[] {
  const large = report.large;
  if (!large) return [];
  const { load, sweep } = large;
  const total = (calls: Record<VendorName, number>) => SOURCES.reduce((sum, s) => sum + calls[s], 0);
  return [
    `## ${large.customers} customers per vendor (4 × ${large.customers} + the seed), vendor latency 0`,
    '',
    '### Initial load',
    '',
    `From the gateway's start on an empty SQLite index to every source SYNCED: ${f(load.totalS)} s, ${total(load.calls)} sync calls,`,
    `gateway CPU ${f(load.cpuS)} s since the process started (${f(load.cpuS / load.totalS, 2)} cores on average). A source's calls are counted`,
    'at the vendors up to its SYNCED (its first tick, 1–2 calls, may be in). The sources load in parallel, each walk one page after another.',
    '',
    ...jobTable('source (load)', load.seconds, load.calls, load.records),
    '',
    '### The questions at one client (the index loaded, no sweep running)',
    '',
    `Email asked: \`${large.fixture.email}\`; short term "${large.fixture.shortTerm}", long term "${large.fixture.longTerm}".`,
    '',
    ...stepTable(large.oneClient, false),
    '',
    '### A full sweep, with the questions asked at the same time',
    '',
    'The gateway restarted on the loaded index with `SYNC_FULL_EVERY_MS=60000` (its least) once the load was 60 s old: every',
    `source sweeps at start. The questions ran while it did ("sync calls meanwhile": the sweep's calls during each step, counted at the vendors).`,
    `Whole sweep: ${f(sweep.totalS)} s from the gateway's start, ${total(sweep.calls)} sync calls, gateway CPU ${f(sweep.cpuS)} s since the process started,`,
    `of which ${f(sweep.stepsCpuS)} s in the measured steps (the questions and the sweep's share meanwhile): the sweep alone ≈ ${f(sweep.cpuS - sweep.stepsCpuS)}–${f(sweep.cpuS)} s.`,
    '',
    ...jobTable('source (sweep)', sweep.seconds, sweep.calls, load.records),
    '',
    ...stepTable(sweep.steps, true),
    '',
  ];
}

function targetsSection(report: IndexReport): string[] {
  const lines = ['## Targets', ''];
  const top = Math.max(...report.options.concurrency);
  for (const s of report.compare?.steps.filter((step) => step.consistency === 'INDEXED' && step.concurrency === top) ?? []) {
    const live = report.compare?.steps.find((x) => x.consistency === 'LIVE' && x.question === s.question && x.concurrency === top);
    if (!live) continue;
    const ratio = s.m.reqPerS / live.m.reqPerS;
    lines.push(
      `- ${QUESTION_TITLES[s.question]}, ${top} clients: indexed ÷ live ${f(ratio)}× (target ≥ 50×): ${ratio >= 50 ? 'met' : 'missed'}`,
    );
  }
  if (report.large) {
    for (const s of report.large.oneClient) {
      lines.push(
        `- ${QUESTION_TITLES[s.question]}, 1 client: p50 ${f(s.m.p50Ms)} ms (target ≤ 10 ms): ${s.m.p50Ms <= 10 ? 'met' : 'missed'}`,
      );
    }
    for (const s of report.large.sweep.steps) {
      const swept = s.syncCalls ? Object.values(s.syncCalls).some((n) => n > 0) : false;
      lines.push(
        `- ${QUESTION_TITLES[s.question]}, ${s.concurrency} clients${swept ? ' during the sweep' : ' (no sweep call seen during the step)'}: p99 ${f(s.m.p99Ms)} ms (target ≤ 50 ms): ${s.m.p99Ms <= 50 ? 'met' : 'missed'}`,
      );
    }
    const calls = [...report.large.oneClient, ...report.large.sweep.steps].reduce((sum, s) => sum + s.m.vendorCalls, 0);
    lines.push(
      `- vendor calls of the questions at ${report.large.customers} per vendor, every step: ${calls} (target 0): ${calls === 0 ? 'met' : 'missed'}`,
    );
  }
  if (report.base && report.large) {
    const grew = report.large.sweep.peakRssMb - report.base.peakRssMb;
    lines.push(
      `- RSS: peak ${f(report.large.sweep.peakRssMb, 0)} MB under the questions at ${top} clients during the sweep at ${report.large.customers} per vendor, against ${f(report.base.peakRssMb, 0)} MB under the same questions at 30 per vendor: +${f(grew, 0)} MB (target ≤ +50 MB): ${grew <= 50 ? 'met' : 'missed'}`,
    );
  }
  if (report.freshness) {
    const range = (change: string) => {
      const shown = report.freshness?.filter((s) => s.change === change).map((s) => s.seconds) ?? [];
      const known = shown.filter((s): s is number => s !== null);
      const missing = shown.length - known.length;
      return `${f(Math.min(...known))}–${f(Math.max(...known))} s${missing > 0 ? `, ${missing} not shown in time` : ''}`;
    };
    lines.push(
      `- how soon a change made at a vendor shows, at the default tick (reported, no target): a create ${range('create')}; an edit a tick finds ${range('edit')}; the rest after the next full sweep`,
    );
  }
  return [...lines, ''];
}

/** Pads every table's cells to its column's width (as the formatter, `biome format`, leaves Markdown). */
export function alignTables(markdown: string): string {
  const lines = markdown.split('\n');
  const cellsOf = (line: string) =>
    line
      .slice(1, -1)
      .split(' | ')
      .map((cell) => cell.trim());
  for (let start = 0; start < lines.length; start++) {
    if (!lines[start]?.startsWith('|')) continue;
    let end = start;
    while (lines[end + 1]?.startsWith('|')) end++;
    const rows = lines.slice(start, end + 1).map(cellsOf);
    const separator = rows[1] ?? [];
    const widths = separator.map((_, column) =>
      Math.max(3, ...rows.filter((_, i) => i !== 1).map((row) => [...(row[column] ?? '')].length)),
    );
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] ?? [];
      const cells = widths.map((width, column) => {
        const right = separator[column]?.endsWith(':') ?? false;
        if (i === 1) return right ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width);
        const cell = row[column] ?? '';
        const pad = ' '.repeat(width - [...cell].length);
        return right ? pad + cell : cell + pad;
      });
      lines[start + i] = `| ${cells.join(' | ')} |`;
    }
    start = end;
  }
  return lines.join('\n');
}

export function renderIndexReport(report: IndexReport): string {
  const o = report.options;
  return alignTables(
    [
      '# Switchboard benchmark: the synced index',
      '',
      `\`${o.command}\` (bench/index.ts). Gateway: \`node ${START_FLAGS.join(' ')} src/main.ts\` (as \`npm start\`) in its own process with its index on`,
      '(SQLite in a temporary folder), `RESPONSE_CACHE=0`, `NODE_ENV=production`, `ALLOW_ANONYMOUS=1`, `RATE_LIMIT_PER_SECOND=0`, and',
      '`SYNC_CALLS_PER_SECOND=1000` (the pace `npm start` gives its own sandbox; the default of 5 a second is for real sites), everything',
      'else at its default. Vendors: the four sandbox vendors in their own process (bench/vendors.ts) with `SANDBOX_CUSTOMERS` generated',
      "customers each; the sync engine's calls (their `x-request-id` starts with `sync-`) are counted apart from the questions'.",
      'Load: autocannon from the runner process, fixed concurrency.',
      '',
      `- Machine: ${machine()}; shared with other work during the run, so CPU-bound figures are pessimistic`,
      `- Each step: ${o.warmupS} s warm-up (not counted), then ${o.durationS} s measured (LIVE steps ${Math.max(o.durationS, o.liveDurationS)} s), 1 round`,
      '- calls/op: requests the vendors received during the step from the questions (not the sync) ÷ requests sent. CPU ms/op: the',
      "  gateway's utime+stime over the step ÷ requests answered. Peak RSS: VmHWM over the step.",
      '',
      ...targetsSection(report),
      ...compareSection(report),
      ...(report.base
        ? [
            `## 30 customers per vendor (the seed alone), for the RSS`,
            '',
            `Loaded in ${f(report.base.load.totalS)} s. The same questions at ${Math.max(...o.concurrency)} clients, latency 0:`,
            '',
            ...stepTable(report.base.steps, false),
            '',
          ]
        : []),
      ...(report.freshness ? freshnessSection(report.freshness) : []),
      ...largeSection(report),
    ].join('\n'),
  );
}
