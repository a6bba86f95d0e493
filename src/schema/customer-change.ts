// The CRM change feed: customers changed since a moment, resumable from a stored cursor. Its export
// shows no deletions (crm-customers.txt), and the description says so.
import { pageSizeArgument } from '../plugins/page-size.ts';
import type { CustomerChange } from '../sources/model/index.ts';
import { builder } from './builder.ts';
import { CustomerRef } from './customer-ref.ts';

const CustomerChangeRef = builder.objectRef<CustomerChange>('CustomerChange').implement({
  description: 'A customer as it is after a change.',
  fields: (t) => ({
    customer: t.field({
      type: CustomerRef,
      description: 'The CRM customer as it was read from the export, after the change.',
      resolve: (change) => change.customer,
    }),
    changedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: "The CRM's `updatedAt` (else `createdAt`), in UTC; null when the record carries neither.",
      resolve: (change) => change.changedAt,
    }),
    archived: t.exposeBoolean('archived', {
      description:
        'The customer is archived in this version of the record (CRM `archivedAt` set): the change archived it, or it stayed archived.',
    }),
  }),
});

const CustomerChangeConnection = builder.connectionObject(
  {
    type: CustomerChangeRef,
    name: 'CustomerChangeConnection',
    description:
      'A page of the CRM change feed, oldest change first. `hasNextPage` false means the feed is read to its end for now: keep `endCursor` to ask again later.',
    edgesField: { description: 'The changes of this page, oldest first, each with its cursor.' },
  },
  {
    description: 'One change in the feed, with the cursor to resume after it.',
    nodeField: { description: 'The change.' },
  },
);

builder.queryField('customerChanges', (t) =>
  t.field({
    type: CustomerChangeConnection,
    nullable: true,
    authScopes: { 'customers:read': true },
    description:
      'CRM customers changed since `since`, oldest change first (the PLATFORM is not in this feed: its customers carry no change times). Deletions are not reported: the CRM export lists only customers that exist, so one deleted in the CRM just stops appearing (`customer(id)` then answers NOT_FOUND); archived customers do come, with `archived: true`. Store `pageInfo.endCursor` and pass it as `after` (with the same `since`) to resume exactly where you stopped: nothing is skipped or repeated; a customer that changed again comes again, as a new change. null (with a SOURCE_UNAVAILABLE error) when the CRM cannot be read.',
    args: {
      since: t.arg({
        type: 'DateTime',
        required: true,
        description: "Changes at or after this moment (the CRM export's `updatedSince`); keep it the same while paging.",
      }),
      first: t.arg.int({
        defaultValue: 50,
        description: "How many changes, at most the gateway's `MAX_PAGE_SIZE` (100 unless configured).",
        validate: pageSizeArgument,
      }),
      after: t.arg.string({ description: "A cursor from this feed (`pageInfo.endCursor` or an edge's `cursor`): continue after it." }),
    },
    resolve: (_root, args, ctx) =>
      ctx.loaders.changes.connection({ since: args.since, first: args.first ?? 50, after: args.after ?? null }),
  }),
);
