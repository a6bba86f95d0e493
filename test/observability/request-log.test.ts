import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, REDACTED, scrubSecrets } from '../../src/observability/logger.ts';
import { useRequestLog, vendorLogObserver } from '../../src/observability/request-log.ts';
import { captureLog, startTinyServer, type TinyServer } from './support.ts';

const BEARER_SECRET = 'sk_live_5f3b9c2e7d1a4e8f9b0c6d2a';
const PASSWORD = 'Correct-Horse-Battery-Staple-4711';

const log = captureLog();
// trace: the most talkative level, so nothing could hide below the threshold.
const logger = createLogger({ level: 'trace', destination: log });
let server: TinyServer;

beforeAll(async () => {
  server = await startTinyServer([useRequestLog(logger)], (context, variables) => {
    // What a careless resolver might log one day: every header, the input, a vendor's credentials.
    logger.info(
      {
        req: { headers: { authorization: `Bearer ${BEARER_SECRET}`, cookie: `session=${BEARER_SECRET}` } },
        input: variables,
        vendor: { settings: { apiKey: BEARER_SECRET, appPassword: PASSWORD, url: 'https://vendor.example' } },
        requestId: context.scope.requestId,
      },
      'careless resolver log',
    );
  });
});
afterAll(() => server.stop());
beforeEach(() => log.clear());

function requestLines(): Array<Record<string, unknown>> {
  return log.lines().filter((line) => line.msg === 'graphql request');
}

