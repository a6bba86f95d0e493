// The production defaults, exercised over HTTP: credentials, scopes, query limits, trusted documents,
// rate limits. Each refusal happens before any vendor is asked.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerByIdDocument, CustomersPageDocument } from '../../schema/generated/graphql.ts';
import { sha256Hex } from '../../src/auth/authenticate.ts';
import type { SecuritySettings } from '../../src/config.ts';
import { DEVELOPMENT_SECURITY } from '../../src/plugins/security.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

const READER_KEY = 'sbk_reader_example_key_1234567890';
const WRITER_KEY = 'sbk_writer_example_key_0987654321';
const OTHER_WRITER_KEY = 'sbk_other_writer_key_5555555555';
const JWT_SECRET = 'a-test-secret-that-is-at-least-32-characters-long';

const PRODUCTION: SecuritySettings = {
  ...DEVELOPMENT_SECURITY,
  production: true,
  introspection: false,
  fieldSuggestions: false,
  auth: {
    allowAnonymous: false,
    apiKeys: [
      { clientId: 'reader', sha256: sha256Hex(READER_KEY), scopes: ['customers:read'] },
      { clientId: 'writer', sha256: sha256Hex(WRITER_KEY), scopes: ['customers:read', 'customers:write', 'pii:read'] },
      { clientId: 'other-writer', sha256: sha256Hex(OTHER_WRITER_KEY), scopes: ['customers:read', 'customers:write'] },
    ],
    jwt: { secret: JWT_SECRET, issuer: 'https://auth.example.test', audience: 'switchboard' },
  },
};

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({ security: PRODUCTION });
});
afterAll(() => gateway.stop());

