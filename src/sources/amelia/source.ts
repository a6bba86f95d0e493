// The AMELIA CustomerSource (amelia-customers.txt): page-number paging, vendor search verified on our
// side, ids in parallel; its employees (employees/) over the same HTTP client.
import { failedRead, SourceError } from '../errors.ts';
import type { VendorHttpSettings } from '../http/index.ts';
import { customerHasEmail, listFilterMatcher, recordMentions } from '../kit/customer-filter.ts';
import { learned } from '../kit/learned.ts';
import { uniqueBySourceId } from '../kit/lists.ts';
import { normalizeEmail } from '../kit/normalize.ts';
import { isSiteZone, readSiteIndex, siteTimeZone } from '../kit/wordpress-site.ts';
import type {
  AmeliaAppointmentStats,
  CustomerListFilter,
  CustomerOf,
  CustomerSource,
  CustomerWriter,
  EmployeeSource,
} from '../model/index.ts';
import { type RequestScope, readOnce } from '../request-scope.ts';
import { createAmeliaClient, createAmeliaHttp } from './client.ts';
import { createAmeliaEmployees } from './employees/source.ts';
import { toVendorId } from './ids.ts';
import { toAmeliaCustomer } from './map.ts';
import { createPageTracker, pageFromToken } from './paging.ts';
import { type AmeliaCustomerRecord, ameliaCustomerRecord } from './payloads.ts';
import { createAmeliaWriter } from './writer.ts';

export interface AmeliaSourceOptions {
  url: string;
  apiKey: string;
  /** AMELIA_TIMEZONE: the site's zone, in which Amelia writes wall-clock times; unset: the zone the site publishes at `/wp-json/`. */
  timeZone?: string | undefined;
  http: VendorHttpSettings;
  /** Where the warning goes when the site's zone cannot be read (kit/wordpress-site.ts). */
  warn?(message: string): void;
}

export interface AmeliaSource extends CustomerSource {
  readonly source: 'AMELIA';
  readonly writer: CustomerWriter;
  /** Amelia's employees (providers), over the same HTTP client. */
  readonly employees: EmployeeSource;
  /** Appointment stats (only sent in the list) for customers fetched by id: one list search per customer, in parallel. */
  appointmentStats(customers: readonly CustomerOf<'AMELIA'>[], scope: RequestScope): Promise<Array<AmeliaAppointmentStats | null>>;
}

type AmeliaCustomer = CustomerOf<'AMELIA'>;

/** Beyond this many pages, ids are asked one by one whatever their number. */
const WHOLE_LIST_MAX_PAGES = 10;

interface ListedPage {
  /** Only the records that match the filter. */
  customers: AmeliaCustomer[];
  next: number | null;
  filteredCount: number;
  totalCount: number;
}

