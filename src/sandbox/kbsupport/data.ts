// The KB Support sandbox's customers: SEED_SLICES.KB_SUPPORT with ids 1..35 and a few gaps (deleted
// customers), so that the observed list's 20 highest ids hide twelve of them; then the generated
// people (SANDBOX_CUSTOMERS) with the ids after those. Always in id order (server.ts relies on it).
import { COMPANIES } from '../generated/cultures.ts';
import { SEED_SLICES, type SeedPerson } from '../seed.ts';

export interface KbsStoredAddress {
  line1: string;
  line2: string;
  city: string;
  state: string;
  country: string;
  zip: string;
}

export interface KbsStoredNote {
  /** UTC instant; the server writes it in the site's time zone. */
  at: string;
  text: string;
}

/** A customer as the plugin stores it; `""` / 0 mean "not set", as in its database. */
export interface KbsStoredCustomer {
  id: number;
  name: string;
  email: string;
  additionalEmails: string[];
  primaryPhone: string;
  additionalPhone: string;
  website: string;
  address: KbsStoredAddress | null;
  companyId: number;
  userId: number;
  /** UTC instant; the server writes it in the site's time zone. */
  createdAt: string;
  /** Newest first. */
  notes: KbsStoredNote[];
  ticketCount: number;
}

/** Customers deleted from the site: their ids answer as unknown. */
export const KBS_DELETED_IDS: readonly number[] = [4, 11, 19];

// Company post ids for the seed people's companies, and the generated people's (KB Support stores the id, not the name).
const COMPANY_POST_IDS: Record<string, number> = {
  'Atelier Dubois': 15,
  'Raman Analytics': 27,
  'Novák s.r.o.': 31,
  ...Object.fromEntries(COMPANIES.map((company, index) => [company, 40 + index])),
};

const ADDRESSES: Record<string, Omit<KbsStoredAddress, 'country'>> = {
  FR: { line1: '12 rue de la Paix', line2: '', city: 'Paris', state: '', zip: '75002' },
  IN: { line1: '221 MG Road', line2: 'Floor 3', city: 'Bengaluru', state: 'KA', zip: '560001' },
  DK: { line1: 'Nørregade 7', line2: '', city: 'København', state: '', zip: '1165' },
  GB: { line1: '10 Downing Street', line2: '', city: 'London', state: '', zip: 'SW1A 2AA' },
  TR: { line1: 'İstiklal Caddesi 45', line2: 'Daire 2', city: 'İstanbul', state: '', zip: '34433' },
  IE: { line1: '1 Merrion Square', line2: '', city: 'Dublin', state: '', zip: 'D02' },
  SE: { line1: 'Drottninggatan 3', line2: '', city: 'Stockholm', state: '', zip: '111 51' },
  LB: { line1: 'Rue Hamra 9', line2: '', city: 'Beirut', state: '', zip: '' },
  US: { line1: '350 Fifth Avenue', line2: 'Suite 100', city: 'New York', state: 'NY', zip: '10118' },
};

// Additional phones (one without a primary: the observed answer then leaves `phone` out).
const ADDITIONAL_PHONES = new Map<string, string>(
  Object.entries({
    'amara.okafor@example.test': '+234 803 765 4321',
    'noah.schmidt@example.test': '030 1234567',
    'kwame.mensah@example.test': '+233 24 123 4567',
    'rahul.mehta@example.test': '+91 99876 11111',
  }),
);

const ADDITIONAL_EMAILS = new Map<string, string[]>(
  Object.entries({
    'ngoc.tran@example.test': ['ngoc.tran@work.example.org'],
    'priya.raman@example.test': ['priya@raman-analytics.example.com', 'billing@raman-analytics.example.com'],
    'alex.morgan@example.test': ['a.morgan@example.org'],
    'oscar.wilde@example.test': ['oscar@wilde.example.org'],
  }),
);

const EXTRA_NOTES = new Map<string, string[]>(
  Object.entries({
    'yuki.tanaka@example.test': ['Asked for a callback.', 'Callback done, issue closed.'],
    'dmitri.volkov@example.test': ['Invoice sent twice — refunded one.'],
  }),
);

/** The seed people's customers, then those of `generated` (generated/people.ts), with ids from 1 on but the deleted ones. */
export function kbSupportSeed(generated: Iterable<SeedPerson> = []): KbsStoredCustomer[] {
  const customers: KbsStoredCustomer[] = [];
  let id = 0;
  const store = (person: SeedPerson) => {
    do id++;
    while (KBS_DELETED_IDS.includes(id));
    customers.push(storedCustomer(person, id, customers.length));
  };
  for (const person of SEED_SLICES.KB_SUPPORT) store(person);
  for (const person of generated) store(person);
  return customers;
}

const FIRST_CREATED = Date.parse('2024-01-05T14:30:00Z');
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

function storedCustomer(person: SeedPerson, id: number, index: number): KbsStoredCustomer {
  const email = person.email ?? '';
  // Over 73 nine-day steps, the seed's ids first: generated customers (ids past 35) do not run years ahead.
  const created = FIRST_CREATED + (id % 73) * 9 * DAY_MS + (id % 997) * 37 * MINUTE_MS;
  const notes = [person.note, ...(EXTRA_NOTES.get(email) ?? [])]
    .filter((text): text is string => text !== undefined)
    .map((text, order) => ({ at: new Date(created + (3 + order * 11) * DAY_MS + order * 5 * HOUR_MS).toISOString(), text }))
    .reverse();
  const site =
    index % 4 === 1
      ? person.lastName
          .toLowerCase()
          .normalize('NFD')
          .replace(/[^a-z]/g, '')
      : '';
  const street = person.country ? ADDRESSES[person.country] : undefined;
  const address = street && person.country ? { ...street, country: person.country } : null;
  return {
    id,
    name: `${person.firstName} ${person.lastName}`,
    // A mixed-case mailbox: matching must still find it after lower-casing.
    email: email === 'hana.novak@example.test' ? 'Hana.Novak@Example.test' : email,
    additionalEmails: ADDITIONAL_EMAILS.get(email) ?? [],
    primaryPhone: person.phone ?? '',
    additionalPhone: ADDITIONAL_PHONES.get(email) ?? '',
    website: site === '' ? '' : `https://${site}.example.com`,
    address,
    companyId: person.company ? (COMPANY_POST_IDS[person.company] ?? 0) : 0,
    userId: index % 2 === 0 ? 100 + id : 0,
    createdAt: new Date(created).toISOString(),
    notes,
    ticketCount: (id * 7) % 5,
  };
}

/** A customer created on the site now (a first ticket makes one): a name and an email, nothing else set. */
export function newCustomer(id: number, createdAt: Date): KbsStoredCustomer {
  return {
    id,
    name: `New Customer ${id}`,
    email: `new.customer.${id}@example.test`,
    additionalEmails: [],
    primaryPhone: '',
    additionalPhone: '',
    website: '',
    address: null,
    companyId: 0,
    userId: 0,
    createdAt: createdAt.toISOString(),
    notes: [],
    ticketCount: 1,
  };
}
