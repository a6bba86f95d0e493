// Each vendor's default budget and how VENDOR_CONCURRENCY / VENDOR_CALLS_PER_SECOND change it. The
// reasons: AMELIA and KB Support run inside the customer's own WordPress site, often shared hosting
// where a handful of PHP workers also serve its visitors; the PLATFORM and the CRM are hosted services
// that say 429 (with Retry-After, which the pipeline honours) when they want less.
import type { VendorBudgetSettings } from './http/index.ts';
import { CUSTOMER_SOURCES, type CustomerSourceName } from './names.ts';

export type PerSource<T> = Record<CustomerSourceName, T>;

export const DEFAULT_VENDOR_CONCURRENCY: PerSource<number> = { AMELIA: 4, KB_SUPPORT: 4, PLATFORM: 32, CRM: 32 };
/** 0: no limit of our own. */
export const DEFAULT_VENDOR_CALLS_PER_SECOND: PerSource<number> = { AMELIA: 20, KB_SUPPORT: 20, PLATFORM: 0, CRM: 0 };

/** A variable's value: one number for every vendor, or some vendors' own (`AMELIA=8,KB_SUPPORT=6`). */
export type PerSourceSetting = { all: number } | { each: Partial<PerSource<number>> };

export interface VendorBudgetConfig {
  concurrency?: PerSourceSetting;
  callsPerSecond?: PerSourceSetting;
  /** The sync's calls in flight to a vendor at most (SYNC_CONCURRENCY). */
  backgroundConcurrency: number;
}

function pick(setting: PerSourceSetting | undefined, defaults: PerSource<number>, source: CustomerSourceName): number {
  if (!setting) return defaults[source];
  return 'all' in setting ? setting.all : (setting.each[source] ?? defaults[source]);
}

export function vendorBudgetOf(config: VendorBudgetConfig, source: CustomerSourceName): VendorBudgetSettings {
  return {
    concurrency: pick(config.concurrency, DEFAULT_VENDOR_CONCURRENCY, source),
    callsPerSecond: pick(config.callsPerSecond, DEFAULT_VENDOR_CALLS_PER_SECOND, source),
    backgroundConcurrency: config.backgroundConcurrency,
  };
}

/** `8` or `AMELIA=8,KB_SUPPORT=6`; a message for anything else. */
export function parsePerSource(text: string, min: number): PerSourceSetting | { problem: string } {
  const number = (raw: string) => (/^\d+$/.test(raw.trim()) && Number(raw) >= min ? Number(raw) : null);
  const all = number(text);
  if (all !== null) return { all };
  const each: Partial<PerSource<number>> = {};
  for (const part of text.split(',')) {
    const [name = '', value = ''] = part.split('=').map((s) => s.trim());
    const source = CUSTOMER_SOURCES.find((candidate) => candidate === name);
    const parsed = number(value);
    if (!source || parsed === null) {
      return { problem: `must be a whole number ≥ ${min} or a list like AMELIA=4,KB_SUPPORT=4 (sources: ${CUSTOMER_SOURCES.join(', ')})` };
    }
    each[source] = parsed;
  }
  return { each };
}
