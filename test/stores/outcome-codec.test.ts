import { describe, expect, it } from 'vitest';
import {
  DeletionBlockedError,
  EmailAlreadyInUseError,
  MergeReferenceNotFoundError,
  NotFoundError,
  NotSupportedBySourceError,
  SourceError,
  ValidationError,
  WriteOutcomeUnknownError,
} from '../../src/sources/errors.ts';
import type { Customer, EmployeeWriteResult } from '../../src/sources/model/index.ts';
import { CommunityMembershipNotFoundError } from '../../src/sources/platform/refusals.ts';
import { decodeOutcome, decodeRecord, encodeOutcome, encodeRecord, OutcomeCodecError } from '../../src/stores/outcome-codec.ts';
import type { IdempotencyRecord, StoredOutcome } from '../../src/writes/idempotency.ts';

const crmCustomer: Customer = {
  source: 'CRM',
  sourceId: 'c-17',
  firstName: 'Grace',
  lastName: 'Hopper',
  displayName: 'Grace Hopper',
  email: 'grace@example.test',
  additionalEmails: ['g.hopper@example.test'],
  phones: [{ raw: '060 1234567', e164: '+381601234567', country: 'RS', kind: 'PRIMARY' }],
  birthday: '1906-12-09',
  gender: 'FEMALE',
  note: 'Prefers mornings',
  locale: null,
  company: null,
  createdAt: new Date('2024-03-01T08:15:30.123Z'),
  updatedAt: new Date('2025-01-02T03:04:05.000Z'),
  // A raw vendor record may hold anything JSON can, including keys that look like the codec's own.
  sourceRecord: { id: 'c-17', $: 'dollar', $type: 'Date', nested: { $: { v: 1 } }, list: [1, 'two', null, { $: 'x' }], __proto__x: true },
  crm: {
    number: 'N-1',
    cityId: null,
    unsubscribed: false,
    genderCode: 2,
    phoneCountryCalling: '381',
    archivedAt: new Date('2025-06-30T23:59:59.999Z'),
    archivedBy: null,
    archivedVia: null,
    createdBy: 'api',
    createdVia: 'import',
    updatedBy: null,
    updatedVia: null,
  },
};

const { crm: _crm, ...common } = crmCustomer as Extract<Customer, { source: 'CRM' }>;
const kbCustomer: Customer = {
  ...common,
  source: 'KB_SUPPORT',
  sourceId: '12',
  createdAt: null,
  updatedAt: null,
  sourceRecord: {},
  kbSupport: {
    wordpressUserId: 3,
    companyId: null,
    website: null,
    address: { line1: 'Main 1', line2: null, city: 'Novi Sad', state: null, postalCode: '21000', country: 'RS' },
    ticketCount: 4,
    notes: [
      { writtenAt: new Date('2023-10-10T10:10:10.000Z'), text: 'first' },
      { writtenAt: null, text: 'undated' },
    ],
  },
};

function roundTrip(outcome: StoredOutcome): StoredOutcome {
  return decodeOutcome(encodeOutcome(outcome));
}

function roundTripError(error: Error): Error {
  const decoded = roundTrip({ ok: false, error });
  if (decoded.ok) throw new Error('decoded as a success');
  return decoded.error;
}

