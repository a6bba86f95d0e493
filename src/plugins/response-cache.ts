// Cached answers to repeated reads, per client (a client never sees an answer made for a client of
// other scopes), with short per-type lifetimes, and dropped when a write makes them stale.
// A conditional request (If-None-Match) is answered 304 only when it names the entry the asking
// client's own question would read: the plugin's own check matched any cached entry for anyone, which
// told a client what another had asked lately.
//
// What a write drops: every cached answer that read the source it wrote to. Each answer is cached with
// the sources its operation called (the scope's tally), and a mutation drops, once it is done, the
// answers of every source it sent a write to (the scope's `wroteTo`, whatever came of the write). So
// the record itself, the lists, pages and counts of its source, the change feed, custom field values
// and the sameAs of other records (which asked that source by email) all go, whichever mutation wrote
// and whatever it answered; answers that never asked that source stay. An answer read while such a
// write was dropping is not cached at all: it may hold what was there before.
import { createHash } from 'node:crypto';
import { type Cache, createInMemoryCache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { getOperationAST } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import type { CustomerSourceName } from '../sources/names.ts';
import { principalOf } from './auth.ts';
import { answeredInParts } from './incremental-delivery.ts';

export interface ResponseCacheSettings {
  cache: Cache;
  /** Lifetime of an answer, unless a type or field in it says less. */
  ttlMs: number;
  /** Per schema coordinate: a type (`CustomField`) or a field (`Query.customFields`), e.g. { CustomField: 300_000 }. */
  ttlPerSchemaCoordinate: Record<string, number>;
}

export function defaultResponseCache(ttlMs = 30_000, customFieldsTtlMs = 300_000): ResponseCacheSettings {
  return { cache: createInMemoryCache(), ttlMs, ttlPerSchemaCoordinate: { CustomField: customFieldsTtlMs } };
}

/**
 * The cache entity of everything read from a source. Not a GraphQL name (it has spaces), so it meets no
 * `Typename:id` the plugin collects; without an id, each cache indexes it once per answer.
 */
function sourceEntity(source: CustomerSourceName): { typename: string } {
  return { typename: `read from ${source}` };
}

interface ReadRecord {
  /** The sources the answer's operation called. */
  sources: CustomerSourceName[];
  /** `drops` when the operation began. */
  since: number;
}

/** Who an answer may be served to again: the same client with the same scopes. */
function sessionOf(request: Request): string | null {
  const principal = principalOf(request);
  return principal ? `${principal.clientId}|${[...principal.scopes].sort().join(' ')}` : null;
}

const SERVED_FROM_CACHE = Symbol.for('servedFromResponseCache');

export function useCachedResponses(settings: ResponseCacheSettings): Plugin<GatewayContext> {
  /** The cache key of each request's own question (its ETag when cached). */
  const keys = new WeakMap<Request, string>();
  /** What each answer about to be cached read, by the result object the plugin hands to `set`. */
  const reads = new WeakMap<object, ReadRecord>();
  /** Drops so far, and the count when each source was last dropped: an answer read across a drop of its source is stale. */
  let drops = 0;
  const droppedAt = new Map<CustomerSourceName, number>();

  const bySource: Cache = {
    get: (id) => settings.cache.get(id),
    invalidate: (entities) => settings.cache.invalidate(entities),
    set(id, result, entities, ttl) {
      const read = reads.get(result);
      // An answer whose sources are not known (none should be) could not be dropped when they change.
      if (!read) return;
      if (read.sources.some((source) => (droppedAt.get(source) ?? 0) > read.since)) return;
      return settings.cache.set(id, result, [...entities, ...read.sources.map(sourceEntity)], ttl);
    },
  };

  async function dropAnswersFrom(sources: ReadonlySet<CustomerSourceName>): Promise<void> {
    if (sources.size === 0) return;
    drops += 1;
    for (const source of sources) droppedAt.set(source, drops);
    await settings.cache.invalidate([...sources].map(sourceEntity));
  }

  const { onRequest: _anyonesEntries, ...cache } = useResponseCache({
    cache: bySource,
    ttl: settings.ttlMs,
    ttlPerSchemaCoordinate: settings.ttlPerSchemaCoordinate,
    session: (request) => sessionOf(request),
    // Only requests that authenticated (anonymous ones too, in development): never a shared entry.
    // Never an answer in parts (@defer, @stream): it is no one answer to keep.
    enabled: (request, context) => principalOf(request) !== undefined && !(context && answeredInParts(context)),
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
    ...(cache as Plugin<GatewayContext>),
    // Before the plugin's own onExecuteDone (it is added right after this one), which caches the answer.
    onExecute({ args }) {
      const isMutation = getOperationAST(args.document, args.operationName)?.operation === 'mutation';
      const since = drops;
      return {
        onExecuteDone({ args: { contextValue }, result }) {
          const { scope } = contextValue;
          if (isMutation) return dropAnswersFrom(scope.wroteTo);
          // Answers read from the synced index are not cached: cheaper than a cache hit already, and a
          // cached copy would hide what the sync brings in meanwhile.
          if (!isAsyncIterable(result) && !contextValue.loaders.index.used)
            reads.set(result, { sources: [...scope.vendorCalls.keys()], since });
          return undefined;
        },
      };
    },
    onResultProcess({ request, result, setResultProcessor }) {
      const asked = request.headers.get('if-none-match');
      const key = keys.get(request);
      if (!asked || !key || Array.isArray(result) || !(SERVED_FROM_CACHE in result)) return;
      if (!asked.split(',').some((tag) => tag.trim() === key)) return;
      setResultProcessor((_result, fetchAPI) => new fetchAPI.Response(null, { status: 304, headers: { etag: key } }), 'application/json');
    },
  };
}
