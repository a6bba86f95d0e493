// PLATFORM customers by id. The document reads one customer a call (`GET /api/v1/customers/{id}`); several
// come from the list's one page where the whole list is known to fit one, else by `filter[id]`, the
// JSON:API convention the document does not promise (tried, and whether it works remembered for a while),
// else each by its own read, in parallel under the source's cap.
import { type ById, failedRead, SourceError } from '../errors.ts';
import { learned } from '../kit/learned.ts';
import { chunks } from '../kit/lists.ts';
import type { CustomerOf, RequestScope } from '../model/index.ts';
import { PAGE_SIZE } from './all-pages.ts';
import type { PlatformClient } from './client.ts';
import { isRefusal } from './filter-support.ts';
import { distinctPlatformIds, isPlatformId } from './ids.ts';
import { toPlatformCustomer } from './map.ts';
import type { PlatformCustomerCollection } from './payloads.ts';

type PlatformCustomer = CustomerOf<'PLATFORM'>;

export interface ByIdDeps {
  client: PlatformClient;
  organization: string;
  /** The whole list where it is known to fit one page of 100 (that page, read once per request); else null. */
  singlePage(scope: RequestScope): Promise<PlatformCustomer[]> | null;
}

export function createByIdReads({ client, organization, singlePage }: ByIdDeps) {
  /** Whether the list honours `filter[id]`; null: not known (lately). */
  const idFilterWorks = learned<boolean>();

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

  /** The found ones by id (lower case): one `filter[id]` call per 100, whose failure is each of its ids'. */
  async function fetchBatchesOrEach(wanted: string[], scope: RequestScope): Promise<Map<string, PlatformCustomer | SourceError>> {
    const batches = await Promise.all(chunks(wanted, PAGE_SIZE).map((batch) => fetchByIds(client, batch, organization, scope)));
    if (batches.every((batch) => batch !== null)) {
      if (wanted.length > 0) idFilterWorks.set(true);
      return new Map(batches.flat().map((customer) => [customer.sourceId.toLowerCase(), customer]));
    }
    // The list ignored or refused `filter[id]`: the single-customer route.
    idFilterWorks.set(false);
    return fetchEach(wanted, scope);
  }

  async function getByIds(ids: readonly string[], scope: RequestScope): Promise<Array<ById<PlatformCustomer>>> {
    const wanted = distinctPlatformIds(ids);
    const onePage = wanted.length < 2 ? null : singlePage(scope);
    const asked = new Set(wanted);
    const listed = onePage === null ? [] : (await onePage).filter((customer) => asked.has(customer.sourceId.toLowerCase()));
    const byId = new Map<string, PlatformCustomer | SourceError>(listed.map((customer) => [customer.sourceId.toLowerCase(), customer]));
    // Ids not on that page are asked for anyway: the list may have grown since it was seen to fit one.
    const rest = wanted.filter((id) => !byId.has(id));
    const fetched =
      rest.length === 0 ? new Map() : idFilterWorks.get() === false ? await fetchEach(rest, scope) : await fetchBatchesOrEach(rest, scope);
    for (const [id, entry] of fetched) byId.set(id, entry);
    return ids.map((id) => (isPlatformId(id) ? (byId.get(id.toLowerCase()) ?? null) : null));
  }

  return { getByIds };
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
    if (isRefusal(error)) return null;
    throw error;
  }
  const meta = document.meta.page;
  if (meta.currentPage !== 1) throw new SourceError('PLATFORM', 'BAD_RESPONSE');
  // More matches than ids asked: the filter was ignored, so an id missing here may be on another page.
  if (meta.total > ids.length || document.data.length > ids.length) return null;
  const asked = new Set(ids);
  if (document.data.some((resource) => !asked.has(resource.id.toLowerCase()))) return null;
  return document.data.map((resource) => toPlatformCustomer(resource, organization));
}
