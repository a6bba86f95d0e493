// Registering and deleting a client's webhooks: the URL checked (url-policy.ts) before anything is
// stored, a signing secret made (shown to the client once), the position set to the change log's end
// (deliveries start with the next change), at most MAX_WEBHOOKS_PER_CLIENT per client.
import { randomUUID } from 'node:crypto';
import { type IndexedSources, keptScopes } from '../index/sync-state.ts';
import type { StoredWebhook } from '../index/webhooks.ts';
import { type ChangeFilter, followedScopes, positionsFrom } from '../live/change-reading.ts';
import { ValidationError } from '../sources/errors.ts';
import type { WebhookDeliverer } from './deliverer.ts';
import { storedFilter } from './filter.ts';
import { newSigningSecret } from './signing.ts';
import { checkWebhookUrl, UrlNotAllowed, type UrlPolicy } from './url-policy.ts';

export const MAX_WEBHOOKS_PER_CLIENT = 20;

/** The client already has MAX_WEBHOOKS_PER_CLIENT webhooks; nothing was stored. */
export class WebhookLimitReachedError extends Error {
  readonly limit = MAX_WEBHOOKS_PER_CLIENT;
  constructor() {
    super(`at most ${MAX_WEBHOOKS_PER_CLIENT} webhooks per client: delete one first`);
    this.name = 'WebhookLimitReachedError';
  }
}

/** No webhook of the asking client has this id (another client's is not told apart). */
export class WebhookNotFoundError extends Error {
  constructor() {
    super('no webhook of yours has this id');
    this.name = 'WebhookNotFoundError';
  }
}

export interface Webhooks {
  index: IndexedSources;
  policy: UrlPolicy;
  deliverer: WebhookDeliverer;
}

export async function registerWebhook(
  webhooks: Webhooks,
  clientId: string,
  url: string,
  filter: ChangeFilter,
): Promise<{ webhook: StoredWebhook; secret: string }> {
  let checked: URL;
  try {
    checked = await checkWebhookUrl(url, webhooks.policy);
  } catch (error) {
    if (error instanceof UrlNotAllowed) throw new ValidationError('input.url', `input.url ${error.message}`);
    throw error;
  }
  const { index } = webhooks;
  const positions = await positionsFrom(index, followedScopes(keptScopes(index), filter));
  const secret = newSigningSecret();
  const webhook = await index.store.webhooks.create(
    { id: randomUUID(), clientId, url: checked.href, filter: storedFilter(filter), secret, positions },
    MAX_WEBHOOKS_PER_CLIENT,
  );
  if (!webhook) throw new WebhookLimitReachedError();
  webhooks.deliverer.wake();
  return { webhook, secret };
}

export async function deleteWebhook(webhooks: Webhooks, clientId: string, id: string): Promise<void> {
  if (!(await webhooks.index.store.webhooks.delete(clientId, id))) throw new WebhookNotFoundError();
  webhooks.deliverer.forget(id);
}
