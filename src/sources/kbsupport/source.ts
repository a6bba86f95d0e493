// KB Support as a CustomerSource. Installations answer either as kbsupport-customers.txt documents
// (paging, filters, totals) or as kbsupport-observed.md reports (every list parameter ignored, only
// the 20 highest ids listed). Which one we talk to is measured, cached for a few minutes, and every
// answer is still checked: what the vendor did not filter is filtered here, never passed on.
import { z } from 'zod';
import { failedRead, InvalidPageTokenError, SourceError } from '../errors.ts';
import type { VendorHttpSettings } from '../http/index.ts';
import { isKbSupportId } from './ids.ts';
import type { CustomerListFilter, CustomerOf, CustomerPage, CustomerSource, PageToken } from '../model/index.ts';
import { normalizeEmail } from '../kit/normalize.ts';
import { customerHasEmail, customerMatchesSearch, foldText } from '../kit/customer-filter.ts';
import { learned } from '../kit/learned.ts';
import { readOnce, type RequestScope } from '../request-scope.ts';
import { createKbSupportClient, type QueryParams } from './client.ts';
import { idText, toCustomer } from './map.ts';
import type { KbsCustomer } from './payloads.ts';

export interface KbSupportSourceOptions {
  url: string;
  username: string;
  appPassword: string;
  timeZone: string;
  http: VendorHttpSettings;
}

type KbsCustomerOut = CustomerOf<'KB_SUPPORT'>;
interface KbsPage extends CustomerPage {
  customers: KbsCustomerOut[];
}
type FilterTrust = 'untested' | 'honoured' | 'ignored';

interface Capabilities {
  /** `page`/`per_page`/`orderby=id&order=desc` are honoured. */
  paging: boolean;
  include: FilterTrust;
  email: FilterTrust;
  checkedAt: number;
}

const CAPABILITIES_TTL_MS = 5 * 60_000;
const MAX_PER_PAGE = 100;
// Fixed, not from the size hint: a null token must re-fetch the same page whatever the caller asks next.
const FIRST_PAGE_SIZE = 20;
const EMAILS_PER_CALL = 50;
const NEWEST_FIRST: QueryParams = [
  ['orderby', 'id'],
  ['order', 'desc'],
];

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

