// The protections a public GraphQL endpoint needs, from the security settings: credentials, a rate
// limit, query shape limits (depth, aliases, tokens, cost, page size), no introspection or field
// suggestions in production, CSRF prevention, and (optionally) only trusted documents.
import { existsSync, readFileSync } from 'node:fs';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import type { BurstyRateLimiter } from 'rate-limiter-flexible';
import { z } from 'zod';
import { createAuthenticator } from '../auth/authenticate.ts';
import type { SecuritySettings } from '../config.ts';
import { useAuthentication } from './auth.ts';
import { useRequestBodyLimit } from './body-limit.ts';
import { DEFAULT_MAX_PAGE_SIZE, usePageSizeLimit } from './page-size.ts';
import { createRateLimiter, useRateLimit } from './rate-limit.ts';

/** The header a browser client sends so that a cross-site form or link cannot run an operation. */
export const CSRF_HEADER = 'x-graphql-csrf';

const manifestSchema = z.record(z.string(), z.string());
const GENERATED_MANIFEST = new URL('../../schema/generated/persisted-documents.json', import.meta.url);

/** `rateLimiter`: a shared one (Redis) for several instances; else each instance counts alone. */
export function securityPlugins(settings: SecuritySettings, graphqlPath: string, rateLimiter?: BurstyRateLimiter): Plugin[] {
  const { limits } = settings;
  const plugins: Plugin[] = [useRequestBodyLimit(limits.maxBodyBytes), useAuthentication(createAuthenticator(settings.auth), graphqlPath)];
  if (settings.rateLimit) plugins.push(useRateLimit(rateLimiter ?? createRateLimiter(settings.rateLimit), graphqlPath));
  plugins.push(
    useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }),
    EnvelopArmorPlugin({
      maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true },
      maxAliases: { n: limits.maxAliases },
      maxTokens: { n: limits.maxTokens },
      costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true },
      maxDirectives: { n: 20 },
      blockFieldSuggestion: { enabled: !settings.fieldSuggestions },
    }) as Plugin,
    usePageSizeLimit(limits.maxPageSize),
  );
  if (!settings.introspection) plugins.push(useDisableIntrospection({ isDisabled: () => true }) as Plugin);
  // Documents are always accepted by id from the generated manifest (what apps built on the generated
  // client send); with `trustedDocuments` set, nothing else is.
  const only = settings.trustedDocuments;
  const manifestFile = only ?? (existsSync(GENERATED_MANIFEST) ? GENERATED_MANIFEST : null);
  if (manifestFile) {
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(manifestFile, 'utf8')));
    plugins.push(
      usePersistedOperations({
        getPersistedOperation: (hash) => manifest[hash] ?? manifest[`sha256:${hash}`] ?? null,
        allowArbitraryOperations: only === null,
        // `documentId` (trusted documents) or Apollo's `extensions.persistedQuery.sha256Hash`.
        extractPersistedOperationId: (params) => documentIdOf(params),
        customErrors: {
          notFound: { message: 'Unknown document: this gateway only runs trusted documents', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } },
          persistedQueryOnly: { message: 'Only trusted documents are accepted: send a documentId from the manifest', extensions: { code: 'PERSISTED_QUERY_ONLY' } },
        },
      }) as Plugin,
    );
  }
  return plugins;
}

function documentIdOf(params: GraphQLParams): string | null {
  const documentId = (params as GraphQLParams & { documentId?: unknown }).documentId;
  if (typeof documentId === 'string') return documentId;
  const persisted = params.extensions?.['persistedQuery'] as { sha256Hash?: unknown } | undefined;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : null;
}

/** For tests and development: everyone may ask anything, introspection on, no rate limit. */
export const DEVELOPMENT_SECURITY: SecuritySettings = {
  production: false,
  auth: { apiKeys: [], jwt: null, allowAnonymous: true },
  introspection: true,
  fieldSuggestions: true,
  limits: { maxDepth: 10, maxAliases: 15, maxTokens: 2_000, maxCost: 5_000, maxBodyBytes: 1_048_576, maxPageSize: DEFAULT_MAX_PAGE_SIZE },
  batching: null,
  rateLimit: null,
  trustedDocuments: null,
};
