// What Amelia can take for an employee (amelia-employees.txt): a draft checked before anything is
// sent. Errors name the field as in the public input, relative to it: `weeklySchedule.2.periods.0.end`.
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import { isAmeliaId } from './ids.ts';
import { WEEKDAYS, type EmployeeDraft, type WriteMode } from '../model/index.ts';
import { isJsonObject } from '../kit/parsed-json.ts';
import { ameliaE164Phone, ameliaEmail } from './draft.ts';

const NAME_MAX = 100;
const WALL_TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** Throws a ValidationError naming the first field Amelia cannot take; needs no vendor call. */
export function validateEmployeeDraft(draft: EmployeeDraft, mode: WriteMode): void {
  const parsed = (mode === 'create' ? createDraft : updateDraft).safeParse(draft);
  if (parsed.success) return;
  const [issue] = parsed.error.issues;
  if (!issue) return;
  throw new ValidationError(issue.path.map(String).join('.') || 'input', issue.message);
}

/** Whether checking the draft's locations needs the system's list of locations. */
export function needsLocationCheck(draft: EmployeeDraft, mode: WriteMode): boolean {
  return mode === 'create' || draft.locationId !== undefined || namedLocations(draft).length > 0;
}

/**
 * amelia-employees.txt: "If your system has locations, locationId is required". Every location the
 * draft names (default or in a period) must be one of `known`.
 */
export function checkEmployeeLocations(draft: EmployeeDraft, mode: WriteMode, known: readonly string[]): void {
  const missing = mode === 'create' ? draft.locationId == null : draft.locationId === null;
  if (known.length > 0 && missing) {
    throw new ValidationError('locationId', 'Amelia requires a default location when the system has locations');
  }
  for (const { path, id } of namedLocations(draft)) {
    if (!known.includes(id)) throw new ValidationError(path, `Amelia has no location ${id}`);
  }
}

interface NamedLocation {
  path: string;
  id: string;
}

function namedLocations(draft: EmployeeDraft): NamedLocation[] {
  const named: NamedLocation[] = [];
  if (typeof draft.locationId === 'string') named.push({ path: 'locationId', id: draft.locationId });
  const fromPeriods = (list: string, days: ReadonlyArray<{ periods?: LoosePeriod[] | null }> | null | undefined) =>
    (days ?? []).forEach((day, dayIndex) =>
      (day.periods ?? []).forEach((period, index) => {
        const path = `${list}.${dayIndex}.periods.${index}`;
        if (typeof period.locationId === 'string') named.push({ path: `${path}.locationId`, id: period.locationId });
        (period.locationIds ?? []).forEach((id, at) => named.push({ path: `${path}.locationIds.${at}`, id }));
      }),
    );
  fromPeriods('weeklySchedule', draft.weeklySchedule);
  fromPeriods('specialDays', draft.specialDays);
  return named;
}

/** A period as the public input may give it: its lists may be left out. */
interface LoosePeriod {
  locationId?: string | null;
  locationIds?: string[] | null;
}

// Building blocks.

function secondsOf(time: string): number | null {
  const match = WALL_TIME.exec(time);
  if (!match) return null;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
}

function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid;
}

const wallTime = z.string({ error: 'a time is text: HH:MM or HH:MM:SS' }).regex(WALL_TIME, 'not a time (HH:MM or HH:MM:SS)');
const calendarDate = z.string({ error: 'a date is text: YYYY-MM-DD' }).refine(isCalendarDate, 'not a date (YYYY-MM-DD)');

function ameliaId(what: string) {
  return z.string({ error: `an Amelia ${what} id` }).refine((id) => isAmeliaId(id), `not an Amelia ${what} id`);
}

type Refinement = z.core.$RefinementCtx;
type Path = Array<string | number>;
interface Range {
  start: string;
  end: string;
}

function endAfterStart(range: Range, ctx: Refinement): void {
  const start = secondsOf(range.start);
  const end = secondsOf(range.end);
  if (start !== null && end !== null && end <= start) {
    ctx.addIssue({ code: 'custom', path: ['end'], message: `must be after the start (${range.start})` });
  }
}

