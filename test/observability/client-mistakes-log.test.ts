// A client's mistake is the client's news, not the operator's: refused values, limits, unknown
// documents and bad credentials are logged at info or warn, without a stack; only a fault of the
// gateway itself is logged at error. Read from the pino lines of the real gateway over HTTP.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGateway } from '../../src/app.ts';
import { sha256Hex } from '../../src/auth/authenticate.ts';
import { SCOPES } from '../../src/auth/principal.ts';
import { createLogger, createMetrics } from '../../src/observability/index.ts';
import { DEVELOPMENT_SECURITY } from '../../src/plugins/security.ts';
import { type SandboxVendors, startSandboxVendors } from '../../src/sandbox/index.ts';
import { createSources, type Sources } from '../../src/sources/index.ts';
import { TEST_HTTP_SETTINGS } from '../support/sources.ts';
import { captureLog } from './support.ts';

const ERROR = 50;
const WARN = 40;
const CLIENT_KEY = 'sbk_client_mistakes_key_1234567890';

const log = captureLog();
let vendors: SandboxVendors;
let sources: Sources;
let server: Server;
let origin: string;

beforeAll(async () => {
  vendors = await startSandboxVendors();
  sources = createSources(vendors.settings, TEST_HTTP_SETTINGS);
  const logger = createLogger({ level: 'debug', destination: log });
  const gateway = createGateway(sources, {
    security: {
      ...DEVELOPMENT_SECURITY,
      auth: {
        ...DEVELOPMENT_SECURITY.auth,
        allowAnonymous: false,
        apiKeys: [{ clientId: 'web', sha256: sha256Hex(CLIENT_KEY), scopes: [...SCOPES] }],
      },
    },
    observability: { logger, metrics: createMetrics({ processMetrics: false }) },
  });
  server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await vendors.stop();
});
beforeEach(() => log.clear());
afterEach(() => vi.restoreAllMocks());

const ANONYMOUS_REFUSED = { authorization: 'Bearer not-a-key' };

async function post(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

const asClient = { authorization: `Bearer ${CLIENT_KEY}` };

/** Every line at warn or below, none with a stack; at least the request's own line. */
function expectQuietLog(): void {
  const lines = log.lines();
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line.level as number, JSON.stringify(line)).toBeLessThanOrEqual(WARN);
    expect(JSON.stringify(line)).not.toMatch(/"stack"|\bat .+\.ts:\d+/);
  }
}

describe('client mistakes are not server errors', () => {
  it.each([
    ['first: 101', { query: 'query($n: Int) { customers(first: $n) { totalCount } }', variables: { n: 101 } }, 'BAD_USER_INPUT'],
    ['first: -1', { query: '{ customers(first: -1) { totalCount } }' }, 'BAD_USER_INPUT'],
    [
      'a malformed variable',
      { query: 'query($f: CustomerFilter) { customers(first: 1, filter: $f) { totalCount } }', variables: { f: { email: 'nope' } } },
      'BAD_USER_INPUT',
    ],
    ['a foreign cursor', { query: '{ customers(first: 1, after: "bm90IGEgY3Vyc29y") { totalCount } }' }, 'BAD_USER_INPUT'],
    [
      'a cost refusal',
      { query: `{ customers(first: 100) { edges { node { ${'sameAs { '.repeat(5)}id${' }'.repeat(5)} } } } }` },
      'QUERY_TOO_COSTLY',
    ],
  ])('%s: logged at info or warn, without a stack', async (_name, body, code) => {
    const answer = await post(body, asClient);
    expect(answer.errors?.[0]?.extensions?.code).toBe(code);
    expectQuietLog();
    expect(log.lines().find((line) => line.msg === 'graphql request')).toMatchObject({ level: 30, errorCodes: [code] });
  });

  it('a refused credential: logged at info, without a stack', async () => {
    const answer = await post({ query: '{ __typename }' }, ANONYMOUS_REFUSED);
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expectQuietLog();
  });

  it('an argument out of range says which, at info', async () => {
    await post({ query: '{ customers(first: 101) { totalCount } }' }, asClient);
    expect(log.lines()).toContainEqual(
      expect.objectContaining({
        level: 30,
        code: 'BAD_USER_INPUT',
        field: 'first',
        path: 'customers',
        msg: 'client mistake: first: must be at most 100',
      }),
    );
  });

  it("the gateway's own fault: logged at error, with its stack", async () => {
    vi.spyOn(sources.CRM!, 'listPage').mockRejectedValue(new TypeError('cannot read properties of undefined'));
    const answer = await post({ query: '{ customers(first: 1, filter: { sources: [CRM] }) { totalCount } }' }, asClient);
    expect(answer.errors?.[0]?.message).toBe('Unexpected error.');
    const faults = log.lines().filter((line) => (line.level as number) >= ERROR);
    expect(faults).toEqual([
      expect.objectContaining({
        err: expect.objectContaining({ type: 'TypeError', stack: expect.stringMatching(/client-mistakes-log\.test\.ts/) }),
      }),
    ]);
  });
});
