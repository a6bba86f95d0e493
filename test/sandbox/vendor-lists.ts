// Each sandbox vendor's customers read over HTTP through its own paging, to the end, as a client of
// that vendor would: Amelia's page numbers, KB Support's per_page/page with its Link header (documented)
// or its one list of the 20 highest ids (observed), the PLATFORM's JSON:API `links.next`, the CRM's
// `next` cursor. Each record comes as the vendor sent it (`raw`), with the few fields the scale tests
// compare picked out.
import { expect } from 'vitest';
import type { SandboxVendors } from '../../src/sandbox/index.ts';

export interface ListedCustomer {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  birthday: string | null;
  note: string | null;
  raw: Record<string, unknown>;
}

type Json = Record<string, unknown>;
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

async function getJson(url: string, headers: Record<string, string>): Promise<{ body: unknown; headers: Headers }> {
  const response = await fetch(url, { headers });
  expect(response.status, url).toBe(200);
  return { body: await response.json(), headers: response.headers };
}

export async function ameliaCustomers(vendors: SandboxVendors): Promise<ListedCustomer[]> {
  const { url, apiKey } = vendors.settings.AMELIA;
  const listed: ListedCustomer[] = [];
  for (let page = 1; ; page++) {
    const call = `${url}/wp-admin/admin-ajax.php?action=wpamelia_api&call=/api/v1/users/customers&page=${page}`;
    const { body } = await getJson(call, { amelia: apiKey });
    const data = (body as { data: { users: Json[]; totalCount: number } }).data;
    for (const user of data.users) {
      listed.push({
        id: String(user.id),
        email: text(user.email),
        firstName: text(user.firstName),
        lastName: text(user.lastName),
        phone: text(user.phone),
        birthday: text(user.birthday),
        note: text(user.note),
        raw: user,
      });
    }
    if (data.users.length === 0 || listed.length >= data.totalCount) return listed;
  }
}

function kbSupportAuthorization(vendors: SandboxVendors): Record<string, string> {
  const { username, appPassword } = vendors.settings.KB_SUPPORT;
  return { authorization: `Basic ${Buffer.from(`${username}:${appPassword}`).toString('base64')}` };
}

function fromKbSupport(record: Json): ListedCustomer {
  const name = String(record.name ?? '');
  const phone = record.phone as { primary?: string } | undefined;
  return {
    id: String(record.id),
    email: text(record.email),
    firstName: name,
    lastName: null,
    phone: text(phone?.primary),
    birthday: null,
    note: null,
    raw: record,
  };
}

/** Documented behaviour: every page by its Link rel="next", lowest ids first (`order=asc`). */
export async function kbSupportCustomers(vendors: SandboxVendors): Promise<ListedCustomer[]> {
  const listed: ListedCustomer[] = [];
  let next: string | null = `${vendors.settings.KB_SUPPORT.url}/wp-json/kbs/v1/customers?per_page=100&order=asc&page=1`;
  while (next !== null) {
    const { body, headers } = await getJson(next, kbSupportAuthorization(vendors));
    listed.push(...(body as Json[]).map(fromKbSupport));
    next = /<([^>]+)>;\s*rel="next"/.exec(headers.get('link') ?? '')?.[1] ?? null;
    if (next === null) expect(listed).toHaveLength(Number(headers.get('x-wp-total')));
  }
  return listed;
}

/** Observed behaviour: the one list there is (the 20 highest ids, highest first). */
export async function kbSupportObservedList(vendors: SandboxVendors): Promise<ListedCustomer[]> {
  const { body } = await getJson(
    `${vendors.settings.KB_SUPPORT.url}/wp-json/kbs/v1/customers?per_page=100&page=2`,
    kbSupportAuthorization(vendors),
  );
  return (body as Json[]).map(fromKbSupport);
}

/** Observed behaviour: one customer by id. */
export async function kbSupportCustomer(vendors: SandboxVendors, id: string): Promise<ListedCustomer> {
  const { body } = await getJson(`${vendors.settings.KB_SUPPORT.url}/wp-json/kbs/v1/customers/${id}`, kbSupportAuthorization(vendors));
  return fromKbSupport(body as Json);
}

export async function platformCustomers(vendors: SandboxVendors): Promise<ListedCustomer[]> {
  const { url, token, organization } = vendors.settings.PLATFORM;
  const headers = { authorization: `Bearer ${token}`, accept: 'application/vnd.api+json' };
  const listed: ListedCustomer[] = [];
  let next: string | undefined = `${url}/api/v1/customers?o=${organization}&page[size]=100`;
  while (next !== undefined) {
    const { body } = await getJson(next, headers);
    const document = body as { data: Array<{ id: string; attributes: Json }>; links: { next?: string } };
    for (const resource of document.data) {
      const a = resource.attributes;
      listed.push({
        id: resource.id,
        email: text(a.email),
        firstName: text(a.given_name),
        lastName: text(a.family_name),
        phone: text(a.mobile) ?? text(a.phone),
        birthday: text(a.birth_date),
        note: null,
        raw: { id: resource.id, ...a },
      });
    }
    next = document.links.next;
  }
  return listed;
}

export async function crmCustomers(vendors: SandboxVendors): Promise<ListedCustomer[]> {
  const { url, token } = vendors.settings.CRM;
  const listed: ListedCustomer[] = [];
  let offset: string | null = '';
  while (offset !== null) {
    const { body } = await getJson(`${url}/v1/crm/customers${offset ? `?offset=${offset}` : ''}`, { authorization: `Bearer ${token}` });
    const data = (body as { data: { users: Json[]; next: string | null } }).data;
    for (const user of data.users) {
      listed.push({
        id: String(user.id),
        email: text(user.email),
        firstName: text(user.firstName),
        lastName: text(user.lastName),
        phone: text(user.phone),
        birthday: text(user.birthDate),
        note: text(user.internalNote),
        raw: user,
      });
    }
    offset = data.next;
  }
  return listed;
}

/** Every vendor's customers, KB Support's as documented (the observed list cannot be paged). */
export async function everyVendorsCustomers(vendors: SandboxVendors) {
  const behaviour = vendors.kbSupport.behaviour;
  vendors.kbSupport.behaviour = 'documented';
  try {
    return {
      AMELIA: await ameliaCustomers(vendors),
      KB_SUPPORT: await kbSupportCustomers(vendors),
      PLATFORM: await platformCustomers(vendors),
      CRM: await crmCustomers(vendors),
    };
  } finally {
    vendors.kbSupport.behaviour = behaviour;
  }
}
