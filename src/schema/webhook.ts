// Webhooks: a backend registers a URL and receives each change of a customer as a signed POST (README
// "Webhooks"). A client manages its own webhooks only, under `webhooks:manage`; they need the index.
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.ts';
import type { StoredWebhook, WebhookStatus } from '../index/webhooks.ts';
import type { LogEvent } from '../live/change-reading.ts';
import { ValidationError } from '../sources/errors.ts';
import type { CustomerSourceName } from '../sources/model/index.ts';
import { filterOfStored } from '../webhooks/filter.ts';
import {
  deleteWebhook,
  MAX_WEBHOOKS_PER_CLIENT,
  registerWebhook,
  WebhookLimitReachedError,
  WebhookNotFoundError,
  type Webhooks,
} from '../webhooks/registration.ts';
import { builder } from './builder.ts';
import { CustomerChangedFilter, changeFilterOf } from './customer-changed.ts';
import { changedCustomerId } from './customer-ids.ts';
import { CustomerSourceEnum } from './enums.ts';
import { ErrorInterface } from './errors.ts';
import { decodeGlobalId, encodeGlobalId } from './global-id.ts';

const WebhookStatusEnum = builder.enumType('WebhookStatus', {
  description: 'Where deliveries to a webhook stand.',
  values: {
    ACTIVE: { description: 'Delivering: every event so far was acknowledged, or is being sent.' },
    FAILING: { description: 'An event was not acknowledged; it is retried with backoff, later events wait behind it.' },
    EXPIRED: {
      description:
        'Its position left the change log (CHANGE_LOG_RETENTION) before its events were acknowledged: nothing more is sent. Read the records again, then create a new webhook.',
    },
  } satisfies Record<WebhookStatus, unknown>,
});

interface WebhookFilterView {
  sources: CustomerSourceName[] | null;
  ids: string[] | null;
  search: string | null;
}

const WebhookFilterRef = builder.objectRef<WebhookFilterView>('WebhookFilter').implement({
  description: 'Which changes a webhook receives (as CustomerChangedFilter); all when every field is null.',
  fields: (t) => ({
    sources: t.field({
      type: [CustomerSourceEnum],
      nullable: true,
      description: 'Only these sources.',
      resolve: (f) => f.sources,
    }),
    ids: t.idList({ nullable: true, description: 'Only these customers (global ids).', resolve: (f) => f.ids }),
    search: t.string({
      nullable: true,
      description: 'Only creates and updates of customers whose text contains this.',
      resolve: (f) => f.search,
    }),
  }),
});

export const WebhookRef = builder.objectRef<StoredWebhook>('Webhook').implement({
  description: 'A URL that receives each change of a customer as a signed POST (README "Webhooks").',
  fields: (t) => ({
    id: t.id({ description: 'Its global id.', resolve: (webhook) => webhookGlobalId(webhook.id) }),
    url: t.field({ type: 'URL', description: 'Where events are POSTed.', resolve: (webhook) => webhook.url }),
    filter: t.field({
      type: WebhookFilterRef,
      description: 'Which changes it receives.',
      resolve: (webhook, _args, ctx) => filterView(webhook, ctx),
    }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was registered.', resolve: (webhook) => webhook.createdAt }),
    status: t.field({ type: WebhookStatusEnum, description: 'Where its deliveries stand.', resolve: (webhook) => webhook.status }),
    lastEventId: t.string({
      nullable: true,
      description: 'The id of the last event it acknowledged (the `webhook-id` header); null before the first.',
      resolve: (webhook) => webhook.lastEventId,
    }),
    lastDeliveredAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it last acknowledged an event.',
      resolve: (webhook) => webhook.lastDeliveredAt,
    }),
  }),
});

interface WebhookCreated {
  webhook: StoredWebhook;
  secret: string;
}

const CreateWebhookSuccess = builder.objectRef<WebhookCreated>('CreateWebhookSuccess').implement({
  description: 'The webhook is registered; events start with the next change.',
  fields: (t) => ({
    webhook: t.field({ type: WebhookRef, description: 'The webhook.', resolve: (created) => created.webhook }),
    secret: t.exposeString('secret', {
      description: 'The signing secret (`whsec_…`, Standard Webhooks): shown this once only. Keep it where your receiver reads it.',
    }),
  }),
});

builder.objectType(WebhookLimitReachedError, {
  name: 'WebhookLimitReached',
  description: `The client already has ${MAX_WEBHOOKS_PER_CLIENT} webhooks. Nothing was stored.`,
  interfaces: [ErrorInterface],
  fields: (t) => ({ limit: t.exposeInt('limit', { description: 'Webhooks a client may have.' }) }),
});

builder.objectType(WebhookNotFoundError, {
  name: 'WebhookNotFound',
  description: 'None of your webhooks has this id.',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});

