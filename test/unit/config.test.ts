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
    expect(problems({ JWT_SECRET: 'x'.repeat(32), JWT_JWKS_URL: 'https://auth.example.test/jwks.json' }).join('\n')).toMatch(/not both/);
  });
});
