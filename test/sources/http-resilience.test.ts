// The shared HTTP layer toward an unwell vendor: circuit breaker, the request's deadline, its id and
// call tally, and the observer. Real sockets against a sandbox server; no stubs.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SandboxServer } from '../../src/sandbox/server.ts';
import { SourceError, WriteOutcomeUnknownError } from '../../src/sources/errors.ts';
import { createVendorBreaker, REFUSED } from '../../src/sources/http/breaker.ts';
import { type BreakerState, createVendorHttp, type VendorCallEvent, type VendorHttpSettings } from '../../src/sources/http/index.ts';
import { createRequestScope, type RequestScope } from '../../src/sources/request-scope.ts';
import { rejectionOf, sourceErrorOf, TEST_HTTP_SETTINGS, unscoped } from '../support/sources.ts';

const vendor = new SandboxServer('resilience', (request) => ({ status: 200, body: { ok: true, path: request.path } }));

beforeAll(() => vendor.start());
afterAll(() => vendor.stop());
beforeEach(() => {
  vendor.clearLog();
  vendor.clearFaults();
  vendor.latencyMs = 0;
});

const HALF_OPEN_AFTER_MS = 300;
/** One attempt per call, and a breaker that trips after five failures and probes soon. */
const BREAKER_SETTINGS: VendorHttpSettings = {
  ...TEST_HTTP_SETTINGS,
  getRetries: 0,
  breaker: { consecutiveFailures: 5, halfOpenAfterMs: HALF_OPEN_AFTER_MS },
};
/** Vendor timeouts far beyond the deadlines used here: only a deadline can end a hanging call. */
const PATIENT_SETTINGS: VendorHttpSettings = { ...TEST_HTTP_SETTINGS, responseTimeoutMs: 15_000, totalTimeoutMs: 15_000 };

