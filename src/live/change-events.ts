// The events of one subscription: the change log's entries after the client's position (its `after`,
// else now), source by source, then each new one as the log gets it. The stream reads the log at its
// own pace, so a slow client holds nothing in the gateway but its position.
import { GraphQLError } from 'graphql';
import type { CursorSeal } from '../connections/cursor-seal.ts';
import { badUserInput } from '../errors.ts';
import { type IndexedSources, keptScopes } from '../index/sync-state.ts';
import type { ChangeEntry, ChangeKind, ChangeOrigin, SyncScope } from '../index/types.ts';
import { customerMatchesSearch } from '../sources/kit/customer-filter.ts';
import type { Customer, CustomerSourceName } from '../sources/model/index.ts';
import type { ChangeFeed } from './change-feed.ts';
import { type EventIdField, eventIdOf, positionsOf, type StreamPositions } from './event-ids.ts';

export interface CustomerChangeEvent {
  /** Resumes the stream right after this event (`after`). */
  id: string;
  kind: ChangeKind;
  origin: ChangeOrigin;
  changedAt: Date;
  source: CustomerSourceName;
  sourceId: string;
  /** The record as the index holds it now; null for a deletion (ids only), or for a record deleted since. */
  customer: Customer | null;
}

export interface ChangeFilter {
  sources?: readonly CustomerSourceName[];
  /** Only these records. */
  records?: ReadonlyArray<{ source: CustomerSourceName; sourceId: string }>;
  /** Creates and updates of records whose text contains it (as `customers(filter: { search })`); deletions all come. */
  search?: string;
}

/** An event id to resume right after, and where the client gave it. */
export interface ResumePoint {
  eventId: string;
  field: EventIdField;
}

/** Entries read from a source's log at a time. */
const BATCH = 100;

/** Open subscriptions per client (API key or token client) on one instance. */
export const MAX_SUBSCRIPTIONS_PER_CLIENT = 20;

const open = new Map<string, number>();

/**
 * The events for `clientId`'s subscription. Refused (TOO_MANY_SUBSCRIPTIONS) when the client already
 * holds MAX_SUBSCRIPTIONS_PER_CLIENT open streams here; the stream counts until it ends.
 */
export function changeEvents(
  clientId: string,
  index: IndexedSources,
  feed: ChangeFeed,
  seal: CursorSeal,
  filter: ChangeFilter,
  after: ResumePoint | null,
): AsyncGenerator<CustomerChangeEvent> {
  const held = open.get(clientId) ?? 0;
  if (held >= MAX_SUBSCRIPTIONS_PER_CLIENT) {
    throw new GraphQLError(`at most ${MAX_SUBSCRIPTIONS_PER_CLIENT} subscriptions may be open at once per client; close one first`, {
      extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' },
    });
  }
  const given = after === null ? null : { positions: positionsOf(after.eventId, seal, after.field), field: after.field };
  open.set(clientId, held + 1);
  const release = () => {
    const now = (open.get(clientId) ?? 1) - 1;
    if (now > 0) open.set(clientId, now);
    else open.delete(clientId);
  };
  const events = stream(index, feed, seal, filter, given);
  return (async function* counted() {
    try {
      yield* events;
    } finally {
      release();
    }
  })();
}

async function* stream(
  index: IndexedSources,
  feed: ChangeFeed,
  seal: CursorSeal,
  filter: ChangeFilter,
  given: { positions: StreamPositions; field: EventIdField } | null,
): AsyncGenerator<CustomerChangeEvent> {
  const scopes = keptScopes(index).filter((scope) => !filter.sources || filter.sources.includes(scope.source));
  const positions: Record<string, number> = {};
  for (const scope of scopes) {
    const at = given?.positions[scope.connection];
    positions[scope.connection] = at ?? (await index.store.lastChangeSeq(scope));
    if (given && at !== undefined) await mustStillBeKept(index, scope, at, given.field);
  }
  for (;;) {
    const rung = feed.rung();
    const due = await nextEntries(feed, scopes, positions);
    const records = await feed.recordsOf(due);
    for (const [at, entry] of due.entries()) {
      positions[entry.key.connection] = entry.seq;
      const customer = records[at] ?? null;
      if (!wanted(entry, customer, filter)) continue;
      yield {
        id: eventIdOf(positions, seal),
        kind: entry.kind,
        origin: entry.origin,
        changedAt: entry.changedAt,
        source: entry.key.source,
        sourceId: entry.key.vendorId,
        customer: entry.kind === 'DELETED' ? null : customer,
      };
    }
    if (due.length === 0) await feed.next(rung);
  }
}

/**
 * The entries after `positions`, the sources merged in one order — by when stored, then the sources'
 * order, then number — that a live stream and a replay from an event id both follow, so that a change
 * carries the same id either way (a client drops repeats by id). A source that had more than a batch
 * bounds what may go out now: nothing of another source stored after its last one read.
 */
async function nextEntries(feed: ChangeFeed, scopes: readonly SyncScope[], positions: Record<string, number>): Promise<ChangeEntry[]> {
  const read = await Promise.all(scopes.map((scope) => feed.changesSince(scope, positions[scope.connection] ?? 0, BATCH)));
  const rank = new Map(scopes.map((scope, at) => [scope.connection, at]));
  const order = (a: ChangeEntry, b: ChangeEntry) =>
    a.changedAt.getTime() - b.changedAt.getTime() || (rank.get(a.key.connection) ?? 0) - (rank.get(b.key.connection) ?? 0) || a.seq - b.seq;
  const bounds = read.filter((entries) => entries.length === BATCH).map((entries) => entries.at(-1) as ChangeEntry);
  const bound = bounds.sort(order)[0];
  return read
    .flat()
    .filter((entry) => bound === undefined || order(entry, bound) <= 0)
    .sort(order);
}

function wanted(entry: ChangeEntry, customer: Customer | null, filter: ChangeFilter): boolean {
  if (filter.records && !filter.records.some((r) => r.source === entry.key.source && r.sourceId === entry.key.vendorId)) return false;
  if (filter.search === undefined || entry.kind === 'DELETED') return true;
  return customer !== null && customerMatchesSearch(customer, filter.search);
}

/** A position whose next entries were purged (CHANGE_LOG_RETENTION) cannot be resumed from. */
async function mustStillBeKept(index: IndexedSources, scope: SyncScope, at: number, field: EventIdField): Promise<void> {
  const [oldest] = await index.store.changesSince(scope, 0, 1);
  const last = await index.store.lastChangeSeq(scope);
  if (at > last) throw badUserInput(`\`${field}\` is not an event id this gateway handed out`, field);
  if (oldest ? oldest.seq > at + 1 : at < last) {
    throw badUserInput(
      `\`${field}\` is older than the change log keeps (CHANGE_LOG_RETENTION): read the records again, then subscribe without it`,
      field,
    );
  }
}