export function createKbSupportSource(options: KbSupportSourceOptions): CustomerSource {
  const client = createKbSupportClient(options);
  let known: Capabilities | null = null;
  let detecting: Promise<Capabilities> | null = null;
  /** The lowest id the newest-first list showed last time: ids below it are not in that list. */
  const listFloor = learned<number>();

  const map = (record: KbsCustomer) => toCustomer(record, options.timeZone);

  async function capabilities(scope: RequestScope): Promise<Capabilities> {
    if (known && Date.now() - known.checkedAt < CAPABILITIES_TTL_MS) return known;
    detecting ??= detectCapabilities(scope).finally(() => {
      detecting = null;
    });
    return detecting;
  }

  /** Pages of two, newest first: a list that honours paging answers two different, ordered pages. */
  async function detectCapabilities(scope: RequestScope): Promise<Capabilities> {
    const ask = (page: string) => client.listIds([['per_page', '2'], ['page', page], ...NEWEST_FIRST], scope);
    const [first, second] = await Promise.all([ask('1'), ask('2')]);
    const paging = honoursPaging(first.items.map(idNumber), second.items.map(idNumber));
    known = { paging, include: 'untested', email: 'untested', checkedAt: Date.now() };
    return known;
  }

  async function single(id: string, scope: RequestScope): Promise<KbsCustomerOut | null> {
    const record = await client.single(id, scope);
    // kbsupport-observed.md: an unknown id answers 200 `{"id":0,…}`; any other id is not the one asked.
    if (record === null || idText(record.id) !== id) return null;
    return map(record);
  }

  async function singles(ids: readonly string[], scope: RequestScope): Promise<Map<string, KbsCustomerOut>> {
    const found = await Promise.all(ids.map((id) => single(id, scope)));
    return new Map(found.flatMap((customer) => (customer ? [[customer.sourceId, customer] as const] : [])));
  }

  /** Ids asked by id, each by its own read: one that fails fails its id alone. */
  async function eachById(ids: readonly string[], scope: RequestScope): Promise<Map<string, KbsCustomerOut | SourceError>> {
    const found = await Promise.all(ids.map((id) => single(id, scope).catch(failedRead)));
    return new Map(ids.flatMap((id, index) => {
      const entry = found[index];
      return entry ? [[id, entry] as const] : [];
    }));
  }

  /** The list as it comes, highest id first (the 20 highest ids where observed); one call per request. */
  async function newestList(scope: RequestScope): Promise<KbsCustomer[]> {
    const answer = await client.list([['per_page', String(MAX_PER_PAGE)], ...NEWEST_FIRST], scope);
    const records = uniqueById(answer.items.filter((record) => idNumber(record) > 0)).sort((a, b) => idNumber(b) - idNumber(a));
    const lowest = records.at(-1);
    listFloor.set(lowest === undefined ? null : idNumber(lowest));
    return records;
  }

  /**
   * Ids without `include=`: two or more at or above the lowest id the list showed last are looked up in
   * the list (the call a sameAs walk makes too); the rest, and any the list no longer shows, one by one.
   */
  async function byIdsWithoutInclude(ids: readonly string[], scope: RequestScope): Promise<Map<string, KbsCustomerOut | SourceError>> {
    const floor = listFloor.get() ?? 0;
    const recent = new Set(ids.filter((id) => Number(id) >= floor));
    if (recent.size < 2) return eachById(ids, scope);
    const [older, listed] = await Promise.all([eachById(ids.filter((id) => !recent.has(id)), scope), newestList(scope)]);
    const inList = listed.filter((record) => recent.has(idText(record.id))).map(map);
    const found = new Map<string, KbsCustomerOut | SourceError>([...older, ...inList.map((customer) => [customer.sourceId, customer] as const)]);
    const unlisted = await eachById([...recent].filter((id) => !found.has(id)), scope);
    return new Map([...found, ...unlisted]);
  }

  /** The first page of an enumeration: the list as it comes. */
  async function listPhase(filter: CustomerListFilter, walkSize: number, scope: RequestScope): Promise<KbsPage> {
    const records = await newestList(scope);
    const lowest = records.at(-1);
    const below = lowest === undefined ? 0 : idNumber(lowest);
    return {
      customers: records.map(map).filter((customer) => matchesFilter(customer, filter)),
      next: below > 1 ? { below, size: walkSize } : null,
    };
  }

  /** The ids below the list, through the single route, in parallel (the http layer caps concurrency). */
  async function walkPage(position: WalkPosition, filter: CustomerListFilter, scope: RequestScope): Promise<KbsPage> {
    const lowest = Math.max(1, position.below - position.size);
    const ids = Array.from({ length: position.below - lowest }, (_, index) => String(position.below - 1 - index));
    const found = await singles(ids, scope);
    const customers = ids.flatMap((id) => found.get(id) ?? []).filter((customer) => matchesFilter(customer, filter));
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
    let answer;
    try {
      answer = await client.list(params, scope);
    } catch (error) {
      if (email === null || !isRejectedParameter(error)) throw error;
      caps.email = 'ignored';
      return pagedPage({ ...position, byEmail: false }, filter, caps, scope);
    }
    const ids = answer.items.map(idNumber);
    const misbehaves =
      ids.length > perPage || !descending(ids) || (before !== null && ids.length > 0 && ids.every((id) => id >= before));
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
      customers: fresh.map(map).filter((customer) => matchesFilter(customer, filter)),
      next: last ? null : { page: page + 1, perPage, before: lowest, byEmail: position.byEmail },
    };
  }

  async function listPage(filter: CustomerListFilter, token: PageToken | null, sizeHint: number, scope: RequestScope): Promise<KbsPage> {
    const caps = await capabilities(scope);
    if (token === null) {
      return caps.paging ? pagedPage(firstPage(filter, caps, FIRST_PAGE_SIZE), filter, caps, scope) : listPhase(filter, walkSizeFor(sizeHint), scope);
    }
    const position = readToken(token);
    if ('phase' in position) return listPhase(filter, walkSizeFor(sizeHint), scope);
    if ('below' in position) return walkPage(position, filter, scope);
    if (caps.paging) return pagedPage(position, filter, caps, scope);
    const { before, perPage } = position;
    return before === null ? listPhase(filter, perPage, scope) : walkPage({ below: before, size: perPage }, filter, scope);
  }

  /** Every record listPage yields for the filter, page after page. */
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

  /** Every record, once per request: what an email lookup reads where the vendor cannot filter. */
  const wholeList = (scope: RequestScope) => readOnce(scope, 'KB_SUPPORT', '#whole list', () => collect({}, scope));

  /** `include=` in one call per 100 ids; null when the installation turns out to ignore it. */
  async function byInclude(ids: readonly string[], caps: Capabilities, scope: RequestScope): Promise<Map<string, KbsCustomerOut> | null> {
    const chunks = chunk(ids, MAX_PER_PAGE);
    try {
      const answers = await Promise.all(
        chunks.map((part) => client.list([['include', part.join(',')], ['per_page', String(MAX_PER_PAGE)]], scope)),
      );
      const asked = new Set(ids);
      const records = answers.flatMap((answer) => answer.items);
      if (records.some((record) => !asked.has(idText(record.id)))) {
        caps.include = 'ignored';
        return null;
      }
      caps.include = 'honoured';
      return new Map(records.map((record) => [idText(record.id), map(record)] as const));
    } catch (error) {
      if (!isRejectedParameter(error)) throw error;
      caps.include = 'ignored';
      return null;
    }
  }

  /** One `email=` list call per 50 addresses (plus its further pages); null when the filter is ignored. */
  async function byEmailFilter(emails: readonly string[], caps: Capabilities, scope: RequestScope): Promise<KbsCustomerOut[] | null> {
    const wanted = new Set(emails);
    const ask = (part: readonly string[], page: number) =>
      client.list([['email', part.join(',')], ['per_page', String(MAX_PER_PAGE)], ['page', String(page)], ...NEWEST_FIRST], scope);
    try {
      const answers = await Promise.all(
        chunk(emails, EMAILS_PER_CALL).map(async (part) => {
          const first = await ask(part, 1);
          // Without a total we cannot tell whether a full page was the last.
          if (first.totalPages === null && first.items.length >= MAX_PER_PAGE) return null;
          const more = Array.from({ length: Math.max(0, (first.totalPages ?? 1) - 1) }, (_, index) => ask(part, index + 2));
          return [first, ...(await Promise.all(more))];
        }),
      );
      if (answers.some((pages) => pages === null)) return null;
      const records = uniqueById(answers.flatMap((pages) => pages ?? []).flatMap((answer) => answer.items));
      if (records.some((record) => !wanted.has(normalizeEmail(record.email ?? '')))) {
        caps.email = 'ignored';
        return null;
      }
      if (records.length > 0) caps.email = 'honoured';
      return records.map(map).filter((customer) => customerHasEmail(customer, wanted));
    } catch (error) {
      if (!isRejectedParameter(error)) throw error;
      caps.email = 'ignored';
      return null;
    }
  }

  return {
    source: 'KB_SUPPORT',

    async getByIds(ids, scope) {
      const wanted = [...new Set(ids.filter((id) => isKbSupportId(id)))];
      if (wanted.length === 0) return ids.map(() => null);
      const caps = await capabilities(scope);
      const viaInclude = caps.paging && caps.include !== 'ignored' ? await byInclude(wanted, caps, scope) : null;
      const found = viaInclude ?? (await byIdsWithoutInclude(wanted, scope));
      return ids.map((id) => found.get(id) ?? null);
    },

    listPage: (request, scope) => listPage(request.filter, request.token, request.sizeHint, scope),

    async count(filter, scope) {
      const caps = await capabilities(scope);
      if (caps.paging && !filter.search && !filter.email) {
        const answer = await client.listIds([['per_page', '1'], ['page', '1']], scope);
        if (answer.total !== null) return answer.total;
      }
      return (filter.search || filter.email ? await collect(filter, scope) : await wholeList(scope)).length;
    },

    prepareEmailLookup(scope) {
      // Without a working email filter findByEmails reads the whole list: start it now.
      capabilities(scope)
        .then((caps) => (caps.paging && caps.email !== 'ignored' ? undefined : wholeList(scope)))
        .catch(() => undefined);
    },

    async findByEmails(emails, scope) {
      const wanted = [...new Set(emails.map(normalizeEmail))].filter((email) => email !== '');
      if (wanted.length === 0) return [];
      const caps = await capabilities(scope);
      if (caps.paging && caps.email !== 'ignored' && !wanted.some(hasListSeparator)) {
        const filtered = await byEmailFilter(wanted, caps, scope);
        if (filtered !== null) return filtered;
      }
      const set = new Set(wanted);
      return (await wholeList(scope)).filter((customer) => customerHasEmail(customer, set));
    },

    async probe(scope) {
      await client.listIds([['per_page', '1']], scope);
    },
  };
}

