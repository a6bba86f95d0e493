// Two gateway processes on one PostgreSQL index and one Redis, and one webhook: whichever instance a
// write goes through, its event reaches the receiver (at least once: no event is lost), delivered by
// the instance that holds the webhook's lease, rung by Redis and read from the shared change log.
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sha256Hex } from '../../src/auth/authenticate.ts';
import { type SandboxVendors, startSandboxVendors } from '../../src/sandbox/index.ts';
import { type GatewayProcess, startGatewayProcess } from '../support/gateway-process.ts';
import { type PostgresServer, startPostgres } from '../support/postgres.ts';
import { type RedisServer, startRedis } from '../support/redis.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const KEY = 'sbk_hooks_two_instances_key_0001';
const AUTH = { authorization: `Bearer ${KEY}` };

let postgres: PostgresServer;
let redis: RedisServer;
let vendors: SandboxVendors;
let receiver: WebhookReceiver;
const gateways: GatewayProcess[] = [];

beforeAll(async () => {
  [postgres, redis, vendors, receiver] = await Promise.all([startPostgres(), startRedis(), startSandboxVendors(), startWebhookReceiver()]);
  const env = {
    // Development: the receiver is on loopback over http, which production refuses.
    NODE_ENV: 'development',
    ALLOW_ANONYMOUS: '0',
    INDEX_URL: postgres.url,
    REDIS_URL: redis.url,
    CURSOR_SECRET: 'the-cursor-secret-both-instances-share',
    API_KEYS: JSON.stringify([
      { client: 'backend', sha256: sha256Hex(KEY), scopes: ['customers:read', 'customers:write', 'webhooks:manage'] },
    ]),
  };
  // One after the other: the first makes the index's tables.
  gateways.push(await startGatewayProcess(vendors, env));
  gateways.push(await startGatewayProcess(vendors, env));
}, 60_000);
afterAll(async () => {
  // Each lets its leases go on SIGTERM: PostgreSQL stops once they have exited.
  const exited = gateways.map((gateway) => new Promise((resolve) => gateway.process.once('exit', resolve)));
  for (const gateway of gateways) gateway.process.kill('SIGTERM');
  await Promise.all(exited);
  await receiver?.stop();
  await vendors?.stop();
  await postgres?.stop();
  await redis?.stop();
});

async function post<Data>(gateway: GatewayProcess, query: string, variables: Record<string, unknown>): Promise<Data> {
  const response = await fetch(`${gateway.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...AUTH },
    body: JSON.stringify({ query, variables }),
  });
  return ((await response.json()) as { data: Data }).data;
}

it('delivers every change to the receiver, whichever instance the write went through', async () => {
  const [a, b] = gateways as [GatewayProcess, GatewayProcess];
  const created = await post<{ createWebhook: { secret: string } }>(
    a,
    'mutation C($url: URL!) { createWebhook(input: { url: $url, filter: { sources: [CRM] } }) { ... on CreateWebhookSuccess { secret } } }',
    { url: receiver.url('/both') },
  );
  const signer = new Webhook(created.createWebhook.secret);
  const customerIds: string[] = [];
  for (const [n, through] of [a, b, a, b, b, a].entries()) {
    const written = await post<{ createCustomer: { customer: { id: string } } }>(
      through,
      'mutation New($input: CreateCustomerInput!) { createCustomer(input: $input) { ... on CreateCustomerSuccess { customer { id } } } }',
      { input: { source: 'CRM', firstName: 'Both', lastName: `Instances${n}`, email: `both.instances.${n}@events.example.test` } },
    );
    customerIds.push(written.createCustomer.customer.id);
  }
  const heard = new Set<string>();
  await expect
    .poll(
      () => {
        for (const received of receiver.received) {
          const body = signer.verify(received.body, received.headers as Record<string, string>) as { customerId: string };
          heard.add(body.customerId);
        }
        return customerIds.filter((id) => !heard.has(id));
      },
      { timeout: 20_000, interval: 200 },
    )
    .toEqual([]);
}, 60_000);
