// The inputs of the employee mutations and how they become an EmployeeDraft. Schedules are checked
// by the Amelia adapter's rules (times, overlaps, capacities, locations) before anything is sent.
import { z } from 'zod';
import { ValidationError } from '../sources/errors.ts';
import type { EmployeeDraft } from '../sources/model/index.ts';
import { builder } from './builder.ts';
import { clientMutationId } from './customer-inputs.ts';
import { CustomPricingInput, toDurationMap } from './employee-pricing.ts';
import { EmployeeStatusEnum, WeekdayEnum } from './enums.ts';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
type InputFields = PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>;

const EmployeeServiceInput = builder.inputType('EmployeeServiceInput', {
  description: 'A service the employee provides (an entry of Amelia `serviceList`).',
  fields: (t) => ({
    serviceId: t.id({ required: true, description: "Amelia's service id (`id`)." }),
    price: t.float({ required: true, description: "Amelia `price`: the employee's price for the service; at least 0." }),
    minCapacity: t.int({ required: true, description: 'Amelia `minCapacity`: fewest people per booking; at least 1.' }),
    maxCapacity: t.int({ required: true, description: 'Amelia `maxCapacity`: most people per booking; 1 <= minCapacity <= maxCapacity.' }),
    customPricing: t.field({ type: CustomPricingInput, description: 'Amelia `customPricing`; left out: disabled.' }),
  }),
});

const TimeRangeInput = builder.inputType('TimeRangeInput', {
  description: "A break in a working day (an entry of Amelia `timeOutList`), in the employee's time zone.",
  fields: (t) => ({
    start: t.field({ type: 'LocalTime', required: true, description: 'Amelia `startTime`.' }),
    end: t.field({ type: 'LocalTime', required: true, description: 'Amelia `endTime`; after start.' }),
  }),
});

const WorkPeriodInput = builder.inputType('WorkPeriodInput', {
  description: 'A stretch of a working day, optionally limited to some locations and services (an entry of Amelia `periodList`).',
  fields: (t) => ({
    start: t.field({ type: 'LocalTime', required: true, description: 'Amelia `startTime`; inside the day.' }),
    end: t.field({ type: 'LocalTime', required: true, description: 'Amelia `endTime`; after start, inside the day.' }),
    locationId: t.id({ description: "Amelia `locationId`: the period's own location; an existing location when the site has locations." }),
    locationIds: t.idList({ description: 'Bookable at these locations only (empty or left out: all).' }),
    serviceIds: t.idList({ description: 'Bookable for these services only (empty or left out: all).' }),
  }),
});

const WorkDayInput = builder.inputType('WorkDayInput', {
  description: "Working hours on one weekday (an entry of Amelia `weekDayList`), in the employee's time zone.",
  fields: (t) => ({
    day: t.field({ type: WeekdayEnum, required: true, description: 'Amelia `dayIndex`; each weekday at most once.' }),
    start: t.field({ type: 'LocalTime', required: true, description: 'Amelia `startTime`: when the working day begins.' }),
    end: t.field({ type: 'LocalTime', required: true, description: 'Amelia `endTime`: when it ends; after start.' }),
    breaks: t.field({ type: [TimeRangeInput], description: 'Inside the working hours, not overlapping.' }),
    periods: t.field({
      type: [WorkPeriodInput],
      description: 'Inside the working hours, not overlapping. Left out: one period over the whole day.',
    }),
  }),
});

const SpecialDayInput = builder.inputType('SpecialDayInput', {
  description: 'Different working hours on a date range (an entry of Amelia `specialDayList`).',
  fields: (t) => ({
    startDate: t.field({ type: 'LocalDate', required: true, description: 'Amelia `startDate`: the first day.' }),
    endDate: t.field({
      type: 'LocalDate',
      required: true,
      description: 'Amelia `endDate`: the last day (inclusive); not before startDate.',
    }),
    periods: t.field({
      type: [WorkPeriodInput],
      required: true,
      description: 'Amelia `periodList`: the working hours on those days, not overlapping.',
    }),
  }),
});

const DayOffInput = builder.inputType('DayOffInput', {
  description: 'Days the employee does not work (an entry of Amelia `dayOffList`).',
  fields: (t) => ({
    name: t.string({
      required: true,
      description: 'Amelia `name`, e.g. Annual leave; 1 to 100 characters.',
      validate: z.string().trim().min(1, 'must not be empty').max(100),
    }),
    startDate: t.field({ type: 'LocalDate', required: true, description: 'Amelia `startDate`: the first day off.' }),
    endDate: t.field({
      type: 'LocalDate',
      required: true,
      description: 'Amelia `endDate`: the last day off (inclusive); not before startDate.',
    }),
    repeatsYearly: t.boolean({ defaultValue: false, description: 'Amelia `repeat`: the same dates every year.' }),
  }),
});

