// Every request carries credentials unless it is one of the few that need none (health, readiness,
// metrics with its own token, the GraphiQL page, a CORS preflight): the rule names what is open, so a
// path nobody thought of is closed. A refused request ends here with HTTP 401 and a GraphQL error,
// before parsing or any vendor call. Failed attempts are counted per client address: past the limit,
// that address answers 429 until the minute is over, before any credential is checked.
import type { Plugin } from 'graphql-yoga';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { AuthenticationError, type Authenticator } from '../auth/authenticate.ts';
import { type ClientAddressOf, peerAddressOf } from '../auth/client-address.ts';
import type { Principal } from '../auth/principal.ts';

/** The paths the gateway serves, and which of them need no credentials. */
export interface Endpoints {
  graphql: string;
  /** Served without credentials: /health, /ready, /metrics (which asks for its own token). */
  open: readonly string[];
  /** GET /graphql from a browser is the GraphiQL page, served without credentials. */
  graphiql: boolean;
}

const principals = new WeakMap<Request, Principal>();
const addresses = new WeakMap<Request, string>();

export function principalOf(request: Request): Principal | undefined {
  return principals.get(request);
}

/** The client address of a request that needed credentials (see client-address.ts). */
export function addressOf(request: Request): string | undefined {
  return addresses.get(request);
}

export function isGraphiQLPage(request: Request): boolean {
  return request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
}

export function needsCredentials(request: Request, url: URL, endpoints: Endpoints): boolean {
  if (request.method === 'OPTIONS' || endpoints.open.includes(url.pathname)) return false;
  return !(endpoints.graphiql && url.pathname === endpoints.graphql && isGraphiQLPage(request));
}

export function graphQLErrorResponse(status: number, message: string, code: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

export function tooManyRequests(msBeforeNext: number, what: string): Response {
  const retryAfter = String(Math.max(1, Math.ceil(msBeforeNext / 1000)));
  return graphQLErrorResponse(429, `${what}; retry in ${retryAfter} s`, 'RATE_LIMITED', { 'retry-after': retryAfter });
}

export interface AuthenticationOptions {
  endpoints: Endpoints;
  clientAddress: ClientAddressOf;
  /** Counts failed authentications per address (points per window); none: not limited. */
  failures?: RateLimiterAbstract;
}

export function useAuthentication(authenticate: Authenticator, options: AuthenticationOptions): Plugin {
  const { endpoints, clientAddress, failures } = options;
  return {
    async onRequest({ request, url, serverContext, endResponse }) {
      if (!needsCredentials(request, url, endpoints)) return;
      const address = clientAddress(request, peerAddressOf(serverContext));
      addresses.set(request, address);
      const key = `address:${address}`;
      const authorization = request.headers.get('authorization');
      // Only a request that brings credentials can be guessing them: others are not held up by the count.
      const record = failures && authorization !== null ? await failures.get(key) : null;
      if (failures && record && record.consumedPoints >= failures.points) {
        endResponse(tooManyRequests(record.msBeforeNext, 'Too many failed authentications from this address'));
        return;
      }
      try {
        principals.set(request, await authenticate(authorization));
      } catch (error) {
        if (!(error instanceof AuthenticationError)) throw error;
        await failures?.consume(key).catch((rejection: unknown) => {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
        });
        endResponse(graphQLErrorResponse(401, error.message, 'UNAUTHENTICATED', { 'www-authenticate': 'Bearer' }));
      }
    },
  };
}
