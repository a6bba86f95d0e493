// Environment → validated Config. Every variable is listed in .env.example and the README; how a kind
// of variable is read (flags, secrets, proxies, API keys) is in config-fields.ts.
import { z } from 'zod';
import type { JwtSettings } from './auth/authenticate.ts';
import { apiKeys, cursorSecret, FLAG_VALUES, flag, optionalFlag, perSource, positiveInt, secret, trustProxy } from './config-fields.ts';
import { randomCursorSecrets } from './connections/cursor-seal.ts';
import { DEFAULT_INDEX_PATH, type IndexConfig } from './index/open.ts';
import { LOG_FORMATS, type LogFormat } from './observability/logger.ts';
import { DEFAULT_AUTH_FAILURES_PER_MINUTE, DEFAULT_LIMITS, type SecuritySettings } from './plugins/security.ts';
import { parseUndocumented, UNDOCUMENTED_FEATURES, type UndocumentedFeature } from './sandbox/undocumented.ts';
import type { VendorBudgetConfig } from './sources/budgets.ts';
import { DEFAULT_BREAKER_SETTINGS, DEFAULT_HTTP_SETTINGS, type VendorHttpSettings } from './sources/http/index.ts';
import { readSourceSettings, type SourceSettings } from './sources/registry.ts';
import {
  DEFAULT_CHANGE_LOG_RETENTION_DAYS,
  DEFAULT_SYNC_CALLS_PER_SECOND,
  DEFAULT_SYNC_CONCURRENCY,
  DEFAULT_SYNC_FULL_EVERY_MS,
  DEFAULT_SYNC_INTERVAL_MS,
  DEFAULT_SYNC_MAX_DELETE_SHARE,
  type SyncSettings,
} from './sync/settings.ts';

export type { SecuritySettings } from './plugins/security.ts';
export type { SourceSettings } from './sources/registry.ts';

