// The PLATFORM as a CustomerSource (platform-customers-jsonapi.txt, "Finding Customers"), scoped to one
// organization, with its extras. Pages are JSON:API page numbers; every answer is checked against the
// question (page asked, ids asked, filter sent) before it is passed on.
import { z } from 'zod';
import { type ById, byIdOrThrow, failedRead, InvalidPageTokenError, SourceError } from '../errors.ts';
import { customerHasEmail } from '../kit/customer-filter.ts';
import { learned } from '../kit/learned.ts';
import { chunks, uniqueBySourceId } from '../kit/lists.ts';
import { normalizeEmail } from '../kit/normalize.ts';
import type { CustomerOf, CustomerSource, CustomerWriter, PageToken, PlatformExtras } from '../model/index.ts';
import { type RequestScope, readOnce } from '../request-scope.ts';
import { allPages, laterPages, PAGE_SIZE } from './all-pages.ts';
import { createPlatformClient, type PlatformClient, type PlatformClientOptions, type PlatformCustomerQuery } from './client.ts';
import { createPlatformExtras } from './extras/source.ts';
import { distinctPlatformIds, isPlatformId } from './ids.ts';
import { isFiltered, type Keep, matcher, type PlatformListFilter, vendorFilter } from './list-filter.ts';
import { toPlatformCustomer } from './map.ts';
import type { PlatformCustomerCollection, PlatformPageMeta } from './payloads.ts';
import { createPlatformWriter } from './writer.ts';

export type PlatformSourceOptions = PlatformClientOptions;

export interface PlatformSource extends CustomerSource {
  readonly source: 'PLATFORM';
  readonly organization: string;
  readonly writer: CustomerWriter;
  readonly extras: PlatformExtras;
}

const pageTokenSchema = z.strictObject({
  number: z.number().int().min(1),
  size: z.number().int().min(1).max(PAGE_SIZE),
});
type PageRef = z.output<typeof pageTokenSchema>;

type PlatformCustomer = CustomerOf<'PLATFORM'>;

interface VerifiedPage {
  customers: PlatformCustomer[];
  meta: PlatformPageMeta;
  more: boolean;
}

