// The customers connection: the question as the client asked it (trimmed, lower-cased, sources in
// enum order), its pages through the pager, and its total — taken from the first pages where the
// vendors state it exactly, else counted. With `consistency: INDEXED` (the default) every selected
// source the index keeps is read from the index (its pages and count: no vendor call), the others
// live, through the same pager; a sorted page (`orderBy`) is one keyset page of the index across them all.

import { type Connection, type Count, connectionOf } from '../connections/connection.ts';
import type { CursorSeal } from '../connections/cursor-seal.ts';
import { pageByKeyset } from '../connections/keyset.ts';
import { edgeOf, pageAcrossSources, type SourcePage } from '../connections/pager.ts';
import { type ConsistencyMode, cursorScope } from '../connections/source-cursor.ts';
import { badUserInput } from '../errors.ts';
import type { OrderBy, TimeRange } from '../index/types.ts';
import { SourceError } from '../sources/errors.ts';
import { liveSources, type Sources } from '../sources/index.ts';
import { normalizeEmail } from '../sources/kit/normalize.ts';
import {
  CUSTOMER_SOURCES,
  type Customer,
  type CustomerListFilter,
  type CustomerPage,
  type CustomerSourceName,
  type EmailMatch,
} from '../sources/model/index.ts';
import { type IndexReads, indexFilterOf } from './index-reads.ts';
import { type CustomerReads, indexedPageReads, type SourceFreshness } from './indexed-pages.ts';

/** `customers(first, after, filter)` as validated by the schema. */
export interface CustomerConnectionArgs {
  first: number;
  after: string | null;
  filter?: {
    search?: string | null;
    email?: string | null;
    emailMatch?: EmailMatch | null;
    customField?: { fieldId: string | number; value: string } | null;
    sources?: readonly CustomerSourceName[] | null;
    createdAt?: RangeArgument | null;
    updatedAt?: RangeArgument | null;
    /** Only records whose primary address another source's (or connection's) record also has: from the index only. */
    inSeveralSources?: boolean | null;
  } | null;
  /** INDEXED unless said. */
  consistency?: ConsistencyMode | null;
  /** One order across the sources: one criterion, or a list of up to three. */
  orderBy?: OrderBy | readonly OrderBy[] | null;
}

interface RangeArgument {
  from?: Date | null;
  until?: Date | null;
}

/** The order as a list; null for none. */
function orderListOf(orderBy: CustomerConnectionArgs['orderBy']): readonly OrderBy[] | null {
  if (!orderBy) return null;
  const list = 'field' in orderBy ? [orderBy] : orderBy;
  return list.length === 0 ? null : list;
}

/** A range as the index takes it; none when neither end is given. */
function rangeOf(range: RangeArgument | null | undefined): TimeRange | undefined {
  if (!range || (!range.from && !range.until)) return undefined;
  return { ...(range.from ? { from: range.from } : {}), ...(range.until ? { until: range.until } : {}) };
}

export interface CustomerConnectionAnswer extends Connection<Customer> {
  /** How fresh the answer of each selected source is. */
  freshness: SourceFreshness[];
}

/** The filter the sources get, and the sources it selects (in enum order). */
export function customerQuestion(
  sources: Sources,
  args: CustomerConnectionArgs['filter'],
): { sources: CustomerSourceName[]; filter: CustomerListFilter } {
  const named = args?.sources
    ? CUSTOMER_SOURCES.filter((name) => args.sources?.includes(name))
    : liveSources(sources).map((source) => source.source);
  // Only the PLATFORM has custom fields: with a custom-field filter the others hold no match.
  const selected = args?.customField ? named.filter((name) => name === 'PLATFORM') : named;
  const search = args?.search?.trim();
  const filter: CustomerListFilter = {
    ...(search ? { search } : {}),
    ...(args?.email ? { email: normalizeEmail(args.email) } : {}),
    ...(args?.email && args.emailMatch === 'ANY' ? { emailMatch: 'ANY' as const } : {}),
    ...(args?.customField ? { customField: { fieldId: String(args.customField.fieldId), value: args.customField.value.trim() } } : {}),
  };
  return { sources: selected, filter };
}

