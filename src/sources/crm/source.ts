// The CRM as a CustomerSource (crm-customers.txt). The vendor has no search or email filter, so filters
// are applied here, page by page; its page token is the vendor cursor that fetched the page.
import { failedRead, InvalidPageTokenError, SourceError } from '../errors.ts';
import { customerHasEmail, listFilterMatcher } from '../kit/customer-filter.ts';
import { uniqueBySourceId } from '../kit/lists.ts';
import { normalizeEmail } from '../kit/normalize.ts';
import type {
  ChangeFeed,
  Customer,
  CustomerListFilter,
  CustomerOf,
  CustomerSource,
  CustomerWriter,
  PageToken,
  RequestScope,
} from '../model/index.ts';
import { readOnce } from '../request-scope.ts';
import { createCrmChangeFeed } from './change-feed.ts';
import { type CrmClient, type CrmClientOptions, createCrmClient } from './client.ts';
import { isCrmCustomerId } from './ids.ts';
import { toCrmCustomer } from './map.ts';
import { crmCustomerSchema } from './payloads.ts';
import { createCrmWriter } from './writer.ts';

export type CrmSourceOptions = CrmClientOptions;

// A bound on one enumeration; far beyond any real CRM, it only stops a vendor whose cursors never end.
const MAX_PAGES = 10_000;

interface CrmPage {
  customers: Array<CustomerOf<'CRM'>>;
  next: string | null;
}

/**
 * The CRM source; it can write (create, update, delete; it has no deletion check, and ours asks it
 * nothing) and has a change feed (its export route, which shows no deletions).
 */
export interface CrmSource extends CustomerSource {
  readonly writer: CustomerWriter;
  readonly changes: ChangeFeed;
}

export function createCrmSource(options: CrmSourceOptions): CrmSource {
  const client = createCrmClient(options);
  // No email filter: an email lookup reads the whole list, once per request.
  const wholeList = (scope: RequestScope) => readOnce(scope, 'CRM', '#whole list', () => collect(client, {}, scope));

  return {
    source: 'CRM',
    writer: createCrmWriter({ client, read: (id, scope) => readCustomer(client, id, scope) }),
    changes: createCrmChangeFeed(client),

    async getByIds(ids, scope) {
      const unique = [...new Set(ids)];
      // Each by its own read (no batch route): one that fails fails its id alone.
      const found = await Promise.all(unique.map((id) => readCustomer(client, id, scope).catch(failedRead)));
      const byId = new Map(unique.map((id, index) => [id, found[index] ?? null]));
      return ids.map((id) => byId.get(id) ?? null);
    },

    async listPage({ filter, token }, scope) {
      const offset = toOffset(token);
      const page = await fetchPage(client, offset, scope);
      return { customers: page.customers.filter(listFilterMatcher(filter)), next: page.next };
    },

    async count(filter, scope) {
      return (await collect(client, filter, scope)).length;
    },

    prepareEmailLookup(scope) {
      wholeList(scope).catch(() => undefined);
    },

    async findByEmails(emails, scope) {
      if (emails.length === 0) return [];
      const wanted = new Set(emails.map(normalizeEmail));
      return uniqueBySourceId((await wholeList(scope)).filter((customer) => customerHasEmail(customer, wanted)));
    },

    async probe(scope) {
      await fetchPage(client, null, scope);
    },

    async customerFromStored(raw) {
      const record = crmCustomerSchema.safeParse(raw);
      return record.success ? toCrmCustomer(record.data) : null;
    },
  };
}

/** The customer, or null when the id cannot be one or the CRM has none (no call for a malformed id). */
async function readCustomer(client: CrmClient, id: string, scope: RequestScope): Promise<CustomerOf<'CRM'> | null> {
  if (!isCrmCustomerId(id)) return null;
  const record = await client.getCustomer(id, scope);
  if (record === null) return null;
  if (String(record.id) !== id) throw new SourceError('CRM', 'BAD_RESPONSE');
  return toCrmCustomer(record);
}

/** One vendor page, checked against the cursor we sent. */
async function fetchPage(client: CrmClient, offset: string | null, scope: RequestScope): Promise<CrmPage> {
  const data = await client.listCustomers(offset, scope);
  const echoed = data.query?.offset;
  if (echoed !== undefined && (echoed || null) !== offset) throw new SourceError('CRM', 'BAD_RESPONSE');
  const next = data.next || null;
  if (next !== null && next === offset) throw new SourceError('CRM', 'BAD_RESPONSE');
  return { customers: data.users.map(toCrmCustomer), next };
}

/** Every page once, in order, keeping the customers that match; a repeated cursor is a vendor loop. */
async function collect(client: CrmClient, filter: CustomerListFilter, scope: RequestScope): Promise<Customer[]> {
  const keep = listFilterMatcher(filter);
  const kept: Customer[] = [];
  const visited = new Set<string | null>();
  let offset: string | null = null;
  do {
    if (visited.has(offset) || visited.size >= MAX_PAGES) throw new SourceError('CRM', 'BAD_RESPONSE');
    visited.add(offset);
    // Cursor paging: each page names the next, so the pages are fetched one after another.
    const page: CrmPage = await fetchPage(client, offset, scope);
    kept.push(...page.customers.filter(keep));
    offset = page.next;
  } while (offset !== null);
  return kept;
}

function toOffset(token: PageToken | null): string | null {
  if (token === null) return null;
  if (typeof token === 'string' && token !== '') return token;
  throw new InvalidPageTokenError('CRM');
}
