import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('starts the sandbox when no vendor is configured', () => {
    const config = loadConfig({});
    expect(config.sandbox).toBe(true);
    expect(config.sources).toEqual({});
    expect(config.port).toBe(4000);
  });

  it('reads a fully configured vendor and leaves the sandbox off', () => {
    const config = loadConfig({
      PORT: '8080',
      CRM_URL: 'https://crm.example.test',
      CRM_TOKEN: 'secret',
      AMELIA_URL: 'https://salon.example.test',
      AMELIA_API_KEY: 'key',
      AMELIA_TIMEZONE: 'Europe/Belgrade',
    });
    expect(config.sandbox).toBe(false);
    expect(config.port).toBe(8080);
    expect(config.sources.CRM).toEqual({ url: 'https://crm.example.test', token: 'secret' });
    expect(config.sources.AMELIA?.timeZone).toBe('Europe/Belgrade');
    expect(config.sources.KB_SUPPORT).toBeUndefined();
  });

  it("leaves the WordPress sites' zones unset unless given, to be read from the sites (/wp-json/)", () => {
    const site = { AMELIA_URL: 'https://salon.example.test', AMELIA_API_KEY: 'key', KBS_URL: 'https://help.example.test' };
    const kb = { KBS_USERNAME: 'manager', KBS_APP_PASSWORD: 'app password' };
    const unset = loadConfig({ ...site, ...kb });
    expect(unset.sources.AMELIA?.timeZone).toBeUndefined();
    expect(unset.sources.KB_SUPPORT?.timeZone).toBeUndefined();
    const set = loadConfig({ ...site, ...kb, AMELIA_TIMEZONE: 'Europe/Belgrade', KBS_TIMEZONE: 'America/Chicago' });
    expect([set.sources.AMELIA?.timeZone, set.sources.KB_SUPPORT?.timeZone]).toEqual(['Europe/Belgrade', 'America/Chicago']);
  });

  it('SANDBOX=1 forces the sandbox beside configured vendors', () => {
    expect(loadConfig({ SANDBOX: '1', CRM_URL: 'https://crm.example.test', CRM_TOKEN: 't' }).sandbox).toBe(true);
  });

  it('lets the sandbox KB Support answer as documented or as observed, with or without pretty links', () => {
    expect(loadConfig({}).sandboxKbSupport).toEqual({ behaviour: 'observed', prettyLinks: true });
    expect(loadConfig({ SANDBOX_KBS_BEHAVIOUR: 'documented', SANDBOX_KBS_PRETTY_LINKS: '0' }).sandboxKbSupport).toEqual({
      behaviour: 'documented',
      prettyLinks: false,
    });
    expect(() => loadConfig({ SANDBOX_KBS_BEHAVIOUR: 'sometimes' })).toThrow(/SANDBOX_KBS_BEHAVIOUR/);
  });

  it('names every half-set vendor and the variables it lacks', () => {
    const found = problems({ PLATFORM_URL: 'https://api.example.test', KBS_USERNAME: 'manager' });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PLATFORM is half configured: set PLATFORM_TOKEN, PLATFORM_ORGANIZATION too/),
        expect.stringMatching(/^KB_SUPPORT is half configured: set KBS_URL, KBS_APP_PASSWORD too/),
      ]),
    );
  });

  it('names bad values without echoing secrets', () => {
    const found = problems({ CRM_URL: 'ftp://crm', CRM_TOKEN: 'hunter2', KBS_TIMEZONE: 'Mars/Olympus', PORT: 'eighty' });
    expect(found.some((p) => p.startsWith('CRM_URL: must be an http(s) URL'))).toBe(true);
    expect(found.some((p) => p.startsWith('KBS_TIMEZONE: must be an IANA time zone'))).toBe(true);
    expect(found.some((p) => p.startsWith('PORT:'))).toBe(true);
    expect(found.join('\n')).not.toContain('hunter2');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ CRM_URL: '', CRM_TOKEN: '' }).sources.CRM).toBeUndefined();
  });
});

const CURSOR_SECRET = 'a-cursor-secret-of-32-characters!';

