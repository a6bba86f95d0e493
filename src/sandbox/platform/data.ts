// The PLATFORM sandbox's seed data (its shapes in records.ts): organizations, their custom fields, and customers seeded from
// SEED_SLICES.PLATFORM (plus a second organization's own customers) and the generated people
// (SANDBOX_CUSTOMERS), with their identifiers, communities and bookings. Deterministic ids and times throughout.
import type { JsonValue } from '../../sources/model/index.ts';
import { SEED_SLICES, type SeedPerson } from '../seed.ts';
import { platformPhone } from './phone-forms.ts';
import type {
  PlatformAttributes,
  PlatformBooking,
  PlatformCustomerRow,
  PlatformEntry,
  PlatformField,
  PlatformFieldType,
  PlatformIdentifier,
  PlatformStore,
} from './records.ts';

export const PLATFORM_SANDBOX_TOKEN = 'platform-sandbox-token';

/** A deterministic UUID: an 8-hex-digit kind prefix and a serial. */
export function platformUuid(kind: string, serial: number): string {
  return `${kind}-0000-4000-8000-${serial.toString(16).padStart(12, '0')}`;
}

export const MAIN_ORGANIZATION_ID = platformUuid('a0000000', 1);

export const SECOND_ORGANIZATION_ID = platformUuid('a0000000', 2);

/** Exists on the platform, but the sandbox token does not serve it (403). */
export const FOREIGN_ORGANIZATION_ID = platformUuid('a0000000', 3);

export const FIELD_IDS = {
  tier: platformUuid('f0000000', 1),
  memberNumber: platformUuid('f0000000', 2),
  newsletter: platformUuid('f0000000', 3),
  memberSince: platformUuid('f0000000', 4),
  interests: platformUuid('f0000000', 5),
  locker: platformUuid('f0000000', 6),
  waiver: platformUuid('f0000000', 7),
} as const;

export const REGULARS_COMMUNITY_ID = platformUuid('b0000000', 1);

/** Serials of generated customers (and of their entries, identifiers and bookings) start here, far past any the API gives. */
const GENERATED_SERIAL_BASE = 10_000_000;

function seedFields(): PlatformField[] {
  const field = (id: string, label: string, type: PlatformFieldType, options: PlatformField['options'] = []) => ({
    id,
    organizationId: MAIN_ORGANIZATION_ID,
    label,
    type,
    options,
  });
  return [
    field(FIELD_IDS.tier, 'Membership Tier', 'select', [
      { key: 'bronze', label: 'Bronze' },
      { key: 'silver', label: 'Silver' },
      { key: 'gold', label: 'Gold' },
    ]),
    field(FIELD_IDS.memberNumber, 'Member Number', 'text'),
    field(FIELD_IDS.newsletter, 'Newsletter', 'checkbox'),
    field(FIELD_IDS.memberSince, 'Member Since', 'date'),
    field(FIELD_IDS.interests, 'Interests', 'multiselect', [
      { key: 'yoga', label: 'Yoga' },
      { key: 'pilates', label: 'Pilates' },
      { key: 'spinning', label: 'Spinning' },
    ]),
    field(FIELD_IDS.waiver, 'Signed Waiver', 'file'),
    { ...field(FIELD_IDS.locker, 'Locker', 'number'), organizationId: SECOND_ORGANIZATION_ID },
  ];
}

/** The platform stores numbers as the person typed them, formatted internationally where it knew the country. */
function seedPhones(person: SeedPerson, index: number): Pick<PlatformAttributes, 'mobile' | 'phone'> {
  if (!person.phone) return { mobile: null, phone: null };
  // A legacy import kept one national number as typed (no country on the platform to read it with).
  if (index === 0) return { mobile: person.phone, phone: null };
  const { field, text } = platformPhone(person.phone, person.country);
  return field === 'phone' ? { mobile: null, phone: text } : { mobile: text, phone: null };
}

function seedEntries(index: number, serial: number): Map<string, PlatformEntry> {
  const entries = new Map<string, PlatformEntry>();
  // Every seventh customer has no custom data at all.
  if (index % 7 === 6) return entries;
  let entrySerial = serial * 10;
  const put = (fieldId: string, value: JsonValue) => entries.set(fieldId, { id: platformUuid('e0000000', ++entrySerial), value });
  const tier = ['Gold', 'Silver', 'bronze', null][index % 4];
  if (tier) put(FIELD_IDS.tier, tier);
  if (index % 2 === 0) put(FIELD_IDS.memberNumber, String(10_000 + index));
  if (index % 3 !== 0) put(FIELD_IDS.newsletter, index % 3 === 1);
  if (index % 5 === 0) put(FIELD_IDS.memberSince, `20${10 + (index % 14)}-0${1 + (index % 9)}-15`);
  if (index % 6 === 0) put(FIELD_IDS.interests, ['yoga', 'pilates']);
  if (index % 6 === 3) put(FIELD_IDS.interests, ['spinning']);
  if (index % 5 === 2) put(FIELD_IDS.waiver, { name: `waiver-${serial}.pdf`, url: `https://files.platform.invalid/waivers/${serial}.pdf` });
  return entries;
}