describe('request log', () => {
  it('writes one line per GraphQL request with the request id, operation, duration, status, vendor calls, error codes and client', async () => {
    const response = await server.post(
      { query: 'query Customers { customers fail }', operationName: 'Customers' },
      { 'x-request-id': 'req-observability-1', 'x-test-client': 'client-7' },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { errors?: Array<{ extensions?: Record<string, unknown> }> };
    expect(body.errors?.[0]?.extensions?.code).toBe('SOURCE_UNAVAILABLE');

    const lines = requestLines();
    expect(lines).toHaveLength(1);
    const line = lines[0];
    expect(line).toMatchObject({
      level: 30,
      requestId: 'req-observability-1',
      operationName: 'Customers',
      operationType: 'query',
      status: 200,
      vendorCalls: { AMELIA: 2, CRM: 1 },
      errorCodes: ['SOURCE_UNAVAILABLE'],
      failedSources: ['CRM'],
      clientId: 'client-7',
    });
    expect(typeof line?.durationMs).toBe('number');
    expect(line?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('logs anonymous operations, mutations, and requests that fail before execution', async () => {
    await server.post({ query: '{ hello }' });
    await server.post({
      query: 'mutation SignIn($e: String!, $p: String!) { login(email: $e, password: $p) }',
      variables: { e: 'a@b.test', p: 'x' },
    });
    await server.post({ query: 'query Broken { hello', operationName: 'Broken' });
    await server.post({ query: 'query Unknown { nope }' });
    const lines = requestLines();
    expect(lines.map((line) => [line.operationName, line.operationType, line.status, line.errorCodes])).toEqual([
      [null, 'query', 200, []],
      ['SignIn', 'mutation', 200, []],
      ['Broken', null, 400, ['GRAPHQL_PARSE_FAILED']],
      ['Unknown', 'query', 400, ['GRAPHQL_VALIDATION_FAILED']],
    ]);
    // Every line has a request id, the one returned to the client as X-Request-Id.
    for (const line of lines) expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // No client before authentication exists; no vendor calls when none were made.
    expect(lines[0]).not.toHaveProperty('clientId');
    expect(lines[0]?.vendorCalls).toEqual({});
  });

  it('logs a request refused before its operation could be read, and nothing for other routes', async () => {
    const refused = await fetch(`${server.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(refused.status).toBe(400);
    await fetch(`${server.origin}/graphql`, { headers: { accept: 'text/html' } });
    await fetch(`${server.origin}/health`);
    const lines = requestLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ operationName: null, operationType: null, status: 400 });
  });

  it('names the client of a request whose context was never built, when told how to find it', async () => {
    const out = captureLog();
    const clients = new WeakMap<Request, { clientId: string }>();
    const authenticate = {
      onRequest({ request }: { request: Request }) {
        clients.set(request, { clientId: 'mobile-app' });
      },
    };
    const withClients = await startTinyServer([
      authenticate,
      useRequestLog(createLogger({ level: 'info', destination: out }), { clientOf: (request) => clients.get(request) }),
    ]);
    try {
      await withClients.post({ query: 'query Unknown { nope }' });
    } finally {
      await withClients.stop();
    }
    expect(out.lines()[0]).toMatchObject({
      operationName: 'Unknown',
      status: 400,
      errorCodes: ['GRAPHQL_VALIDATION_FAILED'],
      clientId: 'mobile-app',
    });
  });

  it('logs a request another plugin refused, with its duration when this plugin comes first', async () => {
    const refuse = {
      onRequest({ request, endResponse }: { request: Request; endResponse: (response: Response) => void }) {
        if (request.headers.get('x-refuse'))
          endResponse(Response.json({ errors: [{ message: 'no', extensions: { code: 'UNAUTHENTICATED' } }] }, { status: 401 }));
      },
    };
    const out = captureLog();
    const early = createLogger({ level: 'info', destination: out });
    const late = createLogger({ level: 'info', destination: out }).child({ placed: 'after' });
    const refusing = await startTinyServer([useRequestLog(early), refuse, useRequestLog(late)]);
    try {
      const response = await refusing.post({ query: '{ hello }' }, { 'x-refuse': '1', 'x-request-id': 'refused-1' });
      expect(response.status).toBe(401);
    } finally {
      await refusing.stop();
    }
    const [first, second] = out.lines();
    expect(first).toMatchObject({ requestId: 'refused-1', status: 401, operationName: null, errorCodes: [] });
    expect(typeof first?.durationMs).toBe('number');
    expect(second).toMatchObject({ placed: 'after', requestId: 'refused-1', status: 401, durationMs: null });
  });

  it('never writes an Authorization header, a password variable or a credential, even when asked to', async () => {
    const response = await server.post(
      {
        query: 'mutation SignIn($email: String!, $password: String!) { login(email: $email, password: $password) }',
        variables: { email: 'jordan@example.test', password: PASSWORD },
      },
      { authorization: `Bearer ${BEARER_SECRET}`, cookie: `session=${BEARER_SECRET}` },
    );
    expect(response.status).toBe(200);
    const output = log.text();
    expect(output).toContain('careless resolver log');
    expect(output).toContain('"msg":"graphql request"');
    expect(output).not.toContain(BEARER_SECRET);
    expect(output).not.toContain(PASSWORD);
    // The request log holds no variables at all, not even the harmless ones.
    expect(JSON.stringify(requestLines())).not.toContain('jordan@example.test');
    const careless = log.lines().find((line) => line.msg === 'careless resolver log');
    expect(careless).toMatchObject({
      req: { headers: { authorization: REDACTED, cookie: REDACTED } },
      input: { email: 'jordan@example.test', password: REDACTED },
      vendor: { settings: { apiKey: REDACTED, appPassword: REDACTED, url: 'https://vendor.example' } },
    });
  });
});

describe('createLogger redaction', () => {
  it('redacts credential-named keys at any depth, in errors and in child bindings', () => {
    const out = captureLog();
    const child = createLogger({ level: 'info', destination: out })
      .child({ vendorToken: BEARER_SECRET })
      .child({ component: 'crm', crm: { token: BEARER_SECRET } });
    const error = Object.assign(new Error('request failed'), { options: { headers: { Authorization: `Basic ${BEARER_SECRET}` } } });
    child.error({ err: error, deep: { a: { b: { c: { clientSecret: BEARER_SECRET, x_api_key: BEARER_SECRET } } } } }, 'boom');
    child.warn({ wrapped: error, list: [{ refresh_token: BEARER_SECRET }], count: 3 }, 'again');
    expect(out.text()).not.toContain(BEARER_SECRET);
    const [first, second] = out.lines();
    expect(first).toMatchObject({
      vendorToken: REDACTED,
      component: 'crm',
      crm: { token: REDACTED },
      msg: 'boom',
      err: { type: 'Error', message: 'request failed', options: { headers: { Authorization: REDACTED } } },
    });
    expect(second).toMatchObject({ count: 3, list: [{ refresh_token: REDACTED }], wrapped: { message: 'request failed' } });
  });

  it('leaves ordinary fields alone', () => {
    expect(scrubSecrets({ source: 'CRM', status: 503, nested: { email: 'a@b.test', ids: [1, 2] } })).toEqual({
      source: 'CRM',
      status: 503,
      nested: { email: 'a@b.test', ids: [1, 2] },
    });
  });
});

describe('vendor call log', () => {
  it('writes each vendor call at debug level without URL, headers or body, and breaker changes', () => {
    const out = captureLog();
    const observer = vendorLogObserver(createLogger({ level: 'debug', destination: out }));
    observer.onCall({
      source: 'PLATFORM',
      method: 'GET',
      status: 503,
      outcome: 'failure',
      durationMs: 812.345,
      attempts: 2,
      failure: 'VENDOR_ERROR',
      requestId: 'req-9',
    });
    observer.onBreakerChange?.('PLATFORM', 'open');
    observer.onBreakerChange?.('PLATFORM', 'closed');
    const [call, opened, closed] = out.lines();
    expect(call).toEqual({
      level: 20,
      time: expect.any(Number),
      pid: expect.any(Number),
      hostname: expect.any(String),
      requestId: 'req-9',
      source: 'PLATFORM',
      method: 'GET',
      status: 503,
      outcome: 'failure',
      durationMs: 812.3,
      attempts: 2,
      failure: 'VENDOR_ERROR',
      msg: 'vendor call',
    });
    expect(opened).toMatchObject({ level: 40, source: 'PLATFORM', state: 'open' });
    expect(closed).toMatchObject({ level: 30, source: 'PLATFORM', state: 'closed' });
  });

  it('writes nothing above debug level', () => {
    const out = captureLog();
    const observer = vendorLogObserver(createLogger({ level: 'info', destination: out }));
    observer.onCall({
      source: 'CRM',
      method: 'GET',
      status: 200,
      outcome: 'ok',
      durationMs: 5,
      attempts: 1,
      failure: null,
      requestId: 'probe-1',
    });
    expect(out.text()).toBe('');
  });
});
