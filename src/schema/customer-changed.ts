// Live updates: `subscription { customerChanged }` — each change the synced index stores (the
// gateway's own writes, and what its sync finds at the vendors), from the change log, resumable.
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { badUserInput } from '../errors.ts';
import { type ChangeFilter, type CustomerChangeEvent, changeEvents, type ResumePoint } from '../live/change-events.ts';
import { answeringEvent } from '../live/sse-event-ids.ts';
import { builder } from './builder.ts';
import { changedCustomerId, customerKeyOfGlobalId, notACustomerId } from './customer-ids.ts';
import { CustomerRef } from './customer-ref.ts';
import { CustomerSourceEnum } from './enums.ts';

const ChangeKindEnum = builder.enumType('ChangeKind', {
  description: 'What a change did to a record.',
  values: {
    CREATED: { description: 'The record was made.' },
    UPDATED: { description: "The record's content changed (a vendor's own counters moving is no change)." },
    DELETED: { description: 'The record was deleted; the event carries its ids only.' },
  },
});

const ChangeOriginEnum = builder.enumType('ChangeOrigin', {
  description: 'Who made a change.',
  values: {
    GATEWAY_WRITE: { description: "A mutation of this gateway (any instance's)." },
    VENDOR: { description: "Made at the vendor: found by the index's sync (a tick or a full sweep), or by a live read." },
    MAPPING: {
      description:
        "The vendor's record is as it was, but this gateway now reads it differently (a new version's mapping; the index rebuilt the record).",
    },
  },
});

export const CustomerChangedFilter = builder.inputType('CustomerChangedFilter', {
  description: 'Which changes to receive; all of them when absent.',
  fields: (t) => ({
    sources: t.field({ type: [CustomerSourceEnum], required: false, description: 'Only changes of these sources.' }),
    ids: t.idList({ required: false, description: 'Only changes of these customers (global ids).' }),
    search: t.string({
      required: false,
      description:
        "Only creates and updates of customers whose text contains this (as `customers(filter: { search })`); every deletion of the selected sources comes, as a deleted record's text is gone.",
    }),
  }),
});

const CustomerChangeEventRef = builder.objectRef<CustomerChangeEvent>('CustomerChangeEvent').implement({
  description: 'One change of a customer, in the order the index stored the changes of its source.',
  fields: (t) => ({
    id: t.exposeID('id', {
      description:
        'Pass it as `after` to resume right after this event (at least once: an event may come again after a reconnect; drop the ids you have seen).',
    }),
    kind: t.field({ type: ChangeKindEnum, description: 'What the change did.', resolve: (event) => event.kind }),
    origin: t.field({ type: ChangeOriginEnum, description: 'Who made it.', resolve: (event) => event.origin }),
    changedAt: t.field({ type: 'DateTime', description: 'When the index stored the change.', resolve: (event) => event.changedAt }),
    source: t.field({ type: CustomerSourceEnum, description: 'The source of the changed customer.', resolve: (event) => event.source }),
    customerId: t.id({
      description: "The customer's global id (Customer.id), also for a deletion.",
      resolve: (event, _args, ctx) => changedCustomerId(event.source, event.sourceId, event.customer, ctx.loaders.platform.organization),
    }),
    customer: t.field({
      type: CustomerRef,
      nullable: true,
      description: 'The customer as the index holds it now; null for a deletion, or a customer deleted since.',
      resolve: (event) => event.customer,
    }),
  }),
});

builder.subscriptionType({ description: 'Live updates, over Server-Sent Events or WebSocket.' });

builder.subscriptionField('customerChanged', (t) =>
  t.field({
    type: CustomerChangeEventRef,
    authScopes: { 'customers:read': true },
    description:
      'Each change of a customer the synced index stores — the gateway’s own writes at once, changes at a vendor when the sync finds them (README: "Live updates") — from now, or from right after `after`. Needs the synced index.',
    args: {
      filter: t.arg({ type: CustomerChangedFilter, required: false, description: 'Which changes; all when absent.' }),
      after: t.arg.string({
        required: false,
        description: 'An event id: receive what came after it first (what was missed), then live events.',
      }),
    },
    subscribe: (_root, args, ctx) => {
      if (!ctx.index || !ctx.changes) {
        throw new GraphQLError('live updates need the synced index (INDEX is off)', { extensions: { code: 'INDEX_OFF' } });
      }
      return changeEvents(
        ctx.client.clientId,
        ctx.index,
        ctx.changes,
        ctx.cursors,
        changeFilterOf(args.filter),
        resumePointOf(args.after, ctx),
      );
    },
    resolve: (event, _args, ctx) => {
      answeringEvent(ctx, event.id);
      return event;
    },
  }),
);

type ChangedFilterInput = { sources?: string[] | null; ids?: string[] | null; search?: string | null } | null | undefined;

/** The filter as the change log's readers take it; an id that names no customer is refused by `refuse` (it names the field). */
export function changeFilterOf(
  filter: ChangedFilterInput,
  refuse: (message: string) => Error = (message) => badUserInput(message, 'filter.ids'),
): ChangeFilter {
  const records = filter?.ids?.map((id) => {
    const key = customerKeyOfGlobalId(id);
    if (!key) throw refuse(notACustomerId(id));
    return { source: key.source, sourceId: key.id };
  });
  return {
    ...(filter?.sources ? { sources: filter.sources as ChangeFilter['sources'] & string[] } : {}),
    ...(records ? { records } : {}),
    ...(filter?.search ? { search: filter.search } : {}),
  };
}

/** A reconnecting EventSource's `Last-Event-ID` is the newer position: it wins over the `after` of the first request. */
function resumePointOf(after: string | null | undefined, ctx: GatewayContext): ResumePoint | null {
  const lastEventId = ctx.request.headers.get('last-event-id');
  if (lastEventId) return { eventId: lastEventId, field: 'Last-Event-ID' };
  return after ? { eventId: after, field: 'after' } : null;
}
