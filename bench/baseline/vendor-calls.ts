// The baseline's calls to the vendors, with got over one keep-alive agent: each read the scenarios
// make, retried as the gateway retries reads.
import http from 'node:http';
import got from 'got';
import { AMELIA_URL, AUTH, CRM_URL, KBS_URL, ORGANIZATION, PLATFORM_URL, type Source } from './config.ts';
import { type Customer, fromAmelia, fromCrm, fromKbs, fromPlatform } from './customer.ts';
import type {
  AmeliaCustomerRecord,
  AmeliaList,
  AmeliaSingle,
  CrmEnvelope,
  CrmUser,
  KbsRecord,
  PlatformCollection,
  PlatformFieldResource,
  PlatformIdentifierResource,
  PlatformResource,
} from './payloads.ts';

// One keep-alive agent for all vendors. The cap only keeps a 64-connection load of scenario (b)
// (135 calls an operation) inside the file descriptor limit; the gateway's own cap is 8 per vendor.
export const agent = { http: new http.Agent({ keepAlive: true, maxSockets: 512 }) };

// Reads are retried as the gateway retries them (a keep-alive socket the vendor closed, a 5xx); writes never.
export const vendor = got.extend({
  agent,
  retry: { limit: 2, methods: ['GET'], statusCodes: [408, 429, 500, 502, 503, 504], backoffLimit: 1_000 },
  responseType: 'json',
  headers: { 'user-agent': 'switchboard-baseline' },
});

export function getJson<T>(source: Source, url: string): Promise<T> {
  return vendor.get(url, { headers: AUTH[source] }).json<T>();
}

export const ameliaUrl = (route: string, params = ''): string =>
  `${AMELIA_URL}/wp-admin/admin-ajax.php?action=wpamelia_api&call=/api/v1${route}${params}`;

const platformUrl = (path: string, params: Record<string, string>): string =>
  `${PLATFORM_URL}/api/v1/${path}?${new URLSearchParams({ o: ORGANIZATION, ...params }).toString()}`;

export async function ameliaCustomer(id: string): Promise<Customer> {
  return fromAmelia((await getJson<AmeliaSingle<AmeliaCustomerRecord>>('AMELIA', ameliaUrl(`/users/customers/${id}`))).data.user);
}

export async function ameliaSearch(term: string, page: number): Promise<AmeliaList<AmeliaCustomerRecord>['data']> {
  const url = ameliaUrl('/users/customers', `&page=${page}&search=${encodeURIComponent(term)}`);
  return (await getJson<AmeliaList<AmeliaCustomerRecord>>('AMELIA', url)).data;
}

export async function kbsSingle(id: string): Promise<Customer | null> {
  const record = await getJson<KbsRecord>('KB_SUPPORT', `${KBS_URL}/wp-json/kbs/v1/customers/${id}`);
  return String(record.id) === id ? fromKbs(record) : null;
}

/** KB Support as installations answer (kbsupport-observed.md): the 20 newest listed, the rest one by one. */
export async function kbsEverything(): Promise<Customer[]> {
  const listed = await getJson<KbsRecord[]>('KB_SUPPORT', `${KBS_URL}/wp-json/kbs/v1/customers?per_page=100&orderby=id&order=desc`);
  const records = listed.filter((record) => Number(record.id) > 0).sort((x, y) => Number(y.id) - Number(x.id));
  const lowest = records.length === 0 ? 1 : Math.min(...records.map((record) => Number(record.id)));
  const below = Array.from({ length: Math.max(0, Math.min(lowest - 1, 100_000)) }, (_, index) => String(lowest - 1 - index));
  const walked = await Promise.all(below.map(kbsSingle));
  return [...records.map(fromKbs), ...walked.filter((customer) => customer !== null)];
}

export async function platformList(params: Record<string, string>): Promise<PlatformCollection<PlatformResource>> {
  return getJson<PlatformCollection<PlatformResource>>('PLATFORM', platformUrl('customers', params));
}

/** Every page of a filtered list: the first tells how many follow, those go in parallel. */
export async function platformAll(filter: Record<string, string>): Promise<Customer[]> {
  const page = (number: number) => platformList({ ...filter, 'page[number]': String(number), 'page[size]': '100' });
  const first = await page(1);
  const last = Math.min(first.meta?.page?.lastPage ?? 1, 1_000);
  const rest = await Promise.all(Array.from({ length: Math.max(0, last - 1) }, (_, index) => page(index + 2)));
  return [first, ...rest].flatMap((document) => document.data.map(fromPlatform));
}

export async function platformFieldLabels(): Promise<Map<string, string>> {
  const document = await getJson<PlatformCollection<PlatformFieldResource>>(
    'PLATFORM',
    platformUrl('custom-fields', { 'page[number]': '1', 'page[size]': '100' }),
  );
  return new Map(document.data.map((field) => [field.id, field.attributes.label]));
}

export async function platformIdentifiers(id: string): Promise<Array<{ code: string; type: string }>> {
  const document = await getJson<PlatformCollection<PlatformIdentifierResource>>(
    'PLATFORM',
    platformUrl(`customers/${encodeURIComponent(id)}/model-identifiers`, { 'page[number]': '1', 'page[size]': '100' }),
  );
  return document.data.map((resource) => ({ code: resource.attributes.code, type: resource.attributes.type }));
}

export async function crmSingle(id: string): Promise<Customer> {
  const url = `${CRM_URL}/v1/crm/customers/${encodeURIComponent(id)}`;
  return fromCrm((await getJson<CrmEnvelope<{ user: CrmUser }>>('CRM', url)).data.user);
}

/** The CRM has neither search nor email filter: its whole list, page after page (each names the next). */
export async function crmEverything(): Promise<Customer[]> {
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

export async function oneCustomer(source: Source, id: string): Promise<Customer | null> {
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
