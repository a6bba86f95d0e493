import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Fault, SandboxServer } from '../../src/sandbox/server.ts';
import { WriteOutcomeUnknownError } from '../../src/sources/errors.ts';
import { createVendorHttp } from '../../src/sources/http/index.ts';
import { sourceErrorOf, TEST_HTTP_SETTINGS, unscoped } from '../support/sources.ts';

const SECRET = 'Bearer s3cret-token-value';
const vendor = new SandboxServer('echo', (request) =>
  request.headers.authorization === SECRET
    ? { status: 200, body: { ok: true, path: request.path } }
    : { status: 401, body: { error: 'no' } },
);

beforeAll(() => vendor.start());
afterAll(() => vendor.stop());
beforeEach(() => {
  vendor.clearLog();
  vendor.clearFaults();
  vendor.latencyMs = 0;
});

const http = () => createVendorHttp('CRM', vendor.url, { authorization: SECRET }, TEST_HTTP_SETTINGS);

describe('vendor HTTP layer', () => {
  it('retries a GET after a 503, waiting as long as Retry-After says', async () => {
    vendor.injectFault({ fault: { kind: 'status', status: 503, retryAfterSeconds: 1 }, times: 1 });
    const response = await http().request({ method: 'GET', path: 'v1/thing' }, unscoped());
    expect(response.body).toEqual({ ok: true, path: '/v1/thing' });
    const [first, second] = vendor.requests;
    expect(vendor.requests).toHaveLength(2);
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(950);
  });

  it.each(['POST', 'PATCH', 'DELETE'] as const)('never retries a %s, whatever the vendor answered', async (method) => {
    vendor.injectFault({ fault: { kind: 'status', status: 503 } });
    await expect(http().request({ method, path: 'v1/thing', json: { a: 1 } }, unscoped())).rejects.toThrow(WriteOutcomeUnknownError);
    expect(vendor.requests).toHaveLength(1);
  });

  it('does not call a refused write unknown: 429 and 401 mean the vendor did nothing', async () => {
    vendor.injectFault({ fault: { kind: 'status', status: 429, retryAfterSeconds: 30 }, times: 1 });
    expect((await sourceErrorOf(http().request({ method: 'POST', path: 'x', json: {} }, unscoped()))).failure).toBe('RATE_LIMITED');
  });

  it.each<[string, Fault]>([
    ['the connection drops after the vendor handled it', { kind: 'drop-after-handling' }],
    ['the vendor hangs past the timeout', { kind: 'hang' }],
    ['the vendor answers 500', { kind: 'status', status: 500 }],
    ['the vendor answers with a body that is not JSON', { kind: 'malformed' }],
  ])("says a write's outcome is unknown, and sends it once, when %s", async (_case, fault) => {
    vendor.injectFault({ fault });
    await expect(http().request({ method: 'POST', path: 'v1/thing', json: {} }, unscoped())).rejects.toThrow(WriteOutcomeUnknownError);
    expect(vendor.requests).toHaveLength(1);
  });

  it('says a write never reached a vendor that is not listening, so it can safely be sent again', async () => {
    const closed = new SandboxServer('closed', () => ({ status: 200 }));
    const url = await closed.start();
    await closed.stop();
    const error = await sourceErrorOf(
      createVendorHttp('CRM', url, {}, TEST_HTTP_SETTINGS).request({ method: 'POST', path: 'x', json: {} }, unscoped()),
    );
    expect(error.failure).toBe('UNREACHABLE');
  });

  it('keeps calls to one vendor under the concurrency cap', async () => {
    vendor.latencyMs = 30;
    const client = http();
    await Promise.all(Array.from({ length: 20 }, (_, i) => client.request({ method: 'GET', path: `v1/thing/${i}` }, unscoped())));
    expect(vendor.requests).toHaveLength(20);
    expect(vendor.maxInFlight).toBeLessThanOrEqual(TEST_HTTP_SETTINGS.concurrency);
    expect(vendor.maxInFlight).toBeGreaterThan(1);
  });

  it('turns rejected credentials into AUTH_REJECTED without the credential in sight', async () => {
    const error = await sourceErrorOf(
      createVendorHttp('CRM', vendor.url, { authorization: 'Bearer wrong' }, TEST_HTTP_SETTINGS).request(
        { method: 'GET', path: 'x' },
        unscoped(),
      ),
    );
    expect(error.failure).toBe('AUTH_REJECTED');
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain('wrong');
    expect(error.message).not.toContain(vendor.url);
  });

  it('hands ordinary 4xx answers to the adapter, parsed', async () => {
    const notFound = new SandboxServer('404', () => ({ status: 404, body: { code: 'missing' } }));
    await notFound.start();
    try {
      const response = await createVendorHttp('CRM', notFound.url, {}, TEST_HTTP_SETTINGS).request(
        { method: 'GET', path: 'x' },
        unscoped(),
      );
      expect(response).toMatchObject({ status: 404, body: { code: 'missing' } });
      expect(notFound.requests).toHaveLength(1);
    } finally {
      await notFound.stop();
    }
  });
});
