// KB Support customer JSON → the unified Customer. Pure functions; both installation shapes
// (kbsupport-customers.txt and kbsupport-observed.md) map the same way.

import { siteTimeToDate, toContactPhone, toEmail } from '../kit/normalize.ts';
import type { ContactPhone, CustomerOf, KbSupportNote, PostalAddress } from '../model/index.ts';
import { idText } from './ids.ts';
import type { KbsCustomer, KbsStringList } from './payloads.ts';

export function toCustomer(record: KbsCustomer, timeZone: string): CustomerOf<'KB_SUPPORT'> {
  const displayName = textOrNull(record.name);
  const address = toAddress(record.address);
  return {
    source: 'KB_SUPPORT',
    sourceId: idText(record.id),
    ...splitName(displayName),
    displayName,
    email: toEmail(record.email),
    additionalEmails: listValues(record.additional_emails).flatMap((raw) => toEmail(raw) ?? []),
    phones: toPhones(record.phone, address?.country ?? null),
    birthday: null,
    gender: null,
    // The schema shows KB Support notes under kbSupport.notes, not in the single `note`.
    note: null,
    locale: null,
    // kbsupport-observed.md: `company` is a company post id, not a name.
    company: null,
    createdAt: siteTimeToDate(record.date_created, timeZone),
    updatedAt: null,
    sourceRecord: record,
    kbSupport: {
      wordpressUserId: positiveNumber(record.user_id),
      companyId: positiveIdText(record.company),
      website: textOrNull(record.website),
      address,
      ticketCount: toTicketCount(record.ticket_count),
      notes: listValues(record.notes).map((note) => toNote(note, timeZone)),
    },
  };
}

/** `name` is one field: the last word is the last name, the rest the first name. */
export function splitName(name: string | null): { firstName: string | null; lastName: string | null } {
  const words = name?.split(/\s+/).filter((word) => word !== '') ?? [];
  if (words.length === 0) return { firstName: null, lastName: null };
  if (words.length === 1) return { firstName: words[0] ?? null, lastName: null };
  return { firstName: words.slice(0, -1).join(' '), lastName: words.at(-1) ?? null };
}

function toPhones(phone: KbsCustomer['phone'], addressCountry: string | null): ContactPhone[] {
  if (!phone || Array.isArray(phone)) return [];
  // KB Support keeps no phone country; the customer's address country is the best hint for a national number.
  const primary = toContactPhone(phone.primary, { kind: 'PRIMARY', country: addressCountry });
  const additional = toContactPhone(phone.additional, { kind: 'ADDITIONAL', country: addressCountry });
  return [primary, additional].filter((entry) => entry !== null);
}

function toAddress(address: KbsCustomer['address']): PostalAddress | null {
  if (!address || Array.isArray(address)) return null;
  // kbsupport-customers.txt: address is a string; it is kept whole as the first line.
  if (typeof address === 'string') {
    const line = textOrNull(address);
    return line === null ? null : { line1: line, line2: null, city: null, state: null, postalCode: null, country: null };
  }
  const mapped: PostalAddress = {
    line1: textOrNull(address.line1),
    line2: textOrNull(address.line2),
    city: textOrNull(address.city),
    state: textOrNull(address.state),
    postalCode: textOrNull(address.zip),
    country: textOrNull(address.country),
  };
  return Object.values(mapped).every((value) => value === null) ? null : mapped;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const NOTE_PATTERN = /^([A-Za-z]+) (\d{1,2}), (\d{4}) (\d{1,2}):(\d{2}):(\d{2}) - ([\s\S]*)$/;

/** kbsupport-observed.md: `"<Month D, YYYY HH:MM:SS> - <text>"`, written in the site's time zone. */
export function toNote(raw: string, timeZone: string): KbSupportNote {
  const match = NOTE_PATTERN.exec(raw);
  if (!match) return { writtenAt: null, text: raw };
  const [, monthName = '', day = '', year = '', hour = '', minute = '', second = '', text = ''] = match;
  const month = MONTHS.indexOf(monthName) + 1;
  if (month === 0) return { writtenAt: null, text: raw };
  const pad = (value: string | number) => String(value).padStart(2, '0');
  const writtenAt = siteTimeToDate(`${year}-${pad(month)}-${pad(day)} ${pad(hour)}:${minute}:${second}`, timeZone);
  return writtenAt === null ? { writtenAt: null, text: raw } : { writtenAt, text };
}

function listValues(list: KbsStringList): string[] {
  if (!list) return [];
  return Array.isArray(list) ? list : Object.values(list);
}

function toTicketCount(count: KbsCustomer['ticket_count']): number | null {
  if (typeof count === 'number') return count;
  if (typeof count === 'string') return Number(count);
  return null;
}

/** `user_id`: 0, "" or absent mean no WordPress user. */
function positiveNumber(value: string | number | null | undefined): number | null {
  const number = value === '' || value == null ? 0 : Number(value);
  return number > 0 ? number : null;
}

function positiveIdText(value: string | number | null | undefined): string | null {
  return positiveNumber(value) === null ? null : idText(value as string | number);
}

function textOrNull(value: string | null | undefined): string | null {
  const text = value?.trim();
  return text ? text : null;
}
