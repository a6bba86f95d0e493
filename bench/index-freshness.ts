// How long a change made at a vendor takes to show in the index's answers at the default tick
// (SYNC_INTERVAL_MS): bench/index.ts step 2. Each change is made directly at the vendor, through the
// adapters' own writers (not through the gateway, which would update the index inside the write), then
// the gateway's INDEXED answer is asked every 100 ms until it shows the change.
import { loadConfig } from '../src/config.ts';
import { DEFAULT_HTTP_SETTINGS } from '../src/sources/http/index.ts';
import { configured, createSources, type Sources } from '../src/sources/index.ts';
import type { CustomerSourceName } from '../src/sources/model/index.ts';
import { standaloneScope } from '../src/sources/request-scope.ts';
import { DEFAULT_SYNC_FULL_EVERY_MS, DEFAULT_SYNC_INTERVAL_MS } from '../src/sync/settings.ts';
import { ask } from './index-questions.ts';
import { adminCall } from './measure.ts';
import { sleep } from './processes.ts';
import type { VendorsReady } from './vendors.ts';

/** Two ticks and a half a minute: a change a tick finds shows well within it. */
export const FRESHNESS_LIMIT_MS = 2 * DEFAULT_SYNC_INTERVAL_MS + 30_000;

export type FreshnessChange = 'create' | 'edit';

export interface FreshnessSample {
  source: CustomerSourceName;
  change: FreshnessChange;
  /** From the vendor's answer to the write to the first indexed answer that shows it; null: not within the limit. */
  seconds: number | null;
}

/**
 * Changes a tick finds (README, "How soon a change shows"): a create anywhere, an edit at the CRM (its
 * export). KB Support's API takes no writes: its customer is made on the sandbox site (bench/vendors.ts).
 */
export const TICK_CHANGES: ReadonlyArray<{ source: CustomerSourceName; change: FreshnessChange }> = [
  { source: 'AMELIA', change: 'create' },
  { source: 'KB_SUPPORT', change: 'create' },
  { source: 'PLATFORM', change: 'create' },
  { source: 'CRM', change: 'create' },
  { source: 'CRM', change: 'edit' },
];

const SHOWS = `query IndexBenchFresh($source: CustomerSource!, $term: String!) {
  customers(first: 1, consistency: INDEXED, filter: { sources: [$source], search: $term }) { edges { node { sourceId } } }
}`;

async function shows(gatewayUrl: string, source: CustomerSourceName, term: string): Promise<boolean> {
  const data = await ask<{ customers: { edges: unknown[] } }>(gatewayUrl, SHOWS, { source, term });
  return data.customers.edges.length > 0;
}

async function secondsUntilShown(gatewayUrl: string, source: CustomerSourceName, term: string, limitMs: number): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if (await shows(gatewayUrl, source, term)) return (performance.now() - started) / 1000;
    await sleep(100);
  }
  return null;
}

function vendorAdapters(vendors: VendorsReady): Sources {
  const config = loadConfig({ ...vendors.env });
  return createSources(config.sources, DEFAULT_HTTP_SETTINGS);
}

/** Creates one customer at each source, then edits the CRM's, each at the vendor; waits for each to show (at most `limitMs`). */
export async function measureFreshness(
  gatewayUrl: string,
  vendors: VendorsReady,
  limitMs = FRESHNESS_LIMIT_MS,
): Promise<FreshnessSample[]> {
  const sources = vendorAdapters(vendors);
  const stamp = Date.now().toString(36);
  const scope = () => standaloneScope('bench-freshness', 30_000);
  const created = new Map<CustomerSourceName, string>();
  const one = async (source: CustomerSourceName, change: FreshnessChange): Promise<FreshnessSample> => {
    const tag = `${source.toLowerCase().replace('_', '')}${stamp}`;
    if (change === 'create' && source === 'KB_SUPPORT') {
      await adminCall(vendors.admin, 'POST', `/kbsupport/customers?name=Fresh%20Made${tag}&email=fresh.${tag}%40example.test`);
      return { source, change, seconds: await secondsUntilShown(gatewayUrl, source, `Made${tag}`, limitMs) };
    }
    const writer = configured(sources, source).writer;
    if (!writer) throw new Error(`${source} takes no writes`);
    if (change === 'create') {
      const customer = await writer.create({ firstName: 'Fresh', lastName: `Made${tag}`, email: `fresh.${tag}@example.test` }, scope());
      created.set(source, customer.sourceId);
      return { source, change, seconds: await secondsUntilShown(gatewayUrl, source, `Made${tag}`, limitMs) };
    }
    const id = created.get(source);
    if (id === undefined) throw new Error(`no ${source} customer was created to edit`);
    await writer.update(id, { lastName: `Edited${tag}` }, scope());
    return { source, change, seconds: await secondsUntilShown(gatewayUrl, source, `Edited${tag}`, limitMs) };
  };
  const creates = await Promise.all(TICK_CHANGES.filter((c) => c.change === 'create').map((c) => one(c.source, c.change)));
  const edits = await Promise.all(TICK_CHANGES.filter((c) => c.change === 'edit').map((c) => one(c.source, c.change)));
  return [...creates, ...edits];
}

export function freshnessSection(samples: FreshnessSample[]): string[] {
  const seconds = (s: number | null) => (s === null ? `not within ${FRESHNESS_LIMIT_MS / 1000} s` : s.toFixed(1));
  return [
    `## How soon a change at a vendor shows, at the defaults`,
    '',
    `At 30 customers per vendor, \`SYNC_INTERVAL_MS\` at its default (a tick every ${DEFAULT_SYNC_INTERVAL_MS / 1000} s). Each change was made directly`,
    "at the vendor (the adapters' writers, not the gateway, which updates the index inside its own writes), then the gateway's",
    'INDEXED answer was asked every 100 ms until it showed the change. One sample each: a tick comes 0–30 s after a change, and',
    'the change shows when that tick ends.',
    '',
    '| source | change | seconds until it shows |',
    '| --- | --- | ---: |',
    ...samples.map((s) => `| ${s.source} | ${s.change} | ${seconds(s.seconds)} |`),
    '',
    `What a tick cannot see — an edit at AMELIA or the PLATFORM, an edit of a KB Support customer below the newest 20, a deletion`,
    `anywhere — shows after the next full sweep: within \`SYNC_FULL_EVERY_MS\` (${DEFAULT_SYNC_FULL_EVERY_MS / 3_600_000} h by default) plus the sweep's own time`,
    "(at 100,000 a vendor and the lifted pace, below; at a real site's default pace the start-up line projects it per source).",
    '',
  ];
}
