// What Amelia can hold for a customer (amelia-customers.txt): a draft checked before anything is sent,
// and the rules an employee's draft shares with it (names, email, phone, WordPress user).
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { checkDraft } from '../kit/check-draft.ts';
import { toEmail, toLocale } from '../kit/normalize.ts';
import type { CustomerDraft, WriteMode } from '../model/index.ts';

export const AMELIA_NAME_MAX = 100;
const EARLIEST_BIRTHDAY = '1900-01-01';

/** Throws a ValidationError naming the first field (as in the public input) Amelia cannot take. */
export function validateAmeliaDraft(draft: CustomerDraft, mode: WriteMode): void {
  checkDraft(mode === 'create' ? createDraft : updateDraft, draft);
}

/** A name Amelia requires: there on create, never empty; `onNull` is what sending null is told. */
export function ameliaName(label: string, mode: WriteMode, onNull = `the ${label} must be text`) {
  const name = z
    .string({
      error: (issue) =>
        issue.input === undefined ? `Amelia requires a ${label}` : issue.input === null ? onNull : `the ${label} must be text`,
    })
    .trim()
    .min(1, `the ${label} cannot be empty`)
    .max(AMELIA_NAME_MAX, `the ${label} can be at most ${AMELIA_NAME_MAX} characters`);
  return mode === 'create' ? name : name.optional();
}

export const ameliaEmail = z.string().refine((value) => toEmail(value) !== null, 'not a valid email address');

export const ameliaE164Phone = z.string().refine((value) => {
  const parsed = parsePhoneNumberFromString(value);
  return parsed !== undefined && parsed.number === value && parsed.isPossible();
}, 'not a phone number in E.164 form (+381601234567)');

export const ameliaWordpressUserId = z
  .number({ error: 'a WordPress user id is a whole number' })
  .int('a WordPress user id is a whole number')
  .positive('a WordPress user id is positive')
  .max(Number.MAX_SAFE_INTEGER, 'not a WordPress user id');

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
  .refine(
    (value) => /^[a-z]{2,3}(-[A-Z]{2})?$/.test(toLocale(value) ?? ''),
    'Amelia stores a language with an optional region, such as en-GB',
  );

const ameliaGroup = z.strictObject({ wordpressUserId: ameliaWordpressUserId.nullish() }, { error: 'not a field of the Amelia group' });

/** A field Amelia has no property for: a value would be lost, so only null (nothing to clear) passes. */
function absent(message: string) {
  return z.null({ error: message }).optional();
}

function draftSchema(mode: WriteMode) {
  const requiredName = (label: string) => ameliaName(label, mode, `the ${label} cannot be cleared: Amelia requires one`);
  return z.object({
    firstName: requiredName('first name'),
    lastName: requiredName('last name'),
    email: ameliaEmail.nullish(),
    phone: ameliaE164Phone.nullish(),
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

const createDraft = draftSchema('create');
const updateDraft = draftSchema('update');
