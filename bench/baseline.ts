// The benchmark's baseline: a hand-written HTTP server that answers the scenarios of
// bench/scenarios.ts by calling the four vendors directly with got — the vendor calls the gateway
// makes for the same answer (each one once per request), keep-alive agents, and every call started
// as soon as what it needs is known. No schema, no validation, no loaders: the floor the gateway's own
// cost is measured against. Answers are JSON shaped like the gateway's `data`.
//
// Environment: the gateway's vendor variables (AMELIA_URL … CRM_TOKEN, KBS_TIMEZONE unused) and
// BASELINE_PORT (0: any). On start one JSON line goes to stdout: {"ready":true,"url":"http://127.0.0.1:…"}.
//
// Routes (see bench/scenarios.ts):
//   GET  /customer?source=AMELIA&id=10       one customer (a)
//   POST /customers/by-ids {ids:[{source,id}]} customers with sameAs, customFields, identifiers (b)
//   GET  /customers/search?search=…&first=20 search across the sources (c)
//   GET  /employees?first=20                 employees with their weekly schedules (d)
//   POST /customer/note {source:"CRM",id,note} update a CRM note, answer the customer as stored (e)
//   GET  /customers/first-pages?first=10     the first page of Amelia, the PLATFORM and the CRM (f)
//
// This file is the HTTP server and its routes; bench/baseline/ holds the scenario handlers and the
// vendor calls they make.
import './lifeline.ts';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SOURCES, type Source } from './baseline/config.ts';
import { customerById, customersByIds, firstPages, search, updateNote } from './baseline/customer-scenarios.ts';
import { employees } from './baseline/employee-scenario.ts';
import { agent } from './baseline/vendor-calls.ts';

function isSource(value: unknown): value is Source {
  return typeof value === 'string' && (SOURCES as readonly string[]).includes(value);
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text === '' ? {} : (JSON.parse(text) as unknown));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

class BadRequest extends Error {}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

async function route(req: IncomingMessage, url: URL): Promise<unknown> {
  const key = `${req.method ?? 'GET'} ${url.pathname}`;
  const first = Math.min(100, Math.max(0, Number(url.searchParams.get('first') ?? '20') || 20));
  switch (key) {
    case 'GET /customer': {
      const source = url.searchParams.get('source');
      const id = url.searchParams.get('id');
      if (!isSource(source) || !id) throw new BadRequest('source and id');
      return customerById(source, id);
    }
    case 'POST /customers/by-ids': {
      const ids = field(await readBody(req), 'ids');
      if (!Array.isArray(ids) || ids.length > 100) throw new BadRequest('ids: at most 100 {source, id}');
      const keys = ids.map((item: unknown) => {
        const source = field(item, 'source');
        const id = field(item, 'id');
        if (!isSource(source) || typeof id !== 'string') throw new BadRequest('ids: {source, id}');
        return { source, id };
      });
      return customersByIds(keys);
    }
    case 'GET /customers/search':
      return search(url.searchParams.get('search') ?? '', first);
    case 'GET /employees':
      return employees(first);
    case 'GET /customers/first-pages':
      return firstPages(first);
    case 'POST /customer/note': {
      const body = await readBody(req);
      const id = field(body, 'id');
      const note = field(body, 'note');
      if (field(body, 'source') !== 'CRM' || typeof id !== 'string' || typeof note !== 'string') throw new BadRequest('CRM id and note');
      return updateNote(id, note);
    }
    default:
      throw new BadRequest(`no route ${key}`);
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://baseline.invalid');
  if (url.pathname === '/health') return reply(res, 200, { ok: true });
  route(req, url).then(
    (body) => reply(res, 200, body),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${new Date().toISOString()} ${req.method ?? 'GET'} ${url.pathname}: ${message}\n`);
      reply(res, error instanceof BadRequest ? 400 : 502, { errors: [{ message }] });
    },
  );
});
server.keepAliveTimeout = 30_000;
const port = Number(process.env.BASELINE_PORT ?? '0') || 0;
await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
process.stdout.write(`${JSON.stringify({ ready: true, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);

function stop(): void {
  server.close();
  server.closeAllConnections();
  agent.http.destroy();
  process.exit(0);
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
