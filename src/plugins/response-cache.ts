// Cached answers to repeated reads, per client (a client never sees an answer made for a client of
// other scopes), with short per-type lifetimes, and dropped when a mutation touches the same records.
import { createInMemoryCache, useResponseCache, type Cache } from '@graphql-yoga/plugin-response-cache';
import type { Plugin } from 'graphql-yoga';
import { principalOf } from './auth.ts';

export interface ResponseCacheSettings {
  cache: Cache;
  /** Lifetime of an answer, unless a type in it says less. */
  ttlMs: number;
  /** Per GraphQL type, e.g. { CustomField: 300_000 }. */
  ttlPerType: Record<string, number>;
}

export function defaultResponseCache(ttlMs = 30_000, customFieldsTtlMs = 300_000): ResponseCacheSettings {
  return { cache: createInMemoryCache(), ttlMs, ttlPerType: { CustomField: customFieldsTtlMs } };
}

/** Who an answer may be served to again: the same client with the same scopes. */
function sessionOf(request: Request): string | null {
  const principal = principalOf(request);
  return principal ? `${principal.clientId}|${[...principal.scopes].sort().join(' ')}` : null;
}

export function useCachedResponses(settings: ResponseCacheSettings): Plugin {
  return useResponseCache({
    cache: settings.cache,
    ttl: settings.ttlMs,
    ttlPerType: settings.ttlPerType,
    session: (request) => sessionOf(request),
    invalidateViaMutation: true,
    includeExtensionMetadata: false,
    // Answers missing a source, or carrying any error, are never cached.
    shouldCacheResult: ({ result }) => !result.errors?.length,
  }) as Plugin;
}
