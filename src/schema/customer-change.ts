// The CRM change feed: customers changed since a moment, resumable from a stored cursor.
import { z } from 'zod';
import type { GatewayContext } from '../context.ts';
import { changePageLoader, countChanges, pageChanges } from '../loaders/change-feed.ts';
import { SourceError } from '../sources/errors.ts';
import type { ChangeFeed, CustomerChange } from '../sources/model.ts';
import { builder } from './builder.ts';
import { connectionOf } from './connection.ts';
import { CustomerRef } from './customer-ref.ts';

const CustomerChangeRef = builder.objectRef<CustomerChange>('CustomerChange').implement({
  description: 'A customer as it is after a change.',
  fields: (t) => ({
    customer: t.field({ type: CustomerRef, resolve: (change) => change.customer }),
    changedAt: t.field({ type: 'DateTime', nullable: true, description: 'The CRM\'s `updatedAt` (else `createdAt`).', resolve: (change) => change.changedAt }),
    archived: t.exposeBoolean('archived', { description: 'The change archived the customer (or it is archived now).' }),
  }),
});

const CustomerChangeConnection = builder.connectionObject({ type: CustomerChangeRef, name: 'CustomerChangeConnection' });

function changeFeed(ctx: GatewayContext): ChangeFeed {
  const crm = ctx.sources.CRM;
  if (!crm) throw new SourceError('CRM', 'NOT_CONFIGURED');
  return crm.changes;
}

builder.queryField('customerChanges', (t) =>
  t.field({
    type: CustomerChangeConnection,
    authScopes: { 'customers:read': true },
    description:
      'CRM customers changed since `since`, oldest change first. Store `pageInfo.endCursor` and pass it as `after` (with the same `since`) to resume exactly where you stopped: nothing is skipped or repeated; a customer that changed again comes again, as a new change.',
    args: {
      since: t.arg({ type: 'DateTime', required: true }),
      first: t.arg.int({ defaultValue: 50, validate: z.number().int().min(0, 'must not be negative').max(100, 'must be at most 100') }),
      after: t.arg.string(),
    },
    resolve: async (_root, args, ctx) => {
      const loadPage = changePageLoader(changeFeed(ctx), args.since, ctx.call);
      const paged = await pageChanges({ since: args.since, first: args.first ?? 50, after: args.after ?? null }, loadPage);
      return connectionOf({ ...paged, failures: [] }, () => countChanges(loadPage));
    },
  }),
);
