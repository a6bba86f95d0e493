// Amelia provider JSON ⇄ the unified Employee and EmployeeDraft (amelia-employees.txt). Pure functions only.
import { getCountries } from 'libphonenumber-js/max';
import { IANAZone } from 'luxon';
import {
  WEEKDAYS,
  type CustomPricing,
  type DayOff,
  type Employee,
  type EmployeeDraft,
  type EmployeeService,
  type EmployeeStatus,
  type JsonObject,
  type JsonValue,
  type SpecialDay,
  type TimeRange,
  type WorkDay,
  type Weekday,
  type WorkPeriod,
  type WriteMode,
} from '../model/index.ts';
import { toContactPhone, toEmail } from '../kit/normalize.ts';
import { isJsonObject } from '../kit/parsed-json.ts';
import { phoneCountryIso, textOrNull, toWholeNumber } from './map.ts';
import type {
  AmeliaDayOff,
  AmeliaDayOffBody,
  AmeliaPeriod,
  AmeliaPeriodBody,
  AmeliaProviderBody,
  AmeliaProviderRecord,
  AmeliaProviderService,
  AmeliaProviderServiceBody,
  AmeliaSpecialDay,
  AmeliaSpecialDayBody,
  AmeliaWeekDay,
  AmeliaWeekDayBody,
} from './employee-payloads.ts';

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

function idText(raw: number | string | null | undefined): string | null {
  if (raw == null) return null;
  const text = String(raw).trim();
  return /^[1-9]\d*$/.test(text) ? text : null;
}

/** `09:00` → `09:00:00`: times are kept as Amelia keeps them, with seconds. */
function withSeconds(time: string): string {
  return /^\d{2}:\d{2}$/.test(time) ? `${time}:00` : time;
}

function toTimeRange(range: { startTime: string; endTime: string }): TimeRange {
  return { start: withSeconds(range.startTime), end: withSeconds(range.endTime) };
}

function toWorkDay(day: AmeliaWeekDay): WorkDay {
  return {
    // The guard keeps dayIndex within 1..7.
    day: WEEKDAYS[day.dayIndex - 1] as Weekday,
    ...toTimeRange(day),
    breaks: (day.timeOutList ?? []).map(toTimeRange),
    periods: (day.periodList ?? []).map(toWorkPeriod),
  };
}

/** amelia-employees.txt: list items name their location or service as `locationId`/`serviceId`, else as `id`. */
function toWorkPeriod(period: AmeliaPeriod): WorkPeriod {
  return {
    ...toTimeRange(period),
    locationId: idText(period.locationId),
    locationIds: (period.periodLocationList ?? []).flatMap((item) => idText(item.locationId ?? item.id) ?? []),
    serviceIds: (period.periodServiceList ?? []).flatMap((item) => idText(item.serviceId ?? item.id) ?? []),
  };
}

function toSpecialDay(day: AmeliaSpecialDay): SpecialDay {
  return {
    startDate: day.startDate.slice(0, 10),
    endDate: day.endDate.slice(0, 10),
    periods: (day.periodList ?? []).map(toWorkPeriod),
  };
}

function toDayOff(day: AmeliaDayOff): DayOff {
  return {
    name: day.name ?? '',
    startDate: day.startDate.slice(0, 10),
    endDate: day.endDate.slice(0, 10),
    repeatsYearly: day.repeat === 1 || day.repeat === true || day.repeat === '1',
  };
}

function toEmployeeService(service: AmeliaProviderService): EmployeeService {
  return {
    serviceId: String(service.id),
    price: Number(service.price),
    minCapacity: Number(service.minCapacity),
    maxCapacity: Number(service.maxCapacity),
    customPricing: parseCustomPricing(service.customPricing),
    customPricingRaw: service.customPricing ?? null,
  };
}

/**
 * `"{\"enabled\":false,\"durations\":{}}"` → an object whose durations are each keyed by whole
 * seconds with a numeric price (numeric text, as PHP may send it, becomes a number); anything
 * unreadable → null, never a crash.
 */