export interface Config {
  port: number;
  security: SecuritySettings;
  requestBudgetMs: number;
  /** Start the in-process sandbox vendors for every source whose variables are absent. */
  sandbox: boolean;
  /** How the sandbox KB Support answers: as running installations do (kbsupport-observed.md) or as documented, with or without pretty links. */
  sandboxKbSupport: { behaviour: 'observed' | 'documented'; prettyLinks: boolean };
  /** What the sandbox vendors offer beyond their documents; none by default. */
  sandboxUndocumented: ReadonlySet<UndocumentedFeature>;
  /** Generated customers per sandbox vendor, after the hand-written seed people (SANDBOX_CUSTOMERS); 0 by default. */
  sandboxCustomers: number;
  sources: SourceSettings;
  http: VendorHttpSettings;
  /** Each vendor's calls in flight and per second, client requests and sync together (sources/budgets.ts). */
  vendorBudgets: VendorBudgetConfig;
  /** VENDOR_CONCURRENCY or VENDOR_CALLS_PER_SECOND was set (else the defaults, which main.ts lifts for sandbox-only vendors). */
  vendorBudgetsSet: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** LOG_FORMAT: `json` or `pretty`; null: pretty at a terminal outside production, else JSON (observability/logger.ts). */
  logFormat: LogFormat | null;
  /** Cached answers to repeated reads; null turns the cache off. */
  responseCache: { ttlMs: number; customFieldsTtlMs: number } | null;
  /** Shared state for several instances (response cache, idempotency keys, rate limits); null: in memory. */
  redisUrl: string | null;
  /** Browser origins allowed to call the gateway; `*` any; empty: same origin only. */
  corsOrigins: string[];
  /** Bearer token /metrics asks for; without one, /metrics is open outside production and off in it. */
  metricsToken: string | null;
  /** Serve /metrics on this port (for a private network) instead of the GraphQL port; null: on the GraphQL port. */
  metricsPort: number | null;
  /** No CURSOR_SECRET was set (development): cursors are sealed with a secret of this process alone. */
  cursorSecretGenerated: boolean;
  tracing: boolean;
  /** The synced index: off (INDEX=off, pass-through only), SQLite at INDEX_PATH, or PostgreSQL at INDEX_URL. */
  index: IndexConfig;
  /** How the sync engine keeps the index (src/sync/settings.ts has each default's reason). */
  sync: SyncSettings;
  /** SYNC_CALLS_PER_SECOND was set (else the default, which main.ts lifts for sandbox-only vendors). */
  syncPaceSet: boolean;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const DAY_MS = 24 * 60 * 60_000;
const envSchema = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  API_KEYS: apiKeys.optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_JWKS_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  ALLOW_ANONYMOUS: optionalFlag,
  INTROSPECTION: optionalFlag,
  FIELD_SUGGESTIONS: optionalFlag,
  GRAPHIQL: optionalFlag,
  CURSOR_SECRET: cursorSecret.optional(),
  CURSOR_SECRET_PREVIOUS: cursorSecret.optional(),
  TRUST_PROXY: trustProxy.optional(),
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(0).default(DEFAULT_AUTH_FAILURES_PER_MINUTE),
  BATCHING: flag,
  BATCH_LIMIT: positiveInt(10),
  MAX_DEPTH: positiveInt(DEFAULT_LIMITS.maxDepth),
  MAX_ALIASES: positiveInt(DEFAULT_LIMITS.maxAliases),
  MAX_TOKENS: positiveInt(DEFAULT_LIMITS.maxTokens),
  MAX_COST: positiveInt(DEFAULT_LIMITS.maxCost),
  MAX_BODY_BYTES: positiveInt(DEFAULT_LIMITS.maxBodyBytes),
  MAX_PAGE_SIZE: positiveInt(DEFAULT_LIMITS.maxPageSize),
  MAX_VENDOR_CALLS: positiveInt(DEFAULT_LIMITS.maxVendorCalls),
  MAX_IDS: positiveInt(DEFAULT_LIMITS.maxIds),
  RATE_LIMIT_PER_SECOND: z.coerce.number().int().min(0).default(20),
  RATE_LIMIT_BURST: positiveInt(100),
  REQUEST_BUDGET_MS: positiveInt(10_000),
  TRUSTED_DOCUMENTS: z.string().optional(),
  SANDBOX: flag,
  SANDBOX_KBS_BEHAVIOUR: z.enum(['observed', 'documented']).default('observed'),
  // About 1 KB of memory per customer and vendor: a million per vendor is already 4 GB.
  SANDBOX_CUSTOMERS: z.coerce.number().int().min(0).max(1_000_000).default(0),
  SANDBOX_UNDOCUMENTED: z
    .string()
    .transform((text, context) => {
      const parsed = parseUndocumented(text);
      if ('unknown' in parsed) {
        context.addIssue({
          code: 'custom',
          message: `unknown: ${parsed.unknown.join(', ')} (all, or any of ${UNDOCUMENTED_FEATURES.join(', ')})`,
        });
        return z.NEVER;
      }
      return parsed;
    })
    .optional(),
  SANDBOX_KBS_PRETTY_LINKS: z
    .enum(FLAG_VALUES)
    .default('1')
    .transform((value) => ['1', 'true', 'yes'].includes(value)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(LOG_FORMATS).optional(),
  VENDOR_CONNECT_TIMEOUT_MS: positiveInt(DEFAULT_HTTP_SETTINGS.connectTimeoutMs),
  VENDOR_RESPONSE_TIMEOUT_MS: positiveInt(DEFAULT_HTTP_SETTINGS.responseTimeoutMs),
  VENDOR_TIMEOUT_MS: positiveInt(DEFAULT_HTTP_SETTINGS.totalTimeoutMs),
  VENDOR_GET_RETRIES: z.coerce.number().int().min(0).max(5).default(DEFAULT_HTTP_SETTINGS.getRetries),
  VENDOR_RETRY_BACKOFF_MS: positiveInt(DEFAULT_HTTP_SETTINGS.retryBackoffLimitMs),
  VENDOR_CONCURRENCY: perSource(1).optional(),
  VENDOR_CALLS_PER_SECOND: perSource(0).optional(),
  BREAKER_FAILURES: positiveInt(DEFAULT_BREAKER_SETTINGS.consecutiveFailures),
  BREAKER_HALF_OPEN_MS: positiveInt(DEFAULT_BREAKER_SETTINGS.halfOpenAfterMs),
  METRICS_TOKEN: secret.optional(),
  METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  RESPONSE_CACHE: optionalFlag,
  RESPONSE_CACHE_TTL_MS: positiveInt(30_000),
  CUSTOM_FIELDS_CACHE_TTL_MS: positiveInt(300_000),
  CORS_ORIGINS: z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.union([z.literal('*'), z.url({ protocol: /^https?$/, error: 'each origin must be an http(s) URL or *' })])))
    .transform((origins) => origins.map((origin) => (origin === '*' ? origin : new URL(origin).origin)))
    .optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  TRACING: flag,
  INDEX: z.enum(['on', 'off']).default('on'),
  INDEX_PATH: z.string().min(1).default(DEFAULT_INDEX_PATH),
  INDEX_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  // Defaults and their reasons: src/sync/settings.ts.
  SYNC_INTERVAL_MS: z.coerce.number().int().min(1_000).default(DEFAULT_SYNC_INTERVAL_MS),
  SYNC_FULL_EVERY_MS: z.coerce.number().int().min(60_000).default(DEFAULT_SYNC_FULL_EVERY_MS),
  SYNC_MAX_DELETE_SHARE: z.coerce.number().min(0).max(1).default(DEFAULT_SYNC_MAX_DELETE_SHARE),
  SYNC_CALLS_PER_SECOND: z.coerce.number().positive().optional(),
  SYNC_CONCURRENCY: positiveInt(DEFAULT_SYNC_CONCURRENCY),
  // Whole days: tombstones (ids and a time) older than this are purged.
  CHANGE_LOG_RETENTION: z.coerce.number().int().min(1, 'must be at least 1 (days)').max(3_650).default(DEFAULT_CHANGE_LOG_RETENTION_DAYS),
});

