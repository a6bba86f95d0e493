import { describe, expect, it } from 'vitest';
import { toSourceWarning, WARNING_WITHOUT_MESSAGE } from '../../src/sources/crm/client.ts';
import { toCrmCustomer, toGenderCode } from '../../src/sources/crm/map.ts';
import {
  type CrmCustomerRecord,
  crmCustomerSchema,
  crmEnvelopeSchema,
  crmListDataSchema,
  crmUserDataSchema,
} from '../../src/sources/crm/payloads.ts';
import { CRM_LIST_RESPONSE_EXAMPLE, CRM_USER_RESPONSE_EXAMPLE } from '../fixtures/crm-docs.ts';

/** What the documents' placeholder record (every field "text", gender `{}`) maps to. */
function expectPlaceholderCustomer(record: CrmCustomerRecord): void {
  const customer = toCrmCustomer(record);
  expect(customer).toEqual({
    source: 'CRM',
    sourceId: 'text',
    firstName: 'text',
    lastName: 'text',
    displayName: null,
    // "text" is not an address, a date or a calling code: those unified fields stay empty.
    email: null,
    additionalEmails: [],
    phones: [{ raw: 'text', e164: null, country: null, kind: 'PRIMARY' }],
    birthday: null,
    gender: null,
    note: 'text',
    locale: null,
    company: null,
    createdAt: null,
    updatedAt: null,
    sourceRecord: record,
    crm: {
      number: 'text',
      cityId: 'text',
      unsubscribed: true,
      genderCode: null,
      phoneCountryCalling: 'text',
      archivedAt: null,
      archivedBy: 'text',
      archivedVia: 'text',
      createdBy: 'text',
      createdVia: 'text',
      updatedBy: 'text',
      updatedVia: 'text',
    },
  });
}

describe('CRM payloads and mapping on crm-customers.txt examples', () => {
  it('reads the list envelope and maps its user', () => {
    const envelope = crmEnvelopeSchema.parse(CRM_LIST_RESPONSE_EXAMPLE);
    expect(envelope).toMatchObject({ app: 'text', service: 'text', instanceId: 'text', requestId: 'text' });
    expect(envelope.warnings?.map(toSourceWarning)).toEqual([{ source: 'CRM', code: null, message: WARNING_WITHOUT_MESSAGE }]);
    const data = crmListDataSchema.parse(envelope.data);
    expect(data.next).toBe('text');
    expect(data.query).toEqual({});
    expect(data.users).toHaveLength(1);
    const [user] = data.users;
    if (!user) throw new Error('no user in the example');
    expect(user).toEqual((CRM_LIST_RESPONSE_EXAMPLE as { data: { users: unknown[] } }).data.users[0]);
    expectPlaceholderCustomer(user);
  });

  it('reads the single-user envelope and maps its user', () => {
    const envelope = crmEnvelopeSchema.parse(CRM_USER_RESPONSE_EXAMPLE);
    const { user } = crmUserDataSchema.parse(envelope.data);
    expect(user).toEqual((CRM_USER_RESPONSE_EXAMPLE as { data: { user: unknown } }).data.user);
    expectPlaceholderCustomer(user);
  });
});

describe('CRM mapping of realistic records', () => {
  const full = crmCustomerSchema.parse({
    id: 'cus_0001',
    firstName: ' Zoë ',
    lastName: 'Ångström',
    email: ' Zoe.Angstrom@example.test ',
    phone: '070 123 45 67',
    phoneCountry: 'se',
    phoneCountryCalling: '46',
    number: 10042,
    cityId: 'city_sto',
    birthDate: '1992-02-29',
    gender: { code: 2, label: 'female' },
    unsubscribed: false,
    internalNote: 'Prefers email.',
    archivedAt: '2024-03-01T10:15:00+01:00',
    archivedBy: 'usr_support_02',
    archivedVia: 'backoffice',
    createdAt: '2023-01-03T08:00:00Z',
    createdVia: 'import',
    createdBy: 'usr_admin_01',
    updatedAt: '2023-06-01T12:30:00.500Z',
    updatedVia: 'api',
    updatedBy: 'api_token',
    loyaltyTier: 'gold',
  });

  it('maps every field and keeps unknown vendor fields in sourceRecord', () => {
    const customer = toCrmCustomer(full);
    expect(customer).toMatchObject({
      source: 'CRM',
      sourceId: 'cus_0001',
      firstName: 'Zoë',
      lastName: 'Ångström',
      displayName: null,
      email: 'Zoe.Angstrom@example.test',
      additionalEmails: [],
      phones: [{ raw: '070 123 45 67', e164: '+46701234567', country: 'SE', kind: 'PRIMARY' }],
      birthday: '1992-02-29',
      gender: 'FEMALE',
      note: 'Prefers email.',
      locale: null,
      company: null,
      createdAt: new Date('2023-01-03T08:00:00Z'),
      updatedAt: new Date('2023-06-01T12:30:00.500Z'),
      crm: {
        number: '10042',
        cityId: 'city_sto',
        unsubscribed: false,
        genderCode: 2,
        phoneCountryCalling: '46',
        archivedAt: new Date('2024-03-01T09:15:00Z'),
        archivedBy: 'usr_support_02',
        archivedVia: 'backoffice',
        createdBy: 'usr_admin_01',
        createdVia: 'import',
        updatedBy: 'api_token',
        updatedVia: 'api',
      },
    });
    expect(customer.sourceRecord).toEqual(full);
    expect(customer.sourceRecord.loyaltyTier).toBe('gold');
  });

  it('uses the calling code when the CRM gives no phone country', () => {
    const record = crmCustomerSchema.parse({ id: 'cus_2', phone: '090-1234-5678', phoneCountryCalling: '81' });
    expect(toCrmCustomer(record).phones).toEqual([{ raw: '090-1234-5678', e164: '+819012345678', country: 'JP', kind: 'PRIMARY' }]);
  });

  it('maps a record with only an id to nulls, never made-up values', () => {
    const customer = toCrmCustomer(crmCustomerSchema.parse({ id: 'cus_3', gender: null, email: null }));
    expect(customer).toMatchObject({
      sourceId: 'cus_3',
      firstName: null,
      lastName: null,
      email: null,
      phones: [],
      birthday: null,
      gender: null,
      note: null,
      createdAt: null,
      updatedAt: null,
    });
    expect(Object.values(customer.crm).every((value) => value === null)).toBe(true);
  });

  it.each([
    [{ code: 1, label: 'male' }, 1, 'MALE'],
    [2, 2, 'FEMALE'],
    ['9', 9, 'OTHER'],
    [{ code: '2' }, 2, 'FEMALE'],
    [0, 0, null],
    [{ code: 0, label: 'not known' }, 0, null],
    [5, 5, null],
    [{}, null, null],
    [{ label: 'female' }, null, null],
    ['female', null, null],
    [1.5, null, null],
    [null, null, null],
  ] as const)('reads gender %j as code %j → %j', (gender, code, unified) => {
    const record = crmCustomerSchema.parse({ id: 'cus_g', gender });
    expect(toGenderCode(record.gender)).toBe(code);
    const customer = toCrmCustomer(record);
    expect(customer.gender).toBe(unified);
    expect(customer.crm.genderCode).toBe(code);
  });

  it('rejects a record without an id or with a mistyped field', () => {
    expect(crmCustomerSchema.safeParse({ firstName: 'No Id' }).success).toBe(false);
    expect(crmCustomerSchema.safeParse({ id: 'cus_4', unsubscribed: 'yes' }).success).toBe(false);
  });
});
