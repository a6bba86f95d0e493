// The CRM change feed as a connection a client can stop and resume. A cursor holds the vendor's page
// cursor and where in that page the client stands, so a page that shifted because records changed
// meanwhile is neither skipped nor repeated (a record changed again is a new change). On a page in
// change-time order (checked on every read) the place is the last change time handed out and the ids
// handed out at that time, so the cursor stays small whatever the page size; on a page in any other
// order it is the changes of that page already handed out. Sealed like every cursor
// (connections/cursor-seal.ts), so that a stored cursor resumes days later on any instance.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { badUserInput } from '../errors.ts';
import type { ChangeFeed, ChangePage, CustomerChange, JsonValue, PageToken, RequestScope } from '../sources/model/index.ts';
import { askShared, type SharedRead, sharedRead } from '../sources/request-scope.ts';
import type { CursorSeal } from './cursor-seal.ts';
import { type Edge, edgeOf, type Paged } from './pager.ts';

const MAX_CURSOR_LENGTH = 65_536;
const MAX_KEYS = 4_000;

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);
/** Handed out up to and including the change time `at` (ms), and of the changes at `at` those of `ids`. */
const timePlace = z.object({ at: z.number().int().nullable(), ids: z.array(z.string().max(255)).max(MAX_KEYS) });
/** Handed out: the changes with these keys (see changeKey). */
const keyPlace = z.object({ delivered: z.array(z.string().max(16)).max(MAX_KEYS) });
const place = z.union([timePlace, keyPlace]);
type Place = z.output<typeof place>;
const cursorSchema = z.intersection(z.object({ since: z.string(), token: jsonValue }), place);
type ChangeCursor = z.output<typeof cursorSchema>;

const START: Place = { at: null, ids: [] };

function decode(raw: string, since: string, seal: CursorSeal): ChangeCursor {
  const invalid = () => badUserInput('`after` is not a cursor this feed handed out', 'after');
  if (raw.length > MAX_CURSOR_LENGTH) throw invalid();
  const parsed = cursorSchema.safeParse(seal.open(raw));
  if (!parsed.success) throw invalid();
  if (parsed.data.since !== since) throw badUserInput('`after` was handed out for another `since`; resume with the same `since`', 'after');
  return parsed.data;
}

/** One change of one record: its id and the time it changed. */
function changeKey(change: CustomerChange): string {
  const version = `${change.customer.sourceId}@${change.changedAt?.toISOString() ?? ''}`;
  return createHash('sha256').update(version).digest('base64url').slice(0, 12);
}

/** Whether the page lists its changes oldest first, each with a time: then a time is a place in it. */
function inTimeOrder(changes: readonly CustomerChange[]): boolean {
  let last = Number.NEGATIVE_INFINITY;
  for (const change of changes) {
    const at = change.changedAt?.getTime();
    if (at === undefined || at < last) return false;
    last = at;
  }
  return true;
}

function handedOut(where: Place, change: CustomerChange): boolean {
  if ('delivered' in where) return where.delivered.includes(changeKey(change));
  if (where.at === null) return false;
  const at = change.changedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  return at < where.at || (at === where.at && where.ids.includes(change.customer.sourceId));
}

/** The place on `changes` as keys: a time place read on a page that is no longer in time order. */
function asKeys(where: Place, changes: readonly CustomerChange[]): Place {
  if ('delivered' in where) return where;
  return { delivered: changes.filter((change) => handedOut(where, change)).map(changeKey) };
}

/** The place just after `change`, handed out next on a page in time order or not. */
function after(where: Place, change: CustomerChange, timeOrdered: boolean): Place {
  if (!timeOrdered || 'delivered' in where || change.changedAt === null) {
    const delivered = 'delivered' in where ? where.delivered : [];
    return { delivered: [...delivered, changeKey(change)] };
  }
  const at = change.changedAt.getTime();
  return { at, ids: at === where.at ? [...where.ids, change.customer.sourceId] : [change.customer.sourceId] };
}

export type ChangePageLoader = (token: PageToken | null) => Promise<ChangePage>;

export function changePageLoader(feed: ChangeFeed, since: Date, scope: RequestScope): ChangePageLoader {
  // Shared reads: the page and the count that both ask for a page each hear the CRM's warnings on it.
  const pages = new Map<string, SharedRead<ChangePage>>();
  return (token) => {
    const key = JSON.stringify(token);
    let page = pages.get(key);
    if (!page) {
      page = sharedRead(() => feed.changesSince(since, token, scope));
      pages.set(key, page);
    }
    return askShared(scope, page);
  };
}

export async function pageChanges(
  question: { since: Date; first: number; after: string | null },
  loadPage: ChangePageLoader,
  seal: CursorSeal,
): Promise<Omit<Paged<CustomerChange>, 'failures'>> {
  const since = question.since.toISOString();
  const encode = (cursor: ChangeCursor) => seal.seal(cursor);
  const start: ChangeCursor = question.after === null ? { since, token: null, ...START } : decode(question.after, since, seal);
  const hasPreviousPage = question.after !== null;
  let token: PageToken | null = start.token;
  let where: Place = 'delivered' in start ? { delivered: start.delivered } : { at: start.at, ids: start.ids };
  const edges: Edge<CustomerChange>[] = [];
  for (;;) {
    const page = await loadPage(token);
    const timeOrdered = inTimeOrder(page.changes);
    if (!timeOrdered) where = asKeys(where, page.changes);
    for (const change of page.changes) {
      if (handedOut(where, change)) continue;
      if (edges.length === question.first) return { edges, hasNextPage: true, hasPreviousPage };
      where = after(where, change, timeOrdered);
      const place: ChangeCursor = { since, token, ...where };
      edges.push(edgeOf(change, () => encode(place)));
    }
    // Read to the end of this page: a client polling later resumes here, even when nothing was new.
    const endCursor = encode({ since, token, ...where });
    if (page.next === null) return { edges, hasNextPage: false, hasPreviousPage, endCursor };
    token = page.next;
    where = START;
  }
}

/** How many changes since `since` the feed holds now (reads every page). */
export async function countChanges(loadPage: ChangePageLoader): Promise<number> {
  let count = 0;
  let token: PageToken | null = null;
  const seen = new Set<string>();
  do {
    const page = await loadPage(token);
    count += page.changes.length;
    const key = JSON.stringify(page.next);
    if (page.next !== null && seen.has(key)) break;
    seen.add(key);
    token = page.next;
  } while (token !== null);
  return count;
}