const CreateWebhookInput = builder.inputType('CreateWebhookInput', {
  description: 'A webhook to register.',
  fields: (t) => ({
    url: t.field({
      type: 'URL',
      required: true,
      description:
        'Where to POST each event: https (http only outside production); in production never a loopback, private, link-local or other internal address, nor a name that resolves to one; no user name or password in it.',
    }),
    filter: t.field({ type: CustomerChangedFilter, required: false, description: 'Which changes; all when absent.' }),
  }),
});

builder.mutationField('createWebhook', (t) =>
  t.field({
    type: CreateWebhookSuccess,
    authScopes: { 'webhooks:manage': true },
    description: `Registers a URL that receives each change of a customer (as \`customerChanged\` would tell it) as a signed POST, retried until acknowledged. At most ${MAX_WEBHOOKS_PER_CLIENT} per client. Needs the synced index and the \`webhooks:manage\` scope.`,
    args: { input: t.arg({ type: CreateWebhookInput, required: true, description: 'The URL and filter.' }) },
    errors: {
      types: [ValidationError, WebhookLimitReachedError],
      directResult: true,
      union: { name: 'CreateWebhookResult', description: 'The webhook and its secret, or why nothing was stored.' },
    },
    resolve: (_root, args, ctx) => {
      const filter = changeFilterOf(args.input.filter, (message) => new ValidationError('input.filter.ids', message));
      return registerWebhook(webhooksOf(ctx), ctx.client.clientId, String(args.input.url), filter);
    },
  }),
);

interface WebhookDeleted {
  id: string;
}

const DeleteWebhookSuccess = builder.objectRef<WebhookDeleted>('DeleteWebhookSuccess').implement({
  description: 'The webhook is gone with its deliveries; nothing more is sent to it.',
  fields: (t) => ({ deletedId: t.exposeID('id', { description: 'The id of the deleted webhook.' }) }),
});

builder.mutationField('deleteWebhook', (t) =>
  t.field({
    type: DeleteWebhookSuccess,
    authScopes: { 'webhooks:manage': true },
    description: 'Deletes one of your webhooks: deliveries stop at once. Needs the `webhooks:manage` scope.',
    args: { id: t.arg.id({ required: true, description: "The webhook's id." }) },
    errors: {
      types: [ValidationError, WebhookNotFoundError],
      directResult: true,
      union: { name: 'DeleteWebhookResult', description: 'Deleted, or no webhook of yours has this id.' },
    },
    resolve: async (_root, args, ctx) => {
      const id = webhookIdArgument(String(args.id), 'id');
      if (id === null) throw new WebhookNotFoundError();
      await deleteWebhook(webhooksOf(ctx), ctx.client.clientId, id);
      return { id: String(args.id) };
    },
  }),
);

builder.queryField('webhooks', (t) =>
  t.field({
    type: [WebhookRef],
    authScopes: { 'webhooks:manage': true },
    description: 'Your webhooks, oldest first. Needs the synced index and the `webhooks:manage` scope.',
    resolve: (_root, _args, ctx) => webhooksOf(ctx).index.store.webhooks.list(ctx.client.clientId),
  }),
);

export function webhookGlobalId(id: string): string {
  return encodeGlobalId('Webhook', id);
}

/** The local id a webhook global id names; null for any other id (a malformed one is refused naming `field`). */
export function webhookIdArgument(globalId: string, field: string): string | null {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalId(globalId);
  } catch {
    throw new ValidationError(field, `${field} is not an id this API handed out`);
  }
  return decoded.typename === 'Webhook' ? decoded.id : null;
}

export function webhooksOf(ctx: GatewayContext): Webhooks {
  if (!ctx.webhooks) throw new GraphQLError('webhooks need the synced index (INDEX is off)', { extensions: { code: 'INDEX_OFF' } });
  return ctx.webhooks;
}

function filterView(webhook: StoredWebhook, ctx: GatewayContext): WebhookFilterView {
  const filter = filterOfStored(webhook.filter);
  const organization = ctx.loaders.platform.organization;
  return {
    sources: filter.sources ? [...filter.sources] : null,
    ids: filter.records?.map((record) => changedCustomerId(record.source, record.sourceId, null, organization)) ?? null,
    search: filter.search ?? null,
  };
}

/**
 * The body POSTed for an event: a thin event, no personal data (the receiver reads the customer with
 * its own credentials). `id` is the event id, as in the `webhook-id` header.
 */
export function webhookEventBody(organization: string | null) {
  return (event: LogEvent, eventId: string, webhookId: string): Record<string, unknown> => ({
    id: eventId,
    type: 'customer.changed',
    kind: event.entry.kind,
    origin: event.entry.origin,
    changedAt: event.entry.changedAt.toISOString(),
    source: event.entry.key.source,
    customerId: changedCustomerId(event.entry.key.source, event.entry.key.vendorId, event.customer, organization),
    webhookId: webhookGlobalId(webhookId),
  });
}
