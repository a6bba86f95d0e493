// Amelia customer JSON → the unified Customer. Pure functions only.
import type { AmeliaAppointmentStats, CustomerOf, Gender, JsonObject, JsonValue } from '../model.ts';
import { siteTimeToDate, toContactPhone, toEmail, toLocalDate, toLocale } from '../normalize.ts';
import type { AmeliaCustomerRecord } from './payloads.ts';

/** `timeZone`: the site's IANA zone, in which Amelia writes `lastAppointment`. */
export function toAmeliaCustomer(record: AmeliaCustomerRecord, timeZone: string): CustomerOf<'AMELIA'> {
  const translations = parseTranslations(record.translations);
  const language = textOrNull(translations?.['defaultLanguage']) ?? textOrNull(record.language);
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
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : null;
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

function toWholeNumber(raw: JsonValue | undefined): number | null {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw >= 0 ? raw : null;
  if (typeof raw === 'string' && /^\d+$/.test(raw.trim())) return Number(raw.trim());
  return null;
}

function textOrNull(raw: JsonValue | undefined): string | null {
  return typeof raw === 'string' && raw.trim() !== '' ? raw : null;
}
