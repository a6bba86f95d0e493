// GraphQL over WebSocket (graphql-ws) on the gateway's port: the same subscription as over SSE, and
// queries, through the same pipeline — credentials from `connection_init`, scopes, errors as data.
import type { FormattedExecutionResult } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { sha256Hex } from '../../src/auth/authenticate.ts';
import { DEVELOPMENT_SECURITY } from '../../src/plugins/security.ts';
import { type IndexedGateway, startIndexedGateway } from './indexed-setup.ts';

const READER = 'sbk_ws_reader_key_1234567890ab';
const WRITER = 'sbk_ws_writer_key_0987654321ab';

let gateway: IndexedGateway;
beforeAll(async () => {
  gateway = await startIndexedGateway({
    security: {
      ...DEVELOPMENT_SECURITY,
      auth: {
        allowAnonymous: false,
        apiKeys: [
          { clientId: 'reader', sha256: sha256Hex(READER), scopes: ['employees:read'] },
          { clientId: 'writer', sha256: sha256Hex(WRITER), scopes: ['customers:read', 'customers:write', 'pii:read'] },
        ],
        jwt: null,
      },
    },
  });
});
afterAll(() => gateway.stop());

const clientFor = (key: string | null) =>
  createClient({
    url: `${gateway.origin.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    ...(key ? { connectionParams: { authorization: `Bearer ${key}` } } : {}),
  });

type Result = FormattedExecutionResult<Record<string, unknown>, unknown>;

/** The first `count` results of an operation, then it is stopped. */
async function firstResults(client: ReturnType<typeof clientFor>, query: string, count: number, meanwhile?: () => Promise<unknown>) {
  const results: Result[] = [];
  const iterator = client.iterate<Record<string, unknown>>({ query });
  const reading = (async () => {
    for await (const result of iterator) {
      results.push(result);
      if (results.length === count) break;
    }
  })();
  if (meanwhile) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    await meanwhile();
  }
  await Promise.race([reading, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${JSON.stringify(results)}`)), 15_000))]);
  return results;
}

describe('GraphQL over WebSocket', () => {
  it('streams customerChanged with the credentials of connection_init, and answers queries', async () => {
    const client = clientFor(WRITER);
    try {
      const create = () =>
        gateway.execute(
          'mutation New($input: CreateCustomerInput!) { createCustomer(input: $input) { __typename } }',
          { input: { source: 'CRM', firstName: 'Socket', lastName: 'Event', email: 'socket@events.example.test' } },
          { authorization: `Bearer ${WRITER}` },
        );
      const [event] = await firstResults(
        client,
        'subscription { customerChanged(filter: { sources: [CRM] }) { kind origin customer { email } } }',
        1,
        create,
      );
      expect(event?.data?.customerChanged).toEqual({
        kind: 'CREATED',
        origin: 'GATEWAY_WRITE',
        customer: { email: 'socket@events.example.test' },
      });
      const [answer] = await firstResults(client, '{ customers(first: 1, filter: { sources: [CRM] }) { totalCount } }', 1);
      expect(answer?.data?.customers).toMatchObject({ totalCount: expect.any(Number) });
      expect(answer?.errors).toBeUndefined();
    } finally {
      await client.dispose();
    }
  });

  it('refuses an operation without credentials, or without the scope, with the HTTP path’s errors', async () => {
    const anonymous = clientFor(null);
    const reader = clientFor(READER);
    try {
      const [unauthenticated] = await firstResults(anonymous, 'subscription { customerChanged { kind } }', 1);
      expect(unauthenticated?.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      const [forbidden] = await firstResults(reader, 'subscription { customerChanged { kind } }', 1);
      expect(forbidden?.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    } finally {
      await anonymous.dispose();
      await reader.dispose();
    }
  });
});
