// The WordPress site a KB Support sandbox plays: which answers it gives (kbsupport-customers.txt
// documents or kbsupport-observed.md reports), its time zone, and how its REST URLs are written.

export type KbSupportBehaviour = 'documented' | 'observed';

/** Settings the sandbox may change between requests. */
export interface KbSupportSite {
  readonly behaviour: KbSupportBehaviour;
  readonly prettyLinks: boolean;
  readonly timeZone: string;
}

export const CUSTOMERS_ROUTE = '/kbs/v1/customers';

export function routeUrl(site: KbSupportSite, route: string, params: URLSearchParams = new URLSearchParams()): string {
  const query = params.toString();
  if (site.prettyLinks) return `/wp-json${route}${query ? `?${query}` : ''}`;
  return `/?rest_route=${route}${query ? `&${query}` : ''}`;
}