/** Addresses a customer typed with capitals; the platform keeps them as typed. */
const TYPED_EMAILS = new Map([['renee.dubois@example.test', 'Renee.Dubois@Example.test']]);

function seedCustomer(person: SeedPerson, index: number, serial = index + 1): PlatformCustomerRow {
  return {
    id: platformUuid('c0000000', serial),
    organizationId: MAIN_ORGANIZATION_ID,
    attributes: {
      given_name: person.firstName,
      family_name: person.lastName,
      email: person.email ? (TYPED_EMAILS.get(person.email) ?? person.email) : null,
      ...seedPhones(person, index),
      company: person.company ?? null,
      // The platform calls the third option "diverse".
      sex: person.gender === 'other' ? 'diverse' : (person.gender ?? null),
      birth_date: person.birthday ?? null,
      locale: person.locale ?? null,
      account_id: index % 3 === 0 && person.email ? platformUuid('acc00000', serial) : null,
    },
    entries: seedEntries(index, serial),
    communities: new Set(index % 4 === 1 ? [REGULARS_COMMUNITY_ID] : []),
  };
}

/** The second organization: Jordan Reed (whom the main organization does not have) and Wren Hale. */
function secondOrganizationCustomers(): PlatformCustomerRow[] {
  const blank = { company: null, birth_date: null, account_id: null, sex: null };
  return [
    {
      id: platformUuid('c0000000', 501),
      organizationId: SECOND_ORGANIZATION_ID,
      attributes: {
        ...blank,
        given_name: 'Jordan',
        family_name: 'Reed',
        email: 'jordan.reed@example.test',
        mobile: '+381 60 1234567',
        phone: '+381 11 1234567',
        sex: 'female',
        locale: 'sr-RS',
        account_id: platformUuid('acc00000', 501),
      },
      entries: new Map([[FIELD_IDS.locker, { id: platformUuid('e0000000', 5011), value: 42 }]]),
      communities: new Set(),
    },
    {
      id: platformUuid('c0000000', 502),
      organizationId: SECOND_ORGANIZATION_ID,
      attributes: {
        ...blank,
        given_name: 'Wren',
        family_name: 'Hale',
        email: 'wren.hale@example.test',
        mobile: null,
        phone: null,
        locale: 'en-GB',
      },
      entries: new Map(),
      communities: new Set(),
    },
  ];
}

/** When the seeded records were made. */
const SEEDED_AT = '2024-01-15T09:30:00+00:00';

/** The identifier a customer with a member number has (`MEMBER-<number>`). */
function memberIdentifier(customer: PlatformCustomerRow, serial: number): PlatformIdentifier[] {
  const memberNumber = customer.entries.get(FIELD_IDS.memberNumber)?.value;
  if (typeof memberNumber !== 'string') return [];
  return [
    {
      id: platformUuid('d0000000', serial),
      organizationId: customer.organizationId,
      code: `MEMBER-${memberNumber}`,
      type: 'custom',
      customerId: customer.id,
      createdAt: SEEDED_AT,
    },
  ];
}

/** Every other customer has a booking. */
function booking(customer: PlatformCustomerRow, index: number, serial: number): PlatformBooking[] {
  if (index % 2 === 0) return [];
  return [
    {
      id: platformUuid('b1000000', serial),
      organizationId: customer.organizationId,
      customerId: customer.id,
      service: ['Yoga', 'Pilates', 'Spinning'][index % 3] ?? 'Yoga',
      startsAt: `2025-0${1 + (index % 9)}-1${index % 10}T09:00:00+00:00`,
    },
  ];
}

/** The seed data, with the customers of `generated` (generated/people.ts) after the main organization's seed customers' in its list. */
export function createPlatformStore(generated: Iterable<SeedPerson> = []): PlatformStore {
  const seeded = [...SEED_SLICES.PLATFORM.map((person, index) => seedCustomer(person, index)), ...secondOrganizationCustomers()];
  const first = SEED_SLICES.PLATFORM.length;
  const serialOf = (position: number) => GENERATED_SERIAL_BASE + position;
  const made: PlatformCustomerRow[] = [];
  for (const person of generated) made.push(seedCustomer(person, first + made.length, serialOf(made.length)));
  return {
    organizations: [
      { id: MAIN_ORGANIZATION_ID, name: 'Sandbox Studio', locale: 'en-GB', servedByToken: true },
      { id: SECOND_ORGANIZATION_ID, name: 'Sandbox Annex', locale: 'sr-RS', servedByToken: true },
      { id: FOREIGN_ORGANIZATION_ID, name: 'Someone Else', locale: 'de-DE', servedByToken: false },
    ],
    fields: seedFields(),
    customers: [...seeded, ...made],
    identifiers: [
      ...seeded.flatMap((customer, index) => memberIdentifier(customer, index + 1)),
      ...made.flatMap((customer, position) => memberIdentifier(customer, serialOf(position))),
    ],
    communities: [{ id: REGULARS_COMMUNITY_ID, organizationId: MAIN_ORGANIZATION_ID, name: 'Regulars' }],
    exports: [],
    bookings: [
      ...seeded.flatMap((customer, index) => booking(customer, index, index + 1)),
      ...made.flatMap((customer, position) => booking(customer, first + position, serialOf(position))),
    ],
    nextSerial: 1_000,
  };
}
