// The benchmark's baseline: a hand-written HTTP server that answers the scenarios of
// bench/scenarios.ts by calling the four vendors directly with got — the vendor calls the gateway
// makes for the same answer (each one once per request), keep-alive agents, and every call started
// as soon as what it needs is known. No schema, no validation, no loaders: the floor the gateway's own
// cost is measured against. Answers are JSON shaped like the gateway's `data`.
//
// Environment: the gateway's vendor variables (AMELIA_URL … CRM_TOKEN, KBS_TIMEZONE unused) and
// BASELINE_PORT (0: any). On start one JSON line goes to stdout: {"ready":true,"url":"http://127.0.0.1:…"}.
//
// Routes (see bench/scenarios.ts):
//   GET  /customer?source=AMELIA&id=10       one customer (a)
//   POST /customers/by-ids {ids:[{source,id}]} customers with sameAs, customFields, identifiers (b)
//   GET  /customers/search?search=…&first=20 search across the sources (c)
//   GET  /employees?first=20                 employees with their weekly schedules (d)
//   POST /customer/note {source:"CRM",id,note} update a CRM note, answer the customer as stored (e)
//   GET  /customers/first-pages?first=10     the first page of Amelia, the PLATFORM and the CRM (f)
import './lifeline.ts';
import http, { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import got from 'got';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

type Source = 'AMELIA' | 'KB_SUPPORT' | 'PLATFORM' | 'CRM';
const SOURCES: readonly Source[] = ['AMELIA', 'KB_SUPPORT', 'PLATFORM', 'CRM'];

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`baseline: ${name} is not set`);
  return value;
}

const AMELIA_URL = required('AMELIA_URL').replace(/\/+$/, '');
const KBS_URL = required('KBS_URL').replace(/\/+$/, '');
const PLATFORM_URL = required('PLATFORM_URL').replace(/\/+$/, '');
const CRM_URL = required('CRM_URL').replace(/\/+$/, '');
const ORGANIZATION = required('PLATFORM_ORGANIZATION');
const AUTH: Record<Source, Record<string, string>> = {
  AMELIA: { Amelia: required('AMELIA_API_KEY') },
  KB_SUPPORT: { authorization: `Basic ${Buffer.from(`${required('KBS_USERNAME')}:${required('KBS_APP_PASSWORD')}`).toString('base64')}` },
  PLATFORM: { authorization: `Bearer ${required('PLATFORM_TOKEN')}`, accept: 'application/vnd.api+json' },
  CRM: { authorization: `Bearer ${required('CRM_TOKEN')}` },
};

// One keep-alive agent for all vendors. The cap only keeps a 64-connection load of scenario (b)
// (135 calls an operation) inside the file descriptor limit; the gateway's own cap is 8 per vendor.
const agent = { http: new http.Agent({ keepAlive: true, maxSockets: 512 }) };
// Reads are retried as the gateway retries them (a keep-alive socket the vendor closed, a 5xx); writes never.
const vendor = got.extend({
  agent,
  retry: { limit: 2, methods: ['GET'], statusCodes: [408, 429, 500, 502, 503, 504], backoffLimit: 1_000 },
  responseType: 'json',
  headers: { 'user-agent': 'switchboard-baseline' },
});

function getJson<T>(source: Source, url: string): Promise<T> {
  return vendor.get(url, { headers: AUTH[source] }).json<T>();
}

// ——— vendor payloads (only what the answers use) ———

