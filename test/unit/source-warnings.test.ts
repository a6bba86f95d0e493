// What a vendor warning may become on its way to the client: its code and message as text, never
// the vendor's own object, never a secret, never unbounded.
import { describe, expect, it } from 'vitest';
import { publicWarnings } from '../../src/plugins/source-reports.ts';
import { redacted, toSourceWarning, WARNING_WITHOUT_MESSAGE } from '../../src/sources/crm/client.ts';
import type { JsonValue } from '../../src/sources/model/index.ts';

describe('CRM warnings as read from the envelope', () => {
  it('takes a text code and message, and a plain text warning as the message', () => {
    expect(toSourceWarning({ code: 'NOT_FOUND', message: 'Customer not found' })).toEqual({
      source: 'CRM',
      code: 'NOT_FOUND',
      message: 'Customer not found',
    });
    expect(toSourceWarning({ code: 404, message: ' Not here ' })).toEqual({ source: 'CRM', code: '404', message: 'Not here' });
    expect(toSourceWarning('Plain text warning')).toEqual({ source: 'CRM', code: null, message: 'Plain text warning' });
  });

  it("never renders the entry itself: the document's `{}`, a code alone, or a message that is not text", () => {
    const entries: JsonValue[] = [
      {},
      { code: 'ARCHIVED', token: 'secret-token' },
      { message: { nested: 'secret-token' } },
      ['secret-token'],
      null,
      7,
    ];
    for (const entry of entries) {
      const warning = toSourceWarning(entry);
      expect(warning.message).toBe(WARNING_WITHOUT_MESSAGE);
      expect(JSON.stringify(warning)).not.toContain('secret-token');
    }
    expect(toSourceWarning({ code: { nested: 'x' }, message: 'm' }).code).toBeNull();
  });

  it('blanks out secrets in code and message', () => {
    const warning = redacted(toSourceWarning({ code: 'BAD_s3cret', message: 'token s3cret and s3cret again' }), ['s3cret', '']);
    expect(warning).toEqual({ source: 'CRM', code: 'BAD_[redacted]', message: 'token [redacted] and [redacted] again' });
  });
});

describe('warnings as the client sees them (extensions.warnings)', () => {
  it('keeps only source, code, message and path, each once per field', () => {
    const extra = { source: 'CRM' as const, code: 'A', message: 'm', about: '7', path: ['customer'], detail: { token: 'x' } };
    const again = { source: 'CRM' as const, code: 'A', message: 'm', path: ['customer'] };
    const elsewhere = { source: 'CRM' as const, code: 'A', message: 'm', path: ['other', 0, 'sameAs'] };
    expect(publicWarnings([extra, again, elsewhere])).toEqual([
      { source: 'CRM', code: 'A', message: 'm', path: ['customer'] },
      { source: 'CRM', code: 'A', message: 'm', path: ['other', 0, 'sameAs'] },
    ]);
  });

  it('leaves out a warning no field of the answer caused', () => {
    expect(publicWarnings([{ source: 'CRM', code: 'A', message: 'm' }])).toEqual([]);
  });

  it('caps lengths and count, and removes control characters', () => {
    const [long] = publicWarnings([
      { source: 'CRM', code: 'C'.repeat(100), message: `line one\n\u0000line two ${'x'.repeat(1_000)}`, path: ['customers'] },
    ]);
    expect(long!.code).toHaveLength(64);
    expect(long!.message).toHaveLength(500);
    expect(long!.message.startsWith('line one line two')).toBe(true);
    expect(long!.message.endsWith('…')).toBe(true);
    const many = Array.from({ length: 80 }, (_, index) => ({
      source: 'CRM' as const,
      code: null,
      message: `warning ${index}`,
      path: ['customers'],
    }));
    expect(publicWarnings(many)).toHaveLength(50);
  });
});
