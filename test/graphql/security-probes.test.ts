// The probes that once got past a production-mode gateway, each as a case over real HTTP: requests on
// paths yoga also serves, forged and tampered cursors, fan-out through variables, conditional requests
// naming another client's cached answer, scope checks after a vendor call, suggestions, crafted input.
// Every refusal is checked to cost no vendor call.

import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CustomersPageDocument } from '../../schema/generated/graphql.ts';
import { sha256Hex } from '../../src/auth/authenticate.ts';
import type { SecuritySettings } from '../../src/config.ts';
import { createLogger, createMetrics } from '../../src/observability/index.ts';
import { DEVELOPMENT_SECURITY } from '../../src/plugins/security.ts';
import { captureLog } from '../observability/support.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

const READER_KEY = 'sbk_probe_reader_key_0000000001';
const ADMIN_KEY = 'sbk_probe_admin_key_00000000002';
const PRIVATE_KEY = 'sbk_probe_private_key_000000003';
const STAFF_KEY = 'sbk_probe_staff_key_00000000004';
const METRICS_TOKEN = 'metrics-token-for-the-probes';

const PRODUCTION: SecuritySettings = {
  ...DEVELOPMENT_SECURITY,
  production: true,
  introspection: false,
  fieldSuggestions: false,
  graphiql: false,
  cursorSecrets: { current: 'probe-cursor-secret-0123456789abcdef', previous: null },
  auth: {
    allowAnonymous: false,
    apiKeys: [
      { clientId: 'reader', sha256: sha256Hex(READER_KEY), scopes: ['customers:read'] },
      { clientId: 'private', sha256: sha256Hex(PRIVATE_KEY), scopes: ['customers:read', 'pii:read'] },
      { clientId: 'staff', sha256: sha256Hex(STAFF_KEY), scopes: ['employees:read'] },
      {
        clientId: 'admin',
        sha256: sha256Hex(ADMIN_KEY),
        scopes: ['customers:read', 'customers:write', 'employees:read', 'employees:write', 'pii:read'],
      },
    ],
    jwt: null,
  },
  rateLimit: { perSecond: 20, burst: 100 },
};

const asReader = { authorization: `Bearer ${READER_KEY}` };
const asAdmin = { authorization: `Bearer ${ADMIN_KEY}` };
const asPrivate = { authorization: `Bearer ${PRIVATE_KEY}` };
const asStaff = { authorization: `Bearer ${STAFF_KEY}` };

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

