// What the WordPress sandboxes (Amelia, KB Support) share as WordPress sites: core's REST index,
// `GET /wp-json/` (or `/?rest_route=/`), answered without authentication with the site's name and the
// time-zone settings its plugins write wall-clock times in (kbsupport-observed.md, "The site's time zone").
import { DateTime, FixedOffsetZone, IANAZone } from 'luxon';
import type { SandboxRequest, SandboxResponse } from './server.ts';

/** The site's "Timezone" setting: a city's IANA zone, or a manual UTC offset in hours (5.5: UTC+5:30). */
export type WordPressTimeZone = string | { gmtOffset: number };

export interface WordPressSite {
  name: string;
  description: string;
  timeZone: WordPressTimeZone;
  /** REST namespaces its plugins add beside WordPress core's. */
  namespaces: readonly string[];
}

/** The zone the site writes wall-clock times in, as luxon names it (`America/Chicago`, `UTC+5:30`). */
export function siteZoneName(timeZone: WordPressTimeZone): string {
  if (typeof timeZone !== 'string') return FixedOffsetZone.instance(Math.round(timeZone.gmtOffset * 60)).name;
  if (!IANAZone.isValidZone(timeZone)) throw new RangeError(`WordPress sandbox: "${timeZone}" is not an IANA zone`);
  return timeZone;
}

/** Whether the request asks for the REST index, through pretty links (`/wp-json/`) or without (`/?rest_route=/`). */
export function isRestIndex(request: Pick<SandboxRequest, 'path' | 'query'>, prettyLinks = true): boolean {
  if (request.path === '/wp-json' || request.path === '/wp-json/') return prettyLinks;
  const route = request.query.get('rest_route');
  return (request.path === '/' || request.path === '/index.php') && (route === '/' || route === '');
}

/**
 * The index as WordPress core answers it (trimmed to what a client reads): with a city's zone,
 * `timezone_string` names it and `gmt_offset` is its offset now, a number; with a manual offset,
 * `timezone_string` is "" and `gmt_offset` the setting as stored, a string ("5.5", "0").
 */
export function restIndex(site: WordPressSite, origin: string): SandboxResponse {
  const { timeZone } = site;
  const named = typeof timeZone === 'string';
  const offsetNow = named ? DateTime.now().setZone(timeZone).offset / 60 : null;
  return {
    status: 200,
    headers: { Link: `<${origin}/wp-json/>; rel="https://api.w.org/"` },
    body: {
      name: site.name,
      description: site.description,
      url: origin,
      home: origin,
      gmt_offset: named ? offsetNow : String(timeZone.gmtOffset),
      timezone_string: named ? timeZone : '',
      namespaces: ['oembed/1.0', ...site.namespaces, 'wp/v2', 'wp-site-health/v1', 'wp-block-editor/v1'],
      authentication: { 'application-passwords': { endpoints: { authorization: `${origin}/wp-admin/authorize-application.php` } } },
      routes: {},
      site_logo: 0,
      site_icon: 0,
    },
  };
}
