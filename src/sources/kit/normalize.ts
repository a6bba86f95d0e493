// Pure helpers every adapter's mapping shares: emails, phones, locales, dates.

import type { GraphQLScalarType } from 'graphql';
import { GraphQLCountryCode, GraphQLLocale } from 'graphql-scalars';
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { LRUCache } from 'lru-cache';
import { DateTime } from 'luxon';
import type { ContactPhone, PhoneKind } from '../model/index.ts';
import { isEmailAddress } from './email-address.ts';

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

/** Trimmed email when it is an address (internationalised ones included: kit/email-address.ts), else null. */
export function toEmail(raw: string | null | undefined): string | null {
  const email = raw?.trim();
  return email && isEmailAddress(email) ? email : null;
}

/** ISO 3166-1 alpha-2, upper case, or null. */
export function toCountryCode(raw: string | null | undefined): string | null {
  const code = raw?.trim().toUpperCase();
  return code && acceptedBy(GraphQLCountryCode, code) ? code : null;
}

const canonicalLocales = new LRUCache<string, { locale: string | null }>({ max: 1_000 });

/** `en_GB`, `en-gb` → `en-GB`; null when it is not a BCP 47 tag. */
export function toLocale(raw: string | null | undefined): string | null {
  const tag = raw?.trim().replace(/_/g, '-');
  if (!tag) return null;
  let known = canonicalLocales.get(tag);
  if (!known) {
    known = { locale: canonicalLocale(tag) };
    canonicalLocales.set(tag, known);
  }
  return known.locale;
}

function canonicalLocale(tag: string): string | null {
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

// Parsing phone numbers and zoned times dominates mapping; the same values come back request after
// request, so their results are kept (bounded).
const parsedPhones = new LRUCache<string, { e164: string | null; country: string | null }>({ max: 20_000 });
const parsedTimes = new LRUCache<string, { at: number | null }>({ max: 20_000 });

/** The number as sent, plus E.164 when it is a valid number (with the vendor's country as a hint). */
export function toContactPhone(raw: string | null | undefined, hints: PhoneHints): ContactPhone | null {
  const text = raw?.trim();
  if (!text) return null;
  const key = `${text}|${hints.country ?? ''}|${hints.callingCode ?? ''}`;
  let parsed = parsedPhones.get(key);
  if (!parsed) {
    parsed = parsePhone(text, hints);
    parsedPhones.set(key, parsed);
  }
  return { raw: text, ...parsed, kind: hints.kind };
}

function parsePhone(text: string, hints: PhoneHints): { e164: string | null; country: string | null } {
  const country = toCountryCode(hints.country);
  const calling = hints.callingCode?.replace(/\D/g, '');
  const candidate = !text.startsWith('+') && !country && calling ? `+${calling}${text}` : text;
  const parsed = parsePhoneNumberFromString(candidate, (country ?? undefined) as CountryCode | undefined);
  const valid = parsed?.isValid() === true;
  return { e164: valid ? parsed.number : null, country: (valid ? parsed.country : undefined) ?? country };
}

/** `YYYY-MM-DD` when the vendor's date is a real calendar date, else null. */
export function toLocalDate(raw: string | null | undefined): string | null {
  const text = raw?.trim().slice(0, 10);
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const [year, month, day] = [Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10))];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) ? text : null;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return [4, 6, 9, 11].includes(month) ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/** A vendor's wall-clock `YYYY-MM-DD HH:MM:SS` in its site's IANA zone, as an instant. */
export function siteTimeToDate(raw: string | null | undefined, zone: string): Date | null {
  const text = raw?.trim();
  if (!text) return null;
  return cachedInstant(`${zone}|${text}`, () => DateTime.fromSQL(text, { zone }));
}

/** An ISO 8601 timestamp with an offset, as an instant. */
export function isoToDate(raw: string | null | undefined): Date | null {
  const text = raw?.trim();
  if (!text) return null;
  return cachedInstant(`iso|${text}`, () => DateTime.fromISO(text, { setZone: true }));
}

function cachedInstant(key: string, parse: () => DateTime): Date | null {
  let parsed = parsedTimes.get(key);
  if (!parsed) {
    const time = parse();
    parsed = { at: time.isValid ? time.toMillis() : null };
    parsedTimes.set(key, parsed);
  }
  return parsed.at === null ? null : new Date(parsed.at);
}
