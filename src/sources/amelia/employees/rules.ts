// What Amelia can take for an employee (amelia-employees.txt): a draft checked before anything is sent
// (its services by services-rules.ts, its working time by schedule-rules.ts), and the locations it
// names checked against the system's where they can be read. Errors name the field as in the public
// input: `weeklySchedule.2.periods.0.end`.
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { ValidationError } from '../../errors.ts';
import { checkDraft } from '../../kit/check-draft.ts';
import type { EmployeeDraft, WriteMode } from '../../model/index.ts';
import { ameliaIdInput } from '../ids.ts';
import { ameliaE164Phone, ameliaEmail, ameliaName, ameliaWordpressUserId } from '../rules.ts';
import { dayOff, specialDay, workDay } from './schedule-rules.ts';
import { employeeService } from './services-rules.ts';

/** Throws a ValidationError naming the first field Amelia cannot take; needs no vendor call. */
export function validateEmployeeDraft(draft: EmployeeDraft, mode: WriteMode): void {
  checkDraft(mode === 'create' ? createDraft : updateDraft, draft);
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
  if (known.length > 0 && missing) throw new ValidationError('locationId', LOCATION_REQUIRED);
  for (const { path, id } of namedLocations(draft)) {
    if (!known.includes(id)) throw new ValidationError(path, `Amelia has no location ${id}`);
  }
}

const LOCATION_REQUIRED = 'Amelia requires a default location when the system has locations';

/**
 * Amelia's own refusal of `locationId` (the write sent without the locations read first), said as the
 * check before sending says it when the draft left the default location out or cleared it.
 */
export function explainLocationRefusal(error: unknown, draft: EmployeeDraft): unknown {
  const required = error instanceof ValidationError && error.field === 'locationId' && draft.locationId == null;
  return required ? new ValidationError('locationId', LOCATION_REQUIRED) : error;
}

interface NamedLocation {
  path: string;
  id: string;
}

/** A period as the public input may give it: its lists may be left out. */
interface LoosePeriod {
  locationId?: string | null;
  locationIds?: string[] | null;
}

function namedLocations(draft: EmployeeDraft): NamedLocation[] {
  const named: NamedLocation[] = [];
  if (typeof draft.locationId === 'string') named.push({ path: 'locationId', id: draft.locationId });
  const fromPeriods = (list: string, days: ReadonlyArray<{ periods?: LoosePeriod[] | null }> | null | undefined) => {
    for (const [dayIndex, day] of (days ?? []).entries()) {
      for (const [index, period] of (day.periods ?? []).entries()) {
        const path = `${list}.${dayIndex}.periods.${index}`;
        if (typeof period.locationId === 'string') named.push({ path: `${path}.locationId`, id: period.locationId });
        for (const [at, id] of (period.locationIds ?? []).entries()) named.push({ path: `${path}.locationIds.${at}`, id });
      }
    }
  };
  fromPeriods('weeklySchedule', draft.weeklySchedule);
  fromPeriods('specialDays', draft.specialDays);
  return named;
}

/** Each `field` value once in a list; a repeat is named at its own index. */
function unique<T, K extends keyof T & string>(
  items: readonly T[],
  list: string,
  field: K,
  what: string,
  ctx: z.core.$RefinementCtx,
): void {
  const seen = new Set<T[K]>();
  items.forEach((item, index) => {
    if (seen.has(item[field])) ctx.addIssue({ code: 'custom', path: [list, index, field], message: `the same ${what} twice` });
    seen.add(item[field]);
  });
}

function draftSchema(mode: WriteMode) {
  const email = z
    .string({ error: (issue) => (issue.input === undefined ? 'Amelia requires an email' : 'an email is text') })
    .pipe(ameliaEmail);
  return z
    .object({
      firstName: ameliaName('first name', mode),
      lastName: ameliaName('last name', mode),
      email: mode === 'create' ? email : email.optional(),
      phone: ameliaE164Phone.nullish(),
      status: z.enum(['VISIBLE', 'HIDDEN'], { error: 'Amelia stores VISIBLE or HIDDEN' }).optional(),
      timeZone: z
        .string()
        .refine((zone) => IANAZone.isValidZone(zone), 'not an IANA time zone (Europe/Belgrade)')
        .nullish(),
      locationId: ameliaIdInput('location').nullish(),
      wordpressUserId: ameliaWordpressUserId.nullish(),
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
