// The PLATFORM as a CustomerSource (platform-customers-jsonapi.txt, "Finding Customers"), scoped to one
// organization, with its extras. Pages are JSON:API page numbers; every answer is checked against the
// question (page asked, ids asked, filter sent) before it is passed on. A filter the document does not
// name is applied on our side alone where the vendor refuses or ignores it (filter-support.ts).
import { z } from 'zod';
import { byIdOrThrow, InvalidPageTokenError, SourceError } from '../errors.ts';
import { customerHasEmail } from '../kit/customer-filter.ts';
import { learned } from '../kit/learned.ts';
import { uniqueBySourceId } from '../kit/lists.ts';
import { normalizeEmail } from '../kit/normalize.ts';
import type { CustomerOf, CustomerSource, CustomerWriter, CustomFieldDefinition, PageToken, PlatformExtras } from '../model/index.ts';
import { type RequestScope, readOnce } from '../request-scope.ts';
import { allPages, PAGE_SIZE } from './all-pages.ts';
import { createByIdReads } from './by-ids.ts';
import { createPlatformClient, type PageRequest, type PlatformClientOptions } from './client.ts';
import { createCustomFieldDefinitions } from './custom-fields/definitions.ts';
import { createPlatformExtras } from './extras/source.ts';
import { createFilterSupport, isRefusal } from './filter-support.ts';
import { isFiltered, type Keep, matcher, type PlatformListFilter, undocumentedIn, vendorFilter } from './list-filter.ts';
import { toPlatformCustomer } from './map.ts';
import { type PlatformPageMeta, platformCustomerResourceSchema } from './payloads.ts';
import { createPlatformWriter } from './writer.ts';

export type PlatformSourceOptions = PlatformClientOptions;

export interface PlatformSource extends CustomerSource {
  readonly source: 'PLATFORM';
  readonly organization: string;
  readonly writer: CustomerWriter;
  readonly extras: PlatformExtras;
}

// `local`: a page of the whole list, the undocumented filters applied by us alone (the walk keeps to it).
const pageTokenSchema = z.strictObject({
  number: z.number().int().min(1),
  size: z.number().int().min(1).max(PAGE_SIZE),
  local: z.literal(true).optional(),
});
type PageRef = z.output<typeof pageTokenSchema>;

type PlatformCustomer = CustomerOf<'PLATFORM'>;

interface VerifiedPage {
  customers: PlatformCustomer[];
  meta: PlatformPageMeta;
  more: boolean;
  /** Whether the undocumented filters were left to us. */
  local: boolean;
}

/** Our check of a list's records, and the definitions a custom field filter is read with. */
interface Check {
  keep: Keep;
  definitions: CustomFieldDefinition[];
}

/** One page of a list as asked: `local` leaves the undocumented filters to our side. */
interface ListRead {
  filter: PlatformListFilter;
  page: PageRequest;
  local: boolean;
}

const EVERY_RECORD: Check = { keep: () => true, definitions: [] };

