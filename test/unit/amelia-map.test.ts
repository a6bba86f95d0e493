// Mapping of Amelia customers, on the example payloads of amelia-customers.txt (verbatim, in test/fixtures/amelia-docs.ts).
import { describe, expect, it } from 'vitest';
import { parseTranslations, toAmeliaCustomer } from '../../src/sources/amelia/map.ts';
import { ameliaCustomerAnswer, ameliaCustomerList, ameliaCustomerRecord } from '../../src/sources/amelia/payloads.ts';
import { AMELIA_CREATE_RESPONSE_EXAMPLE, AMELIA_GET_RESPONSE_EXAMPLE, AMELIA_LIST_RESPONSE_EXAMPLE } from '../fixtures/amelia-docs.ts';

const SITE_ZONE = 'Europe/Belgrade';

describe('Amelia list example', () => {
  const list = ameliaCustomerList.parse(AMELIA_LIST_RESPONSE_EXAMPLE).data;
  const [jordan, casey, taylor] = list.users.map((record) => toAmeliaCustomer(record, SITE_ZONE));

  it('reads the counts', () => {
    expect(list.filteredCount).toBe(3);
    expect(list.totalCount).toBe(16);
    expect(list.users).toHaveLength(3);
  });

  it('maps every field of a list item', () => {
    expect(jordan).toEqual({
      source: 'AMELIA',
      sourceId: '10',
      firstName: 'Jordan',
      lastName: 'Reed',
      displayName: null,
      email: 'jordan.reed@example.test',
      additionalEmails: [],
      phones: [{ raw: '+381631652656', e164: '+381631652656', country: 'RS', kind: 'PRIMARY' }],
      birthday: null,
      gender: null,
      note: null,
      locale: null,
      company: null,
      createdAt: null,
      updatedAt: null,
      sourceRecord: {
        id: 10,
        status: 'visible',
        firstName: 'Jordan',
        lastName: 'Reed',
        email: 'jordan.reed@example.test',
        phone: '+381631652656',
        countryPhoneIso: 'rs',
        externalId: 8,
        lastAppointment: '2026-05-03 15:00:00',
        totalAppointments: 11,
        countPendingAppointments: '0',
      },
      amelia: {
        status: 'visible',
        type: null,
        wordpressUserId: 8,
        countryPhoneIso: 'rs',
        language: null,
        translations: null,
        // 15:00 in Belgrade on 3 May (summer time, UTC+2).
        appointmentStats: { total: 11, pending: 0, lastAppointmentAt: new Date('2026-05-03T13:00:00Z') },
      },
    });
  });

  it('keeps an empty phone out of the phones', () => {
    expect(casey?.phones).toEqual([]);
    expect(casey?.amelia.countryPhoneIso).toBe('us');
    expect(casey?.amelia.wordpressUserId).toBe(9);
    expect(casey?.amelia.appointmentStats).toEqual({
      total: 28,
      pending: 0,
      lastAppointmentAt: new Date('2026-05-10T09:00:00Z'),
    });
  });

  it('reads the pending count sent as a string', () => {
    expect(taylor?.sourceId).toBe('16');
    expect(taylor?.amelia.appointmentStats).toEqual({
      total: 5,
      pending: 1,
      lastAppointmentAt: new Date('2026-05-09T09:00:00Z'),
    });
  });

  it('keeps every record untouched as sourceRecord', () => {
    const raw = (AMELIA_LIST_RESPONSE_EXAMPLE as { data: { users: unknown[] } }).data.users;
    expect([jordan, casey, taylor].map((customer) => customer?.sourceRecord)).toEqual(raw);
  });
});

