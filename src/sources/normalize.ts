// Pure helpers every adapter's mapping shares: emails, phones, locales, dates, text matching.
import { GraphQLCountryCode, GraphQLEmailAddress, GraphQLLocale } from 'graphql-scalars';
import type { GraphQLScalarType } from 'graphql';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { DateTime } from 'luxon';
import type { ContactPhone, Customer, JsonValue, PhoneKind } from './model.ts';

/** The sameAs key: the exact mailbox after trimming and lower-casing; nothing else is folded. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function acceptedBy(scalar: GraphQLScalarType, value: string): boolean {
  try {
    scalar.parseValue(value);
    return true;
  } catch {
    return false;
  }
}

/** Trimmed email when it is an address the public EmailAddress type accepts, else null. */
export function toEmail(raw: string | null | undefined): string | null {
  const email = raw?.trim();
  return email && acceptedBy(GraphQLEmailAddress, email) ? email : null;
}

/** ISO 3166-1 alpha-2, upper case, or null. */
export function toCountryCode(raw: string | null | undefined): string | null {
  const code = raw?.trim().toUpperCase();
  return code && acceptedBy(GraphQLCountryCode, code) ? code : null;
}

/** `en_GB`, `en-gb` → `en-GB`; null when it is not a BCP 47 tag. */
export function toLocale(raw: string | null | undefined): string | null {
  const tag = raw?.trim().replace(/_/g, '-');
  if (!tag) return null;
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical && acceptedBy(GraphQLLocale, canonical) ? canonical : null;
  } catch {
    return null;
  }
}

export interface PhoneHints {
  kind: PhoneKind;
  /** ISO country the vendor gave beside the number. */
  country?: string | null;
  /** Calling code the vendor gave beside the number (`49`, `+49`). */
  callingCode?: string | null;
}

/** The number as sent, plus E.164 when it is a valid number (with the vendor's country as a hint). */
export function toContactPhone(raw: string | null | undefined, hints: PhoneHints): ContactPhone | null {
  const text = raw?.trim();
  if (!text) return null;
  const country = toCountryCode(hints.country);
  const calling = hints.callingCode?.replace(/\D/g, '');
  const candidate = !text.startsWith('+') && !country && calling ? `+${calling}${text}` : text;
  const parsed = parsePhoneNumberFromString(candidate, (country ?? undefined) as CountryCode | undefined);
  const valid = parsed?.isValid() === true;
  return {
    raw: text,
    e164: valid ? parsed.number : null,
    country: (valid ? parsed.country : undefined) ?? country,
    kind: hints.kind,
  };
}

/** `YYYY-MM-DD` when the vendor's date is a real calendar date, else null. */
export function toLocalDate(raw: string | null | undefined): string | null {
  const text = raw?.trim().slice(0, 10);
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  return DateTime.fromISO(text).isValid ? text : null;
}

/** A vendor's wall-clock `YYYY-MM-DD HH:MM:SS` in its site's IANA zone, as an instant. */
export function siteTimeToDate(raw: string | null | undefined, zone: string): Date | null {
  const text = raw?.trim();
  if (!text) return null;
  const time = DateTime.fromSQL(text, { zone });
  return time.isValid ? time.toJSDate() : null;
}

/** An ISO 8601 timestamp with an offset, as an instant. */
export function isoToDate(raw: string | null | undefined): Date | null {
  const text = raw?.trim();
  if (!text) return null;
  const time = DateTime.fromISO(text, { setZone: true });
  return time.isValid ? time.toJSDate() : null;
}

/** Case- and accent-insensitive form for matching search terms (`Zoë` matches `zoe`). */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Our own search semantics, for sources whose vendor cannot search. */
export function customerMatchesSearch(customer: Customer, term: string): boolean {
  const needle = foldText(term.trim());
  if (!needle) return true;
  const haystack = [
    customer.firstName,
    customer.lastName,
    customer.displayName,
    customer.firstName && customer.lastName ? `${customer.firstName} ${customer.lastName}` : null,
    customer.email,
    ...customer.additionalEmails,
    ...customer.phones.flatMap((phone) => [phone.raw, phone.e164]),
    customer.note,
  ];
  return haystack.some((value) => value != null && foldText(value).includes(needle));
}

/**
 * Whether any text in a vendor record contains the term: the check that a vendor's own search
 * really was applied (it may match fields we do not see, such as a note left out of a list).
 */
export function recordMentions(record: JsonValue, term: string): boolean {
  const needle = foldText(term.trim());
  const visit = (value: JsonValue): boolean => {
    if (typeof value === 'string') return foldText(value).includes(needle);
    if (typeof value === 'number') return String(value).includes(needle);
    if (Array.isArray(value)) return value.some(visit);
    if (value && typeof value === 'object') return Object.values(value).some(visit);
    return false;
  };
  return needle === '' || visit(record);
}

export function customerHasEmail(customer: Customer, emails: ReadonlySet<string>): boolean {
  return customer.email !== null && emails.has(normalizeEmail(customer.email));
}
