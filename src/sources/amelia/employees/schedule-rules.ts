// What Amelia can take for an employee's working time (amelia-employees.txt): weekdays with breaks and
// periods, special days and days off, each range inside its day and none overlapping another. Issues
// are named relative to the list item: `periods.0.end`.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { WEEKDAYS } from '../../model/index.ts';
import { ameliaIdInput } from '../ids.ts';
import { AMELIA_NAME_MAX } from '../rules.ts';

const WALL_TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

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
      ctx.addIssue({
        code: 'custom',
        path: [...path, index, 'start'],
        message: `the ${what} starts before the working hours (${outer.start})`,
      });
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

const timeRange = z.object({ start: wallTime, end: wallTime }).superRefine(endAfterStart);

const workPeriod = z
  .object({
    start: wallTime,
    end: wallTime,
    locationId: ameliaIdInput('location').nullish(),
    locationIds: z.array(ameliaIdInput('location')).nullish(),
    serviceIds: z.array(ameliaIdInput('service')).nullish(),
  })
  .superRefine(endAfterStart);

export const workDay = z
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

export const specialDay = z
  .object({ startDate: calendarDate, endDate: calendarDate, periods: z.array(workPeriod).nullish() })
  .superRefine((day, ctx) => {
    orderedDates(day, ctx);
    noOverlap(day.periods ?? [], ['periods'], 'period', ctx);
  });

export const dayOff = z
  .object({
    name: z
      .string({ error: 'a day off needs a name' })
      .trim()
      .min(1, 'a day off needs a name')
      .max(AMELIA_NAME_MAX, `at most ${AMELIA_NAME_MAX} characters`),
    startDate: calendarDate,
    endDate: calendarDate,
    repeatsYearly: z.boolean().optional(),
  })
  .superRefine(orderedDates);
