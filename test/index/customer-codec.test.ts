// What the index derives from a customer before any store sees it: the stored JSON (read back with
// its Dates, for records mapped from the vendors' own example payloads), the content hash that
// leaves volatile counters out, and the folded sort keys.
import { describe, expect, it } from 'vitest';
import { contentHashOf } from '../../src/index/content-hash.ts';
import { decodeCustomer, encodeCustomer, IndexCodecError } from '../../src/index/customer-codec.ts';
import { sortKey } from '../../src/index/sort-key.ts';
import { toAmeliaCustomer } from '../../src/sources/amelia/map.ts';
import { ameliaCustomerList } from '../../src/sources/amelia/payloads.ts';
import { toCrmCustomer } from '../../src/sources/crm/map.ts';
import { crmCustomerSchema } from '../../src/sources/crm/payloads.ts';
import { toCustomer as toKbSupportCustomer } from '../../src/sources/kbsupport/map.ts';
import { kbsCustomerSchema } from '../../src/sources/kbsupport/payloads.ts';
import type { CustomerOf } from '../../src/sources/model/index.ts';
import { toPlatformCustomer } from '../../src/sources/platform/map.ts';
import { platformCustomerResourceSchema } from '../../src/sources/platform/payloads.ts';
import { AMELIA_LIST_RESPONSE_EXAMPLE } from '../fixtures/amelia-docs.ts';
import { PLATFORM_GET_WITH_CUSTOM_ENTRY_MAP_EXAMPLE } from '../fixtures/platform-docs.ts';

const amelia = ameliaCustomerList
  .parse(AMELIA_LIST_RESPONSE_EXAMPLE)
  .data.users.map((record) => toAmeliaCustomer(record, 'Europe/Belgrade'));
const kbSupport = toKbSupportCustomer(
  kbsCustomerSchema.parse({
    id: 3,
    name: 'Alice Anderson',
    email: 'alice@example.com',
    date_created: '2024-01-01 09:00:00',
    notes: ['November 24, 2026 07:05:41 - First note'],
    ticket_count: 4,
  }),
  'America/Chicago',
);
const crm = toCrmCustomer(
  crmCustomerSchema.parse({
    id: 'cus_1',
    firstName: 'Ana',
    email: 'ana@example.com',
    archivedAt: '2024-02-03T04:05:06+02:00',
    createdAt: '2023-01-01T00:00:00Z',
    updatedAt: '2024-01-01T12:00:00Z',
  }),
);
const platform = toPlatformCustomer(platformCustomerResourceSchema.parse(PLATFORM_GET_WITH_CUSTOM_ENTRY_MAP_EXAMPLE.data), 'org-1');

describe('stored customer JSON', () => {
  it.each([...amelia, kbSupport, crm, platform].map((customer) => [`${customer.source}:${customer.sourceId}`, customer]))(
    'reads %s back exactly as mapped, Dates as Dates',
    (_name, customer) => {
      const { unified, raw } = encodeCustomer(customer);
      expect(decodeCustomer(unified, raw)).toEqual(customer);
    },
  );

  it('keeps the Dates of the details', () => {
    const stats = amelia.find((customer) => customer.amelia.appointmentStats?.lastAppointmentAt)?.amelia.appointmentStats;
    expect(stats?.lastAppointmentAt).toBeInstanceOf(Date);
    const back = (customer: typeof kbSupport | typeof crm) => {
      const { unified, raw } = encodeCustomer(customer);
      return decodeCustomer(unified, raw);
    };
    expect((back(kbSupport) as CustomerOf<'KB_SUPPORT'>).kbSupport.notes[0]?.writtenAt).toBeInstanceOf(Date);
    expect((back(crm) as CustomerOf<'CRM'>).crm.archivedAt).toEqual(new Date('2024-02-03T02:05:06.000Z'));
  });

  it('reads the raw record when it is asked for, and says so when it is not a stored object', () => {
    const { unified } = encodeCustomer(crm);
    const customer = decodeCustomer(unified, '{not json');
    expect(customer.email).toBe(crm.email);
    expect(() => customer.sourceRecord).toThrow(IndexCodecError);
    expect(() => decodeCustomer(unified, '[1]').sourceRecord).toThrow('the stored raw record is not an object');
    expect(decodeCustomer(unified, JSON.stringify(crm.sourceRecord)).sourceRecord).toEqual(crm.sourceRecord);
  });
});

describe('content hash', () => {
  it('leaves out volatile counters, in the unified record and in the raw one', () => {
    const base = amelia[0]!;
    const booked: CustomerOf<'AMELIA'> = {
      ...base,
      amelia: { ...base.amelia, appointmentStats: { total: 99, pending: 3, lastAppointmentAt: new Date('2030-01-01T00:00:00Z') } },
      sourceRecord: { ...base.sourceRecord, totalAppointments: 99, countPendingAppointments: '3', lastAppointment: '2030-01-01 01:00:00' },
    };
    expect(contentHashOf(booked)).toBe(contentHashOf(base));
    const ticketed = {
      ...kbSupport,
      kbSupport: { ...kbSupport.kbSupport, ticketCount: 40 },
      sourceRecord: { ...kbSupport.sourceRecord, ticket_count: 40 },
    };
    expect(contentHashOf(ticketed)).toBe(contentHashOf(kbSupport));
  });

  it('changes with anything else, and not with the order of keys', () => {
    expect(contentHashOf({ ...crm, lastName: 'Other' })).not.toBe(contentHashOf(crm));
    expect(contentHashOf({ ...crm, sourceRecord: { ...crm.sourceRecord, internalNote: 'new' } })).not.toBe(contentHashOf(crm));
    const reordered = Object.fromEntries(Object.entries(crm).reverse()) as typeof crm;
    expect(contentHashOf(reordered)).toBe(contentHashOf(crm));
    // Counters of one vendor are content in another's record.
    expect(contentHashOf({ ...crm, sourceRecord: { ...crm.sourceRecord, ticket_count: 1 } })).not.toBe(contentHashOf(crm));
  });
});

describe('sort keys', () => {
  it.each([
    ['Zoë', 'zoe'],
    ['ÉMILE', 'emile'],
    ['Ｏkafor', 'okafor'],
    ['ﬁnn', 'finn'],
    ['Ødegaard', 'ødegaard'],
    ['  Müller ', 'muller'],
    ['   ', null],
    [null, null],
  ])('folds %j to %j', (text, key) => {
    expect(sortKey(text)).toBe(key);
  });
});
