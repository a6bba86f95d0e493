// What Amelia can hold (amelia-customers.txt): a draft checked before anything is sent.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import type { CustomerDraft, WriteMode } from '../model/index.ts';
import { toEmail, toLocale } from '../kit/normalize.ts';

const NAME_MAX = 100;
const EARLIEST_BIRTHDAY = '1900-01-01';

/** Throws a ValidationError naming the first field (as in the public input) Amelia cannot take. */
export function validateAmeliaDraft(draft: CustomerDraft, mode: WriteMode): void {
  const parsed = (mode === 'create' ? createDraft : updateDraft).safeParse(draft);
  if (parsed.success) return;
  const [issue] = parsed.error.issues;
  if (!issue) return;
  throw new ValidationError(issue.path.map(String).join('.') || 'input', issue.message);
}

function requiredName(label: string, mode: WriteMode) {
  const name = z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? `Amelia requires a ${label}`
          : issue.input === null
            ? `the ${label} cannot be cleared: Amelia requires one`
            : `the ${label} must be text`,
    })
    .trim()
    .min(1, `the ${label} cannot be empty`)
    .max(NAME_MAX, `the ${label} can be at most ${NAME_MAX} characters`);
  return mode === 'create' ? name : name.optional();
}

const email = z.string().refine((value) => toEmail(value) !== null, 'not a valid email address');

const phone = z.string().refine((value) => {
  const parsed = parsePhoneNumberFromString(value);
  return parsed !== undefined && parsed.number === value && parsed.isPossible();
}, 'not a phone number in E.164 form (+381601234567)');

/** The latest date it is anywhere on Earth today (UTC+14), so nobody's birthday today is refused. */
function latestToday(): string {
  return DateTime.utc().plus({ hours: 14 }).toISODate() ?? '';
}

const birthday = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid, 'not a date (YYYY-MM-DD)')
  .refine((value) => value >= EARLIEST_BIRTHDAY, 'a birthday cannot be before 1900')
  .refine((value) => value <= latestToday(), 'a birthday cannot be in the future');

const gender = z.enum(['FEMALE', 'MALE'], { error: 'Amelia only stores FEMALE or MALE' });

const note = z.string().trim().min(1, 'a note cannot be empty; send null to clear it');

// Amelia keeps a WordPress locale (`en_GB`): a language with an optional region.
const locale = z
  .string()
  .refine((value) => /^[a-z]{2,3}(-[A-Z]{2})?$/.test(toLocale(value) ?? ''), 'Amelia stores a language with an optional region, such as en-GB');

const wordpressUserId = z
  .number({ error: 'a WordPress user id is a whole number' })
  .int('a WordPress user id is a whole number')
  .positive('a WordPress user id is positive')
  .max(Number.MAX_SAFE_INTEGER, 'not a WordPress user id');

const ameliaGroup = z.strictObject({ wordpressUserId: wordpressUserId.nullish() }, { error: 'not a field of the Amelia group' });

/** A field Amelia has no property for: a value would be lost, so only null (nothing to clear) passes. */
function absent(message: string) {
  return z.null({ error: message }).optional();
}

function draftSchema(mode: WriteMode) {
  return z.object({
    firstName: requiredName('first name', mode),
    lastName: requiredName('last name', mode),
    email: email.nullish(),
    phone: phone.nullish(),
    birthday: birthday.nullish(),
    gender: gender.nullish(),
    note: note.nullish(),
    locale: locale.nullish(),
    company: absent('Amelia has no company field'),
    amelia: ameliaGroup.optional(),
    platform: absent('the platform group is for PLATFORM customers, not AMELIA'),
    crm: absent('the crm group is for CRM customers, not AMELIA'),
  });
}

/** Shared with the employee rules: what an Amelia user's email and phone must look like. */
export { email as ameliaEmail, phone as ameliaE164Phone };

const createDraft = draftSchema('create');
const updateDraft = draftSchema('update');