/** The first documented-style page; the vendor's `email=` filter is used until it proves ignored. */
function firstPage(filter: CustomerListFilter, caps: Capabilities, perPage: number): PagePosition {
  const byEmail = Boolean(filter.email) && caps.email !== 'ignored' && !hasListSeparator(filter.email ?? '');
  return { page: 1, perPage, before: null, byEmail };
}

function honoursPaging(first: number[], second: number[]): boolean {
  if (first.length > 2 || second.length > 2 || !descending(first) || !descending(second)) return false;
  if (first.length < 2) return second.length === 0;
  const lowest = Math.min(...first);
  return second.every((id) => id < lowest);
}

function matchesFilter(customer: KbsCustomerOut, filter: CustomerListFilter): boolean {
  if (filter.email && !customerHasEmail(customer, new Set([normalizeEmail(filter.email)]))) return false;
  return !filter.search || matchesSearch(customer, filter.search);
}

/** Our search semantics, plus the notes (kept under kbSupport.notes, not in `note`). */
function matchesSearch(customer: KbsCustomerOut, term: string): boolean {
  const needle = foldText(term.trim());
  return customerMatchesSearch(customer, term) || customer.kbSupport.notes.some((note) => foldText(note.text).includes(needle));
}

function readToken(token: PageToken): z.output<typeof tokenSchema> {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success) throw new InvalidPageTokenError('KB_SUPPORT');
  return parsed.data;
}

/** A rejected parameter (400 `rest_invalid_param`): the installation does not take it as we sent it. */
function isRejectedParameter(error: unknown): boolean {
  return error instanceof SourceError && error.failure === 'BAD_RESPONSE' && error.status === 400;
}

/** WordPress splits list parameters on commas and spaces; such an address cannot go into one. */
function hasListSeparator(email: string): boolean {
  return /[\s,]/.test(email);
}

function idNumber(record: { id: string | number }): number {
  return Number(record.id);
}

function descending(ids: readonly number[]): boolean {
  return ids.every((id, index) => index === 0 || id < (ids[index - 1] as number));
}

function uniqueById<Item extends { id: string | number }>(items: readonly Item[]): Item[] {
  return [...new Map(items.map((item) => [idText(item.id), item] as const)).values()];
}

function chunk<Item>(items: readonly Item[], size: number): Item[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}

function walkSizeFor(sizeHint: number): number {
  return Math.min(50, Math.max(10, Math.ceil(sizeHint)));
}
