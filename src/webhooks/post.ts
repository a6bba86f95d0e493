// One POST of a webhook event: undici, a time limit, no redirects followed (a 3xx is no
// acknowledgement), the answer's body read and dropped. It never throws: it answers the status, or
// the class of the failure (never a body).
import { isIP } from 'node:net';
import { Agent, errors, request } from 'undici';
import { publicAddress, publicOnlyLookup, type UrlPolicy } from './url-policy.ts';

export interface PostOutcome {
  /** The receiver's HTTP status; null when none came. */
  status: number | null;
  /** Why there was no 2xx: NOT_2XX, TIMEOUT, CONNECTION_REFUSED, DNS_FAILURE, ADDRESS_NOT_ALLOWED, TLS_FAILURE, CONNECTION_FAILED. */
  error: string | null;
}

export interface Poster {
  post(url: string, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<PostOutcome>;
  close(): Promise<void>;
}

export function createPoster(policy: UrlPolicy, timeoutMs: number): Poster {
  // In production every connection resolves its host through the policy: a name that now points at a
  // private address fails to connect.
  const dispatcher = new Agent({
    connect: { timeout: timeoutMs, ...(policy.production ? { lookup: publicOnlyLookup } : {}) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  return {
    async post(url, headers, body, signal) {
      const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
      if (policy.production && isIP(host) && !publicAddress(host)) return { status: null, error: 'ADDRESS_NOT_ALLOWED' };
      try {
        const response = await request(url, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'switchboard-webhooks' },
          body,
          dispatcher,
          signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
        });
        await response.body.dump();
        const ok = response.statusCode >= 200 && response.statusCode < 300;
        return { status: response.statusCode, error: ok ? null : 'NOT_2XX' };
      } catch (error) {
        return { status: null, error: failureClass(error) };
      }
    },
    close: () => dispatcher.close(),
  };
}

function failureClass(error: unknown): string {
  if (
    error instanceof errors.ConnectTimeoutError ||
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
  ) {
    return 'TIMEOUT';
  }
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (code === 'ADDRESS_NOT_ALLOWED') return code;
  if (code === 'ECONNREFUSED') return 'CONNECTION_REFUSED';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'DNS_FAILURE';
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED)/.test(code)) return 'TLS_FAILURE';
  return 'CONNECTION_FAILED';
}