async function post(body: unknown, headers: Record<string, string> = {}, target: TestGateway = gateway) {
  const response = await fetch(`${target.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown>; path?: unknown[] }> } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // Some refusals answer before GraphQL does (e.g. 413).
  }
  return { status: response.status, headers: response.headers, ...json };
}

const asReader = { authorization: `Bearer ${READER_KEY}` };
const asWriter = { authorization: `Bearer ${WRITER_KEY}` };

async function jwt(claims: Record<string, unknown>, options: { expiresIn?: string; audience?: string } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('https://auth.example.test')
    .setAudience(options.audience ?? 'switchboard')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(new TextEncoder().encode(JWT_SECRET));
}

describe('who may ask', () => {
  it('answers 401 with a GraphQL error to a request without credentials, and asks no vendor', async () => {
    gateway.reset();
    const answer = await post({ query: '{ customers(first: 1) { totalCount } }' });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(gateway.vendorCalls()).toBe(0);
  });

  it('answers 401 to an unknown API key, a malformed header, an expired token and a token for another audience', async () => {
    const expired = await jwt({ scope: 'customers:read' }, { expiresIn: '-1m' });
    const otherAudience = await jwt({ scope: 'customers:read' }, { audience: 'someone-else' });
    for (const authorization of ['Bearer sbk_not_a_key', 'Basic abc', `Bearer ${expired}`, `Bearer ${otherAudience}`]) {
      const answer = await post({ query: '{ customers(first: 1) { totalCount } }' }, { authorization });
      expect(answer.status, authorization.slice(0, 20)).toBe(401);
      expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('lets an API key read what its scopes allow, and refuses personal data on those fields only', async () => {
    const answer = await post(
      { query: '{ customers(first: 2, filter: { sources: [AMELIA] }) { edges { node { id email birthday } } } }' },
      asReader,
    );
    expect(answer.status).toBe(200);
    const edges = (answer.data as { customers: { edges: Array<{ node: { id: string; email: string | null; birthday: unknown } }> } })
      .customers.edges;
    expect(edges).toHaveLength(2);
    expect(edges.every((edge) => edge.node.id && edge.node.birthday === null)).toBe(true);
    expect(answer.errors?.every((error) => error.extensions?.code === 'FORBIDDEN' && error.path?.at(-1) === 'birthday')).toBe(true);
    expect(answer.errors?.[0]?.message).toMatch(/pii:read/);
  });

  it('refuses a mutation to a key without customers:write, with FORBIDDEN, and sends nothing', async () => {
    gateway.reset();
    const answer = await post({ query: 'mutation { deleteCustomer(id: "Q3VzdG9tZXI6Q1JNOmN1c18x") { __typename } }' }, asReader);
    expect(answer.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, path: ['deleteCustomer'] });
    expect(gateway.vendorCalls()).toBe(0);
  });

  it('keeps idempotency keys apart per client: the same key from two clients is two requests', async () => {
    const create = (email: string) => ({
      query: `mutation { createCustomer(input: { source: CRM, firstName: "Same", lastName: "Key", email: "${email}" }) { __typename } }`,
    });
    const key = { 'Idempotency-Key': 'shared-by-accident' };
    const first = await post(create('same.key.1@example.test'), { ...asWriter, ...key });
    const second = await post(create('same.key.2@example.test'), { authorization: `Bearer ${OTHER_WRITER_KEY}`, ...key });
    expect(first.data).toEqual({ createCustomer: { __typename: 'CreateCustomerSuccess' } });
    expect(second.data).toEqual({ createCustomer: { __typename: 'CreateCustomerSuccess' } });
  });

  it('accepts an HS256 JWT with scopes, issuer and audience', async () => {
    const token = await jwt({ sub: 'mobile-app', scope: 'customers:read pii:read' });
    const answer = await post(
      { query: '{ customers(first: 1, filter: { sources: [CRM] }) { edges { node { birthday } } } }' },
      { authorization: `Bearer ${token}` },
    );
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
  });

  it('accepts a JWT signed by a key from a JWKS URL', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const jwks = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', () => resolve()));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
    const issuer = 'https://idp.example.test';
    const viaJwks = await startTestGateway({
      security: { ...PRODUCTION, auth: { ...PRODUCTION.auth, jwt: { jwksUrl, issuer, audience: 'switchboard' } } },
    });
    const sign = (from: string) =>
      new SignJWT({ scope: 'employees:read' })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(from)
        .setAudience('switchboard')
        .setExpirationTime('5m')
        .sign(privateKey);
    try {
      const token = await sign(issuer);
      const ok = await post({ query: '{ employees(first: 1) { totalCount } }' }, { authorization: `Bearer ${token}` }, viaJwks);
      expect(ok.errors).toBeUndefined();
      const forbidden = await post({ query: '{ customers(first: 1) { totalCount } }' }, { authorization: `Bearer ${token}` }, viaJwks);
      expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      // Signed by the same keys, but claiming another issuer.
      const otherIssuer = await post(
        { query: '{ employees(first: 1) { totalCount } }' },
        { authorization: `Bearer ${await sign('https://elsewhere.example.test')}` },
        viaJwks,
      );
      expect(otherIssuer.status).toBe(401);
    } finally {
      await viaJwks.stop();
      jwks.close();
    }
  });

  it('node(id) does not bypass the scopes of the type it returns', async () => {
    const page = await post({ query: '{ customers(first: 1, filter: { sources: [CRM] }) { edges { node { id } } } }' }, asWriter);
    const id = (page.data as { customers: { edges: Array<{ node: { id: string } }> } }).customers.edges[0]!.node.id;
    const token = await jwt({ scope: 'employees:read' });
    const answer = await post({ query: `{ node(id: "${id}") { id } }` }, { authorization: `Bearer ${token}` });
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('abuse limits', () => {
  const nest = (depth: number) =>
    `{ ${'customers(first: 1) { edges { node { sameAs { '.repeat(1)}${'sameAs { '.repeat(Math.max(0, depth - 5))}id${' }'.repeat(Math.max(0, depth - 5))} } } } } }`;

  it('refuses a query 11 levels deep and accepts one of 10', async () => {
    const tooDeep = await post({ query: nest(11) }, asReader);
    expect(tooDeep.errors?.[0]?.message).toMatch(/depth/i);
    const deepEnough = await post({ query: nest(10) }, asReader);
    expect(deepEnough.errors?.some((error) => /depth/i.test(error.message)) ?? false).toBe(false);
  });

  it('refuses 16 aliases', async () => {
    const aliased = (count: number) => Array.from({ length: count }, (_, i) => `a${i}: customFields { id }`).join(' ');
    const answer = await post({ query: `{ ${aliased(16)} }` }, asReader);
    expect(answer.errors?.[0]?.message).toMatch(/alias/i);
    const fifteen = await post({ query: `{ ${aliased(15)} }` }, asReader);
    expect(fifteen.errors?.some((error) => /alias/i.test(error.message)) ?? false).toBe(false);
  });

  it('refuses a document of 2,001 tokens', async () => {
    const fields = Array.from({ length: 2_001 }, () => '__typename').join(' ');
    const answer = await post({ query: `{ ${fields} }` }, asReader);
    expect(answer.errors?.[0]?.message).toMatch(/token/i);
  });

  it('refuses a 2 MB body', async () => {
    const answer = await post({ query: '{ __typename }', variables: { padding: 'x'.repeat(2 * 1024 * 1024) } }, asReader);
    expect(answer.status).toBe(413);
  });

  it('refuses a 2 MB body sent without a length (chunked), and still takes a small one that way', async () => {
    const chunked = (text: string) => {
      const bytes = new TextEncoder().encode(text);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < bytes.length; at += 64 * 1024) controller.enqueue(bytes.slice(at, at + 64 * 1024));
          controller.close();
        },
      });
      return fetch(`${gateway.origin}/graphql`, {
        method: 'POST',
        headers: { ...asReader, 'content-type': 'application/json', accept: 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit);
    };
    const large = await chunked(JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(2 * 1024 * 1024) } }));
    expect(large.status).toBe(413);
    const small = await chunked(JSON.stringify({ query: '{ __typename }' }));
    expect(await small.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses a batch of operations', async () => {
    const answer = await post([{ query: '{ __typename }' }, { query: '{ __typename }' }], asReader);
    expect(answer.status).toBeGreaterThanOrEqual(400);
  });

  it('refuses introspection and suggests no field names in production', async () => {
    const introspection = await post({ query: '{ __schema { types { name } } }' }, asReader);
    expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
    const misspelled = await post({ query: '{ customerz(first: 1) { totalCount } }' }, asReader);
    expect(misspelled.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('refuses a mutation sent with GET', async () => {
    const query = encodeURIComponent('mutation { deleteCustomer(id: "x") { __typename } }');
    const response = await fetch(`${gateway.origin}/graphql?query=${query}`, {
      headers: { ...asWriter, 'x-graphql-csrf': '1', accept: 'application/json' },
    });
    expect(response.status).toBe(405);
  });

  it('refuses a GET without the CSRF header, so a cross-site link cannot run an operation', async () => {
    const response = await fetch(`${gateway.origin}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { ...asReader, accept: 'application/json' },
    });
    expect(response.status).toBe(403);
  });
});

