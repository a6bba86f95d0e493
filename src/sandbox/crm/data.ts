// The CRM sandbox's seeded customers: SEED_SLICES.CRM, then the generated people (SANDBOX_CUSTOMERS),
// stored the way crm-customers.txt shows them.
import { createHash } from 'node:crypto';
import { type CountryCode, getCountryCallingCode } from 'libphonenumber-js/max';
import { SEED_SLICES, type SeedPerson } from '../seed.ts';

export interface CrmGenderValue {
  code: number;
  label: string;
}

/** A customer as the CRM reads it back; optional keys are absent, not null, when never set. */
export interface CrmRecord {
  id: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  phoneCountry?: string | null;
  phoneCountryCalling?: string | null;
  number?: string | null;
  cityId?: string | null;
  birthDate?: string | null;
  gender?: CrmGenderValue | null;
  unsubscribed?: boolean | null;
  internalNote?: string | null;
  archivedAt?: string | null;
  archivedBy?: string | null;
  archivedVia?: string | null;
  createdAt?: string | null;
  createdVia?: string | null;
  createdBy?: string | null;
  updatedAt?: string | null;
  updatedVia?: string | null;
  updatedBy?: string | null;
}

/** ISO/IEC 5218 codes the CRM accepts on write, with the labels it reads back. */
export const CRM_GENDER_LABELS: ReadonlyMap<number, string> = new Map([
  [0, 'not known'],
  [1, 'male'],
  [2, 'female'],
  [9, 'not applicable'],
]);

const GENDER_CODES: Record<NonNullable<SeedPerson['gender']>, number> = { male: 1, female: 2, other: 9 };
/** Of every 50 customers (the seed's 28 are the first), these are archived. */
const ARCHIVED_POSITIONS = new Set([5, 17]);
const CHANNELS = ['import', 'backoffice', 'api'] as const;
const DAY_MS = 86_400_000;

export function crmCustomerId(key: string): string {
  return `cus_${createHash('sha1').update(key).digest('hex').slice(0, 12)}`;
}

/** A fresh copy of the seeded customers (the seed people's, then those of `generated`), in the order the CRM lists them. */
export function crmSeedRecords(generated: Iterable<SeedPerson> = []): CrmRecord[] {
  const records = SEED_SLICES.CRM.map(toRecord);
  for (const person of generated) records.push(toRecord(person, records.length));
  return records;
}

function toRecord(person: SeedPerson, index: number): CrmRecord {
  // Over 61 nine-day steps, the seed's 28 first: generated customers (index 28 on) do not run years ahead.
  const created = Date.UTC(2023, 0, 3) + (index % 61) * 9 * DAY_MS + (index % 9) * 3_600_000;
  // Updates are spread so that the export order (by updatedAt) differs from the list order.
  const updated = created + ((index * 37) % 23) * 17 * DAY_MS;
  const record: CrmRecord = {
    id: crmCustomerId(person.key ?? `${person.firstName}|${person.lastName}|${person.email ?? ''}`),
    firstName: person.firstName,
    lastName: person.lastName,
    number: `C-${10_001 + index}`,
  };
  // One mailbox stored with capitals, as typed into the CRM: matching must normalise.
  if (person.email) record.email = index === 19 ? capitalizeMailbox(person.email) : person.email;
  if (person.phone) Object.assign(record, phoneFields(person, index));
  if (index % 3 === 0) record.cityId = `city_${(person.country ?? 'xx').toLowerCase()}_${100 + index}`;
  if (person.birthday) record.birthDate = person.birthday;
  record.gender = person.gender ? genderValue(GENDER_CODES[person.gender]) : null;
  if (index % 4 !== 3) record.unsubscribed = index % 4 === 1;
  if (person.note) record.internalNote = person.note;
  if (ARCHIVED_POSITIONS.has(index % 50)) {
    record.archivedAt = iso(updated + DAY_MS);
    record.archivedBy = 'usr_support_02';
    record.archivedVia = 'backoffice';
  }
  record.createdAt = iso(created);
  record.createdVia = CHANNELS[index % CHANNELS.length] ?? 'api';
  record.createdBy = index % 2 === 0 ? 'usr_admin_01' : 'integration_shop';
  record.updatedAt = iso(updated);
  if (updated !== created) {
    record.updatedVia = 'backoffice';
    record.updatedBy = 'usr_admin_01';
  }
  return record;
}

export function genderValue(code: number): CrmGenderValue {
  return { code, label: CRM_GENDER_LABELS.get(code) ?? 'unknown' };
}

function phoneFields(person: SeedPerson, index: number): Partial<CrmRecord> {
  const country = person.country as CountryCode | undefined;
  const calling = country ? getCountryCallingCode(country) : undefined;
  // Some records carry only the calling code beside a national number.
  if (index % 5 === 2) return { phone: person.phone ?? null, phoneCountryCalling: calling ?? null };
  return { phone: person.phone ?? null, phoneCountry: country ?? null, phoneCountryCalling: calling ?? null };
}

function capitalizeMailbox(email: string): string {
  return email.replace(/(^|[.@])([a-z])/g, (_match, lead: string, letter: string) => lead + letter.toUpperCase());
}

export function iso(time: number): string {
  return new Date(time).toISOString().replace('.000Z', 'Z');
}