export function createPlatformSource(options: PlatformSourceOptions): PlatformSource {
  const client = createPlatformClient(options);
  const organization = options.organization;
  const definitions = createCustomFieldDefinitions(client);
  const filters = createFilterSupport();
  /** Whether the whole unfiltered list fitted one page of 100 when last seen (any unfiltered page tells). */
  const fitsOnePage = learned<boolean>();

  /** Our check of a filter's records; a custom field filter needs the field's definition (where listed) to read values. */
  async function check(filter: PlatformListFilter, scope: RequestScope): Promise<Check> {
    const known = filter.customField ? ((await definitions.listed(scope)) ?? []) : [];
    return { keep: matcher(filter, known), definitions: known };
  }

  /** One vendor page, checked against the page asked; only the records our check keeps. */
  async function fetchPage(
    { filter, page, local }: ListRead,
    checking: Check | Promise<Check>,
    scope: RequestScope,
  ): Promise<VerifiedPage> {
    const sent = vendorFilter(filter, local);
    const [document, { keep, definitions: known }] = await Promise.all([client.listCustomers({ ...sent, page }, scope), checking]);
    const meta = document.meta.page;
    if (meta.currentPage !== page.number || document.data.length > page.size) throw badResponse();
    const more = meta.currentPage < meta.lastPage;
    if (document.links !== undefined && Boolean(document.links.next) !== more) throw badResponse();
    const customers = document.data.map((resource) => toPlatformCustomer(resource, organization));
    if (Object.keys(sent).length === 0) fitsOnePage.set(meta.total <= PAGE_SIZE);
    if (!local && undocumentedIn(filter).length > 0) filters.answered(filter, customers, known);
    return { customers: customers.filter(keep), meta, more, local };
  }

  /** A page as asked; refused for an undocumented filter it carried, the same page read again without it (then local). */
  async function readPage(read: ListRead, checking: Promise<Check>, scope: RequestScope): Promise<VerifiedPage> {
    try {
      return await fetchPage(read, checking, scope);
    } catch (error) {
      if (read.local || undocumentedIn(read.filter).length === 0 || !isRefusal(error)) throw error;
      filters.refused(read.filter);
      return fetchPage({ ...read, local: true }, checking, scope);
    }
  }

  /** Every customer of a filtered list, each page checked and each record kept only when it matches. */
  async function collect(filter: PlatformListFilter, scope: RequestScope): Promise<PlatformCustomer[]> {
    const checking = check(filter, scope);
    if (filters.local(filter)) {
      const { keep } = await checking;
      return (await wholeList(scope)).filter(keep);
    }
    // The first page says whether the vendor took the filters; the rest are read as it was.
    let local = false;
    const customers = await allPages(async (page) => {
      const read = await readPage({ filter, page, local }, checking, scope);
      local = read.local;
      return { data: read.customers, meta: { page: read.meta } };
    });
    return uniqueBySourceId(customers ?? []);
  }

  /** A page of 100 of the unfiltered list: what sameAs lookups read. */
  const fullPage = (number: number, scope: RequestScope) =>
    fetchPage({ filter: {}, page: { number, size: PAGE_SIZE }, local: false }, EVERY_RECORD, scope);

  /** Its first page, once per request: sameAs lookups read it, and by-id reads of a one-page list. */
  const firstFullPage = (scope: RequestScope) => readOnce(scope, 'PLATFORM', '#first full page', () => fullPage(1, scope));

  /** The whole unfiltered list, its first page the one given, the rest as all-pages.ts reads them. */
  async function listFrom(first: VerifiedPage, scope: RequestScope): Promise<PlatformCustomer[]> {
    const customers = await allPages(async (page) => {
      const read = page.number === 1 ? first : await fullPage(page.number, scope);
      return { data: read.customers, meta: { page: read.meta } };
    });
    return uniqueBySourceId(customers ?? []);
  }

  /** The whole unfiltered list, once per request. */
  function wholeList(scope: RequestScope): Promise<PlatformCustomer[]> {
    return readOnce(scope, 'PLATFORM', '#whole list', async () => listFrom(await firstFullPage(scope), scope));
  }

  const { getByIds } = createByIdReads({
    client,
    organization,
    singlePage: (scope) => (fitsOnePage.get() === true ? firstFullPage(scope).then((page) => page.customers) : null),
  });

  /** One customer by its vendor id, or null; its read's failure thrown. */
  async function getById(id: string, scope: RequestScope): Promise<PlatformCustomer | null> {
    return byIdOrThrow((await getByIds([id], scope))[0]);
  }

  const extras = createPlatformExtras({ client, organization, definitions, getById, collect });

  return {
    source: 'PLATFORM',
    organization,
    writer: createPlatformWriter(client, { getById, definitions }),
    extras,
    getByIds,

    async listPage({ filter, token, sizeHint }, scope) {
      // A filtered list is read 100 a page, as its count reads it (we count what we keep, not the
      // vendor's total): the first page and totalCount are then one call.
      const size = isFiltered(filter) ? PAGE_SIZE : clampSize(sizeHint);
      const ref: PageRef = token === null ? { number: 1, size, ...(filters.local(filter) ? { local: true } : {}) } : toPageRef(token);
      const page = { number: ref.number, size: ref.size };
      const result = await readPage({ filter, page, local: ref.local === true }, check(filter, scope), scope);
      const next: PageRef | null = result.more ? { ...page, number: page.number + 1, ...(result.local ? { local: true } : {}) } : null;
      // As count() counts: the vendor's total of the whole list, or what we kept of a filtered list on one page.
      if (!isFiltered(filter)) return { customers: result.customers, next, total: result.meta.total };
      return page.number === 1 && next === null
        ? { customers: result.customers, next, total: result.customers.length }
        : { customers: result.customers, next };
    },

    async count(filter, scope) {
      // The vendor's total counts its own matches, which may be looser than ours: with a filter, count what we keep.
      if (isFiltered(filter)) return (await collect(filter, scope)).length;
      return (await fetchPage({ filter: {}, page: { number: 1, size: 1 }, local: false }, EVERY_RECORD, scope)).meta.total;
    },

    async findByEmails(emails, scope) {
      const unique = [...new Set(emails.map(normalizeEmail))];
      if (unique.length > 1) {
        // The whole list, 100 a page, costs fewer calls than a filter per email once there are more emails than pages.
        const first = await firstFullPage(scope);
        if (first.meta.lastPage < unique.length) {
          const wanted = new Set(unique);
          return (await listFrom(first, scope)).filter((customer) => customerHasEmail(customer, wanted));
        }
      }
      const found = await Promise.all(unique.map((email) => collect({ email }, scope)));
      return uniqueBySourceId(found.flat());
    },

    async probe(scope) {
      await client.listCustomers({ page: { number: 1, size: 1 } }, scope);
    },

    async customerFromStored(raw) {
      const resource = platformCustomerResourceSchema.safeParse(raw);
      return resource.success ? toPlatformCustomer(resource.data, organization) : null;
    },
  };
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
