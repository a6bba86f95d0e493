// Per client: `perSecond` requests in each one-second window, and past those a reserve of `burst`
// requests that comes back whole every burst/perSecond seconds (two fixed windows, not a token
// bucket: a client may spend its whole reserve at once). Past both: HTTP 429 with Retry-After,
// before any work is done. Every request that needed credentials counts, whatever its path.
import type { Plugin } from 'graphql-yoga';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { addressOf, type Endpoints, needsCredentials, principalOf, tooManyRequests } from './auth.ts';

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

/** Failed authentications: `perMinute` per client address in each minute. */
export function createAuthFailureLimiter(perMinute: number): RateLimiterMemory {
  return new RateLimiterMemory({ points: perMinute, duration: 60 });
}

export function useRateLimit(limiter: BurstyRateLimiter, endpoints: Endpoints): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (!needsCredentials(request, url, endpoints)) return;
      const principal = principalOf(request);
      const key =
        principal && principal.kind !== 'anonymous' ? `client:${principal.clientId}` : `address:${addressOf(request) ?? 'unknown'}`;
      try {
        await limiter.consume(key);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        endResponse(tooManyRequests(rejection.msBeforeNext, 'Too many requests'));
      }
    },
  };
}
