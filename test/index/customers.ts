// Customers of every source for the store tests, with every kind of field the index keeps (Dates in
// the details included), and the write that stores one.
import { contentHashOf } from '../../src/index/content-hash.ts';
import type { CustomerWrite, LeaseToken, RowKey } from '../../src/index/types.ts';
import type { ContactPhone, Customer, CustomerSourceName } from '../../src/sources/model/index.ts';

export const CONNECTION = 'main';

export interface Person {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  additionalEmails?: string[];
  phone?: string | null;
  note?: string | null;
  createdAt?: Date | null;
  updatedAt?: Date | null;
}

export function customer(source: CustomerSourceName, id: string, person: Person = {}): Customer {
  const phones: ContactPhone[] = person.phone ? [{ raw: person.phone, e164: person.phone, country: null, kind: 'PRIMARY' }] : [];
  const firstName = person.firstName === undefined ? `First${id}` : person.firstName;
  const lastName = person.lastName === undefined ? `Last${id}` : person.lastName;
  const common = {
    sourceId: id,
    firstName,
    lastName,
    displayName: [firstName, lastName].filter(Boolean).join(' ') || null,
    email: person.email === undefined ? `person${id}@example.com` : person.email,
    additionalEmails: person.additionalEmails ?? [],
    phones,
    birthday: '1990-04-01',
    gender: null,
    note: person.note ?? null,
    locale: null,
    company: null,
    createdAt: person.createdAt ?? null,
    updatedAt: person.updatedAt ?? null,
  };
  switch (source) {
    case 'AMELIA':
      return {
        ...common,
        source,
        sourceRecord: {
          id: Number(id) || id,
          firstName,
          lastName,
          email: common.email,
          totalAppointments: 2,
          countPendingAppointments: '1',
        },
        amelia: {
          status: 'visible',
          type: 'customer',
          wordpressUserId: null,
          countryPhoneIso: null,
          language: 'en_GB',
          translations: { defaultLanguage: 'en_GB' },
          appointmentStats: { total: 2, pending: 1, lastAppointmentAt: new Date('2024-05-06T07:08:09.000Z') },
        },
      };
    case 'KB_SUPPORT':
      return {
        ...common,
        source,
        sourceRecord: { id: Number(id) || id, name: common.displayName, email: common.email, ticket_count: 3 },
        kbSupport: {
          wordpressUserId: 7,
          companyId: null,
          website: null,
          address: null,
          ticketCount: 3,
          notes: [{ writtenAt: new Date('2023-01-02T03:04:05.000Z'), text: 'Called about an order' }],
        },
      };
    case 'PLATFORM':
      return {
        ...common,
        source,
        sourceRecord: { type: 'customers', id, attributes: { given_name: firstName, family_name: lastName, email: common.email } },
        platform: { organizationId: 'org-1', accountId: null, customEntryMap: { 'field-1': 'gold' } },
      };
    case 'CRM':
      return {
        ...common,
        source,
        sourceRecord: { id, firstName, lastName, email: common.email },
        crm: {
          number: `N-${id}`,
          cityId: null,
          unsubscribed: false,
          genderCode: 0,
          phoneCountryCalling: null,
          archivedAt: new Date('2022-02-03T04:05:06.000Z'),
          archivedBy: null,
          archivedVia: null,
          createdBy: null,
          createdVia: null,
          updatedBy: null,
          updatedVia: null,
        },
      };
  }
}

export interface WriteOptions {
  readStartedAt?: Date;
  seenAt?: Date;
  lease?: LeaseToken;
  connection?: string;
  mappingVersion?: number;
}

export function writeOf(record: Customer, options: WriteOptions = {}): CustomerWrite {
  const readStartedAt = options.readStartedAt ?? new Date('2025-01-01T00:00:00.000Z');
  return {
    connection: options.connection ?? CONNECTION,
    customer: record,
    mappingVersion: options.mappingVersion ?? 1,
    contentHash: contentHashOf(record),
    readStartedAt,
    seenAt: options.seenAt ?? readStartedAt,
    ...(options.lease ? { lease: options.lease } : {}),
  };
}

export function keyOf(record: Customer, connection = CONNECTION): RowKey {
  return { connection, source: record.source, vendorId: record.sourceId };
}

export const at = (iso: string): Date => new Date(iso);
