// zod guards for every Amelia provider (employee) answer the adapter reads (amelia-employees.txt),
// and the shape of the bodies it sends.
import { z } from 'zod';
import { checkedObject, parsedJsonObject } from '../../kit/parsed-json.ts';
import { ameliaAnswer, ameliaWrittenUser, countNumber, optionalText } from '../payloads.ts';

/** Ids arrive as numbers; a numeric string is tolerated. */
const idValue = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]);
// Not transformed: the record is passed on as it came (checkedObject), so it must read as itself.
const numberValue = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]);
const wallTime = z.string().regex(/^\d{2}:\d{2}(:\d{2})?$/);
const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/);

const timeOut = z.looseObject({ startTime: wallTime, endTime: wallTime });

// amelia-employees.txt: list items come as `{ id: null, locationId: 2 }`, `{ locationId: 2 }` or `{ serviceId: 2 }`.
const periodLocation = z.looseObject({ id: idValue.nullish(), locationId: idValue.nullish() });
const periodService = z.looseObject({ id: idValue.nullish(), serviceId: idValue.nullish() });

const period = z.looseObject({
  startTime: wallTime,
  endTime: wallTime,
  locationId: idValue.nullish(),
  periodLocationList: z.array(periodLocation).nullish(),
  periodServiceList: z.array(periodService).nullish(),
});
export type AmeliaPeriod = z.output<typeof period>;

const weekDay = z.looseObject({
  dayIndex: z.number().int().min(1).max(7),
  startTime: wallTime,
  endTime: wallTime,
  timeOutList: z.array(timeOut).nullish(),
  periodList: z.array(period).nullish(),
});
export type AmeliaWeekDay = z.output<typeof weekDay>;

const specialDay = z.looseObject({
  startDate: calendarDate,
  endDate: calendarDate,
  periodList: z.array(period).nullish(),
});
export type AmeliaSpecialDay = z.output<typeof specialDay>;

const dayOff = z.looseObject({
  name: optionalText,
  startDate: calendarDate,
  endDate: calendarDate,
  repeat: z.union([z.number(), z.boolean(), z.string()]).nullish(),
});
export type AmeliaDayOff = z.output<typeof dayOff>;

const providerService = z.looseObject({
  id: idValue,
  price: numberValue,
  minCapacity: numberValue,
  maxCapacity: numberValue,
  // amelia-employees.txt: `customPricing` is JSON inside a string; tolerated as an object too.
  customPricing: z.union([z.string(), parsedJsonObject]).nullish(),
});
export type AmeliaProviderService = z.output<typeof providerService>;

/** One provider as the list (a summary: no lists), the single GET and the write answers send it; every field but `id` may be missing. */
const providerFields = z.looseObject({
  id: z.number().int().positive(),
  type: optionalText,
  status: optionalText,
  firstName: optionalText,
  lastName: optionalText,
  email: optionalText,
  phone: optionalText,
  countryPhoneIso: optionalText,
  // amelia-employees.txt: `"externalId": ""` when no WordPress user is linked.
  externalId: z.union([z.number(), z.string()]).nullish(),
  locationId: idValue.nullish(),
  timeZone: optionalText,
  zoomUserId: optionalText,
  note: optionalText,
  description: optionalText,
  descriptionHtml: optionalText,
  pictureFullPath: optionalText,
  pictureThumbPath: optionalText,
  activity: optionalText,
  serviceList: z.array(providerService).nullish(),
  weekDayList: z.array(weekDay).nullish(),
  specialDayList: z.array(specialDay).nullish(),
  dayOffList: z.array(dayOff).nullish(),
});

/** The typed fields, and the whole record as plain JSON (kept untouched as `sourceRecord`). */
export const ameliaProviderRecord = checkedObject(providerFields);
export type AmeliaProviderRecord = z.output<typeof ameliaProviderRecord>;

/** `GET …/users/providers&page=&search=&services[0]=&location=` — counts named unlike the customer list's. */
export const ameliaProviderList = ameliaAnswer(
  z.object({
    users: z.array(ameliaProviderRecord),
    countFiltered: countNumber,
    countTotal: countNumber,
  }),
);
export type AmeliaProviderList = z.output<typeof ameliaProviderList>;

/** `GET …/users/providers/{id}` */
export const ameliaProviderAnswer = ameliaAnswer(z.object({ user: ameliaProviderRecord }));

/** `POST …/users/providers` and `POST …/users/providers/{id}`: the written user; create adds the panel e-mail flag and `password`. */
export const ameliaProviderWriteAnswer = ameliaAnswer(
  z.object({
    user: ameliaWrittenUser,
    sendEmployeePanelAccessEmail: z.boolean().nullish(),
  }),
);

/** `GET …/locations` (Amelia's locations route; not in amelia-employees.txt). */
export const ameliaLocationList = ameliaAnswer(
  z.object({
    locations: z.array(z.looseObject({ id: idValue, name: optionalText })),
  }),
);

export interface AmeliaPeriodBody {
  startTime: string;
  endTime: string;
  locationId?: number | null;
  periodLocationList: Array<{ id?: null; locationId: number }>;
  periodServiceList: Array<{ id?: null; serviceId: number }>;
}

export interface AmeliaWeekDayBody {
  dayIndex: number;
  startTime: string;
  endTime: string;
  timeOutList: Array<{ startTime: string; endTime: string }>;
  periodList: AmeliaPeriodBody[];
}

export interface AmeliaSpecialDayBody {
  startDate: string;
  endDate: string;
  periodList: AmeliaPeriodBody[];
}

export interface AmeliaDayOffBody {
  name: string;
  startDate: string;
  endDate: string;
  repeat: 0 | 1;
}

export interface AmeliaProviderServiceBody {
  id: number;
  price: number;
  minCapacity: number;
  maxCapacity: number;
  /** JSON inside a string, as Amelia keeps it. */
  customPricing: string;
}

/** What a create or update sends (amelia-employees.txt); an update carries only the mentioned properties. */
export interface AmeliaProviderBody {
  status?: 'visible' | 'hidden';
  firstName?: string;
  lastName?: string;
  email?: string;
  /** "" for no WordPress user, as the document's example sends it. */
  externalId?: number | '';
  locationId?: number | null;
  phone?: string;
  countryPhoneIso?: string;
  zoomUserId?: string;
  note?: string;
  description?: string;
  pictureFullPath?: string;
  pictureThumbPath?: string;
  serviceList?: AmeliaProviderServiceBody[];
  weekDayList?: AmeliaWeekDayBody[];
  specialDayList?: AmeliaSpecialDayBody[];
  dayOffList?: AmeliaDayOffBody[];
  sendEmployeePanelAccessEmail?: boolean;
  descriptionHtml?: string;
  timeZone?: string;
}
