import { register as globalRegistry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics, type GatewayMetrics, OperationNameLabels, useMetricsEndpoint } from '../../src/observability/metrics.ts';
import { combineObservers } from '../../src/observability/vendor-observer.ts';
import type { VendorCallEvent } from '../../src/sources/http/vendor-observer.ts';
import { startTinyServer, type TinyServer } from './support.ts';

function call(overrides: Partial<VendorCallEvent>): VendorCallEvent {
  return {
    source: 'AMELIA',
    method: 'GET',
    status: 200,
    outcome: 'ok',
    durationMs: 12,
    attempts: 1,
    failure: null,
    requestId: 'r-1',
    ...overrides,
  };
}

async function scrape(origin: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${origin}/metrics`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one series in the text exposition, or undefined when it is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let metrics: GatewayMetrics;
  let server: TinyServer;
  beforeAll(async () => {
    metrics = createMetrics();
    server = await startTinyServer([metrics.plugin, useMetricsEndpoint(metrics.registry)]);
  });
  afterAll(() => server.stop());

  it('counts GraphQL operations by name, type and outcome, with their durations', async () => {
    await server.post({ query: 'query Hello { hello }' });
    await server.post({ query: 'query Hello { hello }' });
    await server.post({ query: 'query Customers { customers fail }' });
    await server.post({ query: '{ hello }' });
    await server.post({ query: 'query Broken { hello' });
    const text = await scrape(server.origin);
    expect(text).toContain('# TYPE graphql_operations_total counter');
    expect(sample(text, 'graphql_operations_total{operation="Hello",type="query",outcome="ok"}')).toBe(2);
    expect(sample(text, 'graphql_operations_total{operation="Customers",type="query",outcome="error"}')).toBe(1);
    expect(sample(text, 'graphql_operations_total{operation="anonymous",type="query",outcome="ok"}')).toBe(1);
    // The broken document never ran, so its name is not admitted as a label.
    expect(sample(text, 'graphql_operations_total{operation="anonymous",type="unknown",outcome="error"}')).toBe(1);
    expect(sample(text, 'graphql_operation_duration_seconds_count{operation="Hello",type="query"}')).toBe(2);
    expect(text).toContain('graphql_operation_duration_seconds_bucket{le="0.005",operation="Hello",type="query"}');
    // Process metrics come with it.
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('exposes vendor calls, their durations and breaker states fed through the observer', async () => {
    const observer = combineObservers(metrics.vendorObserver);
    observer.onCall(call({}));
    observer.onCall(call({ durationMs: 30 }));
    observer.onCall(call({ source: 'CRM', method: 'POST', status: 503, outcome: 'outcome_unknown', durationMs: 8000 }));
    observer.onCall(
      call({ source: 'PLATFORM', status: null, outcome: 'circuit_open', durationMs: 0, attempts: 0, failure: 'CIRCUIT_OPEN' }),
    );
    observer.onBreakerChange?.('KB_SUPPORT', 'open');
    observer.onBreakerChange?.('KB_SUPPORT', 'half-open');
    observer.onBreakerChange?.('CRM', 'open');
    observer.onBreakerChange?.('CRM', 'closed');
    const text = await scrape(server.origin);
    expect(sample(text, 'vendor_calls_total{source="AMELIA",method="GET",status="200",outcome="ok"}')).toBe(2);
    expect(sample(text, 'vendor_calls_total{source="CRM",method="POST",status="503",outcome="outcome_unknown"}')).toBe(1);
    expect(sample(text, 'vendor_calls_total{source="PLATFORM",method="GET",status="none",outcome="circuit_open"}')).toBe(1);
    expect(sample(text, 'vendor_call_duration_seconds_count{source="AMELIA"}')).toBe(2);
    expect(sample(text, 'vendor_call_duration_seconds_sum{source="AMELIA"}')).toBeCloseTo(0.042);
    expect(sample(text, 'vendor_call_duration_seconds_bucket{le="10",source="CRM"}')).toBe(1);
    expect(sample(text, 'vendor_breaker_state{source="AMELIA"}')).toBe(0);
    expect(sample(text, 'vendor_breaker_state{source="PLATFORM"}')).toBe(2);
    expect(sample(text, 'vendor_breaker_state{source="KB_SUPPORT"}')).toBe(1);
    expect(sample(text, 'vendor_breaker_state{source="CRM"}')).toBe(0);
  });

  it('keeps the gateway metrics in its own registry, not prom-client’s global one', async () => {
    expect(await globalRegistry.metrics()).not.toContain('graphql_operations_total');
    expect(createMetrics({ processMetrics: false }).registry).not.toBe(metrics.registry);
  });

  it('answers only GET and HEAD', async () => {
    expect((await fetch(`${server.origin}/metrics`, { method: 'POST' })).status).toBe(405);
    const head = await fetch(`${server.origin}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });
});