interface AmeliaCustomerRecord {
  id: number;
  firstName: string;
  lastName: string;
  email?: string | null;
  phone?: string | null;
  countryPhoneIso?: string | null;
  note?: string | null;
  gender?: string | null;
  birthday?: string | null;
  translations?: string | null;
}
interface AmeliaList<Item> {
  data: { users: Item[]; filteredCount?: number; totalCount?: number; countFiltered?: number; countTotal?: number };
}
interface AmeliaSingle<Item> {
  data: { user: Item };
}
interface AmeliaPeriod {
  startTime: string;
  endTime: string;
  periodLocationList?: Array<{ locationId?: number | null; id?: number }> | null;
  periodServiceList?: Array<{ serviceId?: number | null; id?: number }> | null;
}
interface AmeliaProviderRecord {
  id: number;
  firstName: string;
  lastName: string;
  weekDayList?: Array<{
    dayIndex: number;
    startTime: string;
    endTime: string;
    timeOutList?: Array<{ startTime: string; endTime: string }> | null;
    periodList?: AmeliaPeriod[] | null;
  }> | null;
}
interface KbsRecord {
  id: string | number;
  name?: string;
  email?: string;
  additional_emails?: string[];
  phone?: { primary?: string; additional?: string };
  notes?: string[];
}
interface PlatformEntry {
  value: unknown;
  label?: string;
  formatted_value?: string | null;
  type?: string;
}
interface PlatformResource {
  id: string;
  attributes: {
    given_name?: string | null;
    family_name?: string | null;
    email?: string | null;
    mobile?: string | null;
    phone?: string | null;
    custom_entry_map?: Record<string, PlatformEntry> | null;
  };
}
interface PlatformCollection<Item> {
  meta?: { page?: { lastPage?: number; total?: number } };
  data: Item[];
}
interface PlatformFieldResource {
  id: string;
  attributes: { label: string };
}
interface PlatformIdentifierResource {
  attributes: { code: string; type: string };
}
interface CrmEnvelope<Data> {
  data: Data;
}
interface CrmUser {
  id: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  phoneCountry?: string | null;
  internalNote?: string | null;
  updatedAt?: string | null;
}

// ——— the common customer ———

interface Customer {
  id: string;
  source: Source;
  sourceId: string;
  displayName: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  /** Every address, normalised, for sameAs. */
  emails: string[];
  phone: string | null;
  /** Raw numbers and notes, for search. */
  searchable: string[];
  extra: Record<string, unknown>;
  platformEntries: Record<string, PlatformEntry>;
}

const globalId = (type: string, local: string): string => Buffer.from(`${type}:${local}`, 'utf8').toString('base64');
const normalizeEmail = (email: string): string => email.trim().toLowerCase();
const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const joined = (first: string | null | undefined, last: string | null | undefined): string | null =>
  [first, last].filter(Boolean).join(' ') || null;

function e164(raw: string | null | undefined, country?: string | null): string | null {
  if (!raw) return null;
  const parsed = parsePhoneNumberFromString(raw, country ? (country.toUpperCase() as CountryCode) : undefined);
  return parsed?.isValid() ? parsed.number : null;
}

function customerOf(source: Source, sourceId: string, fields: Partial<Customer>): Customer {
  const local = source === 'PLATFORM' ? `PLATFORM:${ORGANIZATION}:${sourceId}` : `${source}:${sourceId}`;
  const email = fields.email ?? null;
  return {
    id: globalId('Customer', local),
    source,
    sourceId,
    displayName: fields.displayName ?? joined(fields.firstName, fields.lastName),
    firstName: fields.firstName ?? null,
    lastName: fields.lastName ?? null,
    email,
    emails: fields.emails ?? (email ? [normalizeEmail(email)] : []),
    phone: fields.phone ?? null,
    searchable: fields.searchable ?? [],
    extra: fields.extra ?? {},
    platformEntries: fields.platformEntries ?? {},
  };
}

function fromAmelia(r: AmeliaCustomerRecord): Customer {
  let locale: string | null = null;
  try {
    const language = r.translations ? (JSON.parse(r.translations) as { defaultLanguage?: string }).defaultLanguage : undefined;
    locale = language ? language.replace('_', '-') : null;
  } catch {
    locale = null;
  }
  return customerOf('AMELIA', String(r.id), {
    firstName: r.firstName,
    lastName: r.lastName,
    email: r.email || null,
    phone: e164(r.phone, r.countryPhoneIso),
    searchable: [r.phone ?? '', r.note ?? ''],
    extra: {
      birthday: r.birthday ?? null,
      gender: r.gender ? r.gender.toUpperCase() : null,
      note: r.note ?? null,
      locale,
      createdAt: null,
      updatedAt: null,
    },
  });
}

