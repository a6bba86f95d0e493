// The protections a public GraphQL endpoint needs, from the security settings: only the gateway's own
// paths, credentials (failed attempts limited per address), a rate limit, crafted input refused,
// query shape limits (depth, aliases, tokens, cost, page size, ids per operation), no introspection
// or suggestions in production, CSRF prevention, and (optionally) only trusted documents.
import { existsSync, readFileSync } from 'node:fs';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import type { BurstyRateLimiter, RateLimiterAbstract } from 'rate-limiter-flexible';
import { z } from 'zod';
import type { AuthSettings } from '../auth/authenticate.ts';
import { createAuthenticator } from '../auth/authenticate.ts';
import { clientAddressOf } from '../auth/client-address.ts';
import { type CursorSecrets, randomCursorSecrets } from '../connections/cursor-seal.ts';
import { type Endpoints, useAuthentication } from './auth.ts';
import { useRequestBodyLimit } from './body-limit.ts';
import { useIdCeiling } from './id-ceiling.ts';
import { useInputGuards } from './input-guards.ts';
import { useKnownPathsOnly } from './known-paths.ts';
import { useNoSuggestions } from './no-suggestions.ts';
import { DEFAULT_MAX_PAGE_SIZE, usePageSizeLimit } from './page-size.ts';
import { createAuthFailureLimiter, createRateLimiter, useRateLimit } from './rate-limit.ts';

/** What keeps a public gateway safe; the defaults of `loadConfig` (config.ts) are strict in production. */
export interface SecuritySettings {
  production: boolean;
  auth: AuthSettings;
  introspection: boolean;
  /** "Did you mean …?" in validation errors (they reveal field names, like introspection). */
  fieldSuggestions: boolean;
  /** GraphiQL on GET /graphql from a browser. */
  graphiql: boolean;
  /**
   * `maxPageSize`: the largest `first` a connection accepts; `maxVendorCalls`: the most vendor calls
   * one request makes; `maxIds`: the most ids one operation names (all aliases and variables together).
   */
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxTokens: number;
    maxCost: number;
    maxBodyBytes: number;
    maxPageSize: number;
    maxVendorCalls: number;
    maxIds: number;
  };
  /** Seal the connection cursors (HMAC-SHA256). */
  cursorSecrets: CursorSecrets;
  /** Proxies whose X-Forwarded-For is believed (addresses, CIDR ranges, `loopback`, `linklocal`, `uniquelocal`); none when empty. */
  trustProxy: string[];
  /** Failed authentications per client address and minute before its requests answer 429; null: no limit. */
  authFailures: { perMinute: number } | null;
  /** Several operations in one request (a JSON array), at most `limit`; null: refused. */
  batching: { limit: number } | null;
  /** Requests per client; null: no limit. */
  rateLimit: { perSecond: number; burst: number } | null;
  /** Path of a persisted-documents manifest: only its operations are accepted. */
  trustedDocuments: string | null;
}

export const DEFAULT_LIMITS: SecuritySettings['limits'] = {
  maxDepth: 10,
  maxAliases: 15,
  maxTokens: 2_000,
  maxCost: 5_000,
  maxBodyBytes: 1_048_576,
  maxPageSize: DEFAULT_MAX_PAGE_SIZE,
  // Room for the largest honest operation (a page of 100 with sameAs over four sources, or 100 ids
  // read one call each) several times over; a flood of thousands is refused (README "Running in production").
  maxVendorCalls: 500,
  maxIds: 100,
};

/** Failed authentications per address and minute: a person mistyping a key is never stopped, a guesser is. */
export const DEFAULT_AUTH_FAILURES_PER_MINUTE = 10;

/** The header a browser client sends so that a cross-site form or link cannot run an operation. */
export const CSRF_HEADER = 'x-graphql-csrf';

const manifestSchema = z.record(z.string(), z.string());
const GENERATED_MANIFEST = new URL('../../schema/generated/persisted-documents.json', import.meta.url);

/** Limiters shared by several instances (Redis); else each instance counts alone. */
export interface SharedLimiters {
  requests?: BurstyRateLimiter;
  authFailures?: RateLimiterAbstract;
}

export function securityPlugins(settings: SecuritySettings, endpoints: Endpoints, shared: SharedLimiters = {}): Plugin[] {
  const { limits } = settings;
  const failures = settings.authFailures ? (shared.authFailures ?? createAuthFailureLimiter(settings.authFailures.perMinute)) : undefined;
  const plugins: Plugin[] = [
    useKnownPathsOnly(endpoints),
    useRequestBodyLimit(limits.maxBodyBytes),
    useAuthentication(createAuthenticator(settings.auth), {
      endpoints,
      clientAddress: clientAddressOf(settings.trustProxy),
      ...(failures ? { failures } : {}),
    }),
  ];
  if (settings.rateLimit) plugins.push(useRateLimit(shared.requests ?? createRateLimiter(settings.rateLimit), endpoints));
  plugins.push(
    useInputGuards(),
    useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }),
    EnvelopArmorPlugin({
      maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true },
      maxAliases: { n: limits.maxAliases },
      maxTokens: { n: limits.maxTokens },
      costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true },
      maxDirectives: { n: 20 },
      // useNoSuggestions below covers every error, not only validation's.
      blockFieldSuggestion: { enabled: false },
    }) as Plugin,
    usePageSizeLimit(limits.maxPageSize),
    useIdCeiling(limits.maxIds),
  );
  if (!settings.fieldSuggestions) plugins.push(useNoSuggestions());
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
          notFound: {
            message: 'Unknown document: this gateway only runs trusted documents',
            extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
          },
          persistedQueryOnly: {
            message: 'Only trusted documents are accepted: send a documentId from the manifest',
            extensions: { code: 'PERSISTED_QUERY_ONLY' },
          },
        },
      }) as Plugin,
    );
  }
  return plugins;
}

function documentIdOf(params: GraphQLParams): string | null {
  const documentId = (params as GraphQLParams & { documentId?: unknown }).documentId;
  if (typeof documentId === 'string') return documentId;
  const persisted = params.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : null;
}

/** For tests and development: everyone may ask anything, introspection on, no rate limit, cursors sealed for this process. */
export const DEVELOPMENT_SECURITY: SecuritySettings = {
  production: false,
  auth: { apiKeys: [], jwt: null, allowAnonymous: true },
  introspection: true,
  fieldSuggestions: true,
  graphiql: true,
  limits: DEFAULT_LIMITS,
  cursorSecrets: randomCursorSecrets(),
  trustProxy: [],
  authFailures: null,
  batching: null,
  rateLimit: null,
  trustedDocuments: null,
};