async function post(target: TestGateway, body: unknown, headers: Record<string, string> = {}, path = '/graphql'): Promise<Answer> {
  const response = await fetch(`${target.origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return answerOf(response.status, response.headers, await response.text());
}

function answerOf(status: number, headers: Headers, text: string): Answer {
  let json: Omit<Answer, 'status' | 'headers' | 'text'> = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // A 404 or 304 has no GraphQL body.
  }
  return { status, headers, text, ...json };
}

/** A request whose path goes to the server exactly as written (fetch would normalise `/graphql/.`). */
function raw(
  target: TestGateway,
  method: 'GET' | 'POST',
  path: string,
  body: string | null,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const { hostname, port } = new URL(target.origin);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { hostname, port, method, path, headers: { 'content-type': 'application/json', ...headers } },
      (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => (text += chunk));
        incoming.on('end', () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
          resolve(answerOf(incoming.statusCode ?? 0, responseHeaders, text));
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body ?? undefined);
  });
}

const codes = (answer: Answer) => (answer.errors ?? []).map((error) => error.extensions?.code);

let gateway: TestGateway;
let ameliaCustomerId: string;
let employeeId: string;
beforeAll(async () => {
  // The PLATFORM's definitions route on, so that the raw custom field definitions can be asked for too.
  gateway = await startTestGateway({
    security: PRODUCTION,
    responseCache: undefined,
    sandbox: { undocumented: new Set(['platform-custom-fields-route']) },
  });
  const customers = await post(
    gateway,
    { query: '{ customers(first: 1, filter: { sources: [AMELIA] }) { edges { node { id } } } }' },
    asAdmin,
  );
  ameliaCustomerId = (customers.data as { customers: { edges: Array<{ node: { id: string } }> } }).customers.edges[0]!.node.id;
  const employees = await post(gateway, { query: '{ employees(first: 1) { edges { node { id } } } }' }, asAdmin);
  employeeId = (employees.data as { employees: { edges: Array<{ node: { id: string } }> } }).employees.edges[0]!.node.id;
});
afterAll(() => gateway.stop());
beforeEach(() => gateway.reset());

describe('authentication fails closed on every path', () => {
  const paths = [
    '/graphql/',
    '//graphql',
    '/graphql/.',
    '/graphql//',
    '/x/graphql',
    '/GRAPHQL',
    '/graphql/%2e',
    '/a?b=/graphql',
    '/health/../graphql/',
  ];

  it.each(paths)('POST %s without credentials answers 401 or 404 and asks no vendor', async (path) => {
    const body = JSON.stringify({ query: `{ node(id: "${ameliaCustomerId}") { id } nodes(ids: ["${ameliaCustomerId}"]) { id } }` });
    const answer = await raw(gateway, 'POST', path, body);
    expect([401, 404], `${path}: ${answer.status} ${answer.text.slice(0, 120)}`).toContain(answer.status);
    expect(gateway.vendorCalls()).toBe(0);
  });

  it.each(paths)('GET %s without credentials answers 401 or 404 and asks no vendor', async (path) => {
    const query = encodeURIComponent('{ customers(first: 1) { totalCount } }');
    const separator = path.includes('?') ? '&' : '?';
    const answer = await raw(gateway, 'GET', `${path}${separator}query=${query}`, null, {
      'x-graphql-csrf': '1',
      accept: 'application/json',
    });
    expect([401, 404], `${path}: ${answer.status}`).toContain(answer.status);
    expect(gateway.vendorCalls()).toBe(0);
  });

  it('keeps paths other than /graphql closed in trusted-documents mode too, for a manifest document', async () => {
    const trusted = await startTestGateway({ security: { ...PRODUCTION, trustedDocuments: 'schema/generated/persisted-documents.json' } });
    try {
      const documentId = (CustomersPageDocument as unknown as { __meta__: { hash: string } }).__meta__.hash;
      for (const path of ['/graphql/', '//graphql', '/graphql/.']) {
        const answer = await raw(trusted, 'POST', path, JSON.stringify({ documentId, variables: { first: 100 } }));
        expect([401, 404], path).toContain(answer.status);
      }
      expect(trusted.vendorCalls()).toBe(0);
    } finally {
      await trusted.stop();
    }
  });

  it('runs none of 200 requests in a row on /graphql/', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 200; i++)
      statuses.add((await raw(gateway, 'POST', '/graphql/', JSON.stringify({ query: '{ customers(first: 1) { totalCount } }' }))).status);
    expect(statuses.has(200)).toBe(false);
    expect(gateway.vendorCalls()).toBe(0);
  });
});

describe('a vendor-call budget no request can exceed', () => {
  const KBS_PAGE =
    'query($after: String) { customers(first: 1, after: $after, filter: { sources: [KB_SUPPORT] }) { edges { node { id } } pageInfo { endCursor } } }';

  it('refuses a hand-made KB Support cursor with a far-away walk, before any call', async () => {
    const q = createHash('sha256')
      .update(JSON.stringify({ sources: ['KB_SUPPORT'], search: null, email: null, customField: null }))
      .digest('base64url')
      .slice(0, 12);
    const forged = Buffer.from(JSON.stringify({ s: 'KB_SUPPORT', t: { below: 2_000_000_000, size: 100 }, i: 0, q })).toString('base64url');
    const answer = await post(gateway, { query: KBS_PAGE, variables: { after: forged } }, asReader);
    expect(answer.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
    expect(gateway.vendorCalls()).toBe(0);
  });

  it('refuses a tampered, a truncated and a foreign cursor, before any call', async () => {
    const page = await post(gateway, { query: KBS_PAGE }, asReader);
    const cursor = (page.data as { customers: { pageInfo: { endCursor: string } } }).customers.pageInfo.endCursor;
    const other = await startTestGateway({
      security: { ...PRODUCTION, cursorSecrets: { current: 'another-gateway-cursor-secret-98765', previous: null } },
    });
    try {
      const foreignPage = await post(other, { query: KBS_PAGE }, asReader);
      const foreign = (foreignPage.data as { customers: { pageInfo: { endCursor: string } } }).customers.pageInfo.endCursor;
      const tampered = `${cursor.slice(0, 5)}${cursor[5] === 'A' ? 'B' : 'A'}${cursor.slice(6)}`;
      gateway.reset();
      for (const after of [tampered, cursor.slice(0, -3), foreign, `${cursor}x`]) {
        const answer = await post(gateway, { query: KBS_PAGE, variables: { after } }, asReader);
        expect(answer.errors?.[0], after).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
      }
      expect(gateway.vendorCalls()).toBe(0);
    } finally {
      await other.stop();
    }
  });

  it('takes a cursor signed with the previous secret during a rotation', async () => {
    const page = await post(gateway, { query: KBS_PAGE }, asReader);
    const cursor = (page.data as { customers: { pageInfo: { endCursor: string } } }).customers.pageInfo.endCursor;
    const rotated = await startTestGateway({
      security: {
        ...PRODUCTION,
        cursorSecrets: { current: 'the-new-cursor-secret-after-rotation', previous: PRODUCTION.cursorSecrets.current },
      },
    });
    try {
      const next = await post(rotated, { query: KBS_PAGE, variables: { after: cursor } }, asReader);
      expect(next.errors).toBeUndefined();
      expect((next.data as { customers: { edges: unknown[] } }).customers.edges).toHaveLength(1);
    } finally {
      await rotated.stop();
    }
  });

  it('counts the ids of every alias and variable against one ceiling, before any call', async () => {
    const ids = Array.from({ length: 100 }, () => ameliaCustomerId);
    const aliases = Array.from({ length: 15 }, (_, i) => `a${i}: nodes(ids: $ids) { id }`).join(' ');
    const answer = await post(gateway, { query: `query($ids: [ID!]!) { ${aliases} }`, variables: { ids } }, asReader);
    expect(answer.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'ids' } });
    expect(answer.data ?? null).toBeNull();
    const literal = JSON.stringify(ids.slice(0, 60));
    const twoLiterals = await post(gateway, { query: `{ a: nodes(ids: ${literal}) { id } b: nodes(ids: ${literal}) { id } }` }, asReader);
    expect(twoLiterals.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'ids' } });
    expect(gateway.vendorCalls()).toBe(0);
    const hundred = await post(gateway, { query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids } }, asReader);
    expect(hundred.errors).toBeUndefined();
  });

  it('fails the reads past MAX_VENDOR_CALLS as BUDGET_EXCEEDED naming the field, and sends nothing more', async () => {
    const tight = await startTestGateway({ security: { ...PRODUCTION, limits: { ...PRODUCTION.limits, maxVendorCalls: 3 } } });
    try {
      const answer = await post(tight, { query: '{ customers(first: 100) { edges { node { id sameAs { id } } } } }' }, asReader);
      expect(answer.status).toBe(200);
      const budget = (answer.errors ?? []).filter((error) => error.extensions?.code === 'BUDGET_EXCEEDED');
      expect(budget.length).toBeGreaterThan(0);
      expect(budget.every((error) => Array.isArray(error.path) && error.path.length > 0)).toBe(true);
      expect(budget[0]?.message).toMatch(/3 vendor calls/);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(tight.vendorCalls()).toBeLessThanOrEqual(3);
    } finally {
      await tight.stop();
    }
  });

  it('sends nothing more for a request once its answer has gone out', async () => {
    gateway.vendors.kbSupport.server.latencyMs = 150;
    try {
      // sameAs is asked for, so KB Support's whole-list walk starts beside the Amelia read; no Amelia
      // customer matches, so the answer is ready long before the walk would end.
      const answer = await post(
        gateway,
        {
          query:
            '{ customers(first: 1, filter: { sources: [AMELIA], email: "nobody.at.all@example.test" }) { edges { node { sameAs { id } } } } }',
        },
        asReader,
      );
      expect(answer.errors).toBeUndefined();
      const atAnswer = gateway.vendors.kbSupport.server.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(gateway.vendors.kbSupport.server.requests.length).toBeLessThanOrEqual(atAnswer + 4);
      const settled = gateway.vendors.kbSupport.server.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(gateway.vendors.kbSupport.server.requests.length).toBe(settled);
    } finally {
      gateway.vendors.kbSupport.server.latencyMs = 0;
    }
  });
});

describe('no oracle between clients', () => {
  it("answers If-None-Match with 304 only for the asking client's own cached answer", async () => {
    const cached = await startTestGateway({
      security: PRODUCTION,
      responseCache: (await import('../../src/plugins/response-cache.ts')).defaultResponseCache(),
    });
    try {
      const query = '{ customers(first: 2, filter: { sources: [CRM] }) { edges { node { id } } } }';
      const admin = await post(cached, { query }, asAdmin);
      const etag = (await post(cached, { query }, asAdmin)).headers.get('etag');
      expect(admin.status).toBe(200);
      expect(etag).toBeTruthy();
      const probe = await post(cached, { query }, { ...asReader, 'if-none-match': etag! });
      expect(probe.status).toBe(200);
      expect(probe.headers.get('etag')).not.toBe(etag);
      const own = await post(cached, { query }, { ...asAdmin, 'if-none-match': etag! });
      expect(own.status).toBe(304);
    } finally {
      await cached.stop();
    }
  });

  it("decides node(id) scopes from the id's type: one answer for a known and an unknown employee, no call", async () => {
    const unknown = Buffer.from('Employee:AMELIA:999999').toString('base64');
    const known = await post(gateway, { query: `{ node(id: "${employeeId}") { id } }` }, asReader);
    const missing = await post(gateway, { query: `{ node(id: "${unknown}") { id } }` }, asReader);
    expect(known.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(missing.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(known.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
    const customer = await post(
      gateway,
      { query: `{ nodes(ids: ["${ameliaCustomerId}", "${Buffer.from('Customer:AMELIA:999999').toString('base64')}"]) { id } }` },
      asStaff,
    );
    expect(codes(customer)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(gateway.vendorCalls()).toBe(0);
  });
});

describe('production defaults closed', () => {
  it('suggests no names in any error: enum values, input fields, variables', async () => {
    const probes = [
      { query: '{ customers(filter: { sources: [CRN] }) { totalCount } }' },
      { query: 'query($s: [CustomerSource!]) { customers(filter: { sources: $s }) { totalCount } }', variables: { s: ['CRN'] } },
      { query: 'query($f: CustomerFilter) { customers(filter: $f) { totalCount } }', variables: { f: { serch: 'x' } } },
      { query: '{ customers(filter: { serch: "x" }) { totalCount } }' },
      { query: '{ customerz { totalCount } }' },
      { query: 'query($s: CustomerSourc) { customers { totalCount } }' },
    ];
    for (const probe of probes) {
      const answer = await post(gateway, probe, asReader);
      expect(answer.errors?.length, probe.query).toBeGreaterThan(0);
      expect(answer.text, probe.query).not.toMatch(/did you mean/i);
    }
    expect(gateway.vendorCalls()).toBe(0);
  });

  it('serves no GraphiQL in production unless GRAPHIQL=1', async () => {
    const page = await raw(gateway, 'GET', '/graphql', null, { accept: 'text/html' });
    expect(page.text).not.toMatch(/<html/i);
    const withGraphiQL = await startTestGateway({ security: { ...PRODUCTION, graphiql: true } });
    try {
      const shown = await raw(withGraphiQL, 'GET', '/graphql', null, { accept: 'text/html' });
      expect(shown.status).toBe(200);
      expect(shown.text).toMatch(/<html/i);
    } finally {
      await withGraphiQL.stop();
    }
  });

  it('serves /metrics in production only with METRICS_TOKEN, and then only to its bearer', async () => {
    const logger = createLogger({ level: 'silent' });
    const open = await startTestGateway({
      security: PRODUCTION,
      observability: { logger, metrics: createMetrics({ processMetrics: false }) },
    });
    const guarded = await startTestGateway({
      security: PRODUCTION,
      observability: { logger, metrics: createMetrics({ processMetrics: false }), metricsToken: METRICS_TOKEN },
    });
    try {
      expect((await fetch(`${open.origin}/metrics`)).status).toBe(404);
      expect((await fetch(`${guarded.origin}/metrics`)).status).toBe(401);
      expect((await fetch(`${guarded.origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
    } finally {
      await open.stop();
      await guarded.stop();
    }
  });

  it('throttles failed authentications by address, and believes X-Forwarded-For only from TRUST_PROXY', async () => {
    const fail = (target: TestGateway, from: string) =>
      post(target, { query: '{ __typename }' }, { authorization: 'Bearer sbk_a_guess_that_is_wrong', 'x-forwarded-for': from });
    const direct = await startTestGateway({ security: { ...PRODUCTION, authFailures: { perMinute: 5 } } });
    const proxied = await startTestGateway({ security: { ...PRODUCTION, authFailures: { perMinute: 5 }, trustProxy: ['loopback'] } });
    try {
      const statuses = [];
      for (let i = 0; i < 8; i++) statuses.push((await fail(direct, '203.0.113.5')).status);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5)).toEqual([429, 429, 429]);
      const limited = await fail(direct, '203.0.113.5');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Without a trusted proxy the header is the client's word: every request is the socket's address.
      expect((await fail(direct, '198.51.100.7')).status).toBe(429);
      expect((await post(direct, { query: '{ __typename }' }, asReader)).status).toBe(429);

      for (let i = 0; i < 6; i++) await fail(proxied, '203.0.113.5');
      expect((await fail(proxied, '203.0.113.5')).status).toBe(429);
      expect((await fail(proxied, '198.51.100.7')).status).toBe(401);
      expect((await post(proxied, { query: '{ __typename }' }, { ...asReader, 'x-forwarded-for': '198.51.100.7' })).status).toBe(200);
    } finally {
      await direct.stop();
      await proxied.stop();
    }
  });

  it('gives raw vendor data only to pii:read: sourceRecord, customEntryMap, customFields, identifiers', async () => {
    const query = `{
      customers(first: 2, filter: { sources: [PLATFORM] }) { edges { node {
        id sourceRecord customFields { fieldId value } identifiers { code sourceRecord } platform { customEntryMap }
      } } }
      customFields { id sourceRecord }
    }`;
    const reader = await post(gateway, { query }, asReader);
    const forbidden = (reader.errors ?? []).filter((error) => error.extensions?.code === 'FORBIDDEN').map((error) => error.path?.at(-1));
    expect(new Set(forbidden)).toEqual(new Set(['sourceRecord', 'customFields', 'customEntryMap']));
    expect(reader.text).not.toMatch(/"custom_entry_map"|"attributes"/);
    const allowed = await post(gateway, { query }, asPrivate);
    expect(allowed.errors).toBeUndefined();
  });
});

