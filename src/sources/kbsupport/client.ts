// KB Support's HTTP calls (kbsupport-customers.txt, kbsupport-observed.md): WordPress application-password
// Basic auth, the two route styles (`/wp-json/…` with pretty links, `/?rest_route=…` without), total
// headers, WordPress error bodies and what each status means.
import { SourceError } from '../errors.ts';
import { createVendorHttp, type VendorHttpSettings, type VendorResponse } from '../http/index.ts';
import { expectPayload } from '../kit/payload.ts';
import type { RequestScope } from '../request-scope.ts';
import { idText } from './ids.ts';
import {
  type KbsCustomer,
  type KbsIdItem,
  kbsCustomerListSchema,
  kbsCustomerSchema,
  kbsErrorSchema,
  kbsIdListSchema,
  kbsTotalHeaderSchema,
} from './payloads.ts';

export interface KbSupportClientOptions {
  url: string;
  username: string;
  appPassword: string;
  http: VendorHttpSettings;
}

/** Query parameters in order, not yet encoded. */
export type QueryParams = ReadonlyArray<readonly [string, string]>;

/** WordPress's largest `per_page`. */
export const MAX_PER_PAGE = 100;

export const NEWEST_FIRST: QueryParams = [
  ['orderby', 'id'],
  ['order', 'desc'],
];

export interface KbsListAnswer<Item> {
  items: Item[];
  /** `X-WP-Total` / `X-WP-TotalPages`; null where the installation sends none (kbsupport-observed.md). */
  total: number | null;
  totalPages: number | null;
}

export interface KbSupportClient {
  /** `GET /kbs/v1/customers`. A 400 (a parameter rejected) throws BAD_RESPONSE with status 400. */
  list(params: QueryParams, scope: RequestScope): Promise<KbsListAnswer<KbsCustomer>>;
  /** The same list trimmed with `_fields=id`. */
  listIds(params: QueryParams, scope: RequestScope): Promise<KbsListAnswer<KbsIdItem>>;
  /** `GET /kbs/v1/customers/{id}` as the vendor answered it; null when it has no such customer. */
  single(id: string, scope: RequestScope): Promise<KbsCustomer | null>;
  /** WordPress core's index, `GET /wp-json/` (the site's time zone), as it came. */
  siteIndex(scope: RequestScope): Promise<VendorResponse>;
}

type RouteStyle = 'pretty' | 'plain';

const SOURCE = 'KB_SUPPORT';
const CUSTOMERS_ROUTE = '/kbs/v1/customers';

export function createKbSupportClient(options: KbSupportClientOptions): KbSupportClient {
  const credentials = Buffer.from(`${options.username}:${options.appPassword}`).toString('base64');
  const http = createVendorHttp(SOURCE, options.url, { authorization: `Basic ${credentials}` }, options.http);
  let style: RouteStyle | null = null;
  let detection: Promise<RouteStyle> | null = null;

  const send = (routeStyle: RouteStyle, route: string, params: QueryParams, scope: RequestScope) =>
    http.request({ method: 'GET', path: target(routeStyle, route, params), headers: { accept: 'application/json' } }, scope);

  /** Tries the pretty route; a site without pretty links answers it with an HTML 404 page. */
  async function detect(route: string, params: QueryParams, scope: RequestScope): Promise<{ style: RouteStyle; response: VendorResponse }> {
    const pretty = await send('pretty', route, params, scope);
    if (!isHtmlNotFound(pretty)) return { style: 'pretty', response: pretty };
    const plain = await send('plain', route, params, scope);
    // Neither style reaches WordPress's REST API: not a site we can talk to.
    if (isHtmlNotFound(plain)) throw new SourceError(SOURCE, 'BAD_RESPONSE', plain.status);
    return { style: 'plain', response: plain };
  }

  /** Sends a GET in the site's route style, finding that style out once (the first call doubles as the test). */
  async function get(route: string, params: QueryParams, scope: RequestScope): Promise<VendorResponse> {
    if (style !== null) return send(style, route, params, scope);
    if (detection === null) {
      const attempt = detect(route, params, scope);
      detection = attempt.then((found) => found.style);
      // Waiters read the failure from their own await; this only keeps it from going unhandled.
      detection.catch(() => undefined);
      try {
        const found = await attempt;
        style = found.style;
        return found.response;
      } catch (error) {
        detection = null;
        throw error;
      }
    }
    return send(await detection, route, params, scope);
  }

  async function getList(params: QueryParams, scope: RequestScope): Promise<VendorResponse> {
    const response = await get(CUSTOMERS_ROUTE, params, scope);
    if (response.status !== 200) throw new SourceError(SOURCE, 'BAD_RESPONSE', response.status);
    return response;
  }

  return {
    async list(params, scope) {
      const response = await getList(params, scope);
      return { items: expectPayload(SOURCE, kbsCustomerListSchema, response.body), ...totals(response) };
    },

    async listIds(params, scope) {
      const response = await getList([...params, ['_fields', 'id']], scope);
      return { items: expectPayload(SOURCE, kbsIdListSchema, response.body), ...totals(response) };
    },

    async single(id, scope) {
      const response = await get(`${CUSTOMERS_ROUTE}/${encodeURIComponent(id)}`, [], scope);
      if (response.status === 404 && !isNoRoute(response)) return null;
      if (response.status !== 200) throw new SourceError(SOURCE, 'BAD_RESPONSE', response.status);
      const record = expectPayload(SOURCE, kbsCustomerSchema, response.body);
      // kbsupport-observed.md: an unknown id answers 200 `{"id":0,…}`; any other id is not the one asked.
      return idText(record.id) === id ? record : null;
    },

    siteIndex: (scope) => get('/', [], scope),
  };
}

/** A rejected parameter (400 `rest_invalid_param`): the installation does not take it as we sent it. */
export function isRejectedParameter(error: unknown): boolean {
  return error instanceof SourceError && error.failure === 'BAD_RESPONSE' && error.status === 400;
}

/** WordPress splits list parameters on commas and spaces; such an address cannot go into one. */
export function hasListSeparator(email: string): boolean {
  return /[\s,]/.test(email);
}

function target(style: RouteStyle, route: string, params: QueryParams): string {
  const query = params.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
  if (style === 'pretty') return `wp-json${route}${query ? `?${query}` : ''}`;
  return `?rest_route=${route}${query ? `&${query}` : ''}`;
}

/** A 404 that is not a WordPress REST error body (the site's HTML "page not found"). */
function isHtmlNotFound(response: VendorResponse): boolean {
  return response.status === 404 && !kbsErrorSchema.safeParse(response.body).success;
}

/** `rest_no_route`: the REST API answered, but has no such route (plugin missing, or not an id). */
function isNoRoute(response: VendorResponse): boolean {
  const error = kbsErrorSchema.safeParse(response.body);
  return !error.success || error.data.code === 'rest_no_route';
}

function totals(response: VendorResponse): { total: number | null; totalPages: number | null } {
  return { total: headerNumber(response.headers['x-wp-total']), totalPages: headerNumber(response.headers['x-wp-totalpages']) };
}

function headerNumber(value: string | string[] | undefined): number | null {
  const parsed = kbsTotalHeaderSchema.safeParse(value);
  return parsed.success ? Number(parsed.data) : null;
}
