import { describe, expect, it } from 'vitest';
import { splitName, toCustomer, toNote } from '../../src/sources/kbsupport/map.ts';
import { kbsCustomerListSchema, kbsCustomerSchema } from '../../src/sources/kbsupport/payloads.ts';

const ZONE = 'America/Chicago';

// kbsupport-observed.md, "Field types and shapes" — verbatim. The document abbreviates `_links` as
// `{...}`; the test puts in the links that section lists (self, collection, tickets, user, company).
const OBSERVED_SAMPLE = `{"id":"1","name":"Alice Anderson","email":"alice@example.com","additional_emails":["alt@example.org"],
"phone":{"primary":"+1 555 0100","additional":"+1 555 0101"},"website":"https://alice.example.com",
"address":{"line1":"10 Main Street","line2":"","city":"Springfield","state":"IL","country":"US","zip":"62700"},
"company":"15","user_id":"2","date_created":"2024-01-01 09:00:00",
"notes":["November 24, 2026 07:05:41 - Second note","November 24, 2026 07:05:41 - First note"],
"ticket_count":0,"_links":{...}}`;
const LINKS = {
  self: [{ href: 'https://example.com/wp-json/kbs/v1/customers/1' }],
  collection: [{ href: 'https://example.com/wp-json/kbs/v1/customers' }],
  tickets: [{ href: 'https://example.com/wp-json/kbs/v1/tickets?customer=1' }],
  user: [{ embeddable: true, href: 'https://example.com/wp-json/wp/v2/users/2' }],
  company: [{ embeddable: true, href: 'https://example.com/wp-json/kbs/v1/companies/15' }],
};
const observedRecord = () => JSON.parse(OBSERVED_SAMPLE.replace('"_links":{...}', `"_links":${JSON.stringify(LINKS)}`)) as unknown;

// kbsupport-customers.txt, "Schema": one record with every listed field in the type the document
// gives it (id/user_id/company integer, address string, additional_emails/phone/notes objects).
const DOCUMENTED_RECORD = {
  id: 7,
  name: 'Renée Marie Dubois',
  user_id: 12,
  email: ' renee.dubois@example.test ',
  additional_emails: { '0': 'renee@atelier.example.fr', '2': 'not an address' },
  phone: { primary: '06 12 34 56 78', additional: '' },
  website: 'https://atelier.example.fr',
  address: '12 rue de la Paix, Paris, 75002, FR',
  company: 15,
  date_created: '2024-07-01 12:30:00',
  notes: { '0': 'July 2, 2024 10:00:00 - Called back', '1': 'Lundi - no date here' },
  ticket_count: 3,
};

describe('KB Support mapping: kbsupport-observed.md sample record', () => {
  const record = kbsCustomerSchema.parse(observedRecord());
  const customer = toCustomer(record, ZONE);

  it('maps identity, name split and emails', () => {
    expect(customer.source).toBe('KB_SUPPORT');
    expect(customer.sourceId).toBe('1');
    expect(customer.displayName).toBe('Alice Anderson');
    expect(customer.firstName).toBe('Alice');
    expect(customer.lastName).toBe('Anderson');
    expect(customer.email).toBe('alice@example.com');
    expect(customer.additionalEmails).toEqual(['alt@example.org']);
  });

  it('maps the phone object to a primary and an additional phone (address country as hint)', () => {
    expect(customer.phones).toEqual([
      { raw: '+1 555 0100', e164: null, country: 'US', kind: 'PRIMARY' },
      { raw: '+1 555 0101', e164: null, country: 'US', kind: 'ADDITIONAL' },
    ]);
  });

  it('reads date_created and the notes in the site time zone', () => {
    expect(customer.createdAt?.toISOString()).toBe('2024-01-01T15:00:00.000Z');
    expect(customer.updatedAt).toBeNull();
    expect(customer.kbSupport.notes).toEqual([
      { writtenAt: new Date('2026-11-24T13:05:41Z'), text: 'Second note' },
      { writtenAt: new Date('2026-11-24T13:05:41Z'), text: 'First note' },
    ]);
  });

  it('keeps the vendor extras as details and leaves what KB Support lacks null', () => {
    expect(customer.kbSupport).toMatchObject({
      wordpressUserId: 2,
      companyId: '15',
      website: 'https://alice.example.com',
      address: { line1: '10 Main Street', line2: null, city: 'Springfield', state: 'IL', postalCode: '62700', country: 'US' },
      ticketCount: 0,
    });
    expect(customer.company).toBeNull();
    expect(customer.note).toBeNull();
    expect(customer.birthday).toBeNull();
    expect(customer.gender).toBeNull();
    expect(customer.locale).toBeNull();
  });

  it('keeps the untouched record, _links included, as sourceRecord', () => {
    expect(customer.sourceRecord).toEqual(observedRecord());
    expect(customer.sourceRecord._links).toEqual(LINKS);
  });
});

