// Environment → validated Config. Every variable is listed in .env.example and the README.
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { DEFAULT_HTTP_SETTINGS, type VendorHttpSettings } from './sources/http.ts';

export interface AmeliaSettings { url: string; apiKey: string; timeZone: string }
export interface KbSupportSettings { url: string; username: string; appPassword: string; timeZone: string }
export interface PlatformSettings { url: string; token: string; organization: string }
export interface CrmSettings { url: string; token: string }

/** The vendors the gateway talks to; a source left out is off. */
export interface SourceSettings {
  AMELIA?: AmeliaSettings;
  KB_SUPPORT?: KbSupportSettings;
  PLATFORM?: PlatformSettings;
  CRM?: CrmSettings;
}

export interface Config {
  port: number;
  /** Start the in-process sandbox vendors for every source whose variables are absent. */
  sandbox: boolean;
  sources: SourceSettings;
  http: VendorHttpSettings;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const secret = z.string().min(1, 'must not be empty');
const timeZone = z
  .string()
  .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone such as Europe/Berlin')
  .default('UTC');
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .default('')
  .transform((value) => ['1', 'true', 'yes'].includes(value));

const GROUPS = {
  AMELIA: ['AMELIA_URL', 'AMELIA_API_KEY'],
  KB_SUPPORT: ['KBS_URL', 'KBS_USERNAME', 'KBS_APP_PASSWORD'],
  PLATFORM: ['PLATFORM_URL', 'PLATFORM_TOKEN', 'PLATFORM_ORGANIZATION'],
  CRM: ['CRM_URL', 'CRM_TOKEN'],
} as const;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  SANDBOX: flag,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AMELIA_URL: url.optional(),
  AMELIA_API_KEY: secret.optional(),
  AMELIA_TIMEZONE: timeZone,
  KBS_URL: url.optional(),
  KBS_USERNAME: secret.optional(),
  KBS_APP_PASSWORD: secret.optional(),
  KBS_TIMEZONE: timeZone,
  PLATFORM_URL: url.optional(),
  PLATFORM_TOKEN: secret.optional(),
  PLATFORM_ORGANIZATION: secret.optional(),
  CRM_URL: url.optional(),
  CRM_TOKEN: secret.optional(),
  VENDOR_CONNECT_TIMEOUT_MS: positiveInt(DEFAULT_HTTP_SETTINGS.connectTimeoutMs),
  VENDOR_RESPONSE_TIMEOUT_MS: positiveInt(DEFAULT_HTTP_SETTINGS.responseTimeoutMs),
  VENDOR_TIMEOUT_MS: positiveInt(DEFAULT_HTTP_SETTINGS.totalTimeoutMs),
  VENDOR_GET_RETRIES: z.coerce.number().int().min(0).max(5).default(DEFAULT_HTTP_SETTINGS.getRetries),
  VENDOR_RETRY_BACKOFF_MS: positiveInt(DEFAULT_HTTP_SETTINGS.retryBackoffLimitMs),
  VENDOR_CONCURRENCY: positiveInt(DEFAULT_HTTP_SETTINGS.concurrency),
});

/** Reads the environment; throws a ConfigError naming every bad or half-set variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable counts as unset, as in most .env tooling.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);

  for (const [source, names] of Object.entries(GROUPS)) {
    const missing = names.filter((name) => !(name in present));
    if (missing.length > 0 && missing.length < names.length) {
      problems.push(`${source} is half configured: set ${missing.join(', ')} too (or unset ${names.filter((n) => !missing.includes(n)).join(', ')})`);
    }
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);

  const e = parsed.data;
  const sources: SourceSettings = {};
  if (e.AMELIA_URL && e.AMELIA_API_KEY) {
    sources.AMELIA = { url: e.AMELIA_URL, apiKey: e.AMELIA_API_KEY, timeZone: e.AMELIA_TIMEZONE };
  }
  if (e.KBS_URL && e.KBS_USERNAME && e.KBS_APP_PASSWORD) {
    sources.KB_SUPPORT = { url: e.KBS_URL, username: e.KBS_USERNAME, appPassword: e.KBS_APP_PASSWORD, timeZone: e.KBS_TIMEZONE };
  }
  if (e.PLATFORM_URL && e.PLATFORM_TOKEN && e.PLATFORM_ORGANIZATION) {
    sources.PLATFORM = { url: e.PLATFORM_URL, token: e.PLATFORM_TOKEN, organization: e.PLATFORM_ORGANIZATION };
  }
  if (e.CRM_URL && e.CRM_TOKEN) sources.CRM = { url: e.CRM_URL, token: e.CRM_TOKEN };

  return {
    port: e.PORT,
    sandbox: e.SANDBOX || Object.keys(sources).length === 0,
    sources,
    http: {
      connectTimeoutMs: e.VENDOR_CONNECT_TIMEOUT_MS,
      responseTimeoutMs: e.VENDOR_RESPONSE_TIMEOUT_MS,
      totalTimeoutMs: e.VENDOR_TIMEOUT_MS,
      getRetries: e.VENDOR_GET_RETRIES,
      retryBackoffLimitMs: e.VENDOR_RETRY_BACKOFF_MS,
      concurrency: e.VENDOR_CONCURRENCY,
    },
    logLevel: e.LOG_LEVEL,
  };
}