describe('Amelia create response example', () => {
  const record = ameliaCustomerAnswer.parse(AMELIA_CREATE_RESPONSE_EXAMPLE).data.user;
  const customer = toAmeliaCustomer(record, SITE_ZONE);

  it('maps every field, the translations JSON string included', () => {
    expect(customer).toEqual({
      source: 'AMELIA',
      sourceId: '23',
      firstName: 'Jordan',
      lastName: 'Reed',
      displayName: null,
      email: 'jordan.reed@example.test',
      additionalEmails: [],
      phones: [{ raw: '+381601234567', e164: '+381601234567', country: 'RS', kind: 'PRIMARY' }],
      birthday: null,
      gender: 'FEMALE',
      note: 'Prefers morning appointments.',
      locale: 'en-GB',
      company: null,
      createdAt: null,
      updatedAt: null,
      sourceRecord: (AMELIA_CREATE_RESPONSE_EXAMPLE as { data: { user: unknown } }).data.user,
      amelia: {
        status: 'visible',
        type: 'customer',
        wordpressUserId: 16,
        countryPhoneIso: 'rs',
        language: 'en_GB',
        translations: { defaultLanguage: 'en_GB' },
        appointmentStats: null,
      },
    });
  });
});

describe('Amelia single GET example', () => {
  const record = ameliaCustomerAnswer.parse(AMELIA_GET_RESPONSE_EXAMPLE).data.user;
  const customer = toAmeliaCustomer(record, SITE_ZONE);

  it('maps every field and leaves what Amelia did not send null', () => {
    expect(customer).toEqual({
      source: 'AMELIA',
      sourceId: '23',
      firstName: 'Jordan',
      lastName: 'Miller',
      displayName: null,
      email: 'jordan.miller@example.test',
      additionalEmails: [],
      phones: [{ raw: '+381601234567', e164: '+381601234567', country: 'RS', kind: 'PRIMARY' }],
      birthday: null,
      gender: null,
      note: null,
      locale: null,
      company: null,
      createdAt: null,
      updatedAt: null,
      sourceRecord: (AMELIA_GET_RESPONSE_EXAMPLE as { data: { user: unknown } }).data.user,
      amelia: {
        status: 'visible',
        type: 'customer',
        wordpressUserId: null,
        countryPhoneIso: 'rs',
        language: null,
        translations: null,
        appointmentStats: null,
      },
    });
  });
});

describe('Amelia odd values', () => {
  const map = (record: Record<string, unknown>) => toAmeliaCustomer(ameliaCustomerRecord.parse(record), SITE_ZONE);

  it('accepts either type for both appointment counts', () => {
    const customer = map({ id: 5, totalAppointments: '7', countPendingAppointments: 2, lastAppointment: null });
    expect(customer.amelia.appointmentStats).toEqual({ total: 7, pending: 2, lastAppointmentAt: null });
  });

  it('turns unreadable translations into null, never a crash', () => {
    expect(parseTranslations('{"defaultLanguage":')).toBeNull();
    expect(parseTranslations('"en_GB"')).toBeNull();
    expect(parseTranslations('[]')).toBeNull();
    const customer = map({ id: 5, translations: 'not json', language: 'de_AT' });
    expect(customer.amelia.translations).toBeNull();
    expect(customer.locale).toBe('de-AT');
    expect(customer.amelia.language).toBe('de_AT');
  });

  it('reads the rest of a full record: birthday, male, a national number with its country, a string externalId', () => {
    const customer = map({
      id: 7,
      firstName: 'José',
      lastName: 'Müller',
      phone: '0170 1234567',
      countryPhoneIso: 'de',
      birthday: '1978-07-04',
      gender: 'male',
      externalId: '41',
      email: 'not an address',
    });
    expect(customer.phones).toEqual([{ raw: '0170 1234567', e164: '+491701234567', country: 'DE', kind: 'PRIMARY' }]);
    expect(customer.birthday).toBe('1978-07-04');
    expect(customer.gender).toBe('MALE');
    expect(customer.amelia.wordpressUserId).toBe(41);
    expect(customer.email).toBeNull();
    expect(customer.sourceRecord.email).toBe('not an address');
  });

  it('knows no gender beyond male and female', () => {
    expect(map({ id: 8, gender: 'other' }).gender).toBeNull();
  });

  it('rejects a record without a numeric id', () => {
    expect(ameliaCustomerRecord.safeParse({ id: 'x', firstName: 'A' }).success).toBe(false);
  });
});