describe('abuse limits, configured otherwise', () => {
  let relaxed: TestGateway;
  beforeAll(async () => {
    relaxed = await startTestGateway({
      security: { ...PRODUCTION, fieldSuggestions: true, batching: { limit: 2 }, limits: { ...PRODUCTION.limits, maxPageSize: 5 } },
    });
  });
  afterAll(() => relaxed.stop());

  it('answers a batch up to its limit, and refuses a longer one', async () => {
    const two = await fetch(`${relaxed.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...asReader },
      body: JSON.stringify([
        { query: 'query A { __typename }' },
        { query: 'query B { customers(first: 1, filter: { sources: [CRM] }) { edges { node { id } } } }' },
      ]),
    });
    expect(two.status).toBe(200);
    const answers = (await two.json()) as Array<{ data?: unknown; errors?: unknown }>;
    expect(answers).toHaveLength(2);
    expect(answers.every((answer) => answer.data && !answer.errors)).toBe(true);
    const three = await post([{ query: '{ __typename }' }, { query: '{ __typename }' }, { query: '{ __typename }' }], asReader, relaxed);
    expect(three.status).toBe(413);
    expect(three.errors?.[0]?.message).toMatch(/limited to 2 operations/);
  });

  it('suggests field names when FIELD_SUGGESTIONS is on, even in production', async () => {
    const misspelled = await post({ query: '{ customerz(first: 1) { totalCount } }' }, asReader, relaxed);
    expect(misspelled.errors?.[0]?.message).toMatch(/Did you mean "customers?"/);
  });

  it('takes `first` up to MAX_PAGE_SIZE on every connection, and names `first` past it', async () => {
    const token = await jwt({ sub: 'pager', scope: 'customers:read employees:read' });
    const as = { authorization: `Bearer ${token}` };
    const fine = await post({ query: '{ customers(first: 5) { edges { node { id } } } employees(first: 5) { totalCount } }' }, as, relaxed);
    expect(fine.errors).toBeUndefined();
    expect((fine.data as { customers: { edges: unknown[] } }).customers.edges).toHaveLength(5);
    for (const query of [
      '{ customers(first: 6) { totalCount } }',
      '{ employees(first: 6) { totalCount } }',
      '{ customerChanges(since: "2024-01-01T00:00:00Z", first: 6) { edges { cursor } } }',
    ]) {
      relaxed.reset();
      const answer = await post({ query }, as, relaxed);
      expect(answer.errors?.[0], query).toMatchObject({
        message: 'first: must be at most 5',
        extensions: { code: 'BAD_USER_INPUT', field: 'first' },
      });
      expect(relaxed.vendorCalls(), query).toBe(0);
    }
    // The limit belongs to the gateway: the default one still takes 100.
    const hundred = await post({ query: '{ customers(first: 100) { totalCount } }' }, asReader);
    expect(hundred.errors).toBeUndefined();
  });
});

describe('documents by id', () => {
  it('runs a generated document by its id beside arbitrary ones when trusted-only mode is off', async () => {
    const documentId = (CustomersPageDocument as unknown as { __meta__: { hash: string } }).__meta__.hash;
    const byId = await post({ documentId, variables: { first: 1 } }, asWriter);
    expect(byId.errors).toBeUndefined();
    const arbitrary = await post({ query: '{ customers(first: 1) { totalCount } }' }, asWriter);
    expect(arbitrary.errors).toBeUndefined();
  });
});

describe('trusted documents', () => {
  let trusted: TestGateway;
  beforeAll(async () => {
    trusted = await startTestGateway({ security: { ...PRODUCTION, trustedDocuments: 'schema/generated/persisted-documents.json' } });
  });
  afterAll(() => trusted.stop());

  it('runs a document from the manifest by its id, and refuses any other', async () => {
    const documentId = (CustomersPageDocument as unknown as { __meta__: { hash: string } }).__meta__.hash;
    const known = await post({ documentId, variables: { first: 1 } }, asWriter, trusted);
    expect(known.errors).toBeUndefined();
    expect((known.data as { customers: { totalCount: number } }).customers.totalCount).toBeGreaterThan(0);
    const arbitrary = await post({ query: '{ customers(first: 1) { totalCount } }' }, asReader, trusted);
    expect(arbitrary.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
    const unknown = await post({ documentId: 'sha256:0000' }, asReader, trusted);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('accepts the Apollo persisted-query extension form as well', async () => {
    const hash = (CustomerByIdDocument as unknown as { __meta__: { hash: string } }).__meta__.hash.replace(/^sha256:/, '');
    const answer = await post(
      { extensions: { persistedQuery: { version: 1, sha256Hash: hash } }, variables: { id: 'garbage' } },
      asWriter,
      trusted,
    );
    expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once a client has spent its burst', async () => {
    const limited = await startTestGateway({ security: { ...PRODUCTION, rateLimit: { perSecond: 1, burst: 3 } } });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 8; i++) {
        const answer = await post({ query: '{ __typename }' }, asReader, limited);
        statuses.push(answer.status);
        if (answer.status === 429) {
          retryAfter = answer.headers.get('retry-after');
          expect(answer.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
        }
      }
      expect(statuses).toContain(429);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      // Another client has its own bucket.
      expect((await post({ query: '{ __typename }' }, asWriter, limited)).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});