function fromKbs(r: KbsRecord): Customer {
  const name = r.name ?? '';
  const space = name.indexOf(' ');
  const emails = [r.email ?? '', ...(r.additional_emails ?? [])].filter(Boolean).map(normalizeEmail);
  return customerOf('KB_SUPPORT', String(r.id), {
    displayName: name || null,
    firstName: space < 0 ? name || null : name.slice(0, space),
    lastName: space < 0 ? null : name.slice(space + 1),
    email: r.email || null,
    emails,
    phone: e164(r.phone?.primary) ?? e164(r.phone?.additional),
    searchable: [r.phone?.primary ?? '', r.phone?.additional ?? '', ...(r.additional_emails ?? []), ...(r.notes ?? [])],
  });
}

function fromPlatform(r: PlatformResource): Customer {
  const a = r.attributes;
  return customerOf('PLATFORM', r.id, {
    firstName: a.given_name ?? null,
    lastName: a.family_name ?? null,
    email: a.email || null,
    phone: e164(a.mobile) ?? e164(a.phone),
    searchable: [a.mobile ?? '', a.phone ?? ''],
    platformEntries: a.custom_entry_map ?? {},
  });
}

function fromCrm(r: CrmUser): Customer {
  return customerOf('CRM', r.id, {
    firstName: r.firstName ?? null,
    lastName: r.lastName ?? null,
    email: r.email || null,
    phone: e164(r.phone, r.phoneCountry),
    searchable: [r.phone ?? '', r.internalNote ?? ''],
    extra: { note: r.internalNote ?? null, updatedAt: r.updatedAt ?? null },
  });
}

function matches(customer: Customer, term: string): boolean {
  const needle = fold(term.trim());
  const fields = [customer.displayName, customer.firstName, customer.lastName, customer.email, ...customer.searchable];
  return fields.some((field) => field !== null && field !== '' && fold(field).includes(needle));
}

// ——— vendor calls ———

const ameliaUrl = (route: string, params = ''): string =>
  `${AMELIA_URL}/wp-admin/admin-ajax.php?action=wpamelia_api&call=/api/v1${route}${params}`;
const platformUrl = (path: string, params: Record<string, string>): string =>
  `${PLATFORM_URL}/api/v1/${path}?${new URLSearchParams({ o: ORGANIZATION, ...params }).toString()}`;

async function ameliaCustomer(id: string): Promise<Customer> {
  return fromAmelia((await getJson<AmeliaSingle<AmeliaCustomerRecord>>('AMELIA', ameliaUrl(`/users/customers/${id}`))).data.user);
}

async function ameliaSearch(term: string, page: number): Promise<AmeliaList<AmeliaCustomerRecord>['data']> {
  const url = ameliaUrl('/users/customers', `&page=${page}&search=${encodeURIComponent(term)}`);
  return (await getJson<AmeliaList<AmeliaCustomerRecord>>('AMELIA', url)).data;
}

async function kbsSingle(id: string): Promise<Customer | null> {
  const record = await getJson<KbsRecord>('KB_SUPPORT', `${KBS_URL}/wp-json/kbs/v1/customers/${id}`);
  return String(record.id) === id ? fromKbs(record) : null;
}

/** KB Support as installations answer (kbsupport-observed.md): the 20 newest listed, the rest one by one. */
async function kbsEverything(): Promise<Customer[]> {
  const listed = await getJson<KbsRecord[]>('KB_SUPPORT', `${KBS_URL}/wp-json/kbs/v1/customers?per_page=100&orderby=id&order=desc`);
  const records = listed.filter((record) => Number(record.id) > 0).sort((x, y) => Number(y.id) - Number(x.id));
  const lowest = records.length === 0 ? 1 : Math.min(...records.map((record) => Number(record.id)));
  const below = Array.from({ length: Math.max(0, Math.min(lowest - 1, 100_000)) }, (_, index) => String(lowest - 1 - index));
  const walked = await Promise.all(below.map(kbsSingle));
  return [...records.map(fromKbs), ...walked.filter((customer) => customer !== null)];
}

