// Answers compressed as the client accepts, over real HTTP (node:http, which hands back the bytes as
// sent, where fetch would decode them): gzip and brotli decode to the answer sent without encoding;
// small answers, event streams and multipart answers go out as they are, and a stream still arrives
// event by event; an answer that is already encoded is not encoded again.
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useCompression } from '../../src/plugins/compression.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

const PAGE = '{ customers(first: 50) { edges { node { id source displayName email sourceRecord } } } }';

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request over its own connection; the body's bytes exactly as they came. */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) }));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

function post(origin: string, query: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return send(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query }),
  });
}

const json = (bytes: Buffer): unknown => JSON.parse(bytes.toString('utf8'));

describe('the gateway', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(() => gateway.stop());

  it('answers without encoding a client that accepts none, and says answers vary by Accept-Encoding', async () => {
    const plain = await post(gateway.origin, PAGE);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    const page = json(plain.body) as { data: { customers: { edges: unknown[] } } };
    expect(page.data.customers.edges).toHaveLength(50);
    expect(plain.body.length).toBeGreaterThan(10_000);
  });

  it('gzip and brotli answers decode to the same JSON, and are much smaller', async () => {
    const plain = await post(gateway.origin, PAGE);
    const gzipped = await post(gateway.origin, PAGE, { 'accept-encoding': 'gzip' });
    const brotli = await post(gateway.origin, PAGE, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(json(gunzipSync(gzipped.body))).toEqual(json(plain.body));
    expect(json(brotliDecompressSync(brotli.body))).toEqual(json(plain.body));
    for (const answer of [gzipped, brotli]) {
      expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
      expect(answer.body.length).toBeLessThan(plain.body.length / 4);
      expect(answer.headers.vary).toMatch(/accept-encoding/i);
      // Headers other plugins set are kept.
      expect(answer.headers['x-request-id']).toBeTruthy();
      expect(answer.headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');
    }
  });

  it("follows the client's q-values: a refused encoding is never used", async () => {
    const noBrotli = await post(gateway.origin, PAGE, { 'accept-encoding': 'br;q=0, gzip;q=0.8' });
    expect(noBrotli.headers['content-encoding']).toBe('gzip');
    const none = await post(gateway.origin, PAGE, { 'accept-encoding': 'identity, gzip;q=0, br;q=0' });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(json(none.body)).toMatchObject({ data: { customers: { edges: expect.any(Array) } } });
  });

  it('leaves a small answer as it is', async () => {
    const small = await post(gateway.origin, '{ __typename }', { 'accept-encoding': 'gzip, br' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body.toString('utf8')).toBe('{"data":{"__typename":"Query"}}');
  });

  it('never compresses an event stream', async () => {
    const stream = await post(gateway.origin, PAGE, { accept: 'text/event-stream', 'accept-encoding': 'gzip, br' });
    expect(stream.headers['content-type']).toBe('text/event-stream');
    expect(['gzip', 'br']).not.toContain(stream.headers['content-encoding']);
    expect(stream.headers['x-accel-buffering']).toBe('no');
    const text = stream.body.toString('utf8');
    const data = /^event: next\ndata: (.+)$/m.exec(text)?.[1];
    expect(json(Buffer.from(data ?? ''))).toMatchObject({ data: { customers: { edges: expect.any(Array) } } });
    expect(text).toContain('event: complete');
  });

  it('never compresses a multipart answer', async () => {
    const multipart = await post(gateway.origin, PAGE, { accept: 'multipart/mixed', 'accept-encoding': 'gzip, br' });
    expect(multipart.headers['content-type']).toMatch(/^multipart\/mixed/);
    expect(multipart.headers['content-encoding']).toBeUndefined();
    expect(multipart.headers['x-accel-buffering']).toBe('no');
    expect(multipart.body.toString('utf8')).toContain('"customers":{"edges":[');
  });
});

describe('streams and answers already encoded', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  /** A yoga server with the compression plugin over a schema with a subscription the test drives. */
  async function serve(plugins: Plugin[], ticks: AsyncIterable<{ ticks: number }>): Promise<string> {
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { hello: String! } type Subscription { ticks: Int! }',
        resolvers: { Query: { hello: () => 'hi' }, Subscription: { ticks: { subscribe: () => ticks } } },
      }),
      logging: false,
      plugins,
    });
    const server = createServer(yoga);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('a subscription arrives event by event, not compressed, while its events are still being made', async () => {
    // Each event is made only once the client has read the one before: held back, the stream would hang.
    let permits = 0;
    let waiting: (() => void) | null = null;
    const release = () => {
      if (waiting) waiting();
      else permits += 1;
    };
    const permit = () => {
      if (permits > 0) {
        permits -= 1;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        waiting = () => {
          waiting = null;
          resolve();
        };
      });
    };
    let produced = 0;
    async function* ticks() {
      for (let tick = 1; tick <= 3; tick += 1) {
        await permit();
        produced = tick;
        yield { ticks: tick };
      }
    }
    // Every answer is big enough to compress here: only its being a stream keeps this one as it is.
    const origin = await serve([useCompression({ thresholdBytes: 1 })], ticks());
    const received = await new Promise<{ headers: IncomingHttpHeaders; seen: Array<{ tick: number; produced: number }> }>(
      (resolve, reject) => {
        const outgoing = request(
          `${origin}/graphql`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'accept-encoding': 'gzip, br' },
            agent: false,
          },
          (incoming) => {
            const seen: Array<{ tick: number; produced: number }> = [];
            let text = '';
            incoming.setEncoding('utf8').on('data', (chunk: string) => {
              text += chunk;
              for (const match of text.matchAll(/data: \{"data":\{"ticks":(\d+)\}\}/g)) {
                const tick = Number(match[1]);
                if (seen.some((entry) => entry.tick === tick)) continue;
                seen.push({ tick, produced });
                release();
              }
            });
            incoming.on('end', () => resolve({ headers: incoming.headers, seen }));
            incoming.on('error', reject);
            release();
          },
        );
        outgoing.on('error', reject);
        outgoing.end(JSON.stringify({ query: 'subscription { ticks }' }));
      },
    );
    expect(['gzip', 'br']).not.toContain(received.headers['content-encoding']);
    // Each event reached the client before the next one was made.
    expect(received.seen).toEqual([
      { tick: 1, produced: 1 },
      { tick: 2, produced: 2 },
      { tick: 3, produced: 3 },
    ]);
  });

  it('an answer already encoded (a precompressed asset) goes out untouched', async () => {
    const script = `console.log(${JSON.stringify('x'.repeat(5_000))});`;
    const precompressed = gzipSync(script);
    const serveAsset: Plugin = {
      onRequest({ url, endResponse, fetchAPI }) {
        if (url.pathname !== '/asset.js') return;
        endResponse(
          new fetchAPI.Response(precompressed, {
            headers: { 'content-type': 'text/javascript', 'content-encoding': 'gzip', 'content-length': String(precompressed.length) },
          }),
        );
      },
    };
    const origin = await serve([useCompression(), serveAsset], (async function* () {})());
    const asset = await send(`${origin}/asset.js`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(asset.headers['content-encoding']).toBe('gzip');
    expect(asset.body.equals(precompressed)).toBe(true);
    expect(gunzipSync(asset.body).toString('utf8')).toBe(script);
  });
});
