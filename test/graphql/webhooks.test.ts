// Webhooks over real sockets: the gateway (development mode: http and loopback allowed) POSTs each
// change to a local receiver, signed as Standard Webhooks says (verified with the `standardwebhooks`
// library); a receiver that fails is retried with backoff until it acknowledges, later events waiting
// behind; deliveries are visible and counted in the metrics; a deleted webhook receives nothing more.
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, createMetrics } from '../../src/observability/index.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { type IndexedGateway, startIndexedGateway } from './indexed-setup.ts';

const CREATE = `mutation Create($input: CreateWebhookInput!) {
  createWebhook(input: $input) {
    __typename
    ... on CreateWebhookSuccess { secret webhook { id url status filter { sources } } }
    ... on ValidationError { field message }
  }
}`;

type Created = { createWebhook: { __typename: string; secret?: string; webhook?: { id: string; url: string; status: string } } };

interface Delivery {
  eventId: string;
  attempts: number;
  outcome: string;
  lastStatus: number | null;
  lastError: string | null;
}

let gateway: IndexedGateway;
let receiver: WebhookReceiver;
const metrics = createMetrics({ processMetrics: false });

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  gateway = await startIndexedGateway({
    observability: { logger: createLogger({ level: 'silent' }), metrics },
    webhooks: { retry: { firstMs: 100, capMs: 400 } },
  });
});
afterAll(async () => {
  await gateway.stop();
  await receiver.stop();
});

async function createWebhook(path: string, filter: Record<string, unknown> = { sources: ['CRM'] }) {
  const answer = await gateway.execute<Created, Record<string, unknown>>(CREATE, { input: { url: receiver.url(path), filter } });
  expect(answer.data?.createWebhook.__typename).toBe('CreateWebhookSuccess');
  return answer.data!.createWebhook as Required<Created['createWebhook']>;
}

const createCustomer = async (email: string) => {
  const answer = await gateway.execute<{ createCustomer: { customer: { id: string } } }, Record<string, unknown>>(
    'mutation New($input: CreateCustomerInput!) { createCustomer(input: $input) { ... on CreateCustomerSuccess { customer { id } } } }',
    { input: { source: 'CRM', firstName: 'Hook', lastName: 'Event', email } },
  );
  return answer.data!.createCustomer.customer.id;
};