async function platformList(params: Record<string, string>): Promise<PlatformCollection<PlatformResource>> {
  return getJson<PlatformCollection<PlatformResource>>('PLATFORM', platformUrl('customers', params));
}

/** Every page of a filtered list: the first tells how many follow, those go in parallel. */
async function platformAll(filter: Record<string, string>): Promise<Customer[]> {
  const page = (number: number) => platformList({ ...filter, 'page[number]': String(number), 'page[size]': '100' });
  const first = await page(1);
  const last = Math.min(first.meta?.page?.lastPage ?? 1, 1_000);
  const rest = await Promise.all(Array.from({ length: Math.max(0, last - 1) }, (_, index) => page(index + 2)));
  return [first, ...rest].flatMap((document) => document.data.map(fromPlatform));
}

async function platformFieldLabels(): Promise<Map<string, string>> {
  const document = await getJson<PlatformCollection<PlatformFieldResource>>(
    'PLATFORM',
    platformUrl('custom-fields', { 'page[number]': '1', 'page[size]': '100' }),
  );
  return new Map(document.data.map((field) => [field.id, field.attributes.label]));
}

async function platformIdentifiers(id: string): Promise<Array<{ code: string; type: string }>> {
  const document = await getJson<PlatformCollection<PlatformIdentifierResource>>(
    'PLATFORM',
    platformUrl(`customers/${encodeURIComponent(id)}/model-identifiers`, { 'page[number]': '1', 'page[size]': '100' }),
  );
  return document.data.map((resource) => ({ code: resource.attributes.code, type: resource.attributes.type }));
}

async function crmSingle(id: string): Promise<Customer> {
  const url = `${CRM_URL}/v1/crm/customers/${encodeURIComponent(id)}`;
  return fromCrm((await getJson<CrmEnvelope<{ user: CrmUser }>>('CRM', url)).data.user);
}

/** The CRM has neither search nor email filter: its whole list, page after page (each names the next). */
async function crmEverything(): Promise<Customer[]> {
  const found: Customer[] = [];
  let offset: string | null = null;
  for (let pages = 0; pages < 10_000; pages++) {
    const query: string = offset === null ? '' : `?offset=${encodeURIComponent(offset)}`;
    const page: CrmEnvelope<{ users: CrmUser[]; next?: string | null }> = await getJson('CRM', `${CRM_URL}/v1/crm/customers${query}`);
    found.push(...page.data.users.map(fromCrm));
    offset = page.data.next || null;
    if (offset === null) break;
  }
  return found;
}

async function oneCustomer(source: Source, id: string): Promise<Customer | null> {
  switch (source) {
    case 'AMELIA':
      return ameliaCustomer(id);
    case 'KB_SUPPORT':
      return kbsSingle(id);
    case 'PLATFORM':
      return (await platformList({ 'filter[id]': id, 'page[number]': '1', 'page[size]': '1' })).data.map(fromPlatform)[0] ?? null;
    case 'CRM':
      return crmSingle(id);
  }
}

// ——— the scenarios ———

function fullCustomer(customer: Customer): Record<string, unknown> {
  return {
    id: customer.id,
    source: customer.source,
    sourceId: customer.sourceId,
    displayName: customer.displayName,
    firstName: customer.firstName,
    lastName: customer.lastName,
    email: customer.email,
    phone: customer.phone,
    ...customer.extra,
  };
}

/** (a) */
async function customerById(source: Source, id: string): Promise<unknown> {
  const customer = await oneCustomer(source, id);
  return { data: { customer: customer ? fullCustomer(customer) : null } };
}

