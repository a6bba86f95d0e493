import { type Attributes, INVALID_SPAN_CONTEXT, type SpanOptions, type Tracer, type TracerProvider, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tracingPlugin } from '../../src/observability/tracing.ts';
import { startTinyServer } from './support.ts';

afterEach(() => {
  trace.disable();
  vi.restoreAllMocks();
});

/** A global tracer provider that only records the spans started (what an OTel SDK would export). */
function recordSpans(): Array<{ name: string; attributes: Attributes }> {
  const started: Array<{ name: string; attributes: Attributes }> = [];
  const tracer = {
    startSpan(name: string, options?: SpanOptions) {
      started.push({ name, attributes: options?.attributes ?? {} });
      return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    },
    startActiveSpan() {
      throw new Error('not used by the plugin');
    },
  } as unknown as Tracer;
  const provider: TracerProvider = { getTracer: () => tracer };
  trace.setGlobalTracerProvider(provider);
  return started;
}

describe('tracing', () => {
  it('is nothing when disabled', () => {
    expect(tracingPlugin(false)).toEqual({});
  });

  it('reports operation spans to the global tracer provider, without variables', async () => {
    const spans = recordSpans();
    const server = await startTinyServer([tracingPlugin(true)]);
    try {
      await server.post({ query: 'query Hello { hello }' });
      await server.post({
        query: 'mutation SignIn($email: String!, $password: String!) { login(email: $email, password: $password) }',
        variables: { email: 'a@b.test', password: 'top-secret-password' },
      });
      await server.post({ query: 'mutation Inline { login(email: "a@b.test", password: "inline-secret") }' });
    } finally {
      await server.stop();
    }
    expect(spans.map((span) => span.name)).toEqual(['query.Hello', 'mutation.SignIn', 'mutation.Inline']);
    expect(spans[0]?.attributes).toMatchObject({ 'graphql.execute.operationName': 'Hello', 'graphql.execute.operationType': 'query' });
    const recorded = JSON.stringify(spans);
    expect(recorded).not.toContain('top-secret-password');
    expect(recorded).not.toContain('inline-secret');
    expect(recorded).not.toContain('graphql.execute.variables');
  });

  it('prints nothing and exports nowhere when no OpenTelemetry SDK is started', async () => {
    const log = vi.spyOn(console, 'log');
    const dir = vi.spyOn(console, 'dir');
    const server = await startTinyServer([tracingPlugin(true)]);
    try {
      const response = await server.post({ query: 'query Hello { hello }' });
      expect(response.status).toBe(200);
    } finally {
      await server.stop();
    }
    expect(log).not.toHaveBeenCalled();
    expect(dir).not.toHaveBeenCalled();
  });
});