describe('loadConfig in production', () => {
  const key = { client: 'web', sha256: 'a'.repeat(64), scopes: ['customers:read'] };

  it('refuses to start without any way to authenticate clients', () => {
    expect(problems({ NODE_ENV: 'production' }).join('\n')).toMatch(/NODE_ENV=production needs API_KEYS or JWT_SECRET/);
  });

  it('is strict by default: no anonymous access, no introspection, a rate limit', () => {
    const config = loadConfig({ NODE_ENV: 'production', CURSOR_SECRET, API_KEYS: JSON.stringify([key]) });
    expect(config.security).toMatchObject({ production: true, introspection: false, auth: { allowAnonymous: false } });
    expect(config.security.rateLimit).not.toBeNull();
    expect(config.security.auth.apiKeys).toEqual([{ clientId: 'web', sha256: 'a'.repeat(64), scopes: ['customers:read'] }]);
  });

  it('closes what development leaves open: GraphiQL, cursor secrets from the process, throttled authentication failures', () => {
    const { security, cursorSecretGenerated, metricsPort } = loadConfig({
      NODE_ENV: 'production',
      CURSOR_SECRET,
      API_KEYS: JSON.stringify([key]),
    });
    expect(security).toMatchObject({
      graphiql: false,
      cursorSecrets: { current: CURSOR_SECRET, previous: null },
      trustProxy: [],
      authFailures: { perMinute: 10 },
    });
    expect(security.limits).toMatchObject({ maxVendorCalls: 500, maxIds: 100 });
    expect(cursorSecretGenerated).toBe(false);
    expect(metricsPort).toBeNull();
    const development = loadConfig({});
    expect(development.security.graphiql).toBe(true);
    expect(development.cursorSecretGenerated).toBe(true);
    expect(development.security.cursorSecrets.current.length).toBeGreaterThanOrEqual(32);
  });

  it('needs CURSOR_SECRET in production, and takes CURSOR_SECRET_PREVIOUS for a rotation', () => {
    expect(problems({ NODE_ENV: 'production', API_KEYS: JSON.stringify([key]) })).toEqual([
      expect.stringMatching(/^CURSOR_SECRET: must be set in production/),
    ]);
    expect(problems({ CURSOR_SECRET: 'short' })).toEqual([expect.stringMatching(/^CURSOR_SECRET: must be at least 32 characters/)]);
    expect(problems({ CURSOR_SECRET_PREVIOUS: CURSOR_SECRET })).toEqual([
      expect.stringMatching(/^CURSOR_SECRET_PREVIOUS: only with CURSOR_SECRET/),
    ]);
    const rotating = loadConfig({ CURSOR_SECRET: `${CURSOR_SECRET}-new`, CURSOR_SECRET_PREVIOUS: CURSOR_SECRET });
    expect(rotating.security.cursorSecrets).toEqual({ current: `${CURSOR_SECRET}-new`, previous: CURSOR_SECRET });
  });

  it('reads GRAPHIQL, MAX_VENDOR_CALLS, MAX_IDS, TRUST_PROXY, AUTH_FAILURES_PER_MINUTE and METRICS_PORT', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      CURSOR_SECRET,
      API_KEYS: JSON.stringify([key]),
      GRAPHIQL: '1',
      MAX_VENDOR_CALLS: '50',
      MAX_IDS: '20',
      TRUST_PROXY: 'loopback, 10.0.0.0/8',
      AUTH_FAILURES_PER_MINUTE: '0',
      METRICS_PORT: '9464',
    });
    expect(config.security).toMatchObject({
      graphiql: true,
      limits: { maxVendorCalls: 50, maxIds: 20 },
      trustProxy: ['loopback', '10.0.0.0/8'],
      authFailures: null,
    });
    expect(config.metricsPort).toBe(9464);
    const found = problems({ TRUST_PROXY: 'not-an-address', MAX_VENDOR_CALLS: '0', METRICS_PORT: '70000' });
    for (const name of ['TRUST_PROXY', 'MAX_VENDOR_CALLS', 'METRICS_PORT'])
      expect(
        found.some((p) => p.startsWith(`${name}:`)),
        name,
      ).toBe(true);
  });

  it('is open in development, and says which API_KEYS entry is wrong', () => {
    expect(loadConfig({}).security).toMatchObject({ production: false, introspection: true, auth: { allowAnonymous: true } });
    const found = problems({ API_KEYS: JSON.stringify([{ ...key, scopes: ['everything'] }]) });
    expect(found.join('\n')).toMatch(/API_KEYS\.0\.scopes\.0/);
    expect(problems({ API_KEYS: 'not json' }).join('\n')).toMatch(/API_KEYS: must be JSON/);
  });

  it('takes either a JWT secret or a JWKS URL, not both', () => {
    expect(
      problems({
        JWT_SECRET: 'x'.repeat(32),
        JWT_JWKS_URL: 'https://auth.example.test/jwks.json',
        JWT_ISSUER: 'i',
        JWT_AUDIENCE: 'a',
      }).join('\n'),
    ).toMatch(/not both/);
  });

  it('requires JWT_AUDIENCE with any JWT, and JWT_ISSUER with a JWKS URL', () => {
    expect(problems({ JWT_SECRET: 'x'.repeat(32) })).toEqual([
      expect.stringMatching(/^JWT_AUDIENCE: must be set with JWT_SECRET or JWT_JWKS_URL/),
    ]);
    expect(problems({ JWT_JWKS_URL: 'https://auth.example.test/jwks.json' })).toEqual([
      expect.stringMatching(/^JWT_AUDIENCE: must be set/),
      expect.stringMatching(/^JWT_ISSUER: must be set with JWT_JWKS_URL/),
    ]);
    expect(problems({ JWT_JWKS_URL: 'https://auth.example.test/jwks.json', JWT_AUDIENCE: 'switchboard' })).toEqual([
      expect.stringMatching(/^JWT_ISSUER: must be set with JWT_JWKS_URL/),
    ]);
    expect(
      loadConfig({ NODE_ENV: 'production', CURSOR_SECRET, JWT_SECRET: 'x'.repeat(32), JWT_AUDIENCE: 'switchboard' }).security.auth.jwt,
    ).toEqual({
      secret: 'x'.repeat(32),
      audience: 'switchboard',
    });
    expect(
      loadConfig({
        NODE_ENV: 'production',
        CURSOR_SECRET,
        JWT_JWKS_URL: 'https://auth.example.test/jwks.json',
        JWT_ISSUER: 'https://auth.example.test/',
        JWT_AUDIENCE: 'switchboard',
      }).security.auth.jwt,
    ).toEqual({ jwksUrl: 'https://auth.example.test/jwks.json', issuer: 'https://auth.example.test/', audience: 'switchboard' });
  });
});

