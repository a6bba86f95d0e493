// Amelia customer JSON ⇄ the unified Customer and CustomerDraft (amelia-customers.txt), and the value
// readers and deletion answer every Amelia mapping shares. Pure functions only.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { siteTimeToDate, toContactPhone, toEmail, toLocalDate, toLocale } from '../kit/normalize.ts';
import { isJsonObject } from '../kit/parsed-json.ts';
import type { AmeliaAppointmentStats, CustomerDraft, CustomerOf, DeletionCheck, Gender, JsonObject, JsonValue } from '../model/index.ts';
import type { AmeliaCustomerBody, AmeliaCustomerRecord } from './payloads.ts';

/** `timeZone`: the site's IANA zone, in which Amelia writes `lastAppointment`. */
export function toAmeliaCustomer(record: AmeliaCustomerRecord, timeZone: string): CustomerOf<'AMELIA'> {
  const translations = parseTranslations(record.translations);
  const language = textOrNull(translations?.defaultLanguage) ?? textOrNull(record.language);
  const phone = toContactPhone(record.phone, { kind: 'PRIMARY', country: record.countryPhoneIso });
  return {
    source: 'AMELIA',
    sourceId: String(record.id),
    firstName: textOrNull(record.firstName),
    lastName: textOrNull(record.lastName),
    displayName: null,
    email: toEmail(record.email),
    additionalEmails: [],
    phones: phone ? [phone] : [],
    birthday: toLocalDate(record.birthday),
    gender: toGender(record.gender),
    note: textOrNull(record.note),
    locale: toLocale(language),
    company: null,
    createdAt: null,
    updatedAt: null,
    sourceRecord: record,
    amelia: {
      status: textOrNull(record.status),
      type: textOrNull(record.type),
      wordpressUserId: toWholeNumber(record.externalId),
      countryPhoneIso: textOrNull(record.countryPhoneIso),
      language,
      translations,
      appointmentStats: toAppointmentStats(record, timeZone),
    },
  };
}

/** The stats only the list sends; null when the record carries none of them (the single GET). */
export function toAppointmentStats(record: AmeliaCustomerRecord, timeZone: string): AmeliaAppointmentStats | null {
  const { totalAppointments, countPendingAppointments, lastAppointment } = record;
  if (totalAppointments === undefined && countPendingAppointments === undefined && lastAppointment === undefined) {
    return null;
  }
  return {
    total: toWholeNumber(totalAppointments),
    pending: toWholeNumber(countPendingAppointments),
    lastAppointmentAt: siteTimeToDate(lastAppointment, timeZone),
  };
}

