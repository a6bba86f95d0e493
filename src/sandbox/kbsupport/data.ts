// The KB Support sandbox's customers: SEED_SLICES.KB_SUPPORT with ids 1..35 and a few gaps (deleted
// customers), so that the observed list's 20 highest ids hide twelve of them.
import { DateTime } from 'luxon';
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

// Company post ids for the seed people's companies (KB Support stores the id, not the name).
const COMPANY_POST_IDS: Record<string, number> = { 'Atelier Dubois': 15, 'Raman Analytics': 27, 'Novák s.r.o.': 31 };

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
const ADDITIONAL_PHONES: Record<string, string> = {
  'amara.okafor@example.test': '+234 803 765 4321',
  'noah.schmidt@example.test': '030 1234567',
  'kwame.mensah@example.test': '+233 24 123 4567',
  'rahul.mehta@example.test': '+91 99876 11111',
};

const ADDITIONAL_EMAILS: Record<string, string[]> = {
  'ngoc.tran@example.test': ['ngoc.tran@work.example.org'],
  'priya.raman@example.test': ['priya@raman-analytics.example.com', 'billing@raman-analytics.example.com'],
  'alex.morgan@example.test': ['a.morgan@example.org'],
  'oscar.wilde@example.test': ['oscar@wilde.example.org'],
};

const EXTRA_NOTES: Record<string, string[]> = {
  'yuki.tanaka@example.test': ['Asked for a callback.', 'Callback done, issue closed.'],
  'dmitri.volkov@example.test': ['Invoice sent twice — refunded one.'],
};

export function kbSupportSeed(): KbsStoredCustomer[] {
  const ids = customerIds(SEED_SLICES.KB_SUPPORT.length);
  return SEED_SLICES.KB_SUPPORT.map((person, index) => storedCustomer(person, ids[index] as number, index));
}

function customerIds(count: number): number[] {
  const ids: number[] = [];
  for (let id = 1; ids.length < count; id++) if (!KBS_DELETED_IDS.includes(id)) ids.push(id);
  return ids;
}

function storedCustomer(person: SeedPerson, id: number, index: number): KbsStoredCustomer {
  const email = person.email ?? '';
  const created = DateTime.fromISO('2024-01-05T14:30:00Z', { zone: 'utc' }).plus({ days: id * 9, minutes: id * 37 });
  const notes = [person.note, ...(EXTRA_NOTES[email] ?? [])]
    .filter((text): text is string => text !== undefined)
    .map((text, order) => ({ at: created.plus({ days: 3 + order * 11, hours: order * 5 }).toISO() ?? '', text }))
    .reverse();
  const street = person.country ? ADDRESSES[person.country] : undefined;
  const address = street && person.country ? { ...street, country: person.country } : null;
  return {
    id,
    name: `${person.firstName} ${person.lastName}`,
    // A mixed-case mailbox: matching must still find it after lower-casing.
    email: email === 'hana.novak@example.test' ? 'Hana.Novak@Example.test' : email,
    additionalEmails: ADDITIONAL_EMAILS[email] ?? [],
    primaryPhone: person.phone ?? '',
    additionalPhone: ADDITIONAL_PHONES[email] ?? '',
    website:
      index % 4 === 1
        ? `https://${person.lastName
            .toLowerCase()
            .normalize('NFD')
            .replace(/[^a-z]/g, '')}.example.com`
        : '',
    address,
    companyId: person.company ? (COMPANY_POST_IDS[person.company] ?? 0) : 0,
    userId: index % 2 === 0 ? 100 + id : 0,
    createdAt: created.toISO() ?? '',
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
