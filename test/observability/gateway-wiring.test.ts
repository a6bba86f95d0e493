// The observability pieces around the real schema, context and vendor clients, wired the way
// createGateway wires them, against the sandbox vendors over real HTTP:
// the log line and the metrics reflect the vendor calls a request really made, and no credential
// the gateway holds appears in the log, even at trace level.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGateway } from '../../src/app.ts';
import { sha256Hex } from '../../src/auth/authenticate.ts';
import { combineObservers, createLogger, createMetrics, vendorLogObserver } from '../../src/observability/index.ts';
import { DEVELOPMENT_SECURITY } from '../../src/plugins/security.ts';
import { type SandboxVendors, startSandboxVendors } from '../../src/sandbox/index.ts';
import { createSources } from '../../src/sources/index.ts';
import { TEST_HTTP_SETTINGS } from '../support/sources.ts';
import { captureLog } from './support.ts';

const CLIENT_KEY = 'client-secret-token-123';
const log = captureLog();
let vendors: SandboxVendors;
let server: Server;
let origin: string;

beforeAll(async () => {
  vendors = await startSandboxVendors();
  const logger = createLogger({ level: 'trace', destination: log });
  const metrics = createMetrics({ processMetrics: false });
  const http = { ...TEST_HTTP_SETTINGS, observer: combineObservers(metrics.vendorObserver, vendorLogObserver(logger)) };
  const security = {
    ...DEVELOPMENT_SECURITY,
    auth: {
      ...DEVELOPMENT_SECURITY.auth,
      apiKeys: [{ clientId: 'web', sha256: sha256Hex(CLIENT_KEY), scopes: ['customers:read' as const] }],
    },
  };
  const gateway = createGateway(createSources(vendors.settings, http), { security, observability: { logger, metrics } });
  server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await vendors.stop();
});
beforeEach(() => {
  vendors.reset();
  log.clear();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const SEARCH = /* GraphQL */ `
  query Search($search: String!) {
    customers(first: 5, filter: { search: $search }) { totalCount edges { node { id source } } }
  }
`;

async function search(headers: Record<string, string> = {}): Promise<{ errors?: Array<{ extensions?: Record<string, unknown> }> }> {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query: SEARCH, variables: { search: 'jordan' } }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { errors?: Array<{ extensions?: Record<string, unknown> }> };
}

describe('observability wired around the real gateway', () => {
  it('logs the vendor calls a request made and the source that failed, and counts them in /metrics', async () => {
    vendors.crm.server.injectFault({ fault: { kind: 'status', status: 500 } });
    const body = await search({ 'x-request-id': 'wiring-1', authorization: `Bearer ${CLIENT_KEY}` });
    expect(body.errors?.map((error) => error.extensions?.source)).toContain('CRM');

    const lines = log.lines();
    const requestLine = lines.find((line) => line.msg === 'graphql request');
    expect(requestLine).toMatchObject({
      requestId: 'wiring-1',
      operationName: 'Search',
      operationType: 'query',
      status: 200,
      errorCodes: ['SOURCE_UNAVAILABLE'],
      failedSources: ['CRM'],
      clientId: 'web',
    });
    const calls = requestLine?.vendorCalls as Record<string, number>;
    for (const source of ['AMELIA', 'KB_SUPPORT', 'PLATFORM', 'CRM']) expect(calls[source]).toBeGreaterThan(0);

    const vendorLines = lines.filter((line) => line.msg === 'vendor call');
    expect(vendorLines.length).toBeGreaterThan(0);
    expect(vendorLines.every((line) => line.requestId === 'wiring-1')).toBe(true);
    expect(vendorLines).toContainEqual(expect.objectContaining({ source: 'CRM', method: 'GET', status: 500, outcome: 'failure' }));

    const text = await (await fetch(`${origin}/metrics`)).text();
    expect(text).toMatch(/^vendor_calls_total\{source="CRM",method="GET",status="500",outcome="failure"\} [1-9]/m);
    expect(text).toMatch(/^vendor_calls_total\{source="AMELIA",method="GET",status="200",outcome="ok"\} [1-9]/m);
    expect(text).toMatch(/^vendor_call_duration_seconds_count\{source="PLATFORM"\} [1-9]/m);
    expect(text).toContain('graphql_operations_total{operation="Search",type="query",outcome="error"} 1');
  });

  it('writes no credential of the vendors or the client, whatever the level', async () => {
    await search({ authorization: `Bearer ${CLIENT_KEY}`, cookie: 'session=client-cookie-456' });
    const output = log.text();
    expect(output).toContain('vendor call');
    const { AMELIA, KB_SUPPORT, PLATFORM, CRM } = vendors.settings;
    for (const secret of [AMELIA.apiKey, KB_SUPPORT.appPassword, PLATFORM.token, CRM.token, CLIENT_KEY, 'client-cookie-456']) {
      expect(output).not.toContain(secret);
    }
    // No vendor URL either (they carry query strings, and sometimes keys).
    expect(output).not.toContain(new URL(AMELIA.url).host);
  });

  it('logs the errors it masks through pino, one JSON line each: a failed vendor at warn, without stack or credential', async () => {
    const consoleCalls = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => vi.spyOn(console, method));
    vendors.crm.server.injectFault({ fault: { kind: 'status', status: 500 } });
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        'x-request-id': 'wiring-masked',
        authorization: `Bearer ${CLIENT_KEY}`,
      },
      // Customer:CRM:cus_1 — a single-record read, whose resolver throws the source's error.
      body: JSON.stringify({ query: '{ customer(id: "Q3VzdG9tZXI6Q1JNOmN1c18x") { id } }' }),
    });
    const body = (await response.json()) as { errors?: Array<{ extensions?: Record<string, unknown> }> };
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'SOURCE_UNAVAILABLE', source: 'CRM' });

    for (const spy of consoleCalls) expect(spy).not.toHaveBeenCalled();
    const lines = log.lines(); // every line parses as JSON
    const masked = lines.find((line) => line.source === 'CRM' && line.msg !== 'vendor call');
    expect(masked).toMatchObject({
      level: 40,
      msg: 'CRM answered with a server error (HTTP 500)',
      path: 'customer',
      failure: 'VENDOR_ERROR',
      status: 500,
    });
    expect(JSON.stringify(masked)).not.toMatch(/stack|at .*\.ts:\d+/);
    const output = log.text();
    for (const secret of [vendors.settings.CRM.token, CLIENT_KEY]) expect(output).not.toContain(secret);
  });

  it("adds up the vendor calls of every operation of a batch in the request's one log line", async () => {
    const batching = createGateway(createSources(vendors.settings, TEST_HTTP_SETTINGS), {
      security: { ...DEVELOPMENT_SECURITY, batching: { limit: 2 } },
      observability: { logger: createLogger({ level: 'info', destination: log }), metrics: createMetrics({ processMetrics: false }) },
    });
    const batchServer = createServer(batching);
    await new Promise<void>((resolve) => batchServer.listen(0, '127.0.0.1', () => resolve()));
    try {
      const page = '{ customers(first: 1, filter: { sources: [PLATFORM] }) { edges { node { id } } } }';
      const response = await fetch(`http://127.0.0.1:${(batchServer.address() as AddressInfo).port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'wiring-batch' },
        body: JSON.stringify([{ query: page }, { query: page.replace('PLATFORM', 'AMELIA') }]),
      });
      expect(response.status).toBe(200);
      const line = log.lines().find((entry) => entry.msg === 'graphql request' && entry.requestId === 'wiring-batch');
      expect(line).toMatchObject({ batch: 2, vendorCalls: { PLATFORM: 1, AMELIA: 1 } });
    } finally {
      batchServer.closeAllConnections();
      await new Promise<void>((resolve) => batchServer.close(() => resolve()));
    }
  });
});