/** (b): by id per source, and sameAs by email in the other sources, everything as early as it can start. */
async function customersByIds(ids: Array<{ source: Source; id: string }>): Promise<unknown> {
  const of = (source: Source) => [...new Set(ids.filter((key) => key.source === source).map((key) => key.id))];
  const platformIds = of('PLATFORM');
  const kbsAll = kbsEverything();
  const crmAll = crmEverything();
  const labels = platformIds.length > 0 ? platformFieldLabels() : Promise.resolve(new Map<string, string>());
  const identifiers = new Map(platformIds.map((id) => [id, platformIdentifiers(id)]));
  // Started now, awaited later: a failure elsewhere must not leave them as unhandled rejections.
  for (const pending of [kbsAll, crmAll, labels, ...identifiers.values()]) pending.catch(() => undefined);
  const platformById =
    platformIds.length === 0
      ? Promise.resolve([])
      : platformList({ 'filter[id]': platformIds.join(','), 'page[number]': '1', 'page[size]': String(platformIds.length) }).then(
          (document) => document.data.map(fromPlatform),
        );
  const byId = await Promise.all([
    Promise.all(of('AMELIA').map(ameliaCustomer)),
    Promise.all(of('KB_SUPPORT').map(kbsSingle)),
    platformById,
    Promise.all(of('CRM').map(crmSingle)),
  ]);
  const found = new Map(byId.flat().flatMap((customer) => (customer ? [[`${customer.source}:${customer.sourceId}`, customer] as const] : [])));
  const customers = [...found.values()];
  // The addresses each source is asked about: those of the customers from the other sources.
  const emailsFor = (source: Source) => [...new Set(customers.filter((c) => c.source !== source && c.email).map((c) => normalizeEmail(c.email ?? '')))];
  const [ameliaMatches, platformMatches] = await Promise.all([
    Promise.all(
      emailsFor('AMELIA').map(async (email) =>
        (await ameliaSearch(email, 1)).users.map(fromAmelia).filter((customer) => customer.emails.includes(email)),
      ),
    ),
    Promise.all(
      emailsFor('PLATFORM').map(async (email) =>
        (await platformList({ 'filter[email]': email, 'page[number]': '1', 'page[size]': '100' })).data
          .map(fromPlatform)
          .filter((customer) => customer.emails.includes(email)),
      ),
    ),
  ]);
  const pool = [...ameliaMatches.flat(), ...(await kbsAll), ...platformMatches.flat(), ...(await crmAll)];
  const byEmail = Map.groupBy(
    pool.flatMap((customer) => customer.emails.map((email) => ({ email, customer }))),
    (entry) => entry.email,
  );
  const fieldLabels = await labels;
  const nodes = await Promise.all(
    ids.map(async (key) => {
      const customer = found.get(`${key.source}:${key.id}`);
      if (!customer) return null;
      const email = customer.email ? normalizeEmail(customer.email) : null;
      const seen = new Set<string>();
      const sameAs = (email ? (byEmail.get(email) ?? []) : [])
        .map((entry) => entry.customer)
        .filter((other) => other.source !== customer.source && !seen.has(other.id) && seen.add(other.id))
        .map((other) => ({ id: other.id, source: other.source, email: other.email }));
      const customFields = Object.entries(customer.platformEntries).map(([fieldId, entry]) => ({
        fieldId,
        label: fieldLabels.get(fieldId) ?? entry.label ?? null,
        formattedValue: entry.formatted_value ?? null,
      }));
      return {
        id: customer.id,
        source: customer.source,
        sourceId: customer.sourceId,
        displayName: customer.displayName,
        email: customer.email,
        sameAs,
        customFields,
        identifiers: customer.source === 'PLATFORM' ? await (identifiers.get(customer.sourceId) ?? Promise.resolve([])) : [],
      };
    }),
  );
  return { data: { nodes } };
}

/** (f): one list call per vendor, all three at once; each answer says whether more follow. */
async function firstPages(first: number): Promise<unknown> {
  const page = (customers: Customer[], more: boolean) => ({
    pageInfo: { hasNextPage: more || customers.length > first },
    edges: customers.slice(0, first).map((customer) => ({ node: { id: customer.id, sourceId: customer.sourceId, firstName: customer.firstName, lastName: customer.lastName, email: customer.email } })),
  });
  const [amelia, platform, crm] = await Promise.all([
    getJson<AmeliaList<AmeliaCustomerRecord>>('AMELIA', ameliaUrl('/users/customers', '&page=1')).then((answer) => {
      const users = answer.data.users;
      return page(users.map(fromAmelia), users.length < (answer.data.filteredCount ?? 0));
    }),
    platformList({ 'page[number]': '1', 'page[size]': String(first) }).then((document) => page(document.data.map(fromPlatform), (document.meta?.page?.lastPage ?? 1) > 1)),
    getJson<CrmEnvelope<{ users: CrmUser[]; next?: string | null }>>('CRM', `${CRM_URL}/v1/crm/customers`).then((answer) =>
      page(answer.data.users.map(fromCrm), Boolean(answer.data.next)),
    ),
  ]);
  return { data: { amelia, platform, crm } };
}

