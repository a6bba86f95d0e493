// The events of one subscription: the change log's entries after the client's position (its `after`,
// else now), source by source, then each new one as the log gets it. The stream reads the log at its
// own pace, so a slow client holds nothing in the gateway but its position.
import { GraphQLError } from 'graphql';
import type { CursorSeal } from '../connections/cursor-seal.ts';
import { badUserInput } from '../errors.ts';
import { type IndexedSources, keptScopes } from '../index/sync-state.ts';
import type { ChangeKind, ChangeOrigin, SyncScope } from '../index/types.ts';
import type { Customer, CustomerSourceName } from '../sources/model/index.ts';
import type { ChangeFeed } from './change-feed.ts';
import { type ChangeFilter, readChanges } from './change-reading.ts';
import { eventIdOf, positionsOf, type StreamPositions } from './event-ids.ts';

export type { ChangeFilter } from './change-reading.ts';

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
  after: string | null,
): AsyncGenerator<CustomerChangeEvent> {
  const held = open.get(clientId) ?? 0;
  if (held >= MAX_SUBSCRIPTIONS_PER_CLIENT) {
    throw new GraphQLError(`at most ${MAX_SUBSCRIPTIONS_PER_CLIENT} subscriptions may be open at once per client; close one first`, {
      extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' },
    });
  }
  const given = after === null ? null : positionsOf(after, seal);
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
  given: StreamPositions | null,
): AsyncGenerator<CustomerChangeEvent> {
  const scopes = keptScopes(index).filter((scope) => !filter.sources || filter.sources.includes(scope.source));
  const positions: Record<string, number> = {};
  for (const scope of scopes) {
    const at = given?.[scope.connection];
    positions[scope.connection] = at ?? (await index.store.lastChangeSeq(scope));
    if (at !== undefined) await mustStillBeKept(index, scope, at);
  }
  for (;;) {
    const rung = feed.rung();
    const read = await readChanges(feed, scopes, positions, filter);
    for (const { entry, customer, positions: at } of read.events) {
      yield {
        id: eventIdOf(at, seal),
        kind: entry.kind,
        origin: entry.origin,
        changedAt: entry.changedAt,
        source: entry.key.source,
        sourceId: entry.key.vendorId,
        customer,
      };
    }
    Object.assign(positions, read.positions);
    if (read.passed === 0) await feed.next(rung);
  }
}

/** A position whose next entries were purged (CHANGE_LOG_RETENTION) cannot be resumed from. */
async function mustStillBeKept(index: IndexedSources, scope: SyncScope, at: number): Promise<void> {
  const [oldest] = await index.store.changesSince(scope, 0, 1);
  const last = await index.store.lastChangeSeq(scope);
  if (at > last) throw badUserInput('`after` is not an event id this gateway handed out', 'after');
  if (oldest ? oldest.seq > at + 1 : at < last) {
    throw badUserInput(
      '`after` is older than the change log keeps (CHANGE_LOG_RETENTION): read the records again, then subscribe without `after`',
      'after',
    );
  }
}
