// The KB Support customer list page by page, in either installation shape (installation.ts): documented
// pages (kbsupport-customers.txt) while the installation honours them; else the list as it comes (the
// 20 highest ids, kbsupport-observed.md), then a walk down the ids below it through the single route.
// A page token says which of these it continues. Every page is filtered here.
import { z } from 'zod';
import { InvalidPageTokenError } from '../errors.ts';
import { customerMatchesSearch, foldText, listFilterMatcher } from '../kit/customer-filter.ts';
import { learned } from '../kit/learned.ts';
import { uniqueBy } from '../kit/lists.ts';
import { normalizeEmail } from '../kit/normalize.ts';
import type { CustomerListFilter, CustomerOf, CustomerPage, PageToken } from '../model/index.ts';
import type { RequestScope } from '../request-scope.ts';
import {
  hasListSeparator,
  isRejectedParameter,
  type KbSupportClient,
  type KbsListAnswer,
  MAX_PER_PAGE,
  NEWEST_FIRST,
  type QueryParams,
} from './client.ts';
import { idNumber, idText } from './ids.ts';
import { type Capabilities, descending } from './installation.ts';
import type { KbsCustomer } from './payloads.ts';

export type KbsCustomerOut = CustomerOf<'KB_SUPPORT'>;

export interface KbsPage extends CustomerPage {
  customers: KbsCustomerOut[];
}

// Fixed, not from the size hint: a null token must re-fetch the same page whatever the caller asks next.
const FIRST_PAGE_SIZE = 20;

const listToken = z.object({ phase: z.literal('list') }).strict();
/** Walk the single route from `below - 1` down, `size` ids per page. */
const walkToken = z.object({ below: z.number().int().min(2), size: z.number().int().min(1).max(MAX_PER_PAGE) }).strict();
/** A documented-style page; `before` is the lowest id seen on earlier pages (later duplicates are dropped). */
const pageTokenSchema = z
  .object({
    page: z.number().int().min(1),
    perPage: z.number().int().min(1).max(MAX_PER_PAGE),
    before: z.number().int().min(1).nullable(),
    byEmail: z.boolean(),
  })
  .strict();
const tokenSchema = z.union([listToken, walkToken, pageTokenSchema]);
type WalkPosition = z.output<typeof walkToken>;
type PagePosition = z.output<typeof pageTokenSchema>;

export interface ListPagesOptions {
  client: KbSupportClient;
  capabilities(scope: RequestScope): Promise<Capabilities>;
  map(record: KbsCustomer): KbsCustomerOut;
}

export interface ListPages {
  /** The page `token` names (null: the first) of the customers matching `filter`. */
  listPage(filter: CustomerListFilter, token: PageToken | null, sizeHint: number, scope: RequestScope): Promise<KbsPage>;
  /** Every customer listPage yields for the filter, page after page. */
  collect(filter: CustomerListFilter, scope: RequestScope): Promise<KbsCustomerOut[]>;
  /** The list as it comes, highest id first (the 20 highest ids where observed); one call per request. */
  newestList(scope: RequestScope): Promise<KbsCustomer[]>;
  /** The lowest id the newest list showed last time (null: not read lately): ids below it are not in that list. */
  lowestListed(): number | null;
}