/** Each range inside `outer`: an early start is named at `start`, a late end at `end`. */
function inside(ranges: readonly Range[], outer: Range, path: Path, what: string, ctx: Refinement): void {
  const [from, to] = [secondsOf(outer.start), secondsOf(outer.end)];
  if (from === null || to === null) return;
  ranges.forEach((range, index) => {
    const [start, end] = [secondsOf(range.start), secondsOf(range.end)];
    if (start !== null && start < from) {
      ctx.addIssue({ code: 'custom', path: [...path, index, 'start'], message: `the ${what} starts before the working hours (${outer.start})` });
    } else if (end !== null && end > to) {
      ctx.addIssue({ code: 'custom', path: [...path, index, 'end'], message: `the ${what} ends after the working hours (${outer.end})` });
    }
  });
}

/** No two ranges overlap (touching is fine); the later one is named at its `start`. */
function noOverlap(ranges: readonly Range[], path: Path, what: string, ctx: Refinement): void {
  const timed = ranges
    .map((range, index) => ({ index, start: secondsOf(range.start), end: secondsOf(range.end) }))
    .filter((range): range is { index: number; start: number; end: number } => range.start !== null && range.end !== null)
    .sort((a, b) => a.start - b.start || a.index - b.index);
  for (let at = 1; at < timed.length; at += 1) {
    const [before, current] = [timed[at - 1], timed[at]];
    if (before && current && current.start < before.end) {
      ctx.addIssue({ code: 'custom', path: [...path, current.index, 'start'], message: `overlaps another ${what}` });
    }
  }
}

function orderedDates(range: { startDate: string; endDate: string }, ctx: Refinement): void {
  if (isCalendarDate(range.startDate) && isCalendarDate(range.endDate) && range.endDate < range.startDate) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: `must not be before the start date (${range.startDate})` });
  }
}

/** Each `field` value once in a list; a repeat is named at its own index. */
function unique<T, K extends keyof T & string>(items: readonly T[], list: string, field: K, what: string, ctx: Refinement): void {
  const seen = new Set<T[K]>();
  items.forEach((item, index) => {
    if (seen.has(item[field])) ctx.addIssue({ code: 'custom', path: [list, index, field], message: `the same ${what} twice` });
    seen.add(item[field]);
  });
}

// The parts of a draft.

const timeRange = z.object({ start: wallTime, end: wallTime }).superRefine(endAfterStart);

const workPeriod = z
  .object({
    start: wallTime,
    end: wallTime,
    locationId: ameliaId('location').nullish(),
    locationIds: z.array(ameliaId('location')).nullish(),
    serviceIds: z.array(ameliaId('service')).nullish(),
  })
  .superRefine(endAfterStart);

const workDay = z
  .object({
    day: z.enum(WEEKDAYS, { error: 'not a weekday' }),
    start: wallTime,
    end: wallTime,
    breaks: z.array(timeRange).nullish(),
    periods: z.array(workPeriod).nullish(),
  })
  .superRefine((day, ctx) => {
    endAfterStart(day, ctx);
    inside(day.periods ?? [], day, ['periods'], 'period', ctx);
    noOverlap(day.periods ?? [], ['periods'], 'period', ctx);
    inside(day.breaks ?? [], day, ['breaks'], 'break', ctx);
    noOverlap(day.breaks ?? [], ['breaks'], 'break', ctx);
  });

const specialDay = z
  .object({ startDate: calendarDate, endDate: calendarDate, periods: z.array(workPeriod).nullish() })
  .superRefine((day, ctx) => {
    orderedDates(day, ctx);
    noOverlap(day.periods ?? [], ['periods'], 'period', ctx);
  });

const dayOff = z
  .object({
    name: z.string({ error: 'a day off needs a name' }).trim().min(1, 'a day off needs a name').max(NAME_MAX, `at most ${NAME_MAX} characters`),
    startDate: calendarDate,
    endDate: calendarDate,
    repeatsYearly: z.boolean().optional(),
  })
  .superRefine(orderedDates);

