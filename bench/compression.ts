// Bytes and CPU per answer, without encoding and with each one the gateway offers, over real HTTP:
// the gateway (response cache on or off) in front of the sandbox vendors, all in this process, asked
// one request at a time over a keep-alive connection. CPU is process.cpuUsage() over the requests
// (every thread: zlib's work on the thread pool included), so it holds the client's and the sandbox
// vendors' share too — the difference between two rows is what the encoding costs; the event loop's
// busy time is the part of it spent on the one thread that runs JavaScript. A second table
// times the compressors alone on the same answer, at the levels the gateway uses (gzip 3, brotli 4)
// and at zlib's defaults (gzip 6, brotli 11).
//   node_modules/.bin/node bench/compression.ts [--requests 300]
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createGateway } from '../src/app.ts';
import { defaultResponseCache } from '../src/plugins/response-cache.ts';
import { startSandboxVendors } from '../src/sandbox/index.ts';
import { DEFAULT_HTTP_SETTINGS } from '../src/sources/http/index.ts';
import { createSources } from '../src/sources/index.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '300' } } });
const REQUESTS = Number(values.requests);

const ANSWERS = {
  'page of 50 customers with sourceRecord': '{ customers(first: 50) { edges { node { id source displayName email sourceRecord } } } }',
  'small answer (one customer, four fields)': '{ customers(first: 1) { edges { node { id source displayName email } } } }',
};
const ENCODINGS = { identity: null, 'gzip (level 3)': 'gzip', 'br (quality 4)': 'br' } as const;

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One POST; the size of the body as it came over the wire. */
function post(origin: string, query: string, acceptEncoding: string | null): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
    if (acceptEncoding) headers['accept-encoding'] = acceptEncoding;
    const outgoing = request(`${origin}/graphql`, { method: 'POST', headers, agent }, (incoming) => {
      let bytes = 0;
      incoming.on('data', (chunk: Buffer) => (bytes += chunk.length));
      incoming.on('end', () => (incoming.statusCode === 200 ? resolve(bytes) : reject(new Error(`HTTP ${incoming.statusCode}`))));
    });
    outgoing.on('error', reject);
    outgoing.end(JSON.stringify({ query }));
  });
}

interface Measured {
  bytes: number;
  cpuMicros: number;
  /** Time the event loop was busy: the share of the CPU the thread running JavaScript spent. */
  loopMicros: number;
  wallMs: number;
}

async function measure(repeat: number, once: () => Promise<number> | number): Promise<Measured> {
  for (let warm = 0; warm < Math.min(50, repeat); warm += 1) await once();
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  const started = performance.now();
  let bytes = 0;
  for (let index = 0; index < repeat; index += 1) bytes = await once();
  const used = process.cpuUsage(cpu);
  const busy = performance.eventLoopUtilization(loop);
  return {
    bytes,
    cpuMicros: (used.user + used.system) / repeat,
    loopMicros: (busy.active * 1000) / repeat,
    wallMs: (performance.now() - started) / repeat,
  };
}

const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
const micros = (value: number) => Math.round(value).toLocaleString('en');

const vendors = await startSandboxVendors();
const lines: string[] = [
  `Requests per row: ${REQUESTS}, one at a time (Node ${process.version}).`,
  '',
  row(['answer', 'response cache', 'encoding', 'bytes', 'CPU µs / request', 'event loop busy µs / request', 'ms / request']),
  row(['---', '---', '---', '---:', '---:', '---:', '---:']),
];
let pageBody = '';
for (const cached of [true, false]) {
  const gateway = createGateway(
    createSources(vendors.settings, DEFAULT_HTTP_SETTINGS),
    cached ? { responseCache: defaultResponseCache() } : {},
  );
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const [answer, query] of Object.entries(ANSWERS)) {
    for (const [name, encoding] of Object.entries(ENCODINGS)) {
      const result = await measure(REQUESTS, () => post(origin, query, encoding));
      const cells = [result.bytes, micros(result.cpuMicros), micros(result.loopMicros), result.wallMs.toFixed(2)];
      lines.push(row([answer, cached ? 'on' : 'off', name, ...cells]));
    }
  }
  if (!pageBody) {
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: ANSWERS['page of 50 customers with sourceRecord'] }),
    });
    pageBody = await response.text();
  }
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
agent.destroy();
await vendors.stop();

const body = Buffer.from(pageBody);
const brotli = (quality: number) => () =>
  brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
  }).length;
const compressors = {
  'gzip level 3 (the gateway’s)': () => gzipSync(body, { level: 3 }).length,
  'gzip level 6 (zlib’s default)': () => gzipSync(body, { level: 6 }).length,
  'br quality 4 (the gateway’s)': brotli(4),
  'br quality 11 (zlib’s default)': brotli(11),
};
lines.push(
  '',
  `The compressor alone on the page of 50 (${body.length} bytes), synchronously, ${REQUESTS} times:`,
  '',
  row(['compressor', 'bytes', 'CPU µs / answer']),
  row(['---', '---:', '---:']),
);
for (const [name, compress] of Object.entries(compressors)) {
  const result = await measure(REQUESTS, compress);
  lines.push(row([name, result.bytes, micros(result.cpuMicros)]));
}
console.log(lines.join('\n'));
