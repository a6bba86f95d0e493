// The inputs of the employee mutations and how they become an EmployeeDraft. Schedules are checked
// by the Amelia adapter's rules (times, overlaps, capacities, locations) before anything is sent.
import { z } from 'zod';
import { ValidationError } from '../sources/errors.ts';
import type { EmployeeDraft, WriteMode } from '../sources/model.ts';
import { builder } from './builder.ts';
import { clientMutationId } from './customer-inputs.ts';
import { EmployeeStatusEnum, WeekdayEnum } from './enums.ts';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
type InputFields = PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>;

const CustomPricingInput = builder.inputType('CustomPricingInput', {
  fields: (t) => ({
    enabled: t.boolean({ required: true }),
    durations: t.field({ type: 'JSON', description: 'Amelia\'s `durations` object.' }),
  }),
});

const EmployeeServiceInput = builder.inputType('EmployeeServiceInput', {
  fields: (t) => ({
    serviceId: t.id({ required: true }),
    price: t.float({ required: true, description: 'At least 0.' }),
    minCapacity: t.int({ required: true }),
    maxCapacity: t.int({ required: true, description: '1 <= minCapacity <= maxCapacity.' }),
    customPricing: t.field({ type: CustomPricingInput }),
  }),
});

const TimeRangeInput = builder.inputType('TimeRangeInput', {
  fields: (t) => ({
    start: t.field({ type: 'LocalTime', required: true }),
    end: t.field({ type: 'LocalTime', required: true }),
  }),
});

const WorkPeriodInput = builder.inputType('WorkPeriodInput', {
  fields: (t) => ({
    start: t.field({ type: 'LocalTime', required: true }),
    end: t.field({ type: 'LocalTime', required: true }),
    locationId: t.id(),
    locationIds: t.idList({ description: 'Bookable at these locations only (empty or left out: all).' }),
    serviceIds: t.idList({ description: 'Bookable for these services only (empty or left out: all).' }),
  }),
});

const WorkDayInput = builder.inputType('WorkDayInput', {
  fields: (t) => ({
    day: t.field({ type: WeekdayEnum, required: true }),
    start: t.field({ type: 'LocalTime', required: true }),
    end: t.field({ type: 'LocalTime', required: true }),
    breaks: t.field({ type: [TimeRangeInput], description: 'Inside the working hours, not overlapping.' }),
    periods: t.field({ type: [WorkPeriodInput], description: 'Inside the working hours, not overlapping. Left out: one period over the whole day.' }),
  }),
});

const SpecialDayInput = builder.inputType('SpecialDayInput', {
  fields: (t) => ({
    startDate: t.field({ type: 'LocalDate', required: true }),
    endDate: t.field({ type: 'LocalDate', required: true }),
    periods: t.field({ type: [WorkPeriodInput], required: true }),
  }),
});

const DayOffInput = builder.inputType('DayOffInput', {
  fields: (t) => ({
    name: t.string({ required: true, validate: z.string().trim().min(1, 'must not be empty').max(100) }),
    startDate: t.field({ type: 'LocalDate', required: true }),
    endDate: t.field({ type: 'LocalDate', required: true }),
    repeatsYearly: t.boolean({ defaultValue: false }),
  }),
});

function employeeFields(t: InputFields, required: boolean) {
  return {
    firstName: t.string({ required }),
    lastName: t.string({ required }),
    email: t.field({ type: 'EmailAddress', required }),
    phone: t.field({ type: 'PhoneNumber' }),
    status: t.field({ type: EmployeeStatusEnum }),
    timeZone: t.field({ type: 'TimeZone', description: 'null: the WordPress site\'s zone.' }),
    locationId: t.id({ description: 'The default location; required when the system has locations.' }),
    wordpressUserId: t.int({ description: '`externalId`.' }),
    zoomUserId: t.string(),
    note: t.string(),
    description: t.string(),
    descriptionHtml: t.string(),
    pictureFullPath: t.string(),
    pictureThumbPath: t.string(),
    services: t.field({ type: [EmployeeServiceInput], description: 'Replaces the assigned services.' }),
    weeklySchedule: t.field({ type: [WorkDayInput], description: 'Replaces the working hours; each weekday at most once.' }),
    specialDays: t.field({ type: [SpecialDayInput], description: 'Replaces the special days.' }),
    daysOff: t.field({ type: [DayOffInput], description: 'Replaces the days off.' }),
    clientMutationId: t.string({ description: 'An idempotency key (or the `Idempotency-Key` header).', validate: clientMutationId }),
  };
}

export const CreateEmployeeInput = builder.inputType('CreateEmployeeInput', {
  fields: (t) => ({
    ...employeeFields(t, true),
    sendEmployeePanelAccessEmail: t.boolean({ description: 'Ask Amelia to mail the employee their panel access.' }),
  }),
});

export const UpdateEmployeeInput = builder.inputType('UpdateEmployeeInput', {
  description: 'A field left out stays; null clears an optional one; a list given replaces Amelia\'s list.',
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
      return [key, isTime ? `${inner}:00` : key === 'durations' ? inner : withSeconds(inner)];
    }),
  );
}

/** Only what the client mentioned; a required field cannot be cleared; a null list is an empty one. */
export function toEmployeeDraft(input: Record<string, unknown>, mode: WriteMode): EmployeeDraft {
  const draft: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (value === null && REQUIRED.has(field)) throw new ValidationError(`input.${field}`, `${field} cannot be cleared`);
    if (value === null && LISTS.has(field)) draft[field] = [];
    else draft[field] = typeof value === 'string' ? value.trim() : withSeconds(value);
  }
  if (mode === 'update') delete draft['sendEmployeePanelAccessEmail'];
  return draft as EmployeeDraft;
}