const price = z.number({ error: 'a price is a number' }).min(0, 'a price cannot be negative');

/** `durations`: whole seconds → `{ price, rules }`, as Amelia keeps them. */
const customPricing = z
  .object({ enabled: z.boolean({ error: 'enabled is true or false' }), durations: z.record(z.string(), z.json()).nullish() })
  .superRefine((pricing, ctx) => {
    for (const [duration, entry] of Object.entries(pricing.durations ?? {})) {
      const path = ['durations', duration];
      if (!/^[1-9]\d*$/.test(duration) || !Number.isSafeInteger(Number(duration))) {
        ctx.addIssue({ code: 'custom', path, message: 'a duration is a positive whole number of seconds' });
        continue;
      }
      const value = isJsonObject(entry) ? entry['price'] : undefined;
      if (typeof value !== 'number') ctx.addIssue({ code: 'custom', path: [...path, 'price'], message: 'a price is a number' });
      else if (value < 0) ctx.addIssue({ code: 'custom', path: [...path, 'price'], message: 'a price cannot be negative' });
    }
  });

const employeeService = z
  .object({
    serviceId: ameliaId('service'),
    price,
    minCapacity: z.number({ error: 'a capacity is a whole number' }).int('a capacity is a whole number').min(1, 'at least 1'),
    maxCapacity: z.number({ error: 'a capacity is a whole number' }).int('a capacity is a whole number'),
    customPricing: customPricing.nullish(),
  })
  .superRefine((service, ctx) => {
    if (service.maxCapacity < service.minCapacity) {
      ctx.addIssue({ code: 'custom', path: ['maxCapacity'], message: `must be at least minCapacity (${service.minCapacity})` });
    }
  });

function requiredName(label: string, mode: WriteMode) {
  const name = z
    .string({ error: (issue) => (issue.input === undefined ? `Amelia requires a ${label}` : `the ${label} must be text`) })
    .trim()
    .min(1, `the ${label} cannot be empty`)
    .max(NAME_MAX, `the ${label} can be at most ${NAME_MAX} characters`);
  return mode === 'create' ? name : name.optional();
}

function draftSchema(mode: WriteMode) {
  const email = z.string({ error: (issue) => (issue.input === undefined ? 'Amelia requires an email' : 'an email is text') }).pipe(ameliaEmail);
  return z
    .object({
      firstName: requiredName('first name', mode),
      lastName: requiredName('last name', mode),
      email: mode === 'create' ? email : email.optional(),
      phone: ameliaE164Phone.nullish(),
      status: z.enum(['VISIBLE', 'HIDDEN'], { error: 'Amelia stores VISIBLE or HIDDEN' }).optional(),
      timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), 'not an IANA time zone (Europe/Belgrade)').nullish(),
      locationId: ameliaId('location').nullish(),
      wordpressUserId: z
        .number({ error: 'a WordPress user id is a whole number' })
        .int('a WordPress user id is a whole number')
        .positive('a WordPress user id is positive')
        .max(Number.MAX_SAFE_INTEGER, 'not a WordPress user id')
        .nullish(),
      zoomUserId: z.string().nullish(),
      note: z.string().nullish(),
      description: z.string().nullish(),
      descriptionHtml: z.string().nullish(),
      pictureFullPath: z.string().nullish(),
      pictureThumbPath: z.string().nullish(),
      services: z.array(employeeService).nullish(),
      weeklySchedule: z.array(workDay).nullish(),
      specialDays: z.array(specialDay).nullish(),
      daysOff: z.array(dayOff).nullish(),
      sendEmployeePanelAccessEmail: z.boolean().optional(),
    })
    .superRefine((draft, ctx) => {
      unique(draft.services ?? [], 'services', 'serviceId', 'service', ctx);
      unique(draft.weeklySchedule ?? [], 'weeklySchedule', 'day', 'weekday', ctx);
    });
}

const createDraft = draftSchema('create');
const updateDraft = draftSchema('update');
