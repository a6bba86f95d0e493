// Per client: `perSecond` requests in each one-second window, and past those a reserve of `burst`
// requests that comes back whole every burst/perSecond seconds (two fixed windows, not a token
// bucket: a client may spend its whole reserve at once). Past both: HTTP 429 with Retry-After,
// before any work is done.
import type { Plugin } from 'graphql-yoga';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { graphQLErrorResponse, isGraphQLRequest, principalOf } from './auth.ts';

export interface RateLimitSettings {
  perSecond: number;
  burst: number;
}

/** `perSecond` per one-second window, plus a reserve of `burst` per window of burst/perSecond seconds. */
export function createRateLimiter(settings: RateLimitSettings): BurstyRateLimiter {
  return new BurstyRateLimiter(
    new RateLimiterMemory({ points: settings.perSecond, duration: 1 }),
    new RateLimiterMemory({ points: settings.burst, duration: Math.max(1, Math.ceil(settings.burst / settings.perSecond)) }),
  );
}

export function useRateLimit(limiter: BurstyRateLimiter, graphqlPath: string): Plugin {
  return {
    async onRequest({ request, endResponse, serverContext }) {
      if (!isGraphQLRequest(request, graphqlPath)) return;
      const principal = principalOf(request);
      const address = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket?.remoteAddress;
      const key = principal && principal.kind !== 'anonymous' ? `client:${principal.clientId}` : `address:${address ?? 'unknown'}`;
      try {
        await limiter.consume(key);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfter = String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
        endResponse(graphQLErrorResponse(429, `Too many requests; retry in ${retryAfter} s`, 'RATE_LIMITED', { 'retry-after': retryAfter }));
      }
    },
  };
}
