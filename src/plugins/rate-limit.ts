// Per client: `perSecond` requests steadily plus a burst reserve (a token bucket in effect). Past it:
// HTTP 429 with Retry-After, before any work is done.
import type { Plugin } from 'graphql-yoga';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { graphQLErrorResponse, isGraphQLRequest, principalOf } from './auth.ts';

export interface RateLimitSettings {
  perSecond: number;
  burst: number;
}

/** `perSecond` steadily, plus a reserve of `burst` that refills over burst/perSecond seconds. */
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