export function createListPages({ client, capabilities, map }: ListPagesOptions): ListPages {
  const listFloor = learned<number>();

  async function newestList(scope: RequestScope): Promise<KbsCustomer[]> {
    const answer = await client.list([['per_page', String(MAX_PER_PAGE)], ...NEWEST_FIRST], scope);
    const records = uniqueBy(
      answer.items.filter((record) => idNumber(record) > 0),
      (record) => idText(record.id),
    ).sort((a, b) => idNumber(b) - idNumber(a));
    const lowest = records.at(-1);
    listFloor.set(lowest === undefined ? null : idNumber(lowest));
    return records;
  }

  /** The ids found through the single route, in parallel (the http layer caps concurrency). */
  async function singles(ids: readonly string[], scope: RequestScope): Promise<Map<string, KbsCustomerOut>> {
    const found = await Promise.all(ids.map((id) => client.single(id, scope)));
    return new Map(found.flatMap((record) => (record ? [[idText(record.id), map(record)] as const] : [])));
  }

  /** The first page of an enumeration: the list as it comes. */
  async function listPhase(filter: CustomerListFilter, walkSize: number, scope: RequestScope): Promise<KbsPage> {
    const records = await newestList(scope);
    const lowest = records.at(-1);
    const below = lowest === undefined ? 0 : idNumber(lowest);
    return {
      customers: records.map(map).filter(matcher(filter)),
      next: below > 1 ? { below, size: walkSize } : null,
    };
  }

  /** The ids below the list, through the single route. */
  async function walkPage(position: WalkPosition, filter: CustomerListFilter, scope: RequestScope): Promise<KbsPage> {
    const lowest = Math.max(1, position.below - position.size);
    const ids = Array.from({ length: position.below - lowest }, (_, index) => String(position.below - 1 - index));
    const found = await singles(ids, scope);
    const customers = ids.flatMap((id) => found.get(id) ?? []).filter(matcher(filter));
    return { customers, next: lowest > 1 ? { below: lowest, size: position.size } : null };
  }

  async function pagedPage(position: PagePosition, filter: CustomerListFilter, caps: Capabilities, scope: RequestScope): Promise<KbsPage> {
    const { page, perPage, before } = position;
    const email = position.byEmail && filter.email ? normalizeEmail(filter.email) : null;
    const params: QueryParams = [
      ['per_page', String(perPage)],
      ['page', String(page)],
      ...NEWEST_FIRST,
      ...(email === null ? [] : ([['email', email]] as const)),
    ];
    let answer: KbsListAnswer<KbsCustomer>;
    try {
      answer = await client.list(params, scope);
    } catch (error) {
      if (email === null || !isRejectedParameter(error)) throw error;
      caps.email = 'ignored';
      return pagedPage({ ...position, byEmail: false }, filter, caps, scope);
    }
    const ids = answer.items.map(idNumber);
    const misbehaves = ids.length > perPage || !descending(ids) || (before !== null && ids.length > 0 && ids.every((id) => id >= before));
    if (misbehaves) {
      // The list stopped honouring paging: continue below what earlier pages covered, through the single route.
      caps.paging = false;
      return before === null ? listPhase(filter, perPage, scope) : walkPage({ below: before, size: perPage }, filter, scope);
    }
    if (email !== null) {
      const ignored = answer.items.some((record) => normalizeEmail(record.email ?? '') !== email);
      if (ignored) caps.email = 'ignored';
      else if (answer.items.length > 0) caps.email = 'honoured';
    }
    const fresh = answer.items.filter((record) => before === null || idNumber(record) < before);
    const lowest = Math.min(before ?? Number.POSITIVE_INFINITY, ...ids);
    const last = ids.length === 0 || (answer.totalPages !== null ? page >= answer.totalPages : ids.length < perPage);
    // As count() counts an unfiltered list: the installation's own total (X-WP-Total), when it sends one.
    const total = !filter.search && !filter.email && answer.total !== null ? { total: answer.total } : {};
    return {
      ...total,
      customers: fresh.map(map).filter(matcher(filter)),
      next: last ? null : { page: page + 1, perPage, before: lowest, byEmail: position.byEmail },
    };
  }

  async function listPage(filter: CustomerListFilter, token: PageToken | null, sizeHint: number, scope: RequestScope): Promise<KbsPage> {
    const caps = await capabilities(scope);
    if (token === null) {
      if (caps.paging) return pagedPage(firstPage(filter, caps, FIRST_PAGE_SIZE), filter, caps, scope);
      return listPhase(filter, walkSizeFor(sizeHint), scope);
    }
    const position = readToken(token);
    if ('phase' in position) return listPhase(filter, walkSizeFor(sizeHint), scope);
    if ('below' in position) return walkPage(position, filter, scope);
    if (caps.paging) return pagedPage(position, filter, caps, scope);
    const { before, perPage } = position;
    return before === null ? listPhase(filter, perPage, scope) : walkPage({ below: before, size: perPage }, filter, scope);
  }

  async function collect(filter: CustomerListFilter, scope: RequestScope): Promise<KbsCustomerOut[]> {
    const caps = await capabilities(scope);
    const all: KbsCustomerOut[] = [];
    let token: PageToken | null = caps.paging ? firstPage(filter, caps, MAX_PER_PAGE) : null;
    do {
      const page = await listPage(filter, token, MAX_PER_PAGE, scope);
      all.push(...page.customers);
      token = page.next;
    } while (token !== null);
    return all;
  }

  return { listPage, collect, newestList, lowestListed: () => listFloor.get() };
}

/** The first documented-style page; the vendor's `email=` filter is used until it proves ignored. */
function firstPage(filter: CustomerListFilter, caps: Capabilities, perPage: number): PagePosition {
  const byEmail = Boolean(filter.email) && caps.email !== 'ignored' && !hasListSeparator(filter.email ?? '');
  return { page: 1, perPage, before: null, byEmail };
}

function walkSizeFor(sizeHint: number): number {
  return Math.min(50, Math.max(10, Math.ceil(sizeHint)));
}

function readToken(token: PageToken): z.output<typeof tokenSchema> {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success) throw new InvalidPageTokenError('KB_SUPPORT');
  return parsed.data;
}

/** Our side of the filter; the search also looks in the notes (kept under kbSupport.notes, not in `note`). */
function matcher(filter: CustomerListFilter): (customer: KbsCustomerOut) => boolean {
  return listFilterMatcher(filter, {
    search: (customer, term) => {
      const needle = foldText(term.trim());
      return customerMatchesSearch(customer, term) || customer.kbSupport.notes.some((note) => foldText(note.text).includes(needle));
    },
  });
}
