// An Amelia provider's working time (amelia-employees.txt: weekDayList, specialDayList, dayOffList) ⇄
// the unified weekly schedule, special days and days off. Pure functions only.
import { type DayOff, type SpecialDay, type TimeRange, WEEKDAYS, type Weekday, type WorkDay, type WorkPeriod } from '../../model/index.ts';
import { idText } from '../map.ts';
import type {
  AmeliaDayOff,
  AmeliaDayOffBody,
  AmeliaPeriod,
  AmeliaPeriodBody,
  AmeliaSpecialDay,
  AmeliaSpecialDayBody,
  AmeliaWeekDay,
  AmeliaWeekDayBody,
} from './payloads.ts';

// Vendor → unified.

/** `09:00` → `09:00:00`: times are kept as Amelia keeps them, with seconds. */
function withSeconds(time: string): string {
  return /^\d{2}:\d{2}$/.test(time) ? `${time}:00` : time;
}

function toTimeRange(range: { startTime: string; endTime: string }): TimeRange {
  return { start: withSeconds(range.startTime), end: withSeconds(range.endTime) };
}

export function toWorkDay(day: AmeliaWeekDay): WorkDay {
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

export function toSpecialDay(day: AmeliaSpecialDay): SpecialDay {
  return {
    startDate: day.startDate.slice(0, 10),
    endDate: day.endDate.slice(0, 10),
    periods: (day.periodList ?? []).map(toWorkPeriod),
  };
}

export function toDayOff(day: AmeliaDayOff): DayOff {
  return {
    name: day.name ?? '',
    startDate: day.startDate.slice(0, 10),
    endDate: day.endDate.slice(0, 10),
    repeatsYearly: day.repeat === 1 || day.repeat === true || day.repeat === '1',
  };
}

// Unified → vendor.

// The draft comes from the public input, where a period's lists and a day's breaks and periods may be left out.
type LoosePeriod = Partial<Pick<WorkPeriod, 'locationId' | 'locationIds' | 'serviceIds'>> & TimeRange;

export function toWeekDayBody(day: WorkDay): AmeliaWeekDayBody {
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

export function toSpecialDayBody(day: SpecialDay): AmeliaSpecialDayBody {
  return {
    startDate: day.startDate,
    endDate: day.endDate,
    periodList: (day.periods ?? []).map((period) => toPeriodBody(period, 'specialDay')),
  };
}

export function toDayOffBody(day: DayOff): AmeliaDayOffBody {
  return { name: day.name.trim(), startDate: day.startDate, endDate: day.endDate, repeat: day.repeatsYearly ? 1 : 0 };
}
