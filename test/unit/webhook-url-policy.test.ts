// The webhook URL policy's address ranges: what production refuses and what it lets through (literal
// addresses only: nothing here is resolved or contacted).
import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, publicAddress } from '../../src/webhooks/url-policy.ts';

describe('webhook URL policy', () => {
  it('refuses internal addresses of every kind and lets public ones through', () => {
    const internal = [
      '0.0.0.0',
      '10.1.2.3',
      '100.100.0.1',
      '127.0.0.2',
      '169.254.169.254',
      '172.31.0.1',
      '192.168.1.1',
      '224.0.0.1',
      '::',
      '::1',
      'fe80::1',
      'fd12::1',
      '::ffff:127.0.0.1',
      'not-an-address',
    ];
    expect(internal.filter(publicAddress)).toEqual([]);
    expect(['203.0.113.10', '8.8.8.8', '2001:db8::1', '::ffff:203.0.113.10', '172.32.0.1'].every(publicAddress)).toBe(true);
  });

  it('takes a public https address in production, and http or loopback only outside it', async () => {
    await expect(checkWebhookUrl('https://203.0.113.10/hooks', { production: true })).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('http://127.0.0.1:8080/hooks', { production: false })).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('http://127.0.0.1:8080/hooks', { production: true })).rejects.toThrow(/https/);
    await expect(checkWebhookUrl('not a url', { production: false })).rejects.toThrow(/absolute URL/);
  });
});