describe('outcome codec', () => {
  it('round-trips a Customer with its Dates, deep-equal', () => {
    for (const customer of [crmCustomer, kbCustomer]) {
      const decoded = roundTrip({ ok: true, value: customer });
      expect(decoded).toStrictEqual({ ok: true, value: customer });
      const value = decoded.ok ? (decoded.value as Customer) : null;
      expect(value?.createdAt === null || value?.createdAt instanceof Date).toBe(true);
    }
    const decoded = roundTrip({ ok: true, value: crmCustomer });
    expect(decoded.ok && (decoded.value as { crm: { archivedAt: unknown } }).crm.archivedAt).toBeInstanceOf(Date);
  });

  it('round-trips an employee write result and `true`', () => {
    const result = {
      employee: { source: 'AMELIA', sourceId: '5', services: null, weeklySchedule: [{ day: 'MONDAY', start: '09:00', end: '17:00' }] },
      panelAccessEmailSent: null,
    } as unknown as EmployeeWriteResult;
    expect(roundTrip({ ok: true, value: result })).toStrictEqual({ ok: true, value: result });
    expect(roundTrip({ ok: true, value: true })).toStrictEqual({ ok: true, value: true });
  });

  it('keeps undefined fields, a `__proto__` key and an invalid Date as they were', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    value.missing = undefined;
    value.when = new Date(Number.NaN);
    const decoded = roundTrip({ ok: true, value });
    const back = (decoded.ok ? decoded.value : null) as Record<string, unknown>;
    expect(Object.hasOwn(back, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(back, 'missing')).toBe(true);
    expect(back.missing).toBeUndefined();
    expect(back.when).toBeInstanceOf(Date);
    expect(Number.isNaN((back.when as Date).getTime())).toBe(true);
  });

  const errors: Array<[string, Error, Record<string, unknown>]> = [
    ['ValidationError', new ValidationError('input.email', 'must be an email address'), { field: 'input.email' }],
    [
      'EmailAlreadyInUseError',
      new EmailAlreadyInUseError('AMELIA', 'taken@example.test', 'employee'),
      { source: 'AMELIA', email: 'taken@example.test', record: 'employee' },
    ],
    ['NotFoundError', new NotFoundError('PLATFORM', 'abc', 'employee'), { source: 'PLATFORM', id: 'abc' }],
    [
      'DeletionBlockedError',
      new DeletionBlockedError('has appointments ahead', 3),
      { reason: 'has appointments ahead', futureAppointments: 3 },
    ],
    ['DeletionBlockedError (no count)', new DeletionBlockedError('refused', null), { reason: 'refused', futureAppointments: null }],
    ['NotSupportedBySourceError', new NotSupportedBySourceError('KB_SUPPORT', 'DELETE'), { source: 'KB_SUPPORT', operation: 'DELETE' }],
    ['MergeReferenceNotFoundError', new MergeReferenceNotFoundError('t-9'), { targetId: 't-9' }],
    ['WriteOutcomeUnknownError', new WriteOutcomeUnknownError('CRM'), { source: 'CRM' }],
    ['SourceError', new SourceError('CRM', 'VENDOR_ERROR', 502), { source: 'CRM', failure: 'VENDOR_ERROR', status: 502 }],
    ['SourceError (no status)', new SourceError('AMELIA', 'TIMEOUT'), { source: 'AMELIA', failure: 'TIMEOUT', status: null }],
  ];

  it.each(errors)('round-trips a %s: same class, fields, name and message', (_name, error, fields) => {
    const decoded = roundTripError(error);
    expect(decoded).toBeInstanceOf(error.constructor);
    expect(Object.getPrototypeOf(decoded)).toBe(Object.getPrototypeOf(error));
    expect(decoded).toMatchObject(fields);
    expect(decoded.name).toBe(error.name);
    expect(decoded.message).toBe(error.message);
  });

  it('round-trips whole records, unknown ones with their error', () => {
    const records: IdempotencyRecord[] = [
      { fingerprint: 'f1', state: 'done', outcome: { ok: true, value: crmCustomer } },
      { fingerprint: 'f2', state: 'done', outcome: { ok: false, error: new NotFoundError('CRM', '7') } },
      { fingerprint: 'f3', state: 'unknown', outcome: null },
      { fingerprint: 'f4', state: 'unknown', outcome: { ok: false, error: new WriteOutcomeUnknownError('AMELIA') } },
    ];
    for (const record of records) {
      const decoded = decodeRecord(encodeRecord(record));
      expect(decoded).toStrictEqual(record);
      if (record.outcome && !record.outcome.ok) {
        expect(decoded.outcome?.ok === false && decoded.outcome.error).toBeInstanceOf(record.outcome.error.constructor);
      }
    }
  });

  it('refuses what it does not know, on the way in', () => {
    const refuse = (value: unknown) => expect(() => encodeOutcome({ ok: true, value })).toThrow(OutcomeCodecError);
    refuse(new Map([['a', 1]]));
    refuse(new Set([1]));
    refuse({ nested: () => 1 });
    refuse(10n);
    refuse(Symbol('s'));
    refuse(Number.POSITIVE_INFINITY);
    refuse({ count: Number.NaN });
    refuse(new (class Thing {})());
    refuse(Buffer.from('x'));
    for (const error of [new Error('plain'), new TypeError('type'), new CommunityMembershipNotFoundError('c', 'k')]) {
      expect(() => encodeOutcome({ ok: false, error })).toThrow(OutcomeCodecError);
    }
  });

  it('refuses what it does not know, on the way out', () => {
    const bad = [
      'not json',
      '{}',
      '{"ok":true}',
      '{"ok":false,"error":{"class":"TypeError","message":"x"}}',
      '{"ok":false,"error":{"class":"NotFoundError","message":"x","source":"NOWHERE","id":"1"}}',
      '{"ok":false,"error":{"class":"SourceError","message":"x","source":"CRM","failure":"MELTDOWN","status":null}}',
      '{"ok":false,"error":{"class":"ValidationError","message":"x","field":"f","extra":1}}',
      '{"ok":true,"value":{"$":"Map","v":[]}}',
      '{"ok":true,"value":{"$":"Date","v":"yesterday"}}',
      '{"ok":true,"value":{"$":"undefined","v":1}}',
    ];
    for (const text of bad) expect(() => decodeOutcome(text), text).toThrow(OutcomeCodecError);
    expect(() => decodeRecord('{"v":2,"fingerprint":"f","state":"done","outcome":null}')).toThrow(OutcomeCodecError);
    expect(() => decodeRecord('{"v":1,"fingerprint":"f","state":"running","outcome":null}')).toThrow(OutcomeCodecError);
  });
});
