// webhookDeliveries: what was sent to one of your webhooks, newest first — each event's attempts and
// outcome, the receiver's last status or the class of its failure (never a body).
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { connectionOf } from '../connections/connection.ts';
import { edgeOf } from '../connections/pager.ts';
import { badUserInput } from '../errors.ts';
import type { DeliveryOutcome, WebhookDelivery } from '../index/webhooks.ts';
import { pageSizeArgument } from '../plugins/page-size.ts';
import { ValidationError } from '../sources/errors.ts';
import { builder } from './builder.ts';
import { webhookIdArgument, webhooksOf } from './webhook.ts';

const DeliveryOutcomeEnum = builder.enumType('WebhookDeliveryOutcome', {
  description: 'How the delivery of one event stands.',
  values: {
    PENDING: { description: 'Being sent.' },
    DELIVERED: { description: 'The receiver acknowledged it (2xx).' },
    FAILING: { description: 'Not acknowledged yet (a status other than 2xx, or no answer): retried with backoff.' },
    EXPIRED: { description: 'Given up: the webhook expired before it was acknowledged.' },
  } satisfies Record<DeliveryOutcome, unknown>,
});

const WebhookDeliveryRef = builder.objectRef<WebhookDelivery>('WebhookDelivery').implement({
  description: 'The delivery of one event to a webhook.',
  fields: (t) => ({
    eventId: t.exposeString('eventId', { description: 'The event id (the `webhook-id` header; `after` of `customerChanged`).' }),
    attempts: t.exposeInt('attempts', { description: 'POSTs made.' }),
    outcome: t.field({ type: DeliveryOutcomeEnum, description: 'Where it stands.', resolve: (delivery) => delivery.outcome }),
    lastStatus: t.exposeInt('lastStatus', { nullable: true, description: "The receiver's last HTTP status; null when none came." }),
    lastError: t.exposeString('lastError', {
      nullable: true,
      description:
        'Why the last attempt was no acknowledgement: NOT_2XX, TIMEOUT, CONNECTION_REFUSED, DNS_FAILURE, ADDRESS_NOT_ALLOWED, TLS_FAILURE or CONNECTION_FAILED; null once delivered.',
    }),
    firstTriedAt: t.field({ type: 'DateTime', description: 'The first attempt.', resolve: (delivery) => delivery.firstTriedAt }),
    lastTriedAt: t.field({ type: 'DateTime', description: 'The last attempt.', resolve: (delivery) => delivery.lastTriedAt }),
    deliveredAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was acknowledged.',
      resolve: (delivery) => delivery.deliveredAt,
    }),
  }),
});

const WebhookDeliveryConnection = builder.connectionObject(
  {
    type: WebhookDeliveryRef,
    name: 'WebhookDeliveryConnection',
    description: "A page of a webhook's deliveries, newest first (kept for CHANGE_LOG_RETENTION).",
    edgesField: { description: 'The deliveries of this page, newest first.' },
  },
  { description: 'One delivery, with the cursor to continue after it.', nodeField: { description: 'The delivery.' } },
);

const cursorSchema = z.object({ webhook: z.string(), seq: z.number().int().positive() });

builder.queryField('webhookDeliveries', (t) =>
  t.field({
    type: WebhookDeliveryConnection,
    authScopes: { 'webhooks:manage': true },
    description: 'The deliveries to one of your webhooks, newest first. Needs the `webhooks:manage` scope.',
    args: {
      webhookId: t.arg.id({ required: true, description: "The webhook's id." }),
      first: t.arg.int({ defaultValue: 20, description: 'How many, at most MAX_PAGE_SIZE.', validate: pageSizeArgument }),
      after: t.arg.string({ description: 'A cursor of this connection: continue after it.' }),
    },
    resolve: async (_root, args, ctx) => {
      const store = webhooksOf(ctx).index.store.webhooks;
      let id: string | null;
      try {
        id = webhookIdArgument(String(args.webhookId), 'webhookId');
      } catch (error) {
        if (error instanceof ValidationError) throw badUserInput(error.message, error.field);
        throw error;
      }
      if (id === null || !(await store.get(ctx.client.clientId, id))) {
        throw new GraphQLError('none of your webhooks has this id', { extensions: { code: 'NOT_FOUND', field: 'webhookId' } });
      }
      const webhookId = id;
      let before: number | null = null;
      if (args.after) {
        const cursor = cursorSchema.safeParse(ctx.cursors.open(args.after));
        if (!cursor.success || cursor.data.webhook !== webhookId)
          throw badUserInput('`after` is not a cursor this connection handed out', 'after');
        before = cursor.data.seq;
      }
      const first = args.first ?? 20;
      const rows = await store.deliveries(webhookId, before, first + 1);
      const page = rows.slice(0, first);
      const edges = page.map((delivery) => edgeOf(delivery, () => ctx.cursors.seal({ webhook: webhookId, seq: delivery.seq })));
      return connectionOf({ edges, hasNextPage: rows.length > first, hasPreviousPage: before !== null, failures: [] }, async () => ({
        total: await store.countDeliveries(webhookId),
        failures: [],
      }));
    },
  }),
);
