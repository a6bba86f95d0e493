// The KB Support sandbox: a WordPress site with the KB Support plugin, answering its customers route
// either as kbsupport-customers.txt documents or as kbsupport-observed.md reports, through pretty
// links (`/wp-json/…`) and `/?rest_route=…` alike.
import { DateTime } from 'luxon';
import { SandboxServer, type SandboxRequest, type SandboxResponse } from '../server.ts';
import { kbSupportSeed, type KbsStoredCustomer } from './data.ts';

export type KbSupportBehaviour = 'documented' | 'observed';

export interface KbSupportSandboxOptions {
  behaviour?: KbSupportBehaviour /* default 'observed' */;
  prettyLinks?: boolean /* default true */;
  timeZone?: string /* default 'America/Chicago' */;
}

export interface KbSupportSandbox {
  readonly server: SandboxServer;
  readonly credentials: { username: string; appPassword: string };
  /** A Support Agent user: authenticates, lacks view_ticket_reports → 403. */
  readonly agentCredentials: { username: string; appPassword: string };
  readonly timeZone: string;
  behaviour: KbSupportBehaviour;
  prettyLinks: boolean;
  reset(): void;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonRecord = { [key: string]: Json };
type Params = URLSearchParams;

interface Located {
  route: string;
  params: Params;
}

const CUSTOMERS_ROUTE = '/kbs/v1/customers';
const ORDERBY = ['id', 'user_id', 'name', 'email', 'company_id', 'date'] as const;
// kbsupport-observed.md: the list is always the 20 highest ids.
const OBSERVED_LIST_SIZE = 20;
// kbsupport-customers.txt: per_page defaults to 10.
const DEFAULT_PER_PAGE = 10;

export function createKbSupportSandbox(options: KbSupportSandboxOptions = {}): KbSupportSandbox {
  let customers = kbSupportSeed();
  const timeZone = options.timeZone ?? 'America/Chicago';
  const sandbox: KbSupportSandbox = {
    server: new SandboxServer('kbsupport', (request) => handle(request)),
    credentials: { username: 'support.manager', appPassword: 'kbS1 mGr2 pW3x 4yZa 5bCd 6eFg' },
    agentCredentials: { username: 'support.agent', appPassword: 'aGt1 nOt2 rEp3 oRt4 s5Xy 6zAb' },
    timeZone,
    behaviour: options.behaviour ?? 'observed',
    prettyLinks: options.prettyLinks ?? true,
    reset() {
      customers = kbSupportSeed();
      sandbox.server.clearLog();
      sandbox.server.clearFaults();
    },
  };

  function handle(request: SandboxRequest): SandboxResponse {
    const located = locate(request);
    if (located === null) return htmlNotFound();
    const user = authenticate(request.headers.authorization);
    if (user === null) return wpError(401, 'rest_forbidden_context', 'Authentication failed.');
    if (user === 'agent') return wpError(403, 'rest_forbidden', 'Sorry, you are not allowed to do that.');
    // No write route is documented: WordPress answers other methods as an unknown route.
    if (request.method !== 'GET') return noRoute();
    const origin = `http://${request.headers.host ?? 'localhost'}`;
    if (located.route === CUSTOMERS_ROUTE) return list(located.params, origin);
    const single = /^\/kbs\/v1\/customers\/([^/]+)$/.exec(located.route)?.[1];
    if (single !== undefined) return singleCustomer(single, located.params, origin);
    return noRoute();
  }

  /** The REST route asked for, or null where WordPress would answer its HTML 404 page. */
  function locate(request: SandboxRequest): Located | null {
    if (request.path === '/wp-json' || request.path.startsWith('/wp-json/')) {
      if (!sandbox.prettyLinks) return null;
      return { route: request.path.slice('/wp-json'.length) || '/', params: request.query };
    }
    const route = request.query.get('rest_route');
    if ((request.path === '/' || request.path === '/index.php') && route !== null) {
      const params = new URLSearchParams(request.query);
      params.delete('rest_route');
      return { route, params };
    }
    return null;
  }

  function authenticate(header: string | undefined): 'manager' | 'agent' | null {
    const encoded = /^Basic\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (!encoded) return null;
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const [username, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    // WordPress accepts an application password with or without its spaces.
    const same = (expected: { username: string; appPassword: string }) =>
      username === expected.username && password.replace(/\s/g, '') === expected.appPassword.replace(/\s/g, '');
    if (same(sandbox.credentials)) return 'manager';
    if (same(sandbox.agentCredentials)) return 'agent';
    return null;
  }

  function list(params: Params, origin: string): SandboxResponse {
    const problems = listParamProblems(params);
    if (problems.length > 0) return invalidParams(problems);
    const fields = params.get('_fields');
    if (sandbox.behaviour === 'observed') {
      const top = [...customers].sort((a, b) => b.id - a.id).slice(0, OBSERVED_LIST_SIZE);
      return { status: 200, body: top.map((customer) => trimFields(observedRecord(customer, origin), fields)) };
    }
    const matching = sortRows(filterRows(customers, params), params);
    const perPage = Number(params.get('per_page') ?? DEFAULT_PER_PAGE);
    const page = Number(params.get('page') ?? 1);
    const offset = params.get('offset');
    const start = offset === null ? (page - 1) * perPage : Number(offset);
    const totalPages = Math.ceil(matching.length / perPage);
    // kbsupport-customers.txt is silent past the last page: this sandbox answers an empty list.
    const rows = matching.slice(start, start + perPage);
    const headers: Record<string, string> = { 'X-WP-Total': String(matching.length), 'X-WP-TotalPages': String(totalPages) };
    const links = [
      page > 1 ? `<${origin}${routeUrl(CUSTOMERS_ROUTE, withParam(params, 'page', page - 1))}>; rel="prev"` : null,
      page < totalPages ? `<${origin}${routeUrl(CUSTOMERS_ROUTE, withParam(params, 'page', page + 1))}>; rel="next"` : null,
    ].filter((link) => link !== null);
    if (links.length > 0) headers['Link'] = links.join(', ');
    return { status: 200, headers, body: rows.map((customer) => trimFields(documentedRecord(customer, origin), fields)) };
  }

  function singleCustomer(key: string, params: Params, origin: string): SandboxResponse {
    const fields = params.get('_fields');
    if (sandbox.behaviour === 'observed') {
      // kbsupport-observed.md: the route matches digits only; an unknown id answers 200 with id 0.
      if (!/^\d+$/.test(key)) return noRoute();
      const found = customers.find((customer) => customer.id === Number(key));
      const body = found ? observedRecord(found, origin) : { id: 0, ticket_count: false, _links: links(0, 0, 0, origin) };
      return { status: 200, body: trimFields(body, fields) };
    }
    // kbsupport-customers.txt: "ID or email address of the customer to retrieve".
    const found = /^\d+$/.test(key)
      ? customers.find((customer) => customer.id === Number(key))
      : customers.find((customer) => customer.email !== '' && customer.email.toLowerCase() === key.toLowerCase());
    // The document names no error body: this one follows WordPress's invalid-id answers.
    if (!found) return wpError(404, 'kbs_rest_invalid_customer', 'Invalid customer ID or email address.');
    return { status: 200, body: trimFields(documentedRecord(found, origin), fields) };
  }

  function routeUrl(route: string, params: Params = new URLSearchParams()): string {
    const query = params.toString();
    if (sandbox.prettyLinks) return `/wp-json${route}${query ? `?${query}` : ''}`;
    return `/?rest_route=${route}${query ? `&${query}` : ''}`;
  }

  function links(id: number, userId: number, companyId: number, origin: string): JsonRecord {
    const href = (route: string, params?: Params) => ({ href: `${origin}${routeUrl(route, params)}` });
    return {
      self: [href(`${CUSTOMERS_ROUTE}/${id}`)],
      collection: [href(CUSTOMERS_ROUTE)],
      tickets: [href('/kbs/v1/tickets', new URLSearchParams({ customer: String(id) }))],
      ...(userId > 0 ? { user: [{ embeddable: true, ...href(`/wp/v2/users/${userId}`) }] } : {}),
      ...(companyId > 0 ? { company: [{ embeddable: true, ...href(`/kbs/v1/companies/${companyId}`) }] } : {}),
    };
  }

  /** kbsupport-observed.md: string ids, empty fields left out, `phone` only with a primary number. */
  function observedRecord(customer: KbsStoredCustomer, origin: string): JsonRecord {
    return {
      id: String(customer.id),
      name: customer.name,
      email: customer.email,
      additional_emails: customer.additionalEmails,
      ...(customer.primaryPhone ? { phone: { primary: customer.primaryPhone, additional: customer.additionalPhone } } : {}),
      ...(customer.website ? { website: customer.website } : {}),
      ...(customer.address ? { address: { ...customer.address } } : {}),
      company: String(customer.companyId),
      ...(customer.userId > 0 ? { user_id: String(customer.userId) } : {}),
      date_created: siteTime(customer.createdAt),
      ...(customer.notes.length > 0 ? { notes: customer.notes.map(noteText) } : {}),
      ticket_count: customer.ticketCount,
      _links: links(customer.id, customer.userId, customer.companyId, origin),
    };
  }

  /**
   * kbsupport-customers.txt's schema types: integer ids, `address` a string, `additional_emails` and
   * `notes` objects (here keyed by index, as PHP encodes a list with gaps), every field present.
   */
  function documentedRecord(customer: KbsStoredCustomer, origin: string): JsonRecord {
    return {
      id: customer.id,
      name: customer.name,
      user_id: customer.userId,
      email: customer.email,
      additional_emails: indexed(customer.additionalEmails),
      phone: { primary: customer.primaryPhone, additional: customer.additionalPhone },
      website: customer.website,
      address: customer.address
        ? [customer.address.line1, customer.address.line2, customer.address.city, `${customer.address.state} ${customer.address.zip}`.trim(), customer.address.country]
            .filter((part) => part !== '')
            .join(', ')
        : '',
      company: customer.companyId,
      date_created: siteTime(customer.createdAt),
      notes: indexed(customer.notes.map(noteText)),
      ticket_count: customer.ticketCount,
      _links: links(customer.id, customer.userId, customer.companyId, origin),
    };
  }

  function siteTime(utc: string): string {
    return DateTime.fromISO(utc, { zone: 'utc' }).setZone(timeZone).toFormat('yyyy-LL-dd HH:mm:ss');
  }

  function noteText(note: { at: string; text: string }): string {
    const written = DateTime.fromISO(note.at, { zone: 'utc' }).setZone(timeZone).setLocale('en-US');
    return `${written.toFormat('LLLL d, yyyy HH:mm:ss')} - ${note.text}`;
  }

  return sandbox;
}

// ---- list parameters (both behaviours validate alike; kbsupport-observed.md) ----

interface ParamProblem {
  param: string;
  code: 'rest_invalid_type' | 'rest_out_of_bounds' | 'rest_not_in_enum';
  message: string;
}

function listParamProblems(params: Params): ParamProblem[] {
  const problems: ParamProblem[] = [];
  const integer = (param: string, min: number | null, max: number | null) => {
    const value = params.get(param);
    if (value === null) return;
    if (!/^-?\d+$/.test(value)) problems.push({ param, code: 'rest_invalid_type', message: `${param} is not of type integer.` });
    else if (min !== null && max !== null && (Number(value) < min || Number(value) > max)) {
      problems.push({ param, code: 'rest_out_of_bounds', message: `${param} must be between ${min} (inclusive) and ${max} (inclusive)` });
    } else if (min !== null && Number(value) < min) {
      problems.push({ param, code: 'rest_out_of_bounds', message: `${param} must be greater than or equal to ${min}` });
    }
  };
  integer('page', 1, null);
  integer('per_page', 1, 100);
  integer('offset', null, null);
  const order = params.get('order');
  if (order !== null && order !== 'asc' && order !== 'desc') {
    problems.push({ param: 'order', code: 'rest_not_in_enum', message: 'order is not one of asc and desc.' });
  }
  const orderby = params.get('orderby');
  if (orderby !== null && !(ORDERBY as readonly string[]).includes(orderby)) {
    problems.push({ param: 'orderby', code: 'rest_not_in_enum', message: `orderby is not one of ${ORDERBY.join(', ')}.` });
  }
  for (const param of ['include', 'exclude']) {
    const bad = listParam(params, param).findIndex((item) => !/^\d+$/.test(item));
    if (bad >= 0) problems.push({ param, code: 'rest_invalid_type', message: `${param}[${bad}] is not of type integer.` });
  }
  return problems;
}

/** WordPress list parameters: `a,b`, `a b` or `a[]=…&a[]=…`. */
function listParam(params: Params, name: string): string[] {
  return [...params.getAll(name), ...params.getAll(`${name}[]`)].flatMap((value) => value.split(/[\s,]+/)).filter((item) => item !== '');
}

function filterRows(rows: readonly KbsStoredCustomer[], params: Params): KbsStoredCustomer[] {
  const numbers = (name: string) => listParam(params, name).map(Number);
  const lowered = (name: string) => listParam(params, name).map((item) => item.toLowerCase());
  const include = numbers('include');
  const exclude = numbers('exclude');
  const userIds = numbers('user_id');
  const companies = numbers('company');
  const emails = lowered('email');
  // Names hold spaces, so `name` is taken whole (or per `name[]`), not split like the id lists.
  const names = [...params.getAll('name'), ...params.getAll('name[]')].map((item) => item.trim().toLowerCase());
  return rows.filter(
    (row) =>
      (include.length === 0 || include.includes(row.id)) &&
      !exclude.includes(row.id) &&
      (userIds.length === 0 || userIds.includes(row.userId)) &&
      (companies.length === 0 || companies.includes(row.companyId)) &&
      (emails.length === 0 || emails.includes(row.email.toLowerCase())) &&
      (names.length === 0 || names.includes(row.name.toLowerCase())),
  );
}

function sortRows(rows: KbsStoredCustomer[], params: Params): KbsStoredCustomer[] {
  const orderby = params.get('orderby') ?? 'id';
  const direction = params.get('order') === 'asc' ? 1 : -1;
  const key = (row: KbsStoredCustomer): string | number => {
    if (orderby === 'user_id') return row.userId;
    if (orderby === 'name') return row.name.toLowerCase();
    if (orderby === 'email') return row.email.toLowerCase();
    if (orderby === 'company_id') return row.companyId;
    if (orderby === 'date') return row.createdAt;
    return row.id;
  };
  return rows.sort((a, b) => {
    const [left, right] = [key(a), key(b)];
    const compared = left < right ? -1 : left > right ? 1 : a.id - b.id;
    return compared * direction;
  });
}

function withParam(params: Params, name: string, value: number): Params {
  const copy = new URLSearchParams(params);
  copy.set(name, String(value));
  return copy;
}

/** WordPress `_fields`: only the named top-level keys (`_links` too only when named). */
function trimFields(record: JsonRecord, fields: string | null): JsonRecord {
  if (fields === null) return record;
  const keep = new Set(fields.split(',').map((field) => field.trim().split('.')[0]));
  return Object.fromEntries(Object.entries(record).filter(([key]) => keep.has(key)));
}

function indexed(items: readonly string[]): JsonRecord {
  return Object.fromEntries(items.map((item, index) => [String(index), item]));
}

function wpError(status: number, code: string, message: string, data: JsonRecord = {}): SandboxResponse {
  return { status, body: { code, message, data: { status, ...data } } };
}

function noRoute(): SandboxResponse {
  return wpError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
}

function invalidParams(problems: readonly ParamProblem[]): SandboxResponse {
  const names = problems.map((problem) => problem.param);
  return wpError(400, 'rest_invalid_param', `Invalid parameter(s): ${names.join(', ')}`, {
    params: Object.fromEntries(problems.map((problem) => [problem.param, problem.message])),
    details: Object.fromEntries(problems.map((problem) => [problem.param, { code: problem.code, message: problem.message, data: null }])),
  });
}

function htmlNotFound(): SandboxResponse {
  return {
    status: 404,
    headers: { 'content-type': 'text/html; charset=UTF-8' },
    raw: '<!DOCTYPE html><html lang="en-US"><head><title>Page not found – Support</title></head><body class="error404"><h1>Oops! That page can’t be found.</h1></body></html>',
  };
}
