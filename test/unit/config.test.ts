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

  it('SANDBOX=1 forces the sandbox beside configured vendors', () => {
    expect(loadConfig({ SANDBOX: '1', CRM_URL: 'https://crm.example.test', CRM_TOKEN: 't' }).sandbox).toBe(true);
  });

  it('lets the sandbox KB Support answer as documented or as observed, with or without pretty links', () => {
    expect(loadConfig({}).sandboxKbSupport).toEqual({ behaviour: 'observed', prettyLinks: true });
    expect(loadConfig({ SANDBOX_KBS_BEHAVIOUR: 'documented', SANDBOX_KBS_PRETTY_LINKS: '0' }).sandboxKbSupport).toEqual({ behaviour: 'documented', prettyLinks: false });
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

describe('loadConfig in production', () => {
  const key = { client: 'web', sha256: 'a'.repeat(64), scopes: ['customers:read'] };

  it('refuses to start without any way to authenticate clients', () => {
    expect(problems({ NODE_ENV: 'production' }).join('\n')).toMatch(/NODE_ENV=production needs API_KEYS or JWT_SECRET/);
  });

  it('is strict by default: no anonymous access, no introspection, a rate limit', () => {
    const config = loadConfig({ NODE_ENV: 'production', API_KEYS: JSON.stringify([key]) });
    expect(config.security).toMatchObject({ production: true, introspection: false, auth: { allowAnonymous: false } });
    expect(config.security.rateLimit).not.toBeNull();
    expect(config.security.auth.apiKeys).toEqual([{ clientId: 'web', sha256: 'a'.repeat(64), scopes: ['customers:read'] }]);
  });

  it('is open in development, and says which API_KEYS entry is wrong', () => {
    expect(loadConfig({}).security).toMatchObject({ production: false, introspection: true, auth: { allowAnonymous: true } });
    const found = problems({ API_KEYS: JSON.stringify([{ ...key, scopes: ['everything'] }]) });
    expect(found.join('\n')).toMatch(/API_KEYS\.0\.scopes\.0/);
    expect(problems({ API_KEYS: 'not json' }).join('\n')).toMatch(/API_KEYS: must be JSON/);
  });

  it('takes either a JWT secret or a JWKS URL, not both', () => {
    expect(problems({ JWT_SECRET: 'x'.repeat(32), JWT_JWKS_URL: 'https://auth.example.test/jwks.json', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' }).join('\n')).toMatch(/not both/);
  });

  it('requires JWT_AUDIENCE with any JWT, and JWT_ISSUER with a JWKS URL', () => {
    expect(problems({ JWT_SECRET: 'x'.repeat(32) })).toEqual([expect.stringMatching(/^JWT_AUDIENCE: must be set with JWT_SECRET or JWT_JWKS_URL/)]);
    expect(problems({ JWT_JWKS_URL: 'https://auth.example.test/jwks.json' })).toEqual([
      expect.stringMatching(/^JWT_AUDIENCE: must be set/),
      expect.stringMatching(/^JWT_ISSUER: must be set with JWT_JWKS_URL/),
    ]);
    expect(problems({ JWT_JWKS_URL: 'https://auth.example.test/jwks.json', JWT_AUDIENCE: 'switchboard' })).toEqual([
      expect.stringMatching(/^JWT_ISSUER: must be set with JWT_JWKS_URL/),
    ]);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), JWT_AUDIENCE: 'switchboard' }).security.auth.jwt).toEqual({
      secret: 'x'.repeat(32),
      audience: 'switchboard',
    });
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_JWKS_URL: 'https://auth.example.test/jwks.json', JWT_ISSUER: 'https://auth.example.test/', JWT_AUDIENCE: 'switchboard' })
        .security.auth.jwt,
    ).toEqual({ jwksUrl: 'https://auth.example.test/jwks.json', issuer: 'https://auth.example.test/', audience: 'switchboard' });
  });
});

describe('loadConfig: batching, field suggestions, page size', () => {
  const production = { NODE_ENV: 'production', API_KEYS: JSON.stringify([{ client: 'web', sha256: 'a'.repeat(64), scopes: ['customers:read'] }]) };

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
    for (const name of ['MAX_PAGE_SIZE', 'BATCHING', 'BATCH_LIMIT']) expect(found.some((p) => p.startsWith(`${name}:`)), name).toBe(true);
  });
});