/** The JWT settings (null without JWTs); adds a problem for each conflicting or missing variable. */
function jwtSettings(e: z.infer<typeof envSchema>, problems: string[]): JwtSettings | null {
  const { JWT_SECRET: secret, JWT_JWKS_URL: jwksUrl, JWT_ISSUER: issuer, JWT_AUDIENCE: audience } = e;
  if (!secret && !jwksUrl) return null;
  if (secret && jwksUrl) problems.push('JWT_SECRET and JWT_JWKS_URL: set one of them, not both');
  if (!audience) {
    problems.push(
      'JWT_AUDIENCE: must be set with JWT_SECRET or JWT_JWKS_URL (the `aud` this gateway accepts; tokens made for other services are refused)',
    );
  }
  // Anyone can publish a JWKS: the issuer says whose keys these are.
  if (jwksUrl && !issuer) problems.push('JWT_ISSUER: must be set with JWT_JWKS_URL (the `iss` of the tokens its keys sign)');
  if (!audience || (secret && jwksUrl)) return null;
  if (secret) return { secret, audience, ...(issuer ? { issuer } : {}) };
  return jwksUrl && issuer ? { jwksUrl, issuer, audience } : null;
}

/** Reads the environment; throws a ConfigError naming every bad or half-set variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable counts as unset, as in most .env tooling.
  const present = Object.fromEntries(
    Object.entries(env).flatMap(([name, value]) => (value === undefined || value === '' ? [] : [[name, value] as const])),
  );
  const parsed = envSchema.safeParse(present);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);

  const sources = readSourceSettings(present, problems);
  let jwt: JwtSettings | null = null;
  if (parsed.success) {
    const e = parsed.data;
    jwt = jwtSettings(e, problems);
    const production = e.NODE_ENV === 'production';
    const anonymous = e.ALLOW_ANONYMOUS ?? !production;
    if (production && !anonymous && !e.API_KEYS?.length && !e.JWT_SECRET && !e.JWT_JWKS_URL) {
      problems.push('NODE_ENV=production needs API_KEYS or JWT_SECRET / JWT_JWKS_URL (or ALLOW_ANONYMOUS=1, which nobody should want)');
    }
    // Cursors (the change feed's above all) must survive restarts and reach every instance.
    if (production && !e.CURSOR_SECRET)
      problems.push('CURSOR_SECRET: must be set in production (the same on every instance; 32+ characters)');
    if (e.CURSOR_SECRET_PREVIOUS && !e.CURSOR_SECRET) problems.push('CURSOR_SECRET_PREVIOUS: only with CURSOR_SECRET (the new secret)');
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);

  const e = parsed.data;
  const production = e.NODE_ENV === 'production';

  return {
    port: e.PORT,
    security: {
      production,
      auth: {
        apiKeys: (e.API_KEYS ?? []).map((key) => ({ clientId: key.client, sha256: key.sha256.toLowerCase(), scopes: key.scopes })),
        jwt,
        allowAnonymous: e.ALLOW_ANONYMOUS ?? !production,
      },
      introspection: e.INTROSPECTION ?? !production,
      fieldSuggestions: e.FIELD_SUGGESTIONS ?? !production,
      graphiql: e.GRAPHIQL ?? !production,
      limits: {
        maxDepth: e.MAX_DEPTH,
        maxAliases: e.MAX_ALIASES,
        maxTokens: e.MAX_TOKENS,
        maxCost: e.MAX_COST,
        maxBodyBytes: e.MAX_BODY_BYTES,
        maxPageSize: e.MAX_PAGE_SIZE,
        maxVendorCalls: e.MAX_VENDOR_CALLS,
        maxIds: e.MAX_IDS,
      },
      cursorSecrets: e.CURSOR_SECRET ? { current: e.CURSOR_SECRET, previous: e.CURSOR_SECRET_PREVIOUS ?? null } : randomCursorSecrets(),
      trustProxy: e.TRUST_PROXY ?? [],
      authFailures: e.AUTH_FAILURES_PER_MINUTE > 0 ? { perMinute: e.AUTH_FAILURES_PER_MINUTE } : null,
      batching: e.BATCHING ? { limit: e.BATCH_LIMIT } : null,
      rateLimit: e.RATE_LIMIT_PER_SECOND > 0 ? { perSecond: e.RATE_LIMIT_PER_SECOND, burst: e.RATE_LIMIT_BURST } : null,
      trustedDocuments: e.TRUSTED_DOCUMENTS ?? null,
    },
    requestBudgetMs: e.REQUEST_BUDGET_MS,
    sandbox: e.SANDBOX || Object.keys(sources).length === 0,
    sandboxKbSupport: { behaviour: e.SANDBOX_KBS_BEHAVIOUR, prettyLinks: e.SANDBOX_KBS_PRETTY_LINKS },
    sandboxUndocumented: e.SANDBOX_UNDOCUMENTED ?? new Set(),
    sandboxCustomers: e.SANDBOX_CUSTOMERS,
    sources,
    http: {
      connectTimeoutMs: e.VENDOR_CONNECT_TIMEOUT_MS,
      responseTimeoutMs: e.VENDOR_RESPONSE_TIMEOUT_MS,
      totalTimeoutMs: e.VENDOR_TIMEOUT_MS,
      getRetries: e.VENDOR_GET_RETRIES,
      retryBackoffLimitMs: e.VENDOR_RETRY_BACKOFF_MS,
      concurrency: DEFAULT_HTTP_SETTINGS.concurrency,
      breaker: { consecutiveFailures: e.BREAKER_FAILURES, halfOpenAfterMs: e.BREAKER_HALF_OPEN_MS },
    },
    vendorBudgets: {
      ...(e.VENDOR_CONCURRENCY ? { concurrency: e.VENDOR_CONCURRENCY } : {}),
      ...(e.VENDOR_CALLS_PER_SECOND ? { callsPerSecond: e.VENDOR_CALLS_PER_SECOND } : {}),
      backgroundConcurrency: e.SYNC_CONCURRENCY,
    },
    vendorBudgetsSet: e.VENDOR_CONCURRENCY !== undefined || e.VENDOR_CALLS_PER_SECOND !== undefined,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? null,
    responseCache: (e.RESPONSE_CACHE ?? true) ? { ttlMs: e.RESPONSE_CACHE_TTL_MS, customFieldsTtlMs: e.CUSTOM_FIELDS_CACHE_TTL_MS } : null,
    redisUrl: e.REDIS_URL ?? null,
    // Development serves any browser origin (the example app on another port); production none unless listed.
    corsOrigins: e.CORS_ORIGINS ?? (production ? [] : ['*']),
    metricsToken: e.METRICS_TOKEN ?? null,
    metricsPort: e.METRICS_PORT ?? null,
    cursorSecretGenerated: !e.CURSOR_SECRET,
    tracing: e.TRACING,
    index: { enabled: e.INDEX === 'on', path: e.INDEX_PATH, url: e.INDEX_URL ?? null },
    sync: {
      intervalMs: e.SYNC_INTERVAL_MS,
      fullEveryMs: e.SYNC_FULL_EVERY_MS,
      maxDeleteShare: e.SYNC_MAX_DELETE_SHARE,
      callsPerSecond: e.SYNC_CALLS_PER_SECOND ?? DEFAULT_SYNC_CALLS_PER_SECOND,
      changeLogRetentionMs: e.CHANGE_LOG_RETENTION * DAY_MS,
    },
    syncPaceSet: e.SYNC_CALLS_PER_SECOND !== undefined,
  };
}
