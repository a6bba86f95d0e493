// The CRM as a CustomerSource. The vendor has no search or email filter, so filters are applied here,
// page by page; its page token is the vendor cursor that fetched the page.
import { InvalidPageTokenError, SourceError } from '../errors.ts';
import { isSourceId } from '../ids.ts';
import type { VendorHttpSettings } from '../http.ts';
import type {
  Customer,
  CustomerListFilter,
  CustomerOf,
  CustomerSource,
  PageToken,
  SourceCall,
} from '../model.ts';
import { customerHasEmail, customerMatchesSearch, normalizeEmail } from '../normalize.ts';
import { createCrmClient, type CrmClient } from './client.ts';
import { toCrmCustomer } from './map.ts';

export interface CrmSourceOptions {
  url: string;
  token: string;
  http: VendorHttpSettings;
}

// `/v1/crm/customers/export` is the export route, never a customer.
const RESERVED_IDS = new Set(['export']);
// A bound on one enumeration; far beyond any real CRM, it only stops a vendor whose cursors never end.
const MAX_PAGES = 10_000;

interface CrmPage {
  customers: Array<CustomerOf<'CRM'>>;
  next: string | null;
}

export function createCrmSource(options: CrmSourceOptions): CustomerSource {
  const client = createCrmClient(options);

  return {
    source: 'CRM',

    async getByIds(ids, call) {
      const unique = [...new Set(ids)];
      const found = await Promise.all(unique.map((id) => getOne(client, id, call)));
      const byId = new Map(unique.map((id, index) => [id, found[index] ?? null]));
      return ids.map((id) => byId.get(id) ?? null);
    },

    async listPage({ filter, token }, call) {
      const offset = toOffset(token);
      const page = await fetchPage(client, offset, call);
      return { customers: page.customers.filter(matcher(filter)), next: page.next };
    },

    async count(filter, call) {
      return (await collect(client, filter, call)).length;
    },

    async findByEmails(emails, call) {
      if (emails.length === 0) return [];
      const wanted = new Set(emails.map(normalizeEmail));
      const found = await collect(client, {}, call, (customer) => customerHasEmail(customer, wanted));
      return [...new Map(found.map((customer) => [customer.sourceId, customer])).values()];
    },

    async probe(call) {
      await fetchPage(client, null, call);
    },
  };
}

async function getOne(client: CrmClient, id: string, call: SourceCall): Promise<Customer | null> {
  if (!isSourceId('CRM', id) || RESERVED_IDS.has(id)) return null;
  const record = await client.getCustomer(id, call);
  if (record === null) return null;
  if (String(record.id) !== id) throw new SourceError('CRM', 'BAD_RESPONSE');
  return toCrmCustomer(record);
}

/** One vendor page, checked against the cursor we sent. */
async function fetchPage(client: CrmClient, offset: string | null, call: SourceCall): Promise<CrmPage> {
  const data = await client.listCustomers(offset, call);
  const echoed = data.query?.['offset'];
  if (echoed !== undefined && (echoed || null) !== offset) throw new SourceError('CRM', 'BAD_RESPONSE');
  const next = data.next || null;
  if (next !== null && next === offset) throw new SourceError('CRM', 'BAD_RESPONSE');
  return { customers: data.users.map(toCrmCustomer), next };
}

/** Every page once, in order, keeping the customers that match; a repeated cursor is a vendor loop. */
async function collect(
  client: CrmClient,
  filter: CustomerListFilter,
  call: SourceCall,
  keep: (customer: Customer) => boolean = matcher(filter),
): Promise<Customer[]> {
  const kept: Customer[] = [];
  const visited = new Set<string | null>();
  let offset: string | null = null;
  do {
    if (visited.has(offset) || visited.size >= MAX_PAGES) throw new SourceError('CRM', 'BAD_RESPONSE');
    visited.add(offset);
    // Cursor paging: each page names the next, so the pages are fetched one after another.
    const page: CrmPage = await fetchPage(client, offset, call);
    kept.push(...page.customers.filter(keep));
    offset = page.next;
  } while (offset !== null);
  return kept;
}

function matcher(filter: CustomerListFilter): (customer: Customer) => boolean {
  const search = filter.search?.trim();
  const email = filter.email === undefined ? undefined : new Set([normalizeEmail(filter.email)]);
  return (customer) =>
    (!search || customerMatchesSearch(customer, search)) && (!email || customerHasEmail(customer, email));
}

function toOffset(token: PageToken | null): string | null {
  if (token === null) return null;
  if (typeof token === 'string' && token !== '') return token;
  throw new InvalidPageTokenError('CRM');
}
