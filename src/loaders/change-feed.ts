// The CRM change feed as a connection a client can stop and resume: each cursor holds the vendor's
// page cursor and the changes of that page already handed out, so a page that shifted because
// records changed meanwhile is neither skipped nor repeated (a record changed again is a new change).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { badUserInput } from '../errors.ts';
import type { ChangeFeed, ChangePage, CustomerChange, JsonValue, PageToken, SourceCall } from '../sources/model.ts';
import type { Edge, Paged } from './paging.ts';

const MAX_CURSOR_LENGTH = 4_096;

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);
const cursorSchema = z.object({ since: z.string(), token: jsonValue, delivered: z.array(z.string().max(16)).max(1_000) });
type ChangeCursor = z.output<typeof cursorSchema>;

function encode(cursor: ChangeCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decode(raw: string, since: string): ChangeCursor {
  const invalid = () => badUserInput('`after` is not a cursor this feed handed out', 'after');
  if (raw.length > MAX_CURSOR_LENGTH) throw invalid();
  let parsed;
  try {
    parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch {
    throw invalid();
  }
  if (!parsed.success) throw invalid();
  if (parsed.data.since !== since) throw badUserInput('`after` was handed out for another `since`; resume with the same `since`', 'after');
  return parsed.data;
}

/** One change of one record: its id and the time it changed. */
function changeKey(change: CustomerChange): string {
  const version = `${change.customer.sourceId}@${change.changedAt?.toISOString() ?? ''}`;
  return createHash('sha256').update(version).digest('base64url').slice(0, 12);
}

export type ChangePageLoader = (token: PageToken | null) => Promise<ChangePage>;

export function changePageLoader(feed: ChangeFeed, since: Date, call: SourceCall): ChangePageLoader {
  const pages = new Map<string, Promise<ChangePage>>();
  return (token) => {
    const key = JSON.stringify(token);
    let page = pages.get(key);
    if (!page) {
      page = feed.changesSince(since, token, call);
      pages.set(key, page);
    }
    return page;
  };
}

export async function pageChanges(
  question: { since: Date; first: number; after: string | null },
  loadPage: ChangePageLoader,
): Promise<Omit<Paged<CustomerChange>, 'failures'>> {
  const since = question.since.toISOString();
  const start = question.after === null ? { since, token: null, delivered: [] } : decode(question.after, since);
  let token: PageToken | null = start.token;
  let delivered = [...start.delivered];
  const edges: Edge<CustomerChange>[] = [];
  for (;;) {
    const page = await loadPage(token);
    for (const change of page.changes) {
      const key = changeKey(change);
      if (delivered.includes(key)) continue;
      if (edges.length === question.first) return { edges, hasNextPage: true, hasPreviousPage: question.after !== null };
      delivered = [...delivered, key];
      edges.push({ cursor: encode({ since, token, delivered }), node: change });
    }
    if (page.next === null) return { edges, hasNextPage: false, hasPreviousPage: question.after !== null };
    token = page.next;
    delivered = [];
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
