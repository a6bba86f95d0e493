// Cached answers to repeated reads, per client (a client never sees an answer made for a client of
// other scopes), with short per-type lifetimes, and dropped when a mutation touches the same records.
// A conditional request (If-None-Match) is answered 304 only when it names the entry the asking
// client's own question would read: the plugin's own check matched any cached entry for anyone, which
// told a client what another had asked lately.
import { createHash } from 'node:crypto';
import { type Cache, createInMemoryCache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
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

const SERVED_FROM_CACHE = Symbol.for('servedFromResponseCache');

export function useCachedResponses(settings: ResponseCacheSettings): Plugin {
  /** The cache key of each request's own question (its ETag when cached). */
  const keys = new WeakMap<Request, string>();
  const { onRequest: _anyonesEntries, ...cache } = useResponseCache({
    cache: settings.cache,
    ttl: settings.ttlMs,
    ttlPerType: settings.ttlPerType,
    session: (request) => sessionOf(request),
    // Only requests that authenticated (anonymous ones too, in development): never a shared entry.
    enabled: (request) => principalOf(request) !== undefined,
    buildResponseCacheKey: ({ documentString, operationName, variableValues, sessionId, request }) => {
      const question = [documentString, operationName ?? '', JSON.stringify(variableValues ?? {}), sessionId ?? ''].join('|');
      const key = createHash('sha256').update(question).digest('hex');
      keys.set(request, key);
      return key;
    },
    invalidateViaMutation: true,
    includeExtensionMetadata: false,
    // Answers missing a source, or carrying any error, are never cached.
    shouldCacheResult: ({ result }) => !result.errors?.length,
  });
  return {
    ...(cache as Plugin),
    onResultProcess({ request, result, setResultProcessor }) {
      const asked = request.headers.get('if-none-match');
      const key = keys.get(request);
      if (!asked || !key || Array.isArray(result) || !(SERVED_FROM_CACHE in result)) return;
      if (!asked.split(',').some((tag) => tag.trim() === key)) return;
      setResultProcessor((_result, fetchAPI) => new fetchAPI.Response(null, { status: 304, headers: { etag: key } }), 'application/json');
    },
  };
}
