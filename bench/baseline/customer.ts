// The baseline's common customer: each vendor's record mapped to one shape, with the global id the
// gateway gives it, and the search match the gateway makes.
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { ORGANIZATION, type Source } from './config.ts';
import type { AmeliaCustomerRecord, CrmUser, KbsRecord, PlatformEntry, PlatformResource } from './payloads.ts';

export interface Customer {
  id: string;
  source: Source;
  sourceId: string;
  displayName: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  /** Every address, normalised, for sameAs. */
  emails: string[];
  phone: string | null;
  /** Raw numbers and notes, for search. */
  searchable: string[];
  extra: Record<string, unknown>;
  platformEntries: Record<string, PlatformEntry>;
}

export const globalId = (type: string, local: string): string => Buffer.from(`${type}:${local}`, 'utf8').toString('base64');
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
export const joined = (first: string | null | undefined, last: string | null | undefined): string | null =>
  [first, last].filter(Boolean).join(' ') || null;

function e164(raw: string | null | undefined, country?: string | null): string | null {
  if (!raw) return null;
  const parsed = parsePhoneNumberFromString(raw, country ? (country.toUpperCase() as CountryCode) : undefined);
  return parsed?.isValid() ? parsed.number : null;
}

function customerOf(source: Source, sourceId: string, fields: Partial<Customer>): Customer {
  const local = source === 'PLATFORM' ? `PLATFORM:${ORGANIZATION}:${sourceId}` : `${source}:${sourceId}`;
  const email = fields.email ?? null;
  return {
    id: globalId('Customer', local),
    source,
    sourceId,
    displayName: fields.displayName ?? joined(fields.firstName, fields.lastName),
    firstName: fields.firstName ?? null,
    lastName: fields.lastName ?? null,
    email,
    emails: fields.emails ?? (email ? [normalizeEmail(email)] : []),
    phone: fields.phone ?? null,
    searchable: fields.searchable ?? [],
    extra: fields.extra ?? {},
    platformEntries: fields.platformEntries ?? {},
  };
}

export function fromAmelia(r: AmeliaCustomerRecord): Customer {
  let locale: string | null = null;
  try {
    const language = r.translations ? (JSON.parse(r.translations) as { defaultLanguage?: string }).defaultLanguage : undefined;
    locale = language ? language.replace('_', '-') : null;
  } catch {
    locale = null;
  }
  return customerOf('AMELIA', String(r.id), {
    firstName: r.firstName,
    lastName: r.lastName,
    email: r.email || null,
    phone: e164(r.phone, r.countryPhoneIso),
    searchable: [r.phone ?? '', r.note ?? ''],
    extra: {
      birthday: r.birthday ?? null,
      gender: r.gender ? r.gender.toUpperCase() : null,
      note: r.note ?? null,
      locale,
      createdAt: null,
      updatedAt: null,
    },
  });
}

export function fromKbs(r: KbsRecord): Customer {
  const name = r.name ?? '';
  const space = name.indexOf(' ');
  const emails = [r.email ?? '', ...(r.additional_emails ?? [])].filter(Boolean).map(normalizeEmail);
  return customerOf('KB_SUPPORT', String(r.id), {
    displayName: name || null,
    firstName: space < 0 ? name || null : name.slice(0, space),
    lastName: space < 0 ? null : name.slice(space + 1),
    email: r.email || null,
    emails,
    phone: e164(r.phone?.primary) ?? e164(r.phone?.additional),
    searchable: [r.phone?.primary ?? '', r.phone?.additional ?? '', ...(r.additional_emails ?? []), ...(r.notes ?? [])],
  });
}

export function fromPlatform(r: PlatformResource): Customer {
  const a = r.attributes;
  return customerOf('PLATFORM', r.id, {
    firstName: a.given_name ?? null,
    lastName: a.family_name ?? null,
    email: a.email || null,
    phone: e164(a.mobile) ?? e164(a.phone),
    searchable: [a.mobile ?? '', a.phone ?? ''],
    platformEntries: a.custom_entry_map ?? {},
  });
}

export function fromCrm(r: CrmUser): Customer {
  return customerOf('CRM', r.id, {
    firstName: r.firstName ?? null,
    lastName: r.lastName ?? null,
    email: r.email || null,
    phone: e164(r.phone, r.phoneCountry),
    searchable: [r.phone ?? '', r.internalNote ?? ''],
    extra: { note: r.internalNote ?? null, updatedAt: r.updatedAt ?? null },
  });
}

export function matches(customer: Customer, term: string): boolean {
  const needle = fold(term.trim());
  const fields = [customer.displayName, customer.firstName, customer.lastName, customer.email, ...customer.searchable];
  return fields.some((field) => field !== null && field !== '' && fold(field).includes(needle));
}
