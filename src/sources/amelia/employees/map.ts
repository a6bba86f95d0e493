// Amelia provider JSON ⇄ the unified Employee and EmployeeDraft (amelia-employees.txt): the record, with
// its services (services-map.ts) and working time (schedule-map.ts). Pure functions only.
import { getCountries } from 'libphonenumber-js/max';
import { IANAZone } from 'luxon';
import { toContactPhone, toEmail } from '../../kit/normalize.ts';
import type { Employee, EmployeeDraft, EmployeeStatus, WriteMode } from '../../model/index.ts';
import { idText, phoneCountryIso, textOrNull, toWholeNumber } from '../map.ts';
import type { AmeliaProviderBody, AmeliaProviderRecord } from './payloads.ts';
import { toDayOff, toDayOffBody, toSpecialDay, toSpecialDayBody, toWeekDayBody, toWorkDay } from './schedule-map.ts';
import { toEmployeeService, toServiceBody } from './services-map.ts';

// Vendor → unified.

export function toEmployee(record: AmeliaProviderRecord): Employee {
  return {
    source: 'AMELIA',
    sourceId: String(record.id),
    firstName: textOrNull(record.firstName),
    lastName: textOrNull(record.lastName),
    email: toEmail(record.email),
    phone: toContactPhone(record.phone, { kind: 'PRIMARY', country: record.countryPhoneIso }),
    countryPhoneIso: textOrNull(record.countryPhoneIso),
    status: toStatus(record.status),
    timeZone: toTimeZone(record.timeZone),
    locationId: idText(record.locationId),
    wordpressUserId: toWholeNumber(record.externalId),
    zoomUserId: textOrNull(record.zoomUserId),
    note: textOrNull(record.note),
    description: textOrNull(record.description),
    descriptionHtml: textOrNull(record.descriptionHtml),
    pictureFullPath: textOrNull(record.pictureFullPath),
    pictureThumbPath: textOrNull(record.pictureThumbPath),
    activity: textOrNull(record.activity),
    services: listOrNull(record.serviceList, toEmployeeService),
    weeklySchedule: listOrNull(record.weekDayList, toWorkDay),
    specialDays: listOrNull(record.specialDayList, toSpecialDay),
    daysOff: listOrNull(record.dayOffList, toDayOff),
    sourceRecord: record,
  };
}

/** A list the answer left out is unknown (null), not empty. */
function listOrNull<T, U>(list: readonly T[] | null | undefined, map: (item: T) => U): U[] | null {
  return list == null ? null : list.map(map);
}

function toStatus(raw: string | null | undefined): EmployeeStatus | null {
  const value = raw?.trim().toLowerCase();
  if (value === 'visible') return 'VISIBLE';
  if (value === 'hidden') return 'HIDDEN';
  return null;
}

function toTimeZone(raw: string | null | undefined): string | null {
  const zone = textOrNull(raw)?.trim();
  return zone && IANAZone.create(zone).isValid ? zone : null;
}

// Unified → vendor.

/**
 * The body of a create or update: only the properties the draft mentions, in the document's order
 * (a list sent replaces Amelia's). Cleared text is sent as "" and a cleared WordPress user as "",
 * as the document's create example does. `countryPhoneIso` follows the phone, else the time zone.
 */