const client = (settings: VendorHttpSettings = BREAKER_SETTINGS) => createVendorHttp('CRM', vendor.url, {}, settings);
const get = (path = 'v1/thing') => ({ method: 'GET' as const, path });
const post = (path = 'v1/thing') => ({ method: 'POST' as const, path, json: { a: 1 } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function scope(signal: AbortSignal = AbortSignal.timeout(10_000), requestId = 'req-1', deadlineAt = Date.now() + 10_000): RequestScope {
  return createRequestScope({ requestId, signal, deadlineAt });
}

/** Calls made for one request: each gets the same scope. */
const withScope = <T>(requestScope: RequestScope, run: (s: RequestScope) => T): T => run(requestScope);

async function openBreaker(http: ReturnType<typeof client>): Promise<void> {
  vendor.injectFault({ fault: { kind: 'status', status: 500 }, times: 5 });
  for (let i = 0; i < 5; i += 1) {
    expect((await sourceErrorOf(http.request(get(), unscoped()))).failure).toBe('VENDOR_ERROR');
  }
  expect(http.breakerState()).toBe('open');
}

describe('circuit breaker', () => {
  it('opens after five straight 500s; the sixth call fails fast with CIRCUIT_OPEN and sends nothing', async () => {
    const http = client({ ...BREAKER_SETTINGS, breaker: { consecutiveFailures: 5, halfOpenAfterMs: 10_000 } });
    vendor.injectFault({ fault: { kind: 'status', status: 500 } });
    for (let i = 0; i < 4; i += 1) await sourceErrorOf(http.request(get(), unscoped()));
    expect(http.breakerState()).toBe('closed');
    await sourceErrorOf(http.request(get(), unscoped()));
    expect(http.breakerState()).toBe('open');
    expect(vendor.requests).toHaveLength(5);

    const started = performance.now();
    const error = await sourceErrorOf(http.request(get(), unscoped()));
    expect(error.failure).toBe('CIRCUIT_OPEN');
    expect(error.message).toBe('CRM is failing; calls are paused for a moment');
    // A write is refused the same way: it was never sent, so it is safe to send again.
    expect((await sourceErrorOf(http.request(post(), unscoped()))).failure).toBe('CIRCUIT_OPEN');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(vendor.requests).toHaveLength(5);
  });

  it('counts only consecutive failures: an answer in between starts the count again', async () => {
    const http = client();
    vendor.injectFault({ fault: { kind: 'status', status: 500 }, times: 4 });
    for (let i = 0; i < 4; i += 1) await sourceErrorOf(http.request(get(), unscoped()));
    await http.request(get(), unscoped());
    vendor.injectFault({ fault: { kind: 'status', status: 500 }, times: 4 });
    for (let i = 0; i < 4; i += 1) await sourceErrorOf(http.request(get(), unscoped()));
    expect(http.breakerState()).toBe('closed');
  });

  it('lets one probe through after the half-open delay; its success closes the breaker', async () => {
    // One slot: a call made during the probe must be refused at once, not queue behind it.
    const http = client({ ...BREAKER_SETTINGS, concurrency: 1 });
    await openBreaker(http);
    await sleep(HALF_OPEN_AFTER_MS + 100);
    expect(http.breakerState()).toBe('half-open');

    vendor.latencyMs = 100;
    const probe = http.request(get('v1/probe'), unscoped());
    // While the probe is out, other calls are still refused without being sent.
    expect((await sourceErrorOf(http.request(get('v1/other'), unscoped()))).failure).toBe('CIRCUIT_OPEN');
    expect((await probe).body).toEqual({ ok: true, path: '/v1/probe' });
    expect(http.breakerState()).toBe('closed');
    expect(vendor.requests.map((r) => r.path)).toEqual([...Array(5).fill('/v1/thing'), '/v1/probe']);

    vendor.latencyMs = 0;
    await http.request(get('v1/after'), unscoped());
    expect(vendor.requests).toHaveLength(7);
  });

  it('re-opens when the probe fails, and refuses calls again until the next delay', async () => {
    const http = client();
    await openBreaker(http);
    await sleep(HALF_OPEN_AFTER_MS + 100);
    vendor.injectFault({ fault: { kind: 'malformed' }, times: 1 });
    expect((await sourceErrorOf(http.request(get(), unscoped()))).failure).toBe('BAD_RESPONSE');
    expect(http.breakerState()).toBe('open');
    expect((await sourceErrorOf(http.request(get(), unscoped()))).failure).toBe('CIRCUIT_OPEN');
    expect(vendor.requests).toHaveLength(6);

    await sleep(HALF_OPEN_AFTER_MS + 100);
    await http.request(get(), unscoped());
    expect(http.breakerState()).toBe('closed');
  });

  it('opens on connection failures, timeouts and malformed answers alike', async () => {
    const http = client({ ...BREAKER_SETTINGS, responseTimeoutMs: 100 });
    vendor.injectFault({ fault: { kind: 'drop' }, times: 2 });
    vendor.injectFault({ fault: { kind: 'hang' }, times: 1 });
    vendor.injectFault({ fault: { kind: 'malformed' }, times: 2 });
    const failures = [];
    for (let i = 0; i < 5; i += 1) failures.push((await sourceErrorOf(http.request(get(), unscoped()))).failure);
    expect(failures).toEqual(['UNREACHABLE', 'UNREACHABLE', 'TIMEOUT', 'BAD_RESPONSE', 'BAD_RESPONSE']);
    expect(http.breakerState()).toBe('open');
  });

  it('never opens on 4xx answers: the vendor is up and answering', async () => {
    const http = client();
    for (const status of [400, 404, 409, 422, 401, 403, 429]) vendor.injectFault({ fault: { kind: 'status', status }, times: 2 });
    for (let i = 0; i < 14; i += 1) await http.request(get(), unscoped()).catch((error: unknown) => error);
    expect(http.breakerState()).toBe('closed');
    expect(vendor.requests).toHaveLength(14);
  });

  it('never opens on calls our own deadline cut off', async () => {
    const http = client({ ...PATIENT_SETTINGS, getRetries: 0, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 10_000 } });
    vendor.injectFault({ fault: { kind: 'hang' }, times: 3 });
    for (let i = 0; i < 3; i += 1) {
      const error = await sourceErrorOf(withScope(scope(AbortSignal.timeout(50)), (s) => http.request(get(), s)));
      expect(error.failure).toBe('TIMEOUT');
    }
    expect(http.breakerState()).toBe('closed');
    expect(vendor.requests).toHaveLength(3);
  });

  it('does count a hanging vendor whose retry the deadline ended', async () => {
    // Every attempt times out on its own at 100 ms, so the deadline always falls on a retry (or its wait).
    const settings: VendorHttpSettings = {
      ...TEST_HTTP_SETTINGS,
      responseTimeoutMs: 100,
      getRetries: 5,
      breaker: { consecutiveFailures: 2, halfOpenAfterMs: 10_000 },
    };
    const http = client(settings);
    vendor.injectFault({ fault: { kind: 'hang' } });
    for (let i = 0; i < 2; i += 1) {
      const error = await sourceErrorOf(withScope(scope(AbortSignal.timeout(400)), (s) => http.request(get(), s)));
      expect(error.failure).toBe('TIMEOUT');
    }
    expect(http.breakerState()).toBe('open');
  });

  it('keeps one breaker per client', async () => {
    const failing = client();
    await openBreaker(failing);
    await client().request(get(), unscoped());
  });
});

describe('breaker admissions', () => {
  const unwell = async () => ({ verdict: 'unwell' as const, outcome: 'failed' });
  const healthy = async () => ({ verdict: 'healthy' as const, outcome: 'answered' });

  it('gives the probe to the first call made after the delay, and frees it when that call never runs', async () => {
    const breaker = createVendorBreaker({ consecutiveFailures: 1, halfOpenAfterMs: 20 }, () => undefined);
    expect(await breaker.run(breaker.admit()!, unwell)).toBe('failed');
    expect(breaker.admit()).toBeNull();
    await sleep(40);
    const probe = breaker.admit();
    expect(probe).toEqual({ probe: true });
    expect(breaker.admit()).toBeNull();
    // Its deadline passed while it waited for a slot: the next call gets the probe.
    breaker.release(probe!);
    const next = breaker.admit()!;
    expect(await breaker.run(next, healthy)).toBe('answered');
    expect(breaker.state()).toBe('closed');
  });

  it('refuses a call admitted while closed when the breaker opened before its turn came', async () => {
    const breaker = createVendorBreaker({ consecutiveFailures: 1, halfOpenAfterMs: 20 }, () => undefined);
    const waiting = breaker.admit()!;
    await breaker.run(breaker.admit()!, unwell);
    await sleep(40);
    expect(await breaker.run(waiting, healthy)).toBe(REFUSED);
  });
});

describe('request deadline', () => {
  it('cuts off a hanging read with TIMEOUT; the vendor saw exactly the calls made', async () => {
    const http = client(PATIENT_SETTINGS);
    vendor.injectFault({ fault: { kind: 'hang' } });
    const requestScope = scope(AbortSignal.timeout(150));
    const started = performance.now();
    const error = await sourceErrorOf(withScope(requestScope, (s) => http.request(get(), s)));
    expect(error.failure).toBe('TIMEOUT');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(vendor.requests).toHaveLength(1);
    expect(requestScope.vendorCalls.get('CRM')).toBe(1);
  });

  it('says a write cut off after it was sent may or may not have happened', async () => {
    const http = client(PATIENT_SETTINGS);
    vendor.injectFault({ fault: { kind: 'hang' } });
    const error = await rejectionOf(withScope(scope(AbortSignal.timeout(150)), (s) => http.request(post(), s)));
    expect(error).toBeInstanceOf(WriteOutcomeUnknownError);
    expect(vendor.requests).toHaveLength(1);
  });

  it('makes no request for a call started after the deadline passed', async () => {
    const http = client(PATIENT_SETTINGS);
    const requestScope = scope(AbortSignal.timeout(1));
    await sleep(20);
    const read = await sourceErrorOf(withScope(requestScope, (s) => http.request(get(), s)));
    // A write refused before sending is a plain SourceError: it is safe to send again.
    const write = await sourceErrorOf(withScope(requestScope, (s) => http.request(post(), s)));
    expect([read.failure, write.failure]).toEqual(['TIMEOUT', 'TIMEOUT']);
    expect(vendor.requests).toHaveLength(0);
    expect(requestScope.vendorCalls.get('CRM')).toBeUndefined();
  });

  it('ends calls waiting for a concurrency slot when the deadline passes, sending nothing for them', async () => {
    const http = client({ ...PATIENT_SETTINGS, concurrency: 1 });
    vendor.injectFault({ fault: { kind: 'hang' }, times: 1 });
    const results = await withScope(scope(AbortSignal.timeout(150)), (s) =>
      Promise.all([1, 2, 3].map((i) => sourceErrorOf(http.request(get(`v1/thing/${i}`), s)))),
    );
    expect(results.map((error) => error.failure)).toEqual(['TIMEOUT', 'TIMEOUT', 'TIMEOUT']);
    await sleep(50);
    expect(vendor.requests.map((r) => r.path)).toEqual(['/v1/thing/1']);
  });

  it('does not wait out a Retry-After that outlives the deadline', async () => {
    const http = client(TEST_HTTP_SETTINGS);
    vendor.injectFault({ fault: { kind: 'status', status: 503, retryAfterSeconds: 1 }, times: 1 });
    const started = performance.now();
    const error = await sourceErrorOf(withScope(scope(AbortSignal.timeout(150)), (s) => http.request(get(), s)));
    expect(error.failure).toBe('TIMEOUT');
    expect(performance.now() - started).toBeLessThan(900);
    await sleep(1_000);
    expect(vendor.requests).toHaveLength(1);
  });

  it("does not start a Retry-After wait that would outlive the request's budget", async () => {
    vendor.injectFault({ fault: { kind: 'status', status: 503, retryAfterSeconds: 2 }, times: 1 });
    const started = performance.now();
    const failure = await withScope(scope(AbortSignal.timeout(5_000), 'req-budget', Date.now() + 1_000), (s) =>
      sourceErrorOf(
        createVendorHttp('CRM', vendor.url, {}, { ...TEST_HTTP_SETTINGS, getRetries: 1, totalTimeoutMs: 5_000 }).request(get(), s),
      ),
    );
    expect(failure.failure).toBe('VENDOR_ERROR');
    expect(vendor.requests).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('fails a 503 with Retry-After: 120 at once, without waiting or retrying', async () => {
    const http = client(TEST_HTTP_SETTINGS);
    vendor.injectFault({ fault: { kind: 'status', status: 503, retryAfterSeconds: 120 }, times: 1 });
    const started = performance.now();
    const error = await sourceErrorOf(http.request(get(), unscoped()));
    expect(error).toMatchObject({ failure: 'VENDOR_ERROR', status: 503 });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(vendor.requests).toHaveLength(1);
  });
});

describe('request id and call tally', () => {
  it('sends the request id of the scope to the vendor as X-Request-Id', async () => {
    const http = client(TEST_HTTP_SETTINGS);
    await withScope(scope(undefined, 'gw-4711'), (s) => http.request(get(), s));
    await withScope(scope(undefined, 'gw-4712'), (s) => http.request(post(), s));
    await http.request(get(), unscoped());
    expect(vendor.requests.map((r) => r.headers['x-request-id'])).toEqual(['gw-4711', 'gw-4712', 'adapter-test']);
  });

  it('counts every attempt sent, retries included, for its source', async () => {
    const http = client(TEST_HTTP_SETTINGS);
    const requestScope = scope();
    vendor.injectFault({ fault: { kind: 'status', status: 503 }, times: 1 });
    await withScope(requestScope, (s) => http.request(get(), s));
    expect(requestScope.vendorCalls.get('CRM')).toBe(2);
    await withScope(requestScope, (s) => http.request(get('v1/other'), s));
    expect(requestScope.vendorCalls.get('CRM')).toBe(3);
    expect(vendor.requests).toHaveLength(3);
    expect(vendor.requests.every((r) => r.headers['x-request-id'] === 'req-1')).toBe(true);
  });
});

describe('reads within one request', () => {
  it('asks the vendor once for the same read, and again after a write to it', async () => {
    const http = client(TEST_HTTP_SETTINGS);
    const requestScope = scope();
    const [first, second] = await withScope(requestScope, (s) => Promise.all([http.request(get(), s), http.request(get(), s)]));
    expect(second).toBe(first);
    expect(vendor.requests).toHaveLength(1);
    await withScope(requestScope, async (s) => {
      await http.request(post(), s);
      await http.request(get(), s);
    });
    expect(vendor.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
    await http.request(get(), unscoped());
    expect(vendor.requests).toHaveLength(4);
  });
});

describe('observer', () => {
  it('sees each finished call once, after its retries, with its outcome', async () => {
    const events: VendorCallEvent[] = [];
    const changes: BreakerState[] = [];
    const http = client({
      ...TEST_HTTP_SETTINGS,
      breaker: { consecutiveFailures: 2, halfOpenAfterMs: HALF_OPEN_AFTER_MS },
      observer: { onCall: (event) => events.push(event), onBreakerChange: (_source, state) => changes.push(state) },
    });

    await withScope(scope(undefined, 'obs-1'), (s) => http.request(get(), s));
    vendor.injectFault({ fault: { kind: 'status', status: 404 }, times: 1 });
    await http.request(get(), unscoped());
    vendor.injectFault({ fault: { kind: 'status', status: 429 }, times: 2 });
    await sourceErrorOf(http.request(get(), unscoped()));
    vendor.injectFault({ fault: { kind: 'status', status: 500 }, times: 3 });
    await sourceErrorOf(http.request(get(), unscoped()));
    await rejectionOf(http.request(post(), unscoped()));
    await sourceErrorOf(http.request(get(), unscoped()));

    expect(events.map(({ method, status, outcome, attempts, failure }) => ({ method, status, outcome, attempts, failure }))).toEqual([
      { method: 'GET', status: 200, outcome: 'ok', attempts: 1, failure: null },
      { method: 'GET', status: 404, outcome: 'client_error', attempts: 1, failure: null },
      { method: 'GET', status: 429, outcome: 'client_error', attempts: 2, failure: 'RATE_LIMITED' },
      { method: 'GET', status: 500, outcome: 'failure', attempts: 2, failure: 'VENDOR_ERROR' },
      { method: 'POST', status: 500, outcome: 'outcome_unknown', attempts: 1, failure: null },
      { method: 'GET', status: null, outcome: 'circuit_open', attempts: 0, failure: 'CIRCUIT_OPEN' },
    ]);
    expect(events.every((event) => event.source === 'CRM' && event.durationMs >= 0)).toBe(true);
    expect(events[0]!.requestId).toBe('obs-1');
    expect(events[1]!.requestId).toBe('adapter-test');
    expect(events[5]!.durationMs).toBe(0);

    await sleep(HALF_OPEN_AFTER_MS + 100);
    await http.request(get(), unscoped());
    expect(changes).toEqual(['open', 'half-open', 'closed']);
    expect(events.at(-1)).toMatchObject({ outcome: 'ok', status: 200 });
  });

  it('reports a deadline cut-off as a failure, and a call after the deadline as one that sent nothing', async () => {
    const events: VendorCallEvent[] = [];
    const http = client({ ...PATIENT_SETTINGS, observer: { onCall: (event) => events.push(event) } });
    vendor.injectFault({ fault: { kind: 'hang' }, times: 1 });
    const requestScope = scope(AbortSignal.timeout(100));
    await sourceErrorOf(withScope(requestScope, (s) => http.request(get(), s)));
    await sourceErrorOf(withScope(requestScope, (s) => http.request(get(), s)));
    expect(events.map(({ outcome, failure, attempts }) => ({ outcome, failure, attempts }))).toEqual([
      { outcome: 'failure', failure: 'TIMEOUT', attempts: 1 },
      { outcome: 'failure', failure: 'TIMEOUT', attempts: 0 },
    ]);
  });

  it('cannot break a call, whatever it throws', async () => {
    const http = client({
      ...BREAKER_SETTINGS,
      breaker: { consecutiveFailures: 1, halfOpenAfterMs: 10_000 },
      observer: {
        onCall: () => {
          throw new Error('observer bug');
        },
        onBreakerChange: () => Promise.reject(new Error('async observer bug')),
      },
    });
    expect((await http.request(get(), unscoped())).status).toBe(200);
    vendor.injectFault({ fault: { kind: 'status', status: 500 }, times: 1 });
    const error = await sourceErrorOf(http.request(get(), unscoped()));
    expect(error).toBeInstanceOf(SourceError);
    expect(error.failure).toBe('VENDOR_ERROR');
    expect(http.breakerState()).toBe('open');
  });
});