const deliveries = async (webhookId: string) => {
  const answer = await gateway.execute<
    { webhookDeliveries: { totalCount: number; edges: Array<{ node: Delivery }> } },
    Record<string, unknown>
  >(
    'query D($id: ID!) { webhookDeliveries(webhookId: $id, first: 10) { totalCount edges { node { eventId attempts outcome lastStatus lastError } } } }',
    { id: webhookId },
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.webhookDeliveries;
};

describe('webhooks', () => {
  it('POST each change, signed (Standard Webhooks), with the event id and a thin body', async () => {
    const { secret, webhook } = await createWebhook('/signed');
    expect(secret).toMatch(/^whsec_/);
    expect(webhook).toMatchObject({ url: receiver.url('/signed'), status: 'ACTIVE' });
    const customerId = await createCustomer('hook.signed@events.example.test');
    const [post] = await receiver.waitFor(1, '/signed');
    const verified = new Webhook(secret).verify(post!.body, post!.headers as Record<string, string>);
    expect(verified).toEqual({
      id: post!.headers['webhook-id'],
      type: 'customer.changed',
      kind: 'CREATED',
      origin: 'GATEWAY_WRITE',
      changedAt: expect.any(String),
      source: 'CRM',
      customerId,
      webhookId: webhook.id,
    });
    // No personal data: the receiver reads the customer under its own credentials.
    expect(post!.body).not.toContain('hook.signed');
    // A forged body fails the same check.
    expect(() => new Webhook(secret).verify(post!.body.replace('CREATED', 'DELETED'), post!.headers as Record<string, string>)).toThrow();
    await expect.poll(async () => (await deliveries(webhook.id)).edges[0]?.node.outcome).toBe('DELIVERED');
    const listed = await gateway.execute<{ webhooks: Array<{ id: string; lastEventId: string | null }> }, never>(
      '{ webhooks { id lastEventId } }',
    );
    expect(listed.data?.webhooks.find((w) => w.id === webhook.id)?.lastEventId).toBe(post!.headers['webhook-id']);
  });

  it('retry a failing receiver with backoff until it acknowledges, the later events waiting behind (order kept)', async () => {
    const { webhook } = await createWebhook('/flaky');
    receiver.answer('/flaky', 500, 503);
    await createCustomer('hook.first@events.example.test');
    await createCustomer('hook.second@events.example.test');
    const posts = await receiver.waitFor(4, '/flaky');
    const ids = posts.map((post) => post.headers['webhook-id']);
    // The first event three times (500, 503, then acknowledged), then the second.
    expect(ids[0]).toBe(ids[1]);
    expect(ids[1]).toBe(ids[2]);
    expect(ids[3]).not.toBe(ids[0]);
    await expect
      .poll(async () => (await deliveries(webhook.id)).edges.map((edge) => edge.node.outcome))
      .toEqual(['DELIVERED', 'DELIVERED']);
    const shown = await deliveries(webhook.id);
    expect(shown.totalCount).toBe(2);
    expect(shown.edges.map((edge) => edge.node)).toEqual([
      { eventId: ids[3], attempts: 1, outcome: 'DELIVERED', lastStatus: 204, lastError: null },
      { eventId: ids[0], attempts: 3, outcome: 'DELIVERED', lastStatus: 204, lastError: null },
    ]);
    const counted = await (await fetch(`${gateway.origin}/metrics`)).text();
    expect(Number(/webhook_deliveries_total\{outcome="failed"\} (\d+)/.exec(counted)?.[1])).toBeGreaterThanOrEqual(2);
    expect(Number(/webhook_deliveries_total\{outcome="delivered"\} (\d+)/.exec(counted)?.[1])).toBeGreaterThanOrEqual(2);
  });

  it('stop at once for a deleted webhook, even one retrying an event', async () => {
    const { webhook: gone } = await createWebhook('/deleted');
    receiver.answer('/deleted', ...Array.from({ length: 50 }, () => 500));
    await createCustomer('hook.before.delete@events.example.test');
    await receiver.waitFor(2, '/deleted');
    const deleted = await gateway.execute<{ deleteWebhook: { __typename: string; deletedId?: string } }, Record<string, unknown>>(
      'mutation Delete($id: ID!) { deleteWebhook(id: $id) { __typename ... on DeleteWebhookSuccess { deletedId } } }',
      { id: gone.id },
    );
    expect(deleted.data?.deleteWebhook).toEqual({ __typename: 'DeleteWebhookSuccess', deletedId: gone.id });
    const triedBefore = receiver.received.filter((post) => post.path === '/deleted').length;
    const { webhook: kept } = await createWebhook('/kept');
    await createCustomer('hook.after.delete@events.example.test');
    await receiver.waitFor(1, '/kept');
    // Longer than the longest retry delay (400 ms): the deleted webhook would have been tried again by now.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(receiver.received.filter((post) => post.path === '/deleted')).toHaveLength(triedBefore);
    const again = await gateway.execute<{ deleteWebhook: { __typename: string } }, Record<string, unknown>>(
      'mutation Delete($id: ID!) { deleteWebhook(id: $id) { __typename } }',
      { id: gone.id },
    );
    expect(again.data?.deleteWebhook.__typename).toBe('WebhookNotFound');
    const listed = await gateway.execute<{ webhooks: Array<{ id: string }> }, never>('{ webhooks { id } }');
    expect(listed.data?.webhooks.map((w) => w.id)).toContain(kept.id);
    expect(listed.data?.webhooks.map((w) => w.id)).not.toContain(gone.id);
  });

  it('expire a webhook whose failing event left the change log (CHANGE_LOG_RETENTION), and send it nothing more', async () => {
    const { webhook } = await createWebhook('/expiring');
    receiver.answer('/expiring', ...Array.from({ length: 50 }, () => 500));
    await createCustomer('hook.expiring@events.example.test');
    await receiver.waitFor(1, '/expiring');
    // What the retention does once the event is older than CHANGE_LOG_RETENTION: its entry is purged.
    await gateway.store.purgeChanges(new Date(Date.now() + 60_000));
    const status = async () =>
      (await gateway.execute<{ webhooks: Array<{ id: string; status: string }> }, never>('{ webhooks { id status } }')).data?.webhooks.find(
        (w) => w.id === webhook.id,
      )?.status;
    await expect.poll(status, { timeout: 5_000 }).toBe('EXPIRED');
    expect((await deliveries(webhook.id)).edges[0]?.node).toMatchObject({ outcome: 'EXPIRED', lastStatus: 500, lastError: 'NOT_2XX' });
    const counted = await (await fetch(`${gateway.origin}/metrics`)).text();
    expect(counted).toMatch(/webhook_deliveries_total\{outcome="expired"\} 1/);
  });

  it('refuse a URL that is no http(s) URL, or that carries credentials, naming input.url, storing nothing', async () => {
    const before = await gateway.execute<{ webhooks: unknown[] }, never>('{ webhooks { id } }');
    for (const url of ['ftp://127.0.0.1/hooks', 'http://user:secret@127.0.0.1/hooks']) {
      const answer = await gateway.execute<Created & { createWebhook: { field?: string } }, Record<string, unknown>>(CREATE, {
        input: { url },
      });
      expect(answer.data?.createWebhook).toMatchObject({ __typename: 'ValidationError', field: 'input.url' });
    }
    const after = await gateway.execute<{ webhooks: unknown[] }, never>('{ webhooks { id } }');
    expect(after.data?.webhooks).toHaveLength(before.data!.webhooks.length);
  });
});