describe('loadConfig: batching, field suggestions, page size', () => {
  const production = {
    NODE_ENV: 'production',
    CURSOR_SECRET,
    API_KEYS: JSON.stringify([{ client: 'web', sha256: 'a'.repeat(64), scopes: ['customers:read'] }]),
  };

  it('refuses batches, suggests no field names and pages by at most 100 in production by default', () => {
    const { security } = loadConfig(production);
    expect(security).toMatchObject({ batching: null, fieldSuggestions: false, limits: { maxPageSize: 100 } });
  });

  it('suggests field names in development by default', () => {
    expect(loadConfig({}).security).toMatchObject({ batching: null, fieldSuggestions: true, limits: { maxPageSize: 100 } });
  });

  it('reads BATCHING, BATCH_LIMIT, FIELD_SUGGESTIONS and MAX_PAGE_SIZE', () => {
    const { security } = loadConfig({ ...production, BATCHING: '1', BATCH_LIMIT: '4', FIELD_SUGGESTIONS: '1', MAX_PAGE_SIZE: '250' });
    expect(security).toMatchObject({ batching: { limit: 4 }, fieldSuggestions: true, limits: { maxPageSize: 250 } });
    expect(loadConfig({ BATCHING: 'yes' }).security.batching).toEqual({ limit: 10 });
    expect(loadConfig({ FIELD_SUGGESTIONS: '0' }).security.fieldSuggestions).toBe(false);
  });

  it('names a bad value', () => {
    const found = problems({ MAX_PAGE_SIZE: '0', BATCHING: 'maybe', BATCH_LIMIT: '-1' });
    for (const name of ['MAX_PAGE_SIZE', 'BATCHING', 'BATCH_LIMIT'])
      expect(
        found.some((p) => p.startsWith(`${name}:`)),
        name,
      ).toBe(true);
  });
});