function employeeFields(t: InputFields, required: boolean) {
  return {
    firstName: t.string({ required, description: 'Amelia `firstName`; cannot be cleared.' }),
    lastName: t.string({ required, description: 'Amelia `lastName`; cannot be cleared.' }),
    email: t.field({
      type: 'EmailAddress',
      required,
      description: 'Amelia `email`; cannot be cleared. An address another Amelia user has is an EmailAlreadyInUse result.',
    }),
    phone: t.field({
      type: 'PhoneNumber',
      description:
        'E.164. Amelia `phone`, with `countryPhoneIso` derived from it (from `timeZone` when the phone is cleared, or on a create without one).',
    }),
    status: t.field({
      type: EmployeeStatusEnum,
      description: 'Amelia `status`; Amelia makes a new employee VISIBLE when left out. Cannot be cleared.',
    }),
    timeZone: t.field({ type: 'TimeZone', description: "Amelia `timeZone` (IANA); null: the WordPress site's zone." }),
    locationId: t.id({ description: 'Amelia `locationId`: the default location; required when the system has locations.' }),
    wordpressUserId: t.int({ description: 'Amelia `externalId`: the WordPress user to link; null unlinks.' }),
    zoomUserId: t.string({ description: "Amelia `zoomUserId`: the employee's Zoom user id." }),
    note: t.string({ description: 'Amelia `note`: an internal note.' }),
    description: t.string({ description: 'Amelia `description`: plain text shown about the employee.' }),
    descriptionHtml: t.string({ description: 'Amelia `descriptionHtml`: the description in HTML.' }),
    pictureFullPath: t.string({ description: "Amelia `pictureFullPath`: the profile picture's URL or path." }),
    pictureThumbPath: t.string({ description: "Amelia `pictureThumbPath`: the thumbnail's URL or path." }),
    services: t.field({ type: [EmployeeServiceInput], description: 'Amelia `serviceList`: replaces the assigned services.' }),
    weeklySchedule: t.field({
      type: [WorkDayInput],
      description: 'Amelia `weekDayList`: replaces the working hours; each weekday at most once.',
    }),
    specialDays: t.field({ type: [SpecialDayInput], description: 'Amelia `specialDayList`: replaces the special days.' }),
    daysOff: t.field({ type: [DayOffInput], description: 'Amelia `dayOffList`: replaces the days off.' }),
    sendEmployeePanelAccessEmail: t.boolean({
      description: 'Amelia `sendEmployeePanelAccessEmail`: ask Amelia to mail the employee their panel access.',
    }),
    clientMutationId: t.string({ description: 'An idempotency key (or the `Idempotency-Key` header).', validate: clientMutationId }),
  };
}

export const CreateEmployeeInput = builder.inputType('CreateEmployeeInput', {
  description: 'A new Amelia employee. Give services and a weekly schedule to make them bookable.',
  fields: (t) => employeeFields(t, true),
});

export const UpdateEmployeeInput = builder.inputType('UpdateEmployeeInput', {
  description: "A field left out stays; null clears an optional one; a list given replaces Amelia's list.",
  fields: (t) => employeeFields(t, false),
});

const REQUIRED = new Set(['firstName', 'lastName', 'email', 'status']);
const LISTS = new Set(['services', 'weeklySchedule', 'specialDays', 'daysOff']);

/** Times `09:00` → `09:00:00` (Amelia keeps seconds), through days, periods and breaks. */
function withSeconds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withSeconds);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      const isTime = (key === 'start' || key === 'end') && typeof inner === 'string' && /^\d{2}:\d{2}$/.test(inner);
      return [key, isTime ? `${inner}:00` : key === 'durations' ? toDurationMap(inner) : withSeconds(inner)];
    }),
  );
}

/** Only what the client mentioned; a required field cannot be cleared; a null list is an empty one. */
export function toEmployeeDraft(input: Record<string, unknown>): EmployeeDraft {
  const draft: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (value === null && REQUIRED.has(field)) throw new ValidationError(`input.${field}`, `${field} cannot be cleared`);
    if (value === null && LISTS.has(field)) draft[field] = [];
    else draft[field] = typeof value === 'string' ? value.trim() : withSeconds(value);
  }
  return draft as EmployeeDraft;
}
