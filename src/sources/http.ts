import http from 'node:http';
import https from 'node:https';
import got, { HTTPError, RequestError, TimeoutError, type Got, type Method } from 'got';
import pLimit, { type LimitFunction } from 'p-limit';
import type { CustomerSourceName } from './model.ts';
import { SourceError, WriteOutcomeUnknownError } from './errors.ts';

export interface VendorHttpSettings {
  connectTimeoutMs: number;
  /** Time from sending the request to the first response byte. */
  responseTimeoutMs: number;
  /** Time for one whole attempt. */
  totalTimeoutMs: number;
  /** Extra attempts for GET only; writes are never retried. */
  getRetries: number;
  /** The longest wait between two attempts (exponential backoff up to this; a vendor's Retry-After wins). */
  retryBackoffLimitMs: number;
  /** Calls in flight to this vendor at once, across all requests of this process. */
  concurrency: number;
}

export const DEFAULT_HTTP_SETTINGS: VendorHttpSettings = {
  connectTimeoutMs: 2_000,
  responseTimeoutMs: 5_000,
  totalTimeoutMs: 8_000,
  getRetries: 2,
  retryBackoffLimitMs: 1_000,
  concurrency: 8,
};

export interface VendorRequest {
  method: Method;
  /** Path and query relative to the vendor's base URL; every dynamic part already encoded. */
  path: string;
  json?: unknown;
  headers?: Record<string, string>;
}

export interface VendorResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON; undefined for an empty body. */
  body: unknown;
}

/**
 * One vendor's HTTP client. 2xx and ordinary 4xx answers come back for the adapter to read (a 404
 * or a validation error means something there); everything that makes the vendor unusable
 * (no connection, timeout, 5xx after retries, 401/403, 429, malformed JSON) throws a SourceError.
 * A write (anything but GET) is sent once; when it was sent and no usable answer came back
 * (timeout, dropped connection, 5xx, unreadable body) it throws WriteOutcomeUnknownError instead.
 */
export interface VendorHttp {
  readonly source: CustomerSourceName;
  request(request: VendorRequest): Promise<VendorResponse>;
}

export function createVendorHttp(
  source: CustomerSourceName,
  baseUrl: string,
  authHeaders: Record<string, string>,
  settings: VendorHttpSettings,
): VendorHttp {
  const client: Got = got.extend({
    headers: { ...authHeaders, 'user-agent': 'switchboard-gateway' },
    responseType: 'text',
    throwHttpErrors: true,
    followRedirect: false,
    agent: {
      http: new http.Agent({ keepAlive: true, maxSockets: settings.concurrency }),
      https: new https.Agent({ keepAlive: true, maxSockets: settings.concurrency }),
    },
    timeout: {
      connect: settings.connectTimeoutMs,
      secureConnect: settings.connectTimeoutMs,
      response: settings.responseTimeoutMs,
      request: settings.totalTimeoutMs,
    },
    retry: {
      limit: settings.getRetries,
      methods: ['GET'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      backoffLimit: settings.retryBackoffLimitMs,
      noise: Math.min(100, settings.retryBackoffLimitMs),
      // A Retry-After longer than one attempt's budget fails now rather than holding the request.
      maxRetryAfter: settings.totalTimeoutMs,
    },
  });
  const limit: LimitFunction = pLimit(settings.concurrency);
  const root = baseUrl.replace(/\/+$/, '');

  async function send(request: VendorRequest): Promise<VendorResponse> {
    const isWrite = request.method.toUpperCase() !== 'GET';
    const unknownIfWrite = (error: SourceError) => (isWrite ? new WriteOutcomeUnknownError(source) : error);
    let response;
    try {
      response = await client(`${root}/${request.path.replace(/^\/+/, '')}`, {
        method: request.method,
        ...(request.json === undefined ? {} : { json: request.json }),
        ...(request.headers ? { headers: request.headers } : {}),
      });
    } catch (error) {
      if (error instanceof HTTPError) {
        const status = error.response.statusCode;
        if (status === 401 || status === 403) throw new SourceError(source, 'AUTH_REJECTED', status);
        if (status === 429) throw new SourceError(source, 'RATE_LIMITED', status);
        if (status >= 500) throw unknownIfWrite(new SourceError(source, 'VENDOR_ERROR', status));
        const text = typeof error.response.body === 'string' ? error.response.body : '';
        return { status, headers: error.response.headers, body: parseErrorBody(text) };
      }
      if (error instanceof TimeoutError) {
        const beforeSending = NOT_YET_SENT_PHASES.has(error.event);
        throw beforeSending ? new SourceError(source, 'TIMEOUT') : unknownIfWrite(new SourceError(source, 'TIMEOUT'));
      }
      if (error instanceof RequestError) {
        const neverConnected = NEVER_CONNECTED_CODES.has(error.code);
        throw neverConnected ? new SourceError(source, 'UNREACHABLE') : unknownIfWrite(new SourceError(source, 'UNREACHABLE'));
      }
      throw error;
    }
    try {
      return { status: response.statusCode, headers: response.headers, body: parseBody(source, response.body) };
    } catch (error) {
      throw error instanceof SourceError ? unknownIfWrite(error) : error;
    }
  }

  return { source, request: (request) => limit(() => send(request)) };
}

/** Timeouts in these phases fire before a byte of the request left: the vendor saw nothing. */
const NOT_YET_SENT_PHASES = new Set(['lookup', 'connect', 'secureConnect']);
/** Errors that mean no connection was ever made. */
const NEVER_CONNECTED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

function parseBody(source: CustomerSourceName, text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SourceError(source, 'BAD_RESPONSE');
  }
}

/** An error answer may be HTML (a WordPress 404 page); the adapter then sees `undefined`. */
function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