/** `"{\"defaultLanguage\":\"en_GB\"}"` → an object; anything unreadable → null. */
export function parseTranslations(raw: AmeliaCustomerRecord['translations']): JsonObject | null {
  if (raw == null) return null;
  if (typeof raw !== 'string') return raw;
  try {
    const parsed = JSON.parse(raw) as JsonValue;
    return isJsonObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function toGender(raw: string | null | undefined): Gender | null {
  const value = raw?.trim().toLowerCase();
  if (value === 'male') return 'MALE';
  if (value === 'female') return 'FEMALE';
  return null;
}

export function toWholeNumber(raw: JsonValue | undefined): number | null {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw >= 0 ? raw : null;
  if (typeof raw === 'string' && /^\d+$/.test(raw.trim())) return Number(raw.trim());
  return null;
}

/** Text as sent; empty or blank → null. */
export function textOrNull(raw: JsonValue | undefined): string | null {
  return typeof raw === 'string' && raw.trim() !== '' ? raw : null;
}

/** An id, as text, when it is a positive whole number (`2`, `"2"`); else null. */
export function idText(raw: number | string | null | undefined): string | null {
  if (raw == null) return null;
  const text = String(raw).trim();
  return /^[1-9]\d*$/.test(text) ? text : null;
}

/** A create body, in the document's property order; on create `null` means "not set", so it is left out. */
export function toCreateBody(draft: CustomerDraft): AmeliaCustomerBody {
  return Object.fromEntries(Object.entries(toUpdateBody(draft)).filter(([, value]) => value !== null)) as AmeliaCustomerBody;
}

/** Only the properties the patch mentions, in the document's order; `null` clears (a cleared phone clears its country too). */
export function toUpdateBody(patch: CustomerDraft): AmeliaCustomerBody {
  const body: AmeliaCustomerBody = {};
  if (patch.firstName != null) body.firstName = patch.firstName.trim();
  if (patch.lastName != null) body.lastName = patch.lastName.trim();
  const wordpressUserId = patch.amelia?.wordpressUserId;
  if (wordpressUserId !== undefined) body.externalId = wordpressUserId;
  if (patch.phone !== undefined) {
    body.phone = patch.phone;
    body.countryPhoneIso = patch.phone === null ? null : phoneCountryIso(patch.phone);
  }
  if (patch.email !== undefined) body.email = patch.email?.trim() ?? null;
  if (patch.gender !== undefined) body.gender = toAmeliaGender(patch.gender);
  if (patch.birthday !== undefined) body.birthday = patch.birthday;
  if (patch.note !== undefined) body.note = patch.note?.trim() ?? null;
  if (patch.locale !== undefined) body.language = patch.locale === null ? null : toAmeliaLanguage(patch.locale);
  return body;
}

/** `+381601234567` → `rs`: the country of the number, else the main country of its calling code; null for non-geographic numbers. */
export function phoneCountryIso(e164: string): string | null {
  const parsed = parsePhoneNumberFromString(e164);
  const country = parsed?.country ?? parsed?.getPossibleCountries()[0];
  return country ? country.toLowerCase() : null;
}

/** BCP 47 `en-GB` → Amelia's (WordPress's) `en_GB`. */
export function toAmeliaLanguage(locale: string): string {
  return (toLocale(locale) ?? locale).replace(/-/g, '_');
}

function toAmeliaGender(gender: Gender | null): 'female' | 'male' | null {
  if (gender === 'FEMALE') return 'female';
  if (gender === 'MALE') return 'male';
  // OTHER never gets here: validation refuses it.
  return null;
}

/** Amelia's property names in a refused body → our input fields. */
const INPUT_FIELD_BY_PROPERTY: Readonly<Record<string, string>> = {
  firstName: 'firstName',
  lastName: 'lastName',
  externalId: 'amelia.wordpressUserId',
  phone: 'phone',
  countryPhoneIso: 'phone',
  email: 'email',
  gender: 'gender',
  birthday: 'birthday',
  note: 'note',
  language: 'locale',
};

/** The first property Amelia named that we know, as our input field; null when it named none. */
export function toInputField(invalidProperties: readonly string[]): string | null {
  return invalidProperties.map((property) => INPUT_FIELD_BY_PROPERTY[property]).find((field) => field !== undefined) ?? null;
}

/** The effect answer as a DeletionCheck; the count is parsed from Amelia's message. */
export function toDeletionCheck(
  effect: { valid: boolean; message?: string | null | undefined },
  kind: 'customer' | 'employee' = 'customer',
): DeletionCheck {
  if (effect.valid) return { allowed: true, reason: null, futureAppointments: null, checkedBySource: true };
  const message = effect.message?.replace(/\s+/g, ' ').trim();
  return {
    allowed: false,
    reason: message || `Amelia does not allow deleting this ${kind}.`,
    futureAppointments: futureAppointmentsIn(message ?? ''),
    checkedBySource: true,
  };
}

/**
 * "This user has 7 appointments in the future." → 7. Amelia translates the message, so the number
 * before "appointment" wins, else the only number in it; null when that is not clear.
 */
export function futureAppointmentsIn(message: string): number | null {
  const counted = /(\d+)\s+appointments?\b/i.exec(message)?.[1];
  const numbers = message.match(/\d+/g) ?? [];
  const count = counted ?? (numbers.length === 1 ? numbers[0] : undefined);
  return count === undefined ? null : Number(count);
}
