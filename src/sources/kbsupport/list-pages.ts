// The KB Support customer list page by page, in either installation shape (installation.ts), always by
// id so that customers created or deleted between pages are neither repeated nor skipped: documented
// pages (kbsupport-customers.txt) continue below the last id seen (keyset.ts) while the installation
// honours them; else the list as it comes (the 20 highest ids, kbsupport-observed.md), then a walk
// down the ids below it through the single route. A page token says which of these it continues.
// Every page is filtered here. What the list cannot show is enumerated at most once per request.
import { z } from 'zod';
import { InvalidPageTokenError } from '../errors.ts';
import { customerMatchesSearch, foldText, listFilterMatcher } from '../kit/customer-filter.ts';
import { learned } from '../kit/learned.ts';
import { uniqueBy } from '../kit/lists.ts';
import { normalizeEmail } from '../kit/normalize.ts';
import type { CustomerListFilter, CustomerOf, CustomerPage, PageToken } from '../model/index.ts';
import { type RequestScope, readOnce } from '../request-scope.ts';
import { hasListSeparator, isRejectedParameter, type KbSupportClient, MAX_PER_PAGE, NEWEST_FIRST, type QueryParams } from './client.ts';
import { idNumber, idText } from './ids.ts';
import type { Capabilities } from './installation.ts';
import { type KeysetAnswer, type KeysetCursor, keysetPage } from './keyset.ts';
import type { KbsCustomer } from './payloads.ts';

export type KbsCustomerOut = CustomerOf<'KB_SUPPORT'>;
export type KbsMap = (record: KbsCustomer) => KbsCustomerOut;

export interface KbsPage extends CustomerPage {
  customers: KbsCustomerOut[];
}

// Fixed, not from the size hint: a null token must re-fetch the same page whatever the caller asks next.
const FIRST_PAGE_SIZE = 20;

const listToken = z.object({ phase: z.literal('list') }).strict();
/** Walk the single route from `below - 1` down, `size` ids per page. */
const walkToken = z.object({ below: z.number().int().min(2), size: z.number().int().min(1).max(MAX_PER_PAGE) }).strict();
/** A documented page below `after` (keyset.ts), looked for at `at`; `byEmail`: the vendor's `email=` filter is used. */
const keysetToken = z
  .object({
    after: z.number().int().min(2),
    at: z.number().int().min(1),
    size: z.number().int().min(1).max(MAX_PER_PAGE),
    byEmail: z.boolean(),
  })
  .strict();
const tokenSchema = z.union([listToken, walkToken, keysetToken]);
type WalkPosition = z.output<typeof walkToken>;

/** Where a documented page starts: null `cursor` for the first. */
interface DocumentedPosition {
  cursor: KeysetCursor | null;
  size: number;
  byEmail: boolean;
}

export interface ListPagesOptions {
  client: KbSupportClient;
  capabilities(scope: RequestScope): Promise<Capabilities>;
  /** The mapping for this request's records (the site's time zone found first). */
  mapper(scope: RequestScope): Promise<KbsMap>;
}

export interface ListPages {
  /** The page `token` names (null: the first) of the customers matching `filter`. */
  listPage(filter: CustomerListFilter, token: PageToken | null, sizeHint: number, scope: RequestScope): Promise<KbsPage>;
  /** Every customer matching `filter`, read at most once per request however many counts and lookups ask. */
  everyCustomer(filter: CustomerListFilter, scope: RequestScope): Promise<KbsCustomerOut[]>;
  /** The list as it comes, highest id first (the 20 highest ids where observed). */
  newestList(scope: RequestScope): Promise<KbsCustomer[]>;
  /** The lowest id the newest list showed last time (null: not read lately): ids below it are not in that list. */
  lowestListed(): number | null;
}