/** (c): every source at once, pages in enum order, a total over all. */
async function search(term: string, first: number): Promise<unknown> {
  const amelia = (async () => {
    const page1 = await ameliaSearch(term, 1);
    const size = Math.max(1, page1.users.length);
    const filtered = page1.filteredCount ?? page1.users.length;
    const pagesNeeded = Math.min(Math.ceil(Math.min(filtered, first + 1) / size), 100);
    const more = await Promise.all(Array.from({ length: Math.max(0, pagesNeeded - 1) }, (_, index) => ameliaSearch(term, index + 2)));
    const customers = [page1, ...more].flatMap((page) => page.users.map(fromAmelia)).filter((customer) => matches(customer, term));
    return { customers, total: filtered };
  })();
  const local = async (all: Promise<Customer[]>) => {
    const customers = (await all).filter((customer) => matches(customer, term));
    return { customers, total: customers.length };
  };
  const results = await Promise.all([amelia, local(kbsEverything()), local(platformAll({ 'filter[search]': term })), local(crmEverything())]);
  const all = results.flatMap((result) => result.customers);
  const edges = all.slice(0, first).map((customer) => ({
    node: { id: customer.id, source: customer.source, sourceId: customer.sourceId, displayName: customer.displayName, email: customer.email, phone: customer.phone },
  }));
  return {
    data: {
      customers: {
        totalCount: results.reduce((sum, result) => sum + result.total, 0),
        pageInfo: { hasNextPage: all.length > first, endCursor: edges.length > 0 ? String(edges.length - 1) : null },
        edges,
      },
    },
  };
}

const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

function schedule(record: AmeliaProviderRecord): unknown[] {
  return (record.weekDayList ?? []).map((day) => ({
    day: WEEKDAYS[day.dayIndex - 1] ?? null,
    start: day.startTime,
    end: day.endTime,
    breaks: (day.timeOutList ?? []).map((range) => ({ start: range.startTime, end: range.endTime })),
    periods: (day.periodList ?? []).map((period) => ({
      start: period.startTime,
      end: period.endTime,
      locationIds: (period.periodLocationList ?? []).flatMap((item) => {
        const id = item.locationId ?? item.id;
        return id === undefined || id === null ? [] : [String(id)];
      }),
      serviceIds: (period.periodServiceList ?? []).flatMap((item) => {
        const id = item.serviceId ?? item.id;
        return id === undefined || id === null ? [] : [String(id)];
      }),
    })),
  }));
}

/** (d): the list for ids (later pages once the first tells how many), each whole record for its schedule. */
async function employees(first: number): Promise<unknown> {
  const listPage = async (page: number) =>
    (await getJson<AmeliaList<AmeliaProviderRecord>>('AMELIA', ameliaUrl('/users/providers', `&page=${page}`))).data;
  const whole = async (summary: AmeliaProviderRecord) =>
    (await getJson<AmeliaSingle<AmeliaProviderRecord>>('AMELIA', ameliaUrl(`/users/providers/${summary.id}`))).data.user;
  const page1 = await listPage(1);
  const size = Math.max(1, page1.users.length);
  const filtered = page1.countFiltered ?? page1.users.length;
  const pagesNeeded = Math.min(Math.ceil(Math.min(filtered, first + 1) / size), 100);
  const wanted = (users: AmeliaProviderRecord[], before: number) => users.slice(0, Math.max(0, first - before));
  const firstRecords = Promise.all(wanted(page1.users, 0).map(whole));
  const later = Promise.all(
    Array.from({ length: Math.max(0, pagesNeeded - 1) }, async (_, index) => {
      const page = await listPage(index + 2);
      const records = Promise.all(wanted(page.users, size * (index + 1)).map(whole));
      records.catch(() => undefined);
      return { users: page.users, records };
    }),
  );
  later.catch(() => undefined);
  const records = [...(await firstRecords)];
  for (const page of await later) records.push(...(await page.records));
  return {
    data: {
      employees: {
        totalCount: page1.countTotal ?? filtered,
        edges: records.slice(0, first).map((record) => ({
          node: {
            id: globalId('Employee', `AMELIA:${record.id}`),
            sourceId: String(record.id),
            displayName: joined(record.firstName, record.lastName),
            weeklySchedule: schedule(record),
          },
        })),
      },
    },
  };
}

