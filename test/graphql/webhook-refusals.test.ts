// What webhooks refuse: in production, a URL that is not https or points inward (by literal, by
// `localhost`, or — at delivery — by what its name resolves to now), each naming input.url with nothing
// stored or sent; a client without `webhooks:manage`; another client's webhook (never revealed); and
// any of it without the synced index.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/auth/authenticate.ts';
import { DEVELOPMENT_SECURITY, type SecuritySettings } from '../../src/plugins/security.ts';
import { startTestGateway } from '../support/gateway.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { type IndexedGateway, startIndexedGateway } from './indexed-setup.ts';

const MANAGER = 'sbk_hooks_manager_key_1234567890';
const OTHER = 'sbk_hooks_other_key_0987654321';
const READER = 'sbk_hooks_reader_key_1122334455';
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

function secured(production: boolean): SecuritySettings {
  return {
    ...DEVELOPMENT_SECURITY,
    production,
    auth: {
      allowAnonymous: false,
      apiKeys: [
        { clientId: 'backend', sha256: sha256Hex(MANAGER), scopes: ['webhooks:manage', 'customers:write'] },
        { clientId: 'other', sha256: sha256Hex(OTHER), scopes: ['webhooks:manage'] },
        { clientId: 'reader', sha256: sha256Hex(READER), scopes: ['customers:read'] },
      ],
      jwt: null,
    },
  };
}

const CREATE = `mutation Create($input: CreateWebhookInput!) {
  createWebhook(input: $input) { __typename ... on CreateWebhookSuccess { webhook { id } } ... on ValidationError { field message } }
}`;
type Created = { createWebhook: { __typename: string; field?: string; message?: string; webhook?: { id: string } } };

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.stop());

describe('in production', () => {
  let gateway: IndexedGateway;
  beforeAll(async () => {
    gateway = await startIndexedGateway({ security: secured(true), webhooks: { leaseMs: 600, retry: { firstMs: 100, capMs: 200 } } });
  });
  afterAll(() => gateway.stop());

  it.each([
    ['http://hooks.example.com/in', /https/],
    ['https://127.0.0.1/in', /internal address/],
    ['https://10.0.0.1/in', /internal address/],
    ['https://100.64.0.1/in', /internal address/],
    ['https://[::1]/in', /internal address/],
    ['https://[::ffff:10.0.0.1]/in', /internal address/],
    ['https://[fd00::1]/in', /internal address/],
    ['https://169.254.169.254/latest/meta-data', /internal address/],
    ['https://localhost/in', /localhost/],
    ['https://user:pass@hooks.example.com/in', /user name or password/],
  ])('refuses %s naming input.url, storing nothing', async (url, reason) => {
    const answer = await gateway.execute<Created, Record<string, unknown>>(CREATE, { input: { url } }, bearer(MANAGER));
    expect(answer.data?.createWebhook).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.url',
      message: expect.stringMatching(reason),
    });
    expect(await gateway.store.webhooks.list('backend')).toEqual([]);
  });

  it('does not connect to a registered name that now resolves to an internal address', async () => {
    // As if registered while its name pointed elsewhere: `localhost` resolves to loopback now.
    const port = new URL(receiver.url()).port;
    await gateway.store.webhooks.create(
      { id: 'moved-dns', clientId: 'backend', url: `https://localhost:${port}/moved`, filter: {}, secret: 'whsec_c2VjcmV0', positions: {} },
      20,
    );
    // Once the deliverer holds it (it claims every 200 ms here), a change is due to it.
    await expect.poll(async () => (await gateway.store.webhooks.claim('probe', 1)).length, { timeout: 5_000 }).toBe(0);
    await gateway.execute(
      'mutation New($input: CreateCustomerInput!) { createCustomer(input: $input) { __typename } }',
      { input: { source: 'CRM', firstName: 'Moved', lastName: 'Name', email: 'moved.dns@events.example.test' } },
      bearer(MANAGER),
    );
    await expect
      .poll(async () => (await gateway.store.webhooks.deliveries('moved-dns', null, 1))[0]?.lastError, { timeout: 10_000 })
      .toBe('ADDRESS_NOT_ALLOWED');
    expect(receiver.received.filter((post) => post.path === '/moved')).toEqual([]);
  });
});

describe('scopes and clients', () => {
  let gateway: IndexedGateway;
  beforeAll(async () => {
    gateway = await startIndexedGateway({ security: secured(false) });
  });
  afterAll(() => gateway.stop());

  it('need webhooks:manage, and a client sees and deletes only its own webhooks', async () => {
    const refused = await gateway.execute<Created, Record<string, unknown>>(CREATE, { input: { url: receiver.url() } }, bearer(READER));
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(refused.errors?.[0]?.message).toContain('webhooks:manage');

    const created = await gateway.execute<Created, Record<string, unknown>>(CREATE, { input: { url: receiver.url() } }, bearer(MANAGER));
    const id = created.data!.createWebhook.webhook!.id;
    const listed = await gateway.execute<{ webhooks: Array<{ id: string }> }, never>('{ webhooks { id } }', undefined, bearer(OTHER));
    expect(listed.data?.webhooks).toEqual([]);
    const deleted = await gateway.execute<{ deleteWebhook: { __typename: string } }, Record<string, unknown>>(
      'mutation D($id: ID!) { deleteWebhook(id: $id) { __typename } }',
      { id },
      bearer(OTHER),
    );
    expect(deleted.data?.deleteWebhook.__typename).toBe('WebhookNotFound');
    const deliveries = await gateway.execute(
      'query Q($id: ID!) { webhookDeliveries(webhookId: $id) { totalCount } }',
      { id },
      bearer(OTHER),
    );
    expect(deliveries.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'webhookId' });
    const own = await gateway.execute<{ webhooks: Array<{ id: string }> }, never>('{ webhooks { id } }', undefined, bearer(MANAGER));
    expect(own.data?.webhooks.map((webhook) => webhook.id)).toEqual([id]);
  });
});

describe('without the synced index', () => {
  it('refuses, saying why', async () => {
    const passThrough = await startTestGateway();
    try {
      const answer = await passThrough.execute(CREATE, { input: { url: receiver.url() } });
      expect(answer.errors?.[0]).toMatchObject({ message: expect.stringMatching(/synced index/), extensions: { code: 'INDEX_OFF' } });
    } finally {
      await passThrough.stop();
    }
  });
});