export function createListPages({ client, capabilities, mapper }: ListPagesOptions): ListPages {
  const listFloor = learned<number>();
  /** The highest id the newest list showed: no walk the adapter hands out starts above it. */
  const listCeiling = learned<number>();

  async function newestList(scope: RequestScope): Promise<KbsCustomer[]> {
    const answer = await client.list([['per_page', String(MAX_PER_PAGE)], ...NEWEST_FIRST], scope);
    const records = uniqueBy(
      answer.items.filter((record) => idNumber(record) > 0),
      (record) => idText(record.id),
    ).sort((a, b) => idNumber(b) - idNumber(a));
    const lowest = records.at(-1);
    listFloor.set(lowest === undefined ? null : idNumber(lowest));
    listCeiling.set(records[0] === undefined ? null : idNumber(records[0]));
    return records;
  }

  /** The ids found through the single route, in parallel (the http layer caps concurrency; a request asks each once). */
  async function singles(ids: readonly string[], scope: RequestScope): Promise<Map<string, KbsCustomer>> {
    const found = await Promise.all(ids.map((id) => client.single(id, scope)));
    return new Map(found.flatMap((record) => (record ? [[idText(record.id), record] as const] : [])));
  }

  /** Ids `below - 1` down to `lowest`, highest first. */
  const idsBelow = (below: number, lowest: number) =>
    Array.from({ length: Math.max(0, below - lowest) }, (_, index) => String(below - 1 - index));

  /** The first page of an enumeration: the list as it comes. */
  async function listPhase(filter: CustomerListFilter, walkSize: number, scope: RequestScope): Promise<KbsPage> {
    const [records, map] = await Promise.all([newestList(scope), mapper(scope)]);
    const below = idNumber(records.at(-1) ?? { id: 0 });
    return { customers: records.map(map).filter(matcher(filter)), next: below > 1 ? { below, size: walkSize } : null };
  }

  /** The ids below the list, through the single route. */
  async function walkPage(position: WalkPosition, filter: CustomerListFilter, scope: RequestScope): Promise<KbsPage> {
    const lowest = Math.max(1, position.below - position.size);
    const ids = idsBelow(position.below, lowest);
    const [found, map] = await Promise.all([singles(ids, scope), mapper(scope)]);
    const customers = ids.flatMap((id) => found.get(id) ?? []).map(map);
    return { customers: customers.filter(matcher(filter)), next: lowest > 1 ? { below: lowest, size: position.size } : null };
  }

  /** A documented page (keyset.ts); where the installation does not keep to it, the walk below the last id seen. */
  async function documentedPage(
    position: DocumentedPosition,
    filter: CustomerListFilter,
    caps: Capabilities,
    scope: RequestScope,
  ): Promise<KbsPage> {
    const { cursor, size } = position;
    const email = position.byEmail && filter.email ? normalizeEmail(filter.email) : null;
    const byEmail: QueryParams = email === null ? [] : [['email', email]];
    const read = async (offset: number, perPage: number) =>
      client.list([['per_page', String(perPage)], ['offset', String(offset)], ...NEWEST_FIRST, ...byEmail], scope);
    const mapping = mapper(scope);
    let answer: KeysetAnswer<KbsCustomer>;
    try {
      answer = await keysetPage(cursor, size, read, idNumber);
    } catch (error) {
      if (email === null || !isRejectedParameter(error)) throw error;
      caps.email = 'ignored';
      return documentedPage({ ...position, byEmail: false }, filter, caps, scope);
    }
    if (answer.kind !== 'page') {
      // A list that stopped honouring paging is not trusted again for a while; one that kept changing, for this page only.
      if (answer.kind === 'misbehaves') caps.paging = false;
      return cursor === null ? listPhase(filter, size, scope) : walkPage({ below: cursor.after, size }, filter, scope);
    }
    if (email !== null) {
      const wanted = new Set([email]);
      // KB Support's own lookup also matches additional emails: anything else means it ignored the filter.
      if (answer.items.some((record) => !recordHasEmail(record, wanted))) caps.email = 'ignored';
      else if (answer.items.length > 0) caps.email = 'honoured';
    }
    const map = await mapping;
    // As count() counts an unfiltered list: the installation's own total (X-WP-Total), when it sends one.
    const total = !filter.search && !filter.email && answer.total !== null ? { total: answer.total } : {};
    const next = answer.next === null ? null : { ...answer.next, size, byEmail: position.byEmail };
    return { ...total, customers: answer.items.map(map).filter(matcher(filter)), next };
  }

  async function listPage(filter: CustomerListFilter, token: PageToken | null, sizeHint: number, scope: RequestScope): Promise<KbsPage> {
    const position = token === null ? null : readToken(token);
    const caps = await capabilities(scope);
    if (position === null) {
      if (caps.paging) return documentedPage(firstPage(filter, caps, FIRST_PAGE_SIZE), filter, caps, scope);
      return listPhase(filter, walkSizeFor(sizeHint), scope);
    }
    if ('phase' in position) return listPhase(filter, walkSizeFor(sizeHint), scope);
    if ('below' in position) return walkPage(await withinList(position, scope), filter, scope);
    const { after, at, size, byEmail } = position;
    if (caps.paging) return documentedPage({ cursor: { after, at }, size, byEmail }, filter, caps, scope);
    return walkPage({ below: after, size }, filter, scope);
  }

  /**
   * A walk starts below an id the list showed, so one starting above the list's highest id was not
   * handed out here: it is refused before its single reads (a signed cursor is the first guard).
   */
  async function withinList(position: WalkPosition, scope: RequestScope): Promise<WalkPosition> {
    const ceiling = listCeiling.get() ?? idNumber((await newestList(scope))[0] ?? { id: 0 });
    if (position.below > ceiling + 1) throw new InvalidPageTokenError('KB_SUPPORT');
    return position;
  }

  /** Every page of a documented installation's list (pages of 100), or the newest list and all below it. */
  async function collect(filter: CustomerListFilter, scope: RequestScope): Promise<KbsCustomerOut[]> {
    const caps = await capabilities(scope);
    if (!caps.paging) return (await wholeList(scope)).filter(matcher(filter));
    const all: KbsCustomerOut[] = [];
    let page = await documentedPage(firstPage(filter, caps, MAX_PER_PAGE), filter, caps, scope);
    all.push(...page.customers);
    while (page.next !== null) {
      page = await listPage(filter, page.next, MAX_PER_PAGE, scope);
      all.push(...page.customers);
    }
    return all;
  }

  /** The newest list and every id below it through the single route: once per request. */
  function wholeList(scope: RequestScope): Promise<KbsCustomerOut[]> {
    return readOnce(scope, 'KB_SUPPORT', '#newest list and below', async () => {
      const [records, map] = await Promise.all([newestList(scope), mapper(scope)]);
      const floor = idNumber(records.at(-1) ?? { id: 1 });
      const ids = idsBelow(floor, 1);
      const found = await singles(ids, scope);
      return [...records, ...ids.flatMap((id) => found.get(id) ?? [])].map(map);
    });
  }

  return {
    listPage,
    everyCustomer: (filter, scope) =>
      readOnce(scope, 'KB_SUPPORT', `#every customer ${JSON.stringify(filter)}`, () => collect(filter, scope)),
    newestList,
    lowestListed: () => listFloor.get(),
  };
}

/** Whether a vendor record's primary or one of its additional emails is one of `emails` (what KB Support's lookup matches). */
export function recordHasEmail(record: KbsCustomer, emails: ReadonlySet<string>): boolean {
  const additional = record.additional_emails ?? [];
  return [record.email ?? '', ...(Array.isArray(additional) ? additional : Object.values(additional))].some((email) =>
    emails.has(normalizeEmail(email)),
  );
}

/** The first documented page; the vendor's `email=` filter is used until it proves ignored. */
function firstPage(filter: CustomerListFilter, caps: Capabilities, size: number): DocumentedPosition {
  const byEmail = Boolean(filter.email) && caps.email !== 'ignored' && !hasListSeparator(filter.email ?? '');
  return { cursor: null, size, byEmail };
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
