// The process around the gateway: `npm start`'s entry (src/main.ts) run as a child process with
// tracing on, exporting spans to a local OTLP/HTTP receiver, writing only JSON log lines, and
// draining on SIGTERM; and /ready, which is bounded in time and says "not ready" while draining.
// Everything listens on the loopback interface only.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterEach, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/app.ts';
import { useHealth, useReadiness } from '../../src/plugins/readiness.ts';
import { createSources } from '../../src/sources/index.ts';
import { TEST_HTTP_SETTINGS } from '../support/sources.ts';
import { startTinyServer } from './support.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CRM_TOKEN = 'crm-token-never-logged-7f3a';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; origin: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('/ready', () => {
  it('answers 503 while the process drains', async () => {
    let draining = false;
    const { origin } = await listen(createGateway({}, { draining: () => draining }));
    expect((await fetch(`${origin}/ready`)).status).toBe(200);
    draining = true;
    const response = await fetch(`${origin}/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ready: false, draining: true });
  });

  it('is 503 while a store of the gateway does not answer within the deadline', async () => {
    const hanging = { name: 'redis', check: () => new Promise(() => undefined) };
    const server = await startTinyServer([useReadiness({ checks: [hanging], timeoutMs: 300 })]);
    cleanups.push(() => server.stop());
    const started = performance.now();
    const response = await fetch(`${server.origin}/ready`);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ ready: false, failing: ['redis'] });
  });
});

describe('/health', () => {
  it('counts a source whose probe does not answer within the deadline as down, and stays 200', async () => {
    const { origin: hanging } = await listen(() => {
      // Never answers.
    });
    const patient = { ...TEST_HTTP_SETTINGS, responseTimeoutMs: 30_000, totalTimeoutMs: 30_000, getRetries: 0 };
    const sources = createSources({ CRM: { url: hanging, token: CRM_TOKEN } }, patient);
    // yoga's own /health would answer first: switched off as app.ts does.
    const yoga = createYoga({
      schema: createSchema({ typeDefs: 'type Query { up: Boolean }' }),
      healthCheckEndpoint: ' ',
      plugins: [useHealth(sources, { probeTimeoutMs: 300 })],
    });
    const { origin } = await listen(yoga);
    const started = performance.now();
    const response = await fetch(`${origin}/health`);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', sources: [{ source: 'CRM', state: 'DOWN', sync: null }] });
  });
});

interface Child {
  process: ChildProcessWithoutNullStreams;
  lines: Array<Record<string, unknown>>;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first log line that matches. */
  line(matches: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

function startMain(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['src/main.ts'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', INDEX: 'off', ...env } });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  const lines: Array<Record<string, unknown>> = [];
  const waiting: Array<{ matches: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }> = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const complete = stdout.split('\n').slice(0, -1);
    for (const text of complete.slice(lines.length)) {
      const line = JSON.parse(text) as Record<string, unknown>; // throws (fails the test) on a line that is not JSON
      lines.push(line);
      for (const waiter of waiting.filter((w) => w.matches(line))) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return {
    process: child,
    lines,
    stdout: () => stdout,
    stderr: () => stderr,
    line: (matches) => {
      const found = lines.find(matches);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        waiting.push({ matches, resolve });
        child.once('exit', (code) => reject(new Error(`main.ts exited (${code}) first:\n${stderr}`)));
      });
    },
  };
}

/** A POST over its own connection, with the raw response headers (fetch hides `connection`). */
function post(url: string, body: unknown): Promise<{ response: IncomingMessage; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ response, body: text }));
    });
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify(body));
  });
}

describe('src/main.ts', () => {
  it('exports spans over OTLP/HTTP with TRACING=1, logs only JSON, and drains on SIGTERM', { timeout: 30_000 }, async () => {
    const exported: Array<{ path: string; body: string }> = [];
    const { origin: collector } = await listen((incoming, outgoing) => {
      let body = '';
      incoming.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      incoming.on('end', () => {
        exported.push({ path: incoming.url ?? '', body });
        outgoing.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    // A CRM that takes its time and then fails: the request is in flight when SIGTERM comes.
    let crmAsked!: () => void;
    const asked = new Promise<void>((resolve) => (crmAsked = resolve));
    const { origin: crm } = await listen((_incoming, outgoing) => {
      crmAsked();
      setTimeout(() => outgoing.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal"}'), 700);
    });

    const main = startMain({
      PORT: '0',
      SANDBOX: '1',
      CRM_URL: crm,
      CRM_TOKEN,
      VENDOR_GET_RETRIES: '0',
      RESPONSE_CACHE: '0',
      TRACING: '1',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector,
      OTEL_SERVICE_NAME: 'switchboard-under-test',
    });
    const started = await main.line((line) => typeof line.msg === 'string' && line.msg.startsWith('Switchboard GraphQL at'));
    const port = /localhost:(\d+)\//.exec(String(started.msg))?.[1];
    const graphql = `http://127.0.0.1:${port}/graphql`;
    // Without CURSOR_SECRET (development) the process says its cursors will not outlive it.
    expect(main.lines).toContainEqual(expect.objectContaining({ level: 40, msg: expect.stringMatching(/^CURSOR_SECRET is not set/) }));

    // Customer:CRM:cus_1 — the resolver throws the CRM's failure, which yoga masks and logs.
    const inFlight = post(graphql, { query: 'query InFlight { customer(id: "Q3VzdG9tZXI6Q1JNOmN1c18x") { id } }' });
    await asked;
    main.process.kill('SIGTERM');
    await main.line((line) => typeof line.msg === 'string' && line.msg.startsWith('SIGTERM: draining 1 in-flight'));
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow(); // no longer accepting

    const { response, body } = await inFlight;
    expect(response.statusCode).toBe(200);
    expect(response.headers.connection).toBe('close');
    expect((JSON.parse(body) as { errors?: Array<{ extensions?: unknown }> }).errors?.[0]?.extensions).toMatchObject({
      code: 'SOURCE_UNAVAILABLE',
      source: 'CRM',
    });

    const [code] = (await once(main.process, 'exit')) as [number | null];
    expect(code).toBe(0);

    // Spans were flushed to the collector at shutdown.
    const traces = exported
      .filter((entry) => entry.path === '/v1/traces')
      .map((entry) => entry.body)
      .join('\n');
    expect(traces).toContain('query.InFlight');
    expect(traces).toContain('switchboard-under-test');
    expect(traces).not.toContain(CRM_TOKEN);

    // The masked vendor error went through pino at warn; nothing reached stderr; no credential anywhere.
    expect(main.lines).toContainEqual(expect.objectContaining({ level: 40, source: 'CRM', failure: 'VENDOR_ERROR', path: 'customer' }));
    expect(main.stderr()).toBe('');
    expect(main.stdout()).not.toContain(CRM_TOKEN);
  });

  it('in production serves /metrics only on METRICS_PORT, and no GraphiQL', { timeout: 30_000 }, async () => {
    const metricsPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const main = startMain({
      PORT: '0',
      SANDBOX: '1',
      NODE_ENV: 'production',
      CURSOR_SECRET: 'a-cursor-secret-for-the-process-test',
      API_KEYS: JSON.stringify([{ client: 'ops', sha256: 'a'.repeat(64), scopes: ['customers:read'] }]),
      METRICS_PORT: String(metricsPort),
    });
    cleanups.push(() => void main.process.kill('SIGTERM'));
    const started = await main.line((line) => typeof line.msg === 'string' && line.msg.startsWith('Switchboard GraphQL at'));
    await main.line((line) => typeof line.msg === 'string' && line.msg.startsWith('Prometheus metrics at'));
    const port = /localhost:(\d+)\//.exec(String(started.msg))?.[1];
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('vendor_breaker_state');
    expect((await fetch(`http://127.0.0.1:${metricsPort}/graphql`)).status).toBe(404);
    const page = await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(401);
    expect(main.lines.some((line) => /^CURSOR_SECRET is not set/.test(String(line.msg)))).toBe(false);
  });
});
