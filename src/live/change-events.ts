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
import { type ChangeFilter, followedScopes, positionsFrom, readChanges, stillKept } from './change-reading.ts';
import { type EventIdField, eventIdOf, positionsOf, type StreamPositions } from './event-ids.ts';

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

/** An event id to resume right after, and where the client gave it. */
export interface ResumePoint {
  eventId: string;
  field: EventIdField;
}

/** Open subscriptions per client (API key or token client) on one instance. */
export const MAX_SUBSCRIPTIONS_PER_CLIENT = 20;

const open = new Map<string, number>();

/**
 * The events for `clientId`'s subscription. Refused (TOO_MANY_SUBSCRIPTIONS) when the client already
 * holds MAX_SUBSCRIPTIONS_PER_CLIENT open streams here; the stream counts until it ends. Resolves once
 * the stream's place in the log is fixed — before the response starts — so that a change made as soon
 * as the client sees the stream open is among its events.
 */
export async function changeEvents(
  clientId: string,
  index: IndexedSources,
  feed: ChangeFeed,
  seal: CursorSeal,
  filter: ChangeFilter,
  after: ResumePoint | null,
): Promise<AsyncIterableIterator<CustomerChangeEvent>> {
  const held = open.get(clientId) ?? 0;
  if (held >= MAX_SUBSCRIPTIONS_PER_CLIENT) {
    throw new GraphQLError(`at most ${MAX_SUBSCRIPTIONS_PER_CLIENT} subscriptions may be open at once per client; close one first`, {
      extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' },
    });
  }
  const given = after === null ? null : positionsOf(after.eventId, seal, after.field);
  open.set(clientId, held + 1);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    const now = (open.get(clientId) ?? 1) - 1;
    if (now > 0) open.set(clientId, now);
    else open.delete(clientId);
  };
  const ended = new AbortController();
  let events: AsyncGenerator<CustomerChangeEvent>;
  try {
    const scopes = followedScopes(keptScopes(index), filter);
    events = stream(feed, seal, filter, scopes, await startingPositions(index, scopes, given, after?.field ?? 'after'), ended.signal);
  } catch (error) {
    release();
    throw error;
  }
  // Not a generator around it: a generator's return waits for the read in flight (up to MAX_WAIT_MS),
  // and the client's count must drop as soon as its stream is closed.
  const counted: AsyncIterableIterator<CustomerChangeEvent> = {
    [Symbol.asyncIterator]: () => counted,
    async next() {
      try {
        const step = await events.next();
        if (step.done) release();
        return step;
      } catch (error) {
        release();
        throw error;
      }
    },
    async return(value?: unknown) {
      release();
      ended.abort();
      return events.return(value);
    },
    async throw(error) {
      release();
      ended.abort();
      return events.throw(error);
    },
  };
  return counted;
}

async function* stream(
  feed: ChangeFeed,
  seal: CursorSeal,
  filter: ChangeFilter,
  scopes: readonly SyncScope[],
  positions: Record<string, number>,
  ended: AbortSignal,
): AsyncGenerator<CustomerChangeEvent> {
  while (!ended.aborted) {
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
    if (read.passed === 0) await feed.next(rung, ended);
  }
}

/** Each followed source's place: the given one (which must still be kept), else the end of its log now. */
async function startingPositions(
  index: IndexedSources,
  scopes: readonly SyncScope[],
  given: StreamPositions | null,
  field: EventIdField,
): Promise<Record<string, number>> {
  for (const scope of scopes) {
    const at = given?.[scope.connection];
    if (at === undefined) continue;
    const kept = await stillKept(index, scope, at);
    if (kept === null) throw badUserInput(`\`${field}\` is not an event id this gateway handed out`, field);
    if (!kept) {
      throw badUserInput(
        `\`${field}\` is older than the change log keeps (CHANGE_LOG_RETENTION): read the records again, then subscribe without it`,
        field,
      );
    }
  }
  return positionsFrom(index, scopes, given ?? {});
}