describe('KB Support mapping: kbsupport-customers.txt schema types', () => {
  const customer = toCustomer(kbsCustomerSchema.parse(DOCUMENTED_RECORD), ZONE);

  it('maps integer ids, object lists and a string address', () => {
    expect(customer.sourceId).toBe('7');
    expect(customer.displayName).toBe('Renée Marie Dubois');
    expect(customer.firstName).toBe('Renée Marie');
    expect(customer.lastName).toBe('Dubois');
    expect(customer.email).toBe('renee.dubois@example.test');
    expect(customer.additionalEmails).toEqual(['renee@atelier.example.fr']);
    expect(customer.phones).toEqual([{ raw: '06 12 34 56 78', e164: null, country: null, kind: 'PRIMARY' }]);
    expect(customer.createdAt?.toISOString()).toBe('2024-07-01T17:30:00.000Z');
    expect(customer.kbSupport).toEqual({
      wordpressUserId: 12,
      companyId: '15',
      website: 'https://atelier.example.fr',
      address: { line1: '12 rue de la Paix, Paris, 75002, FR', line2: null, city: null, state: null, postalCode: null, country: null },
      ticketCount: 3,
      notes: [
        { writtenAt: new Date('2024-07-02T15:00:00Z'), text: 'Called back' },
        { writtenAt: null, text: 'Lundi - no date here' },
      ],
    });
    expect(customer.sourceRecord).toEqual(DOCUMENTED_RECORD);
  });
});

describe('KB Support mapping: absent and empty fields', () => {
  it('maps a record without user_id, website, notes, address or phone (left out, as observed)', () => {
    const customer = toCustomer(
      kbsCustomerSchema.parse({
        id: '33',
        name: 'Kwame Mensah',
        email: 'kwame.mensah@example.test',
        additional_emails: [],
        company: '0',
        date_created: '2024-12-01 10:00:00',
        ticket_count: 4,
      }),
      ZONE,
    );
    expect(customer.phones).toEqual([]);
    expect(customer.kbSupport).toEqual({ wordpressUserId: null, companyId: null, website: null, address: null, ticketCount: 4, notes: [] });
  });

  it('takes an additional phone without a primary, and PHP empty arrays for empty objects', () => {
    const customer = toCustomer(
      kbsCustomerSchema.parse({
        id: 5,
        name: 'Cher',
        email: '',
        user_id: 0,
        additional_emails: [],
        phone: { primary: '', additional: '+233 24 123 4567' },
        address: [],
        notes: [],
        company: 0,
        website: '',
      }),
      ZONE,
    );
    expect(customer.firstName).toBe('Cher');
    expect(customer.lastName).toBeNull();
    expect(customer.email).toBeNull();
    expect(customer.phones).toEqual([{ raw: '+233 24 123 4567', e164: '+233241234567', country: 'GH', kind: 'ADDITIONAL' }]);
    expect(customer.createdAt).toBeNull();
    expect(customer.kbSupport).toMatchObject({ wordpressUserId: null, companyId: null, website: null, address: null, notes: [] });
  });

  it('accepts the observed unknown-id answer and a list of them', () => {
    const unknown = { id: 0, ticket_count: false, _links: { self: [{ href: 'https://example.com/wp-json/kbs/v1/customers/0' }] } };
    expect(kbsCustomerSchema.parse(unknown).id).toBe(0);
    expect(kbsCustomerListSchema.safeParse([observedRecord(), DOCUMENTED_RECORD]).success).toBe(true);
  });

  it('refuses records that break the documented shape', () => {
    expect(kbsCustomerSchema.safeParse({ id: 'abc' }).success).toBe(false);
    expect(kbsCustomerSchema.safeParse({ id: 1, phone: 'a string' }).success).toBe(false);
    expect(kbsCustomerSchema.safeParse({ id: 1, notes: [1, 2] }).success).toBe(false);
  });
});

describe('KB Support mapping helpers', () => {
  it('splits names on the last word', () => {
    expect(splitName('Siobhán Ó Briain')).toEqual({ firstName: 'Siobhán Ó', lastName: 'Briain' });
    expect(splitName('  娜   李 ')).toEqual({ firstName: '娜', lastName: '李' });
    expect(splitName(null)).toEqual({ firstName: null, lastName: null });
  });

  it('keeps a note whole when its date prefix is unreadable', () => {
    expect(toNote('Smarch 40, 2026 07:05:41 - Odd', ZONE)).toEqual({ writtenAt: null, text: 'Smarch 40, 2026 07:05:41 - Odd' });
    expect(toNote('February 30, 2026 07:05:41 - Odd', ZONE)).toEqual({ writtenAt: null, text: 'February 30, 2026 07:05:41 - Odd' });
    expect(toNote('March 1, 2026 7:05:41 - Multi\nline', 'UTC')).toEqual({
      writtenAt: new Date('2026-03-01T07:05:41Z'),
      text: 'Multi\nline',
    });
  });
});
