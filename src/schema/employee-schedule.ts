// An employee's working time as Amelia keeps it: weekly working days with their periods and breaks,
// special days with other hours, and days off.
import type { DayOff, SpecialDay, TimeRange, WorkDay, WorkPeriod } from '../sources/model/index.ts';
import { builder } from './builder.ts';
import { WeekdayEnum } from './enums.ts';

const TimeRangeRef = builder.objectRef<TimeRange>('TimeRange').implement({
  description: "A break in a working day (an entry of Amelia `timeOutList`), in the employee's time zone.",
  fields: (t) => ({
    start: t.field({ type: 'LocalTime', description: 'Amelia `startTime`.', resolve: (range) => range.start }),
    end: t.field({ type: 'LocalTime', description: 'Amelia `endTime`.', resolve: (range) => range.end }),
  }),
});

const WorkPeriodRef = builder.objectRef<WorkPeriod>('WorkPeriod').implement({
  description: 'A stretch of a working day, optionally limited to some locations and services.',
  fields: (t) => ({
    start: t.field({ type: 'LocalTime', description: 'Amelia `startTime`.', resolve: (period) => period.start }),
    end: t.field({ type: 'LocalTime', description: 'Amelia `endTime`.', resolve: (period) => period.end }),
    locationId: t.exposeID('locationId', {
      nullable: true,
      description: "Amelia `locationId`: the period's own location; null when it has none.",
    }),
    locationIds: t.exposeIDList('locationIds', { description: '`periodLocationList`: bookable at these locations only (empty: all).' }),
    serviceIds: t.exposeIDList('serviceIds', { description: '`periodServiceList`: bookable for these services only (empty: all).' }),
  }),
});

export const WorkDayRef = builder.objectRef<WorkDay>('WorkDay').implement({
  description: "Working hours on one weekday, in the employee's time zone.",
  fields: (t) => ({
    day: t.field({ type: WeekdayEnum, description: 'Amelia `dayIndex`.', resolve: (day) => day.day }),
    start: t.field({ type: 'LocalTime', description: 'Amelia `startTime`: when the working day begins.', resolve: (day) => day.start }),
    end: t.field({ type: 'LocalTime', description: 'Amelia `endTime`: when it ends.', resolve: (day) => day.end }),
    breaks: t.field({
      type: [TimeRangeRef],
      description: 'Amelia `timeOutList`; empty when there are none.',
      resolve: (day) => day.breaks,
    }),
    periods: t.field({
      type: [WorkPeriodRef],
      description: 'Amelia `periodList`: when, where and for what the employee can be booked that day.',
      resolve: (day) => day.periods,
    }),
  }),
});

export const SpecialDayRef = builder.objectRef<SpecialDay>('SpecialDay').implement({
  description: 'Different working hours on a date range (inclusive).',
  fields: (t) => ({
    startDate: t.field({ type: 'LocalDate', description: 'Amelia `startDate`: the first day.', resolve: (day) => day.startDate }),
    endDate: t.field({ type: 'LocalDate', description: 'Amelia `endDate`: the last day (inclusive).', resolve: (day) => day.endDate }),
    periods: t.field({
      type: [WorkPeriodRef],
      description: 'Amelia `periodList`: the working hours on those days.',
      resolve: (day) => day.periods,
    }),
  }),
});

export const DayOffRef = builder.objectRef<DayOff>('DayOff').implement({
  description: 'Days the employee does not work (an entry of Amelia `dayOffList`).',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Amelia `name`, e.g. Annual leave; empty when Amelia sent none.' }),
    startDate: t.field({ type: 'LocalDate', description: 'Amelia `startDate`: the first day off.', resolve: (day) => day.startDate }),
    endDate: t.field({ type: 'LocalDate', description: 'Amelia `endDate`: the last day off (inclusive).', resolve: (day) => day.endDate }),
    repeatsYearly: t.exposeBoolean('repeatsYearly', { description: '`repeat: 1`: the same dates every year.' }),
  }),
});
