// Two gateway processes on one PostgreSQL index and one Redis: a subscriber on one instance hears of a
// write made through the other, from the shared change log (Redis rings the other instance's doorbell;
// test/stores/redis-doorbell.test.ts shows that alone wakes it).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sha256Hex } from '../../src/auth/authenticate.ts';
import { type SandboxVendors, startSandboxVendors } from '../../src/sandbox/index.ts';
import { openEventStream } from '../support/event-stream.ts';
import { type GatewayProcess, startGatewayProcess } from '../support/gateway-process.ts';
import { type PostgresServer, startPostgres } from '../support/postgres.ts';
import { type RedisServer, startRedis } from '../support/redis.ts';

const KEY = 'sbk_live_two_instances_key_0001';
const AUTH = { authorization: `Bearer ${KEY}` };

let postgres: PostgresServer;
let redis: RedisServer;
let vendors: SandboxVendors;
const gateways: GatewayProcess[] = [];

beforeAll(async () => {
  [postgres, redis, vendors] = await Promise.all([startPostgres(), startRedis(), startSandboxVendors()]);
  const env = {
    INDEX_URL: postgres.url,
    REDIS_URL: redis.url,
    CURSOR_SECRET: 'the-cursor-secret-both-instances-share',
    API_KEYS: JSON.stringify([{ client: 'app', sha256: sha256Hex(KEY), scopes: ['customers:read', 'customers:write', 'pii:read'] }]),
  };
  // One after the other: the first makes the index's tables.
  gateways.push(await startGatewayProcess(vendors, env));
  gateways.push(await startGatewayProcess(vendors, env));
}, 60_000);
afterAll(async () => {
  for (const gateway of gateways) gateway.process.kill('SIGTERM');
  await vendors?.stop();
  await postgres?.stop();
  await redis?.stop();
});

type Result = { data?: { customerChanged: { id: string; kind: string; origin: string; customer: { email: string } | null } } };

it('a write through one instance reaches a subscriber of the other, and the event id resumes there too', async () => {
  const [a, b] = gateways as [GatewayProcess, GatewayProcess];
  const query =
    'subscription($after: String) { customerChanged(filter: { sources: [CRM] }, after: $after) { id kind origin customer { email } } }';
  const onB = await openEventStream<Result>(b.origin, { query }, AUTH);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const created = await fetch(`${a.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...AUTH },
    body: JSON.stringify({
      query: 'mutation New($input: CreateCustomerInput!) { createCustomer(input: $input) { __typename } }',
      variables: { input: { source: 'CRM', firstName: 'Two', lastName: 'Instances', email: 'two.instances@events.example.test' } },
    }),
  });
  expect(((await created.json()) as { data: { createCustomer: { __typename: string } } }).data.createCustomer.__typename).toBe(
    'CreateCustomerSuccess',
  );
  const [event] = await onB.next(1);
  expect(event?.data?.customerChanged).toMatchObject({
    kind: 'CREATED',
    origin: 'GATEWAY_WRITE',
    customer: { email: 'two.instances@events.example.test' },
  });
  await onB.close();

  // An id one instance handed out opens on the other (one CURSOR_SECRET): nothing after it yet, so the next write comes first.
  const onA = await openEventStream<Result>(a.origin, { query, variables: { after: event?.data?.customerChanged.id } }, AUTH);
  await new Promise((resolve) => setTimeout(resolve, 300));
  await fetch(`${b.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...AUTH },
    body: JSON.stringify({
      query: 'mutation New($input: CreateCustomerInput!) { createCustomer(input: $input) { __typename } }',
      variables: { input: { source: 'CRM', firstName: 'Three', lastName: 'Instances', email: 'three.instances@events.example.test' } },
    }),
  });
  const [next] = await onA.next(1);
  expect(next?.data?.customerChanged.customer?.email).toBe('three.instances@events.example.test');
  await onA.close();
}, 60_000);
