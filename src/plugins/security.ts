// The protections a public GraphQL endpoint needs, from the security settings: only the gateway's own
// paths, credentials (failed attempts limited per address), a rate limit, crafted input refused,
// query shape limits (depth, aliases, tokens, cost, page size, ids per operation), no introspection
// or suggestions in production, CSRF prevention, and (optionally) only trusted documents.
import { fileURLToPath } from 'node:url';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import type { Plugin } from 'graphql-yoga';
import type { BurstyRateLimiter, RateLimiterAbstract } from 'rate-limiter-flexible';
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
import { useQueryLimits } from './query-limits.ts';
import { createAuthFailureLimiter, createRateLimiter, useRateLimit } from './rate-limit.ts';
import { manifestAt, useDocumentsById } from './trusted-documents.ts';
import { useVariableErrorCodes } from './variable-errors.ts';

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
  /**
   * With `trustedDocuments` off, the manifest whose documents also run by id (any other operation
   * runs by its text); `npm run codegen`'s schema/generated/persisted-documents.json unless given.
   */
  documentManifest?: string;
}

export const DEFAULT_LIMITS: SecuritySettings['limits'] = {
  maxDepth: 10,
  maxAliases: 15,
  maxTokens: 2_000,
  // Objects an answer may hold (query-cost.ts): a MAX_PAGE_SIZE page of any connection with every
  // field of its nodes costs at most 8,302 (employees), sameAs nested four deep on a full page 12,201.
  maxCost: 10_000,
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

const GENERATED_MANIFEST = fileURLToPath(new URL('../../schema/generated/persisted-documents.json', import.meta.url));

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
    ...useQueryLimits(limits),
    usePageSizeLimit(limits.maxPageSize),
    useIdCeiling(limits.maxIds),
    useVariableErrorCodes(),
  );
  if (!settings.fieldSuggestions) plugins.push(useNoSuggestions());
  if (!settings.introspection) plugins.push(useDisableIntrospection({ isDisabled: () => true }) as Plugin);
  // Documents are always accepted by id from the manifest (what apps built on the generated client
  // send), re-read when it changes; with `trustedDocuments` set, nothing else is.
  const trusted = settings.trustedDocuments;
  const manifest = trusted ? manifestAt(trusted, false) : manifestAt(settings.documentManifest ?? GENERATED_MANIFEST, true);
  plugins.push(useDocumentsById(manifest, trusted !== null));
  return plugins;
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
