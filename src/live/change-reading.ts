// Reading the change log from a position: what a subscription's stream and a webhook's deliverer both
// do. The next entries of the followed sources, merged in one order (so a change carries one id live
// and replayed), each with the record as the index holds it now, the filter applied.
import type { IndexedSources } from '../index/sync-state.ts';
import type { ChangeEntry, SyncScope } from '../index/types.ts';
import { customerMatchesSearch } from '../sources/kit/customer-filter.ts';
import type { Customer, CustomerSourceName } from '../sources/model/index.ts';
import type { ChangeFeed } from './change-feed.ts';
import type { StreamPositions } from './event-ids.ts';

export interface ChangeFilter {
  sources?: readonly CustomerSourceName[];
  /** Only these records. */
  records?: ReadonlyArray<{ source: CustomerSourceName; sourceId: string }>;
  /** Creates and updates of records whose text contains it (as `customers(filter: { search })`); deletions all come. */
  search?: string;
}

/** An entry the filter wants, its record, and where a reader stands once it has passed it. */
export interface LogEvent {
  entry: ChangeEntry;
  /** The record as the index holds it now; null for a deletion, or for a record deleted since. */
  customer: Customer | null;
  positions: StreamPositions;
}

export interface LogRead {
  events: LogEvent[];
  /** Past every entry read, wanted or not. */
  positions: StreamPositions;
  /** How many entries were read (0: nothing new). */
  passed: number;
}

/** Entries read from a source's log at a time. */
const BATCH = 100;

/** The scopes a filter follows, in the sources' order. */
export function followedScopes(scopes: readonly SyncScope[], filter: ChangeFilter): SyncScope[] {
  return scopes.filter((scope) => !filter.sources || filter.sources.includes(scope.source));
}

/** Each followed source's place: as `from` names it, else the end of its log now (what comes next is new). */
export async function positionsFrom(
  index: IndexedSources,
  scopes: readonly SyncScope[],
  from: StreamPositions = {},
): Promise<Record<string, number>> {
  const positions: Record<string, number> = {};
  for (const scope of scopes) positions[scope.connection] = from[scope.connection] ?? (await index.store.lastChangeSeq(scope));
  return positions;
}

/** The wanted entries after `positions` (an empty read: nothing new yet). */
export async function readChanges(
  feed: ChangeFeed,
  scopes: readonly SyncScope[],
  from: StreamPositions,
  filter: ChangeFilter,
): Promise<LogRead> {
  const positions: Record<string, number> = { ...from };
  const due = await nextEntries(feed, scopes, positions);
  const records = await feed.recordsOf(due);
  const events: LogEvent[] = [];
  for (const [at, entry] of due.entries()) {
    positions[entry.key.connection] = entry.seq;
    const customer = entry.kind === 'DELETED' ? null : (records[at] ?? null);
    if (wanted(entry, customer, filter)) events.push({ entry, customer, positions: { ...positions } });
  }
  return { events, positions, passed: due.length };
}

/**
 * The entries after `positions`, the sources merged in one order that a live stream and a replay from
 * an event id both follow, so that a change carries the same id either way (a client drops repeats by
 * id): each source's entries by number (the order stored: a position only moves forward), the sources
 * interleaved by when each entry was stored, then by the sources' order. Times alone would not do:
 * two transactions may take their numbers in the other order than their clocks. A source that had
 * more than a batch bounds what may go out now: the merge stops where its read ends.
 */
async function nextEntries(feed: ChangeFeed, scopes: readonly SyncScope[], positions: StreamPositions): Promise<ChangeEntry[]> {
  const read = await Promise.all(scopes.map((scope) => feed.changesSince(scope, positions[scope.connection] ?? 0, BATCH)));
  const next = read.map(() => 0);
  const merged: ChangeEntry[] = [];
  for (;;) {
    let chosen = -1;
    for (const [source, entries] of read.entries()) {
      const head = entries[next[source] ?? 0];
      // This source may have more than was read: nothing may go out before its next entry is known.
      if (head === undefined && entries.length === BATCH) return merged;
      if (head === undefined) continue;
      const best = chosen < 0 ? undefined : read[chosen]?.[next[chosen] ?? 0];
      if (best === undefined || head.changedAt.getTime() < best.changedAt.getTime()) chosen = source;
    }
    if (chosen < 0) return merged;
    merged.push(read[chosen]?.[next[chosen] ?? 0] as ChangeEntry);
    next[chosen] = (next[chosen] ?? 0) + 1;
  }
}

function wanted(entry: ChangeEntry, customer: Customer | null, filter: ChangeFilter): boolean {
  if (filter.records && !filter.records.some((r) => r.source === entry.key.source && r.sourceId === entry.key.vendorId)) return false;
  if (filter.search === undefined || entry.kind === 'DELETED') return true;
  return customer !== null && customerMatchesSearch(customer, filter.search);
}

/**
 * Whether the entries after `at` are all still kept: false once the change log's retention purged
 * some of them (CHANGE_LOG_RETENTION); null when `at` is past the last number given (not ours).
 */
export async function stillKept(index: IndexedSources, scope: SyncScope, at: number): Promise<boolean | null> {
  const [purged, last] = await Promise.all([index.store.purgedThrough(scope), index.store.lastChangeSeq(scope)]);
  if (at > last) return null;
  return at >= purged;
}