describe('crafted input is a 400', () => {
  const log = captureLog();
  let logged: TestGateway;
  beforeAll(async () => {
    logged = await startTestGateway({
      security: PRODUCTION,
      observability: { logger: createLogger({ level: 'info', destination: log }), metrics: createMetrics({ processMetrics: false }) },
    });
  });
  afterAll(() => logged.stop());
  beforeEach(() => {
    log.clear();
    logged.reset();
  });
  const noStackLogged = () => {
    expect(log.text()).not.toMatch(/"stack"/);
    expect(log.lines().filter((line) => Number(line.level) >= 50)).toEqual([]);
  };

  it('refuses variables nested 100,000 levels deep', async () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const body = `{"query":"query($f: CustomerFilter) { customers(filter: $f) { totalCount } }","variables":{"f":${deep}}}`;
    const answer = await post(logged, body, asReader);
    expect(answer.status).toBe(400);
    expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
    expect(logged.vendorCalls()).toBe(0);
    noStackLogged();
  });

  it('refuses a list literal 2,000 levels deep', async () => {
    const query = `{ nodes(ids: ${'['.repeat(2_000)}"x"${']'.repeat(2_000)}) { id } }`;
    const answer = await post(logged, { query }, asReader);
    expect(answer.status).toBe(400);
    expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
    noStackLogged();
  });

  it('refuses a lone surrogate in a search, a cursor or the document as BAD_USER_INPUT', async () => {
    const search = await post(
      logged,
      '{"query":"query($s: String) { customers(filter: { search: $s }) { totalCount } }","variables":{"s":"ab\\ud800"}}',
      asReader,
    );
    expect(search.status).toBe(400);
    expect(codes(search)).toEqual(['BAD_USER_INPUT']);
    const cursor = await post(
      logged,
      '{"query":"query($a: String) { customers(after: $a) { totalCount } }","variables":{"a":"\\ud800"}}',
      asReader,
    );
    expect(codes(cursor)).toEqual(['BAD_USER_INPUT']);
    const literal = await post(logged, '{"query":"{ customers(filter: { search: \\"\\ud800\\" }) { totalCount } }"}', asReader);
    expect(literal.status).toBe(400);
    expect(logged.vendorCalls()).toBe(0);
    noStackLogged();
  });

  it('answers malformed GET parameters with 400', async () => {
    const query = encodeURIComponent('query($s: String) { customers(filter: { search: $s }) { totalCount } }');
    for (const extra of ['variables=%7Bnot-json', 'extensions=%5B%5B', 'variables=%22a%22']) {
      const answer = await raw(logged, 'GET', `/graphql?query=${query}&${extra}`, null, {
        ...asReader,
        'x-graphql-csrf': '1',
        accept: 'application/json',
      });
      expect(answer.status, extra).toBe(400);
    }
    expect(logged.vendorCalls()).toBe(0);
    noStackLogged();
  });
});