export async function customerConnection(
  sources: Sources,
  args: CustomerConnectionArgs,
  live: CustomerReads,
  index: IndexReads,
  cursors: CursorSeal,
  wantsTotal: boolean,
): Promise<CustomerConnectionAnswer> {
  const question = customerQuestion(sources, args.filter);
  const { filter } = question;
  const mode: ConsistencyMode = args.consistency ?? 'INDEXED';
  const orderBy = orderListOf(args.orderBy);
  const createdAt = rangeOf(args.filter?.createdAt);
  const updatedAt = rangeOf(args.filter?.updatedAt);
  const inSeveralSources = args.filter?.inSeveralSources === true;
  // What only the index answers.
  const ranges = {
    ...(createdAt ? { createdAt } : {}),
    ...(updatedAt ? { updatedAt } : {}),
    ...(inSeveralSources ? { inSeveralSources } : {}),
  };
  if (mode === 'LIVE' && orderBy) {
    throw badUserInput('`orderBy` needs consistency INDEXED: the vendors cannot sort across sources; leave it out for LIVE', 'orderBy');
  }
  // A custom field is answered live (the index does not keep custom field values apart).
  const fromIndex = mode === 'INDEXED' && !filter.customField;
  const states = await Promise.all(question.sources.map((source) => (fromIndex ? index.stateOf(source) : Promise.resolve(null))));
  const indexed = new Set(question.sources.filter((_source, at) => states[at] !== null));
  const freshness = question.sources.map((source, at): SourceFreshness => {
    const state = states[at] ?? null;
    const date = (iso: string | null | undefined) => (iso ? new Date(iso) : null);
    return {
      source,
      state: state?.phase ?? 'LIVE',
      newRecordsAsOf: date(state?.newRecordsAsOf),
      verifiedAsOf: date(state?.verifiedAsOf),
    };
  });
  const notIndexed = question.sources.filter((source) => !indexed.has(source));
  for (const [field, range] of Object.entries(ranges)) {
    if (range && notIndexed.length > 0) {
      throw badUserInput(
        `\`filter.${field}\` is answered from the index only, and ${notIndexed.join(', ')} is not in it (or consistency is LIVE)`,
        `filter.${field}`,
      );
    }
  }
  const scope = cursorScope({
    sources: question.sources,
    search: filter.search ?? null,
    email: filter.email ?? null,
    emailMatch: filter.emailMatch ?? null,
    customField: filter.customField ? [filter.customField.fieldId, filter.customField.value] : null,
    ...(createdAt || updatedAt
      ? { ranges: [createdAt?.from, createdAt?.until, updatedAt?.from, updatedAt?.until].map((at) => at?.toISOString() ?? null) }
      : {}),
    ...(inSeveralSources ? { inSeveralSources } : {}),
  });
  const indexFilter = indexFilterOf(filter, ranges);
  if (orderBy) {
    if (notIndexed.length > 0) {
      throw badUserInput(
        `\`orderBy\` sorts in the index, and ${notIndexed.join(', ')} is not in it (not synced, or a custom-field filter); leave \`orderBy\` out`,
        'orderBy',
      );
    }
    const paged = await pageByKeyset({ orderBy, first: args.first, after: args.after, scope, cursors }, (after, first) =>
      index.page(question.sources, indexFilter, orderBy, after, first),
    );
    const edges = paged.edges.map((edge) => edgeOf(index.answered(edge.node), () => edge.cursor));
    const total = async (): Promise<Count> => ({ total: await index.count(question.sources, indexFilter), failures: [] });
    return { ...connectionOf({ ...paged, edges }, total), freshness };
  }
  const reads = indexedPageReads(live, index, indexed, indexFilter);
  return { ...(await pagedAcrossSources(question, args, reads, indexed, cursors, wantsTotal, scope, mode)), freshness };
}

async function pagedAcrossSources(
  question: { sources: CustomerSourceName[]; filter: CustomerListFilter },
  args: CustomerConnectionArgs,
  reads: CustomerReads,
  indexed: ReadonlySet<CustomerSourceName>,
  cursors: CursorSeal,
  wantsTotal: boolean,
  scope: () => string,
  mode: ConsistencyMode,
): Promise<Connection<Customer>> {
  const { filter } = question;
  // The first pages, once: the pager reads them, and the total reads what they state of it.
  const firstPages = new Map<CustomerSourceName, Promise<CustomerPage>>();
  const firstPage = (source: CustomerSourceName): Promise<CustomerPage> => {
    let page = firstPages.get(source);
    if (!page) {
      page = reads.page(source, filter, null, args.first);
      firstPages.set(source, page);
    }
    return page;
  };
  /** The first page this connection read of each source (from the cursor's place for the cursor's source). */
  const pagesRead = new Map<CustomerSourceName, Promise<CustomerPage>>();
  // A first page of the connection asks every source the vendors answer for its first page (the pager
  // does); a later page asks those after the cursor's source. The index is asked when the page gets there.
  if (args.after === null) for (const source of question.sources) if (!indexed.has(source)) pagesRead.set(source, firstPage(source));
  const countOf = (source: CustomerSourceName): Promise<number> => {
    const page = pagesRead.get(source);
    return page ? page.then((read) => read.total ?? reads.count(source, filter)) : reads.count(source, filter);
  };
  const total = () => countCustomers(question.sources, countOf);
  // Counting asks the vendors for much the same pages: started together, the calls are shared.
  // (On a first page only: a later page's cursor is checked by the page's own calls first.)
  const counting = wantsTotal && args.after === null ? total() : null;
  counting?.catch(() => undefined);
  const paged = await pageAcrossSources<Customer>(
    { sources: question.sources, scope, first: args.first, after: args.after, cursors, mode, local: indexed },
    async (source, token, sizeHint): Promise<SourcePage<Customer>> => {
      const reading = token === null && sizeHint === args.first ? firstPage(source) : reads.page(source, filter, token, sizeHint);
      if (!pagesRead.has(source)) pagesRead.set(source, reading);
      const page = await reading;
      return { items: page.customers, next: page.next };
    },
  );
  return connectionOf(paged, () => counting ?? total());
}

async function countCustomers(
  sources: readonly CustomerSourceName[],
  count: (source: CustomerSourceName) => Promise<number>,
): Promise<Count> {
  const settled = await Promise.allSettled(sources.map(count));
  const failures: SourceError[] = [];
  let total = 0;
  for (const result of settled) {
    if (result.status === 'fulfilled') total += result.value;
    else if (result.reason instanceof SourceError) failures.push(result.reason);
    else throw result.reason;
  }
  return { total, failures };
}