/** (e): the CRM's PATCH answers only `succeed`, so the customer is read back. */
async function updateNote(id: string, note: string): Promise<unknown> {
  const url = `${CRM_URL}/v1/crm/customers/${encodeURIComponent(id)}`;
  const answer = await vendor.patch(url, { headers: AUTH.CRM, json: { params: { id, internalNote: note } } }).json<CrmEnvelope<{ succeed?: boolean }>>();
  if (answer.data.succeed !== true) return { data: { updateCustomer: { __typename: 'WriteOutcomeUnknown', message: 'not confirmed' } } };
  const customer = await crmSingle(id);
  return { data: { updateCustomer: { __typename: 'UpdateCustomerSuccess', customer: { id: customer.id, note: customer.extra['note'], updatedAt: customer.extra['updatedAt'] } } } };
}

// ——— HTTP ———

function isSource(value: unknown): value is Source {
  return typeof value === 'string' && (SOURCES as readonly string[]).includes(value);
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text === '' ? {} : (JSON.parse(text) as unknown));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

class BadRequest extends Error {}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

async function route(req: IncomingMessage, url: URL): Promise<unknown> {
  const key = `${req.method ?? 'GET'} ${url.pathname}`;
  const first = Math.min(100, Math.max(0, Number(url.searchParams.get('first') ?? '20') || 20));
  switch (key) {
    case 'GET /customer': {
      const source = url.searchParams.get('source');
      const id = url.searchParams.get('id');
      if (!isSource(source) || !id) throw new BadRequest('source and id');
      return customerById(source, id);
    }
    case 'POST /customers/by-ids': {
      const ids = field(await readBody(req), 'ids');
      if (!Array.isArray(ids) || ids.length > 100) throw new BadRequest('ids: at most 100 {source, id}');
      const keys = ids.map((item: unknown) => {
        const source = field(item, 'source');
        const id = field(item, 'id');
        if (!isSource(source) || typeof id !== 'string') throw new BadRequest('ids: {source, id}');
        return { source, id };
      });
      return customersByIds(keys);
    }
    case 'GET /customers/search':
      return search(url.searchParams.get('search') ?? '', first);
    case 'GET /employees':
      return employees(first);
    case 'GET /customers/first-pages':
      return firstPages(first);
    case 'POST /customer/note': {
      const body = await readBody(req);
      const id = field(body, 'id');
      const note = field(body, 'note');
      if (field(body, 'source') !== 'CRM' || typeof id !== 'string' || typeof note !== 'string') throw new BadRequest('CRM id and note');
      return updateNote(id, note);
    }
    default:
      throw new BadRequest(`no route ${key}`);
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://baseline.invalid');
  if (url.pathname === '/health') return reply(res, 200, { ok: true });
  route(req, url).then(
    (body) => reply(res, 200, body),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${new Date().toISOString()} ${req.method ?? 'GET'} ${url.pathname}: ${message}\n`);
      reply(res, error instanceof BadRequest ? 400 : 502, { errors: [{ message }] });
    },
  );
});
server.keepAliveTimeout = 30_000;
const port = Number(process.env['BASELINE_PORT'] ?? '0') || 0;
await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
process.stdout.write(`${JSON.stringify({ ready: true, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);

function stop(): void {
  server.close();
  server.closeAllConnections();
  agent.http.destroy();
  process.exit(0);
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