export function createAmeliaSource(options: AmeliaSourceOptions): AmeliaSource {
  if (options.timeZone !== undefined && !isSiteZone(options.timeZone)) {
    throw new RangeError(`AMELIA time zone "${options.timeZone}" is not an IANA zone`);
  }
  const http = createAmeliaHttp(options);
  const client = createAmeliaClient(options, http);
  const pages = createPageTracker();
  /** How many pages the whole list had when its first page was last read. */
  const wholeListPageCount = learned<number>();
  const timeZone = siteTimeZone({
    source: 'AMELIA',
    variable: 'AMELIA_TIMEZONE',
    configured: options.timeZone,
    readIndex: (scope) => readSiteIndex(http, scope),
    ...(options.warn ? { warn: options.warn } : {}),
  });
  /** Records in the site's zone; only the list's `lastAppointment` is written in it, so a single GET needs none. */
  const mapper = async (scope: RequestScope, zoned: boolean) => {
    const zone = zoned ? await timeZone(scope) : 'UTC';
    return (record: AmeliaCustomerRecord): AmeliaCustomer => toAmeliaCustomer(record, zone);
  };

  async function fetchPage(filter: CustomerListFilter, page: number, scope: RequestScope): Promise<ListedPage> {
    // amelia-customers.txt: no email filter, so an email is searched for and matched exactly here.
    const search = filter.email ?? filter.search;
    const [answer, toCustomer] = await Promise.all([
      client.listCustomers(search === undefined ? { page } : { page, search }, scope),
      mapper(scope, true),
    ]);
    if (search === undefined && page === 1 && answer.users.length > 0) {
      wholeListPageCount.set(Math.ceil(answer.totalCount / answer.users.length));
    }
    return {
      customers: answer.users.map(toCustomer).filter(matcher(filter)),
      next: pages.following(page, answer.users.length, answer.filteredCount),
      filteredCount: answer.filteredCount,
      totalCount: answer.totalCount,
    };
  }

  /** A page of the whole list, mapped once per request: by-id reads and sameAs lookups both read them. */
  const wholeListPage = (page: number, scope: RequestScope) =>
    readOnce(scope, 'AMELIA', `#whole list page ${page}`, () => fetchPage({}, page, scope));

  /** Pages `from` to `to` of the whole list, in parallel. */
  const wholeListPages = (from: number, to: number, scope: RequestScope) =>
    Promise.all(Array.from({ length: to - from + 1 }, (_, index) => wholeListPage(from + index, scope)));

  /** Every matching record, page after page, until `stop` says enough. */
  async function collect(
    filter: CustomerListFilter,
    scope: RequestScope,
    stop?: (found: AmeliaCustomer) => boolean,
  ): Promise<AmeliaCustomer[]> {
    const found: AmeliaCustomer[] = [];
    for (let page: number | null = 1; page !== null; ) {
      const listed: ListedPage = await fetchPage(filter, page, scope);
      found.push(...listed.customers);
      if (stop && listed.customers.some(stop)) break;
      page = listed.next;
    }
    return uniqueBySourceId(found);
  }

  async function fetchById(id: string, scope: RequestScope): Promise<AmeliaCustomer | null> {
    const vendorId = toVendorId(id);
    if (vendorId === null) return null;
    const record = await client.getCustomer(vendorId, scope);
    if (record === null) return null;
    if (record.id !== vendorId) throw new SourceError('AMELIA', 'BAD_RESPONSE');
    return (await mapper(scope, record.lastAppointment != null))(record);
  }

  /**
   * More ids than the whole list had pages (seen lately, a short list): its pages, in parallel, cost fewer
   * calls than one GET per id, and a sameAs lookup reads the same pages. Ids not on them are asked one by one.
   */
  async function fromWholeList(ids: readonly string[], scope: RequestScope): Promise<Map<string, AmeliaCustomer>> {
    const known = wholeListPageCount.get();
    if (known === null || known >= ids.length || known > WHOLE_LIST_MAX_PAGES) return new Map();
    const listed = await wholeListPages(1, known, scope);
    const byVendorId = new Map(listed.flatMap((page) => page.customers).map((customer) => [customer.sourceId, customer]));
    return new Map(
      ids.flatMap((id) => {
        const customer = byVendorId.get(String(toVendorId(id)));
        return customer ? [[id, customer] as const] : [];
      }),
    );
  }

  async function lookUpStats(customer: AmeliaCustomer, scope: RequestScope): Promise<AmeliaAppointmentStats | null> {
    const term = customer.email ?? customer.lastName ?? customer.firstName;
    if (term === null) return null;
    const isCustomer = (listed: AmeliaCustomer): boolean => listed.sourceId === customer.sourceId;
    const listed = (await collect({ search: term }, scope, isCustomer)).find(isCustomer);
    return listed?.amelia.appointmentStats ?? null;
  }

  return {
    source: 'AMELIA',
    writer: createAmeliaWriter({ client, read: (id, scope) => fetchById(String(id), scope) }),
    employees: createAmeliaEmployees({ http }),

    async getByIds(ids, scope) {
      const unique = [...new Set(ids)];
      const listed = await fromWholeList(unique, scope);
      // Each by its own read: one that fails fails its id alone.
      const byId = new Map(unique.map((id) => [id, listed.get(id) ?? fetchById(id, scope).catch(failedRead)]));
      return Promise.all(ids.map((id) => byId.get(id) ?? null));
    },

    async listPage(request, scope) {
      const filter = cleanFilter(request.filter);
      const page = pageFromToken(request.token);
      const { customers, next, filteredCount, totalCount } = await fetchPage(filter, page, scope);
      // As count() counts: the vendor's numbers, unless an email was matched here.
      if (filter.email === undefined) return { customers, next, total: filter.search === undefined ? totalCount : filteredCount };
      return page === 1 && next === null ? { customers, next, total: customers.length } : { customers, next };
    },

    async count(filter, scope) {
      const clean = cleanFilter(filter);
      if (clean.email !== undefined) return (await collect(clean, scope)).length;
      // filteredCount is the vendor's word: it may count note matches a list without notes cannot show.
      const first = await fetchPage(clean, 1, scope);
      return clean.search === undefined ? first.totalCount : first.filteredCount;
    },

    async findByEmails(emails, scope) {
      const unique = [...new Set(emails.map(normalizeEmail))].filter((email) => email !== '');
      if (unique.length > 1) {
        // Reading the whole list costs fewer calls than a search per email once there are more emails than pages.
        const first = await wholeListPage(1, scope);
        const pages = first.customers.length > 0 ? Math.ceil(first.totalCount / first.customers.length) : 1;
        if (pages < unique.length) {
          const rest = await wholeListPages(2, pages, scope);
          const wanted = new Set(unique);
          return uniqueBySourceId([first, ...rest].flatMap((page) => page.customers)).filter((customer) =>
            customerHasEmail(customer, wanted),
          );
        }
      }
      const found = await Promise.all(unique.map((email) => collect({ email }, scope)));
      return found.flat();
    },

    async appointmentStats(customers, scope) {
      return Promise.all(customers.map((customer) => customer.amelia.appointmentStats ?? lookUpStats(customer, scope)));
    },

    async probe(scope) {
      await client.listCustomers({ page: 1 }, scope);
    },

    async customerFromStored(raw, scope) {
      const record = ameliaCustomerRecord.safeParse(raw);
      if (!record.success) return null;
      return (await mapper(scope, record.data.lastAppointment != null))(record.data);
    },
  };
}

function cleanFilter(filter: CustomerListFilter): CustomerListFilter {
  const search = filter.search?.trim();
  const email = filter.email === undefined ? undefined : normalizeEmail(filter.email);
  return { ...(search ? { search } : {}), ...(email ? { email } : {}) };
}

/** Amelia searches more than the unified fields show: its search is checked on the whole record. */
function matcher(filter: CustomerListFilter): (customer: AmeliaCustomer) => boolean {
  return listFilterMatcher(filter, { search: (customer, term) => recordMentions(customer.sourceRecord, term) });
}