export function parseCustomPricing(raw: JsonValue | undefined): CustomPricing | null {
  let value: JsonValue | undefined = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as JsonValue;
    } catch {
      return null;
    }
  }
  if (!isJsonObject(value) || typeof value['enabled'] !== 'boolean') return null;
  const durations = value['durations'];
  // PHP encodes an empty map as `[]`.
  if (durations === undefined || (Array.isArray(durations) && durations.length === 0)) return { enabled: value['enabled'], durations: {} };
  if (!isJsonObject(durations)) return null;
  const entries = Object.entries(durations).map(([seconds, entry]) => readDuration(seconds, entry));
  if (entries.some((entry) => entry === null)) return null;
  return { enabled: value['enabled'], durations: Object.fromEntries(entries.filter((entry) => entry !== null)) };
}

/** `"1800": { "price": 25, "rules": [] }`; null when the key is no whole number of seconds or the price no number. */
function readDuration(seconds: string, entry: JsonValue): [string, JsonObject] | null {
  if (!/^[1-9]\d*$/.test(seconds) || !Number.isSafeInteger(Number(seconds)) || !isJsonObject(entry)) return null;
  const raw = entry['price'];
  const price = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : null;
  return price === null || !Number.isFinite(price) ? null : [seconds, { ...entry, price }];
}

// Unified → vendor.

const DISABLED_PRICING: CustomPricing = { enabled: false, durations: {} };

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

type DraftService = NonNullable<EmployeeDraft['services']>[number];

function toServiceBody(service: DraftService): AmeliaProviderServiceBody {
  return {
    id: Number(service.serviceId),
    price: service.price,
    minCapacity: service.minCapacity,
    maxCapacity: service.maxCapacity,
    customPricing: toCustomPricingText(service.customPricing ?? DISABLED_PRICING),
  };
}

/** Amelia keeps custom pricing as JSON inside a string. */
export function toCustomPricingText(pricing: CustomPricing): string {
  return JSON.stringify({ enabled: pricing.enabled, durations: pricing.durations ?? {} });
}

// The draft comes from the public input, where a period's lists and a day's breaks and periods may be left out.
type LoosePeriod = Partial<Pick<WorkPeriod, 'locationId' | 'locationIds' | 'serviceIds'>> & TimeRange;

function toWeekDayBody(day: WorkDay): AmeliaWeekDayBody {
  const periods: LoosePeriod[] | null | undefined = day.periods;
  return {
    dayIndex: WEEKDAYS.indexOf(day.day) + 1,
    startTime: withSeconds(day.start),
    endTime: withSeconds(day.end),
    timeOutList: (day.breaks ?? []).map((range) => ({ startTime: withSeconds(range.start), endTime: withSeconds(range.end) })),
    // A day given without periods is one period over the whole day.
    periodList: (periods ?? [{ start: day.start, end: day.end }]).map((period) => toPeriodBody(period, 'weekDay')),
  };
}

/**
 * amelia-employees.txt shows two period forms: a weekday's carries `locationId` and list items with
 * `id: null`; a special day's leaves both out.
 */
function toPeriodBody(period: LoosePeriod, form: 'weekDay' | 'specialDay'): AmeliaPeriodBody {
  const locationId = period.locationId == null ? null : Number(period.locationId);
  const rowId = form === 'weekDay' ? { id: null } : {};
  return {
    startTime: withSeconds(period.start),
    endTime: withSeconds(period.end),
    ...(form === 'weekDay' || locationId !== null ? { locationId } : {}),
    periodLocationList: (period.locationIds ?? []).map((id) => ({ ...rowId, locationId: Number(id) })),
    periodServiceList: (period.serviceIds ?? []).map((id) => ({ ...rowId, serviceId: Number(id) })),
  };
}

function toSpecialDayBody(day: SpecialDay): AmeliaSpecialDayBody {
  return {
    startDate: day.startDate,
    endDate: day.endDate,
    periodList: (day.periods ?? []).map((period) => toPeriodBody(period, 'specialDay')),
  };
}

function toDayOffBody(day: DayOff): AmeliaDayOffBody {
  return { name: day.name.trim(), startDate: day.startDate, endDate: day.endDate, repeat: day.repeatsYearly ? 1 : 0 };
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
    countryByZone = new Map([...counts].flatMap(([listed, countries]) => (countries.length === 1 && countries[0] ? [[listed, countries[0].toLowerCase()]] : [])));
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
  for (const property of invalidProperties) {
    const field = INPUT_FIELD_BY_PROPERTY[property];
    if (field !== undefined) return field;
  }
  return null;
}