export function toProviderBody(draft: EmployeeDraft, mode: WriteMode = 'update'): AmeliaProviderBody {
  const body: AmeliaProviderBody = {};
  if (draft.status !== undefined) body.status = draft.status === 'HIDDEN' ? 'hidden' : 'visible';
  if (draft.firstName !== undefined) body.firstName = draft.firstName.trim();
  if (draft.lastName !== undefined) body.lastName = draft.lastName.trim();
  if (draft.email !== undefined) body.email = draft.email.trim();
  if (draft.wordpressUserId !== undefined) body.externalId = draft.wordpressUserId ?? '';
  if (draft.locationId !== undefined) body.locationId = draft.locationId === null ? null : Number(draft.locationId);
  if (draft.phone !== undefined) body.phone = draft.phone ?? '';
  // An update that leaves the phone alone keeps its country, whatever the time zone becomes.
  if (draft.phone !== undefined || mode === 'create') {
    const country = draft.phone ? phoneCountryIso(draft.phone) : draft.timeZone ? phoneCountryOfZone(draft.timeZone) : null;
    if (country !== null) body.countryPhoneIso = country;
  }
  if (draft.zoomUserId !== undefined) body.zoomUserId = draft.zoomUserId ?? '';
  if (draft.note !== undefined) body.note = draft.note ?? '';
  if (draft.description !== undefined) body.description = draft.description ?? '';
  if (draft.pictureFullPath !== undefined) body.pictureFullPath = draft.pictureFullPath ?? '';
  if (draft.pictureThumbPath !== undefined) body.pictureThumbPath = draft.pictureThumbPath ?? '';
  if (draft.services !== undefined) body.serviceList = (draft.services ?? []).map(toServiceBody);
  if (draft.weeklySchedule !== undefined) body.weekDayList = (draft.weeklySchedule ?? []).map(toWeekDayBody);
  if (draft.specialDays !== undefined) body.specialDayList = (draft.specialDays ?? []).map(toSpecialDayBody);
  if (draft.daysOff !== undefined) body.dayOffList = (draft.daysOff ?? []).map(toDayOffBody);
  if (draft.sendEmployeePanelAccessEmail !== undefined) body.sendEmployeePanelAccessEmail = draft.sendEmployeePanelAccessEmail;
  if (draft.descriptionHtml !== undefined) body.descriptionHtml = draft.descriptionHtml ?? '';
  if (draft.timeZone !== undefined) body.timeZone = draft.timeZone ?? '';
  return body;
}

let countryByZone: Map<string, string> | null = null;

/**
 * The country of an IANA zone (`Europe/Belgrade` → `rs`), from the zones ICU lists per region; null
 * when no single country has it. An employee without a phone still gets Amelia's phone-widget
 * country this way, as in the document's create example (`"phone": ""`, `"countryPhoneIso": "rs"`).
 */
export function phoneCountryOfZone(zone: string): string | null {
  if (countryByZone === null) {
    const counts = new Map<string, string[]>();
    for (const country of getCountries()) {
      for (const listed of zonesOfRegion(country)) counts.set(listed, [...(counts.get(listed) ?? []), country]);
    }
    countryByZone = new Map(
      [...counts].flatMap(([listed, countries]) => (countries.length === 1 && countries[0] ? [[listed, countries[0].toLowerCase()]] : [])),
    );
  }
  return countryByZone.get(zone) ?? null;
}

function zonesOfRegion(country: string): string[] {
  // Intl Locale Info: an accessor in older engines, a method in newer ones; not yet in TypeScript's lib.
  const locale = new Intl.Locale(`und-${country}`) as Intl.Locale & { timeZones?: string[]; getTimeZones?: () => string[] | undefined };
  return (typeof locale.getTimeZones === 'function' ? locale.getTimeZones() : locale.timeZones) ?? [];
}

/** Amelia's property names in a refused body → our input fields. */
const INPUT_FIELD_BY_PROPERTY: Readonly<Record<string, string>> = {
  status: 'status',
  firstName: 'firstName',
  lastName: 'lastName',
  email: 'email',
  externalId: 'wordpressUserId',
  locationId: 'locationId',
  phone: 'phone',
  countryPhoneIso: 'phone',
  zoomUserId: 'zoomUserId',
  note: 'note',
  description: 'description',
  pictureFullPath: 'pictureFullPath',
  pictureThumbPath: 'pictureThumbPath',
  serviceList: 'services',
  weekDayList: 'weeklySchedule',
  specialDayList: 'specialDays',
  dayOffList: 'daysOff',
  descriptionHtml: 'descriptionHtml',
  timeZone: 'timeZone',
};

/** The first property Amelia named that we know, as our input field; null when it named none. */
export function toEmployeeInputField(invalidProperties: readonly string[]): string | null {
  return invalidProperties.map((property) => INPUT_FIELD_BY_PROPERTY[property]).find((field) => field !== undefined) ?? null;
}