export function createPlatformSource(options: PlatformSourceOptions): PlatformSource {
  const client = createPlatformClient(options);
  const organization = options.organization;

  /** Our check of a filter's records; a custom field filter needs the field's definition to read values. */
  async function keeper(filter: PlatformListFilter, scope: RequestScope): Promise<Keep> {
    return matcher(filter, filter.customField ? await extras.customFields(scope) : []);
  }

  /** One vendor page, checked against the page asked; only the records `keep` accepts. */
  async function fetchPage(query: PlatformCustomerQuery, keeping: Keep | Promise<Keep>, scope: RequestScope): Promise<VerifiedPage> {
    const [document, keep] = await Promise.all([client.listCustomers(query, scope), keeping]);
    const meta = document.meta.page;
    if (meta.currentPage !== query.page.number || document.data.length > query.page.size) throw badResponse();
    const more = meta.currentPage < meta.lastPage;
    if (document.links !== undefined && Boolean(document.links.next) !== more) throw badResponse();
    const customers = document.data.map((resource) => toPlatformCustomer(resource, organization)).filter(keep);
    return { customers, meta, more };
  }

  /** Every customer of a filtered list, each page checked and each record kept only when it matches. */
  async function collect(filter: PlatformListFilter, scope: RequestScope): Promise<PlatformCustomer[]> {
    const keep = keeper(filter, scope);
    const customers = await allPages(async (page) => {
      const { customers: kept, meta } = await fetchPage({ ...vendorFilter(filter), page }, keep, scope);
      return { data: kept, meta: { page: meta } };
    });
    return uniqueBySourceId(customers ?? []);
  }

  /** Whether the list honours `filter[id]` (a JSON:API convention the document does not promise); null: not known yet. */
  let idFilterWorks: boolean | null = null;

  /** Whether the whole unfiltered list fitted one page of 100 when last read. */
  const fitsOnePage = learned<boolean>();

  /** A page of 100 of the unfiltered list: what sameAs lookups read. */
  const fullPage = (number: number, scope: RequestScope) => fetchPage({ page: { number, size: PAGE_SIZE } }, () => true, scope);

  /** Its first page, once per request: sameAs lookups read it, and by-id reads of a one-page list. */
  function firstFullPage(scope: RequestScope): Promise<VerifiedPage> {
    return readOnce(scope, 'PLATFORM', '#first full page', async () => {
      const first = await fullPage(1, scope);
      fitsOnePage.set(first.meta.lastPage <= 1);
      return first;
    });
  }

  async function getByIds(ids: readonly string[], scope: RequestScope): Promise<Array<ById<PlatformCustomer>>> {
    const wanted = distinctPlatformIds(ids);
    const listed = await fromSinglePage(wanted, scope);
    const byId = new Map<string, PlatformCustomer | SourceError>(listed.map((customer) => [customer.sourceId.toLowerCase(), customer]));
    const rest = wanted.filter((id) => !byId.has(id));
    const fetched =
      rest.length === 0 ? new Map() : idFilterWorks === false ? await fetchEach(rest, scope) : await fetchBatchesOrEach(rest, scope);
    for (const [id, entry] of fetched) byId.set(id, entry);
    return ids.map((id) => (isPlatformId(id) ? (byId.get(id.toLowerCase()) ?? null) : null));
  }

  /** Several ids of a list seen lately to fit one page: those on that page (the one a sameAs lookup reads). */
  async function fromSinglePage(wanted: string[], scope: RequestScope): Promise<PlatformCustomer[]> {
    if (wanted.length < 2 || fitsOnePage.get() !== true) return [];
    const asked = new Set(wanted);
    return (await firstFullPage(scope)).customers.filter((customer) => asked.has(customer.sourceId.toLowerCase()));
  }

  /** The found ones by id (lower case): one `filter[id]` call per 100, whose failure is each of its ids'. */
  async function fetchBatchesOrEach(wanted: string[], scope: RequestScope): Promise<Map<string, PlatformCustomer | SourceError>> {
    const batches = await Promise.all(chunks(wanted, PAGE_SIZE).map((batch) => fetchByIds(client, batch, organization, scope)));
    if (batches.every((batch) => batch !== null)) {
      if (wanted.length > 0) idFilterWorks = true;
      return new Map(batches.flat().map((customer) => [customer.sourceId.toLowerCase(), customer]));
    }
    // The list ignored or refused `filter[id]`: the single-customer route, in parallel under the source's cap.
    idFilterWorks = false;
    return fetchEach(wanted, scope);
  }

  /** The found ones by id (lower case), each by its own read: one that fails fails its id alone. */
  async function fetchEach(wanted: string[], scope: RequestScope): Promise<Map<string, PlatformCustomer | SourceError>> {
    const readOne = async (id: string): Promise<PlatformCustomer | null> => {
      const document = await client.getCustomer(id, scope);
      return document === null ? null : toPlatformCustomer(document.data, organization);
    };
    const found = await Promise.all(wanted.map((id) => readOne(id).catch(failedRead)));
    return new Map(
      wanted.flatMap((id, index) => {
        const entry = found[index];
        return entry ? [[id, entry] as const] : [];
      }),
    );
  }

  /** One customer by its vendor id, or null; its read's failure thrown. */
  async function getById(id: string, scope: RequestScope): Promise<PlatformCustomer | null> {
    return byIdOrThrow((await getByIds([id], scope))[0]);
  }

  const extras = createPlatformExtras({ client, organization, getById, collect });

  return {
    source: 'PLATFORM',
    organization,
    writer: createPlatformWriter(client, { getById, customFields: extras.customFields }),
    extras,
    getByIds,

    async listPage({ filter, token, sizeHint }, scope) {
      // A filtered list is read 100 a page, as its count reads it (we count what we keep, not the
      // vendor's total): the first page and totalCount are then one call.
      const size = isFiltered(filter) ? PAGE_SIZE : clampSize(sizeHint);
      const page = token === null ? { number: 1, size } : toPageRef(token);
      const result = await fetchPage({ ...vendorFilter(filter), page }, keeper(filter, scope), scope);
      const next: PageRef | null = result.more ? { number: page.number + 1, size: page.size } : null;
      // As count() counts: the vendor's total of the whole list, or what we kept of a filtered list on one page.
      if (!isFiltered(filter)) return { customers: result.customers, next, total: result.meta.total };
      return page.number === 1 && next === null
        ? { customers: result.customers, next, total: result.customers.length }
        : { customers: result.customers, next };
    },

    async count(filter, scope) {
      // The vendor's total counts its own matches, which may be looser than ours: with a filter, count what we keep.
      if (isFiltered(filter)) return (await collect(filter, scope)).length;
      return (await fetchPage({ page: { number: 1, size: 1 } }, () => true, scope)).meta.total;
    },

    async findByEmails(emails, scope) {
      const unique = [...new Set(emails.map(normalizeEmail))];
      if (unique.length > 1) {
        // The whole list, 100 a page, costs fewer calls than a filter per email once there are more emails than pages.
        const first = await firstFullPage(scope);
        if (first.meta.lastPage < unique.length) {
          const rest = await Promise.all(laterPages(first.meta.lastPage).map((number) => fullPage(number, scope)));
          const wanted = new Set(unique);
          return uniqueBySourceId([first, ...rest].flatMap((listed) => listed.customers)).filter((customer) =>
            customerHasEmail(customer, wanted),
          );
        }
      }
      const found = await Promise.all(unique.map((email) => collect({ email }, scope)));
      return uniqueBySourceId(found.flat());
    },

    async probe(scope) {
      await client.listCustomers({ page: { number: 1, size: 1 } }, scope);
    },
  };
}

/** One call for up to 100 ids, checked against them; null when the list ignored or refused `filter[id]`. */
async function fetchByIds(
  client: PlatformClient,
  ids: string[],
  organization: string,
  scope: RequestScope,
): Promise<PlatformCustomer[] | null> {
  let document: PlatformCustomerCollection;
  try {
    document = await client.listCustomers({ ids, page: { number: 1, size: ids.length } }, scope);
  } catch (error) {
    if (error instanceof SourceError && error.failure === 'BAD_RESPONSE' && error.status === 400) return null;
    throw error;
  }
  const meta = document.meta.page;
  if (meta.currentPage !== 1) throw badResponse();
  // More matches than ids asked: the filter was ignored, so an id missing here may be on another page.
  if (meta.total > ids.length || document.data.length > ids.length) return null;
  const asked = new Set(ids);
  if (document.data.some((resource) => !asked.has(resource.id.toLowerCase()))) return null;
  return document.data.map((resource) => toPlatformCustomer(resource, organization));
}

function toPageRef(token: PageToken): PageRef {
  const parsed = pageTokenSchema.safeParse(token);
  if (!parsed.success) throw new InvalidPageTokenError('PLATFORM');
  return parsed.data;
}

function clampSize(sizeHint: number): number {
  return Number.isFinite(sizeHint) ? Math.min(PAGE_SIZE, Math.max(1, Math.floor(sizeHint))) : PAGE_SIZE;
}

function badResponse(): SourceError {
  return new SourceError('PLATFORM', 'BAD_RESPONSE');
}
