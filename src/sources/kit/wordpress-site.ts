// What a WordPress site publishes about itself at `/wp-json/` (WordPress core's REST index, no
// authentication): the time zone its plugins write wall-clock times in (kbsupport-observed.md, "The
// site's time zone"; Amelia's site alike). A configured zone wins and the site is never asked; else
// the site's is learned and kept a while, and UTC stands in (said once) while it cannot be read.
import { FixedOffsetZone, IANAZone, Info } from 'luxon';
import { z } from 'zod';
import { SourceError, type SourceFailure } from '../errors.ts';
import type { VendorHttp, VendorResponse } from '../http/index.ts';
import type { CustomerSourceName } from '../names.ts';
import type { RequestScope } from '../request-scope.ts';
import { learned } from './learned.ts';

/** `timezone_string`: an IANA name, or "" for a manual offset; `gmt_offset`: hours, a string or a number (5.5 too). */
const siteIndexSchema = z.object({
  timezone_string: z.string().nullish(),
  gmt_offset: z.union([z.number(), z.string()]).nullish(),
});

/** A site's zone rarely changes; a learned one is asked again after this. */
export const SITE_ZONE_TTL_MS = 60 * 60_000;
/** While the site will not tell, UTC stands in for this long before it is asked again. */
export const UNREADABLE_RETRY_MS = 5 * 60_000;

/** Failures that say nothing lasting about the site's index (the vendor is down, or this request ran out). */
const PASSING: ReadonlySet<SourceFailure> = new Set([
  'UNREACHABLE',
  'TIMEOUT',
  'VENDOR_ERROR',
  'RATE_LIMITED',
  'CIRCUIT_OPEN',
  'BUDGET_EXCEEDED',
]);

/** The zone a `/wp-json/` answer names: its IANA zone, else its manual offset as a fixed zone (`UTC+5:30`); null when neither. */
export function zoneOfSite(body: unknown): string | null {
  const parsed = siteIndexSchema.safeParse(body);
  if (!parsed.success) return null;
  const named = parsed.data.timezone_string?.trim();
  if (named && IANAZone.isValidZone(named)) return named;
  const offset = parsed.data.gmt_offset;
  const hours = typeof offset === 'number' ? offset : offset?.trim() ? Number(offset.trim()) : Number.NaN;
  if (!Number.isFinite(hours) || Math.abs(hours) > 14) return null;
  return FixedOffsetZone.instance(Math.round(hours * 60)).name;
}

/** Whether `zone` is one a site's wall-clock times can be read in: an IANA name or a fixed offset (`UTC+5:30`). */
export function isSiteZone(zone: string): boolean {
  return IANAZone.isValidZone(zone) || (/^UTC[+-]\d{1,2}(:\d{2})?$/.test(zone) && Info.normalizeZone(zone).isValid);
}

/** `GET /wp-json/`; on a site without pretty links (its HTML 404 page), `/?rest_route=/`. */
export async function readSiteIndex(http: VendorHttp, scope: RequestScope): Promise<VendorResponse> {
  const headers = { accept: 'application/json' };
  const pretty = await http.request({ method: 'GET', path: 'wp-json/', headers }, scope);
  if (pretty.status !== 404 || pretty.body !== undefined) return pretty;
  return http.request({ method: 'GET', path: '?rest_route=/', headers }, scope);
}

export interface SiteTimeZoneOptions {
  source: CustomerSourceName;
  /** The variable that configures the zone (named in the warning). */
  variable: string;
  /** Its value: when set it is the zone, and the site is not asked. */
  configured: string | undefined;
  /** The site's `/wp-json/` answer, as it came. */
  readIndex(scope: RequestScope): Promise<VendorResponse>;
  /** Told once when UTC stands in for a zone the site would not tell (a warning line on the process by default). */
  warn?(message: string): void;
}

/** The site's zone for a read: the configured one, else the one its `/wp-json/` names (one read at a time, kept a while). */
export function siteTimeZone(options: SiteTimeZoneOptions): (scope: RequestScope) => Promise<string> {
  const configured = options.configured;
  if (configured) return () => Promise.resolve(configured);
  const known = learned<string>(SITE_ZONE_TTL_MS);
  const standIn = learned<string>(UNREADABLE_RETRY_MS);
  const warn = options.warn ?? ((message: string) => process.emitWarning(message, { code: 'SITE_TIME_ZONE' }));
  let warned = false;
  let reading: Promise<string> | null = null;

  async function read(scope: RequestScope): Promise<string> {
    let why: string;
    let lasting = true;
    try {
      const answer = await options.readIndex(scope);
      const zone = answer.status === 200 ? zoneOfSite(answer.body) : null;
      if (zone !== null) {
        known.set(zone);
        warned = false;
        return zone;
      }
      why = answer.status === 200 ? 'it names no time zone' : `HTTP ${answer.status}`;
    } catch (error) {
      // Never the read's failure: the times are what is at stake, not the records.
      why = error instanceof SourceError ? error.message : 'the call failed';
      lasting = error instanceof SourceError && !PASSING.has(error.failure);
    }
    if (lasting) standIn.set('UTC');
    if (!warned) {
      warned = true;
      warn(
        `${options.source}: the WordPress site's time zone could not be read from /wp-json/ (${why}); its times are read as UTC until it can be, or set ${options.variable}`,
      );
    }
    return 'UTC';
  }

  return (scope) => {
    const zone = known.get() ?? standIn.get();
    if (zone !== null) return Promise.resolve(zone);
    reading ??= read(scope).finally(() => {
      reading = null;
    });
    return reading;
  };
}
