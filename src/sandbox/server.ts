// What the four sandbox vendors share: a real HTTP server with a request log, latency and fault
// injection. Each vendor's own routes, auth and data live in src/sandbox/<vendor>/.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SandboxRequest {
  method: string;
  /** Decoded path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined when there is none. `invalidJson` says whether parsing failed. */
  body: unknown;
  invalidJson: boolean;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless `raw` is given. */
  body?: unknown;
  raw?: string;
}

export type SandboxHandler = (request: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

export type Fault =
  /** Answer with this status (and optional Retry-After) instead of handling the request. */
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  /** Never answer (until the server stops). */
  | { kind: 'hang' }
  /** Answer as usual, this many milliseconds later (a slow route). */
  | { kind: 'delay'; ms: number }
  /** Answer 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  /** Close the connection without answering, before handling the request. */
  | { kind: 'drop' }
  /** Handle the request (a write takes effect), then close the connection without answering. */
  | { kind: 'drop-after-handling' }
  /** Handle the request (a write takes effect), then answer this status instead of its answer. */
  | { kind: 'status-after-handling'; status: number }
  /** Handle the request (a write takes effect), then never answer (until the server stops). */
  | { kind: 'hang-after-handling' };

export interface FaultRule {
  fault: Fault;
  /** How many matching requests it applies to; unlimited when absent. */
  times?: number;
  /** Only requests for which this is true (all when absent). */
  when?: (request: SandboxRequest) => boolean;
}

export interface RecordedRequest {
  /** `performance.now()` when the request arrived. */
  receivedAt: number;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export class SandboxServer {
  readonly name: string;
  /** Every request received since the last `clearLog()`, in order of arrival. */
  readonly requests: RecordedRequest[] = [];
  /** Added before every answer (the benchmark uses it to stand in for a distant vendor). */
  latencyMs = 0;
  /** The most requests this server was handling at once since the last `clearLog()`. */
  maxInFlight = 0;
  private inFlight = 0;
  private readonly handler: SandboxHandler;
  private readonly server: Server;
  private faults: FaultRule[] = [];
  private origin: string | null = null;

  constructor(name: string, handler: SandboxHandler) {
    this.name = name;
    this.handler = handler;
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => void this.dispatch(req.method ?? 'GET', req.url ?? '/', req.headers, chunks, res));
    });
  }

  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  get url(): string {
    if (!this.origin) throw new Error(`${this.name} sandbox is not listening`);
    return this.origin;
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    this.origin = `http://${host}:${address.port}`;
    return this.origin;
  }

  async stop(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  /** Requests whose path (and, if given, method) match, e.g. `calls('/users/customers')`. */
  calls(pathPrefix = '', method?: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith(pathPrefix) && (!method || r.method === method));
  }

  clearLog(): void {
    this.requests.length = 0;
    this.maxInFlight = this.inFlight;
  }

  injectFault(rule: FaultRule): void {
    this.faults.push({ ...rule });
  }

  clearFaults(): void {
    this.faults = [];
  }

  private takeFault(request: SandboxRequest): Fault | null {
    const index = this.faults.findIndex((rule) => !rule.when || rule.when(request));
    const rule = this.faults[index];
    if (!rule) return null;
    if (rule.times !== undefined && --rule.times <= 0) this.faults.splice(index, 1);
    return rule.fault;
  }

  private async dispatch(
    method: string,
    rawUrl: string,
    headers: IncomingHttpHeaders,
    chunks: Buffer[],
    res: ServerResponse,
  ): Promise<void> {
    const url = new URL(rawUrl, 'http://sandbox.invalid');
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    let invalidJson = false;
    if (text !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        invalidJson = true;
      }
    }
    const request: SandboxRequest = { method, path: safeDecode(url.pathname), query: url.searchParams, headers, body, invalidJson };
    this.requests.push({ receivedAt: performance.now(), method, path: request.path, query: request.query, headers, body: body ?? text });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.once('close', () => {
      this.inFlight -= 1;
    });

    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const fault = this.takeFault(request);
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === 'drop') {
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === 'malformed') {
      send(res, { status: 200, raw: '{"data": [{"id": 1, "unterminated' });
      return;
    }
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      send(res, { status: fault.status, headers, raw: 'Injected fault' });
      return;
    }
    let response: SandboxResponse;
    try {
      response = await this.handler(request);
    } catch (error) {
      response = { status: 500, raw: `Sandbox ${this.name} failed: ${String(error)}` };
    }
    if (fault?.kind === 'drop-after-handling') {
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === 'hang-after-handling') return;
    if (fault?.kind === 'status-after-handling') {
      send(res, { status: fault.status, raw: 'Injected fault' });
      return;
    }
    send(res, response);
  }
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function send(res: ServerResponse, response: SandboxResponse): void {
  const isRaw = response.raw !== undefined;
  const payload = isRaw ? response.raw : response.body === undefined ? '' : JSON.stringify(response.body);
  res.writeHead(response.status, {
    'content-type': isRaw ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    ...response.headers,
  });
  res.end(payload);
}