describe('metrics endpoint with a token', () => {
  it('answers 401 without the bearer token and the metrics with it', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const server = await startTinyServer([metrics.plugin, useMetricsEndpoint(metrics.registry, { token: 'scrape-me' })]);
    try {
      expect((await fetch(`${server.origin}/metrics`)).status).toBe(401);
      expect((await fetch(`${server.origin}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      expect(await scrape(server.origin, { authorization: 'Bearer scrape-me' })).toContain('graphql_operations_total');
    } finally {
      await server.stop();
    }
  });
});

describe('label cardinality', () => {
  it('keeps the first 200 operation names and calls every later new name "other"', () => {
    const labels = new OperationNameLabels();
    for (let index = 0; index < 200; index += 1) expect(labels.label(`Op${index}`, true)).toBe(`Op${index}`);
    expect(labels.label('Op200', true)).toBe('other');
    expect(labels.label('Op7', true)).toBe('Op7');
    expect(labels.label(null, true)).toBe('anonymous');
    expect(labels.size).toBe(200);
  });

  it('admits a name only for an operation that ran', () => {
    const labels = new OperationNameLabels(10);
    expect(labels.label('Invalid', false)).toBe('other');
    expect(labels.size).toBe(0);
    expect(labels.label('Valid', true)).toBe('Valid');
    expect(labels.label('Valid', false)).toBe('Valid');
  });

  it('bounds the series a stream of distinct operation names creates', async () => {
    const metrics = createMetrics({ maxOperationNames: 3, processMetrics: false });
    const server = await startTinyServer([metrics.plugin, useMetricsEndpoint(metrics.registry)]);
    try {
      for (let index = 0; index < 12; index += 1) {
        expect((await server.post({ query: `query Q${index} { hello }` })).status).toBe(200);
      }
      const text = await scrape(server.origin);
      const series = text.split('\n').filter((line) => line.startsWith('graphql_operations_total{'));
      expect(series).toEqual([
        'graphql_operations_total{operation="Q0",type="query",outcome="ok"} 1',
        'graphql_operations_total{operation="Q1",type="query",outcome="ok"} 1',
        'graphql_operations_total{operation="Q2",type="query",outcome="ok"} 1',
        'graphql_operations_total{operation="other",type="query",outcome="ok"} 9',
      ]);
    } finally {
      await server.stop();
    }
  });

  it('never turns an unexpected vendor value into a new label value', async () => {
    const metrics = createMetrics({ processMetrics: false });
    // The event type allows none of these; a future caller might still send them.
    const odd = {
      source: 'https://crm.example/v1?token=x',
      method: 'brew',
      status: 999,
      outcome: 'weird',
    } as unknown as Partial<VendorCallEvent>;
    metrics.vendorObserver.onCall(call(odd));
    const text = await metrics.registry.metrics();
    expect(sample(text, 'vendor_calls_total{source="other",method="OTHER",status="none",outcome="other"}')).toBe(1);
    expect(text).not.toContain('crm.example');
  });
});
