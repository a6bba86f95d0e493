// What a PLATFORM customer draft must look like before anything is sent (platform-customers-jsonapi.txt,
// "Key Attributes"). The document names no required attribute; we require a given name, as the
// sandbox does (every example carries one), and let everything else be cleared.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { checkDraft } from '../kit/check-draft.ts';
import { toEmail, toLocale } from '../kit/normalize.ts';
import type { CustomerDraft, WriteMode } from '../model/index.ts';

/** Where a create names its custom field values (`platform.customFields.N.value`). */
export const CUSTOM_FIELDS_PATH = 'platform.customFields';
const CUSTOM_FIELDS_MAX = 100;
const NAME_MAX = 100;
const COMPANY_MAX = 200;
const EMAIL_MAX = 254;
const EARLIEST_BIRTHDAY = '1900-01-01';

/** Throws a ValidationError naming the first field (as in the public input) the PLATFORM cannot take. */
export function validatePlatformDraft(draft: CustomerDraft, mode: WriteMode): void {
  checkDraft(mode === 'create' ? createDraft : updateDraft, draft);
}

function nameText(label: string) {
  return z
    .string({ error: `the ${label} must be text` })
    .trim()
    .min(1, `the ${label} cannot be empty`)
    .max(NAME_MAX, `the ${label} can be at most ${NAME_MAX} characters`);
}

const givenName = (mode: WriteMode) => {
  const name = z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? 'the PLATFORM requires a first name'
          : issue.input === null
            ? 'the first name cannot be cleared: the PLATFORM requires one'
            : 'the first name must be text',
    })
    .pipe(nameText('first name'));
  return mode === 'create' ? name : name.optional();
};

const email = z
  .string({ error: 'an email address must be text' })
  .max(EMAIL_MAX, `an email address can be at most ${EMAIL_MAX} characters`)
  .refine((value) => toEmail(value) !== null, 'not a valid email address');

const phone = z.string({ error: 'a phone number must be text' }).refine((value) => {
  const parsed = parsePhoneNumberFromString(value);
  return parsed !== undefined && parsed.number === value && parsed.isPossible();
}, 'not a phone number in E.164 form (+491701234567)');

/** The latest date it is anywhere on Earth today (UTC+14), so nobody's birthday today is refused. */
function latestToday(): string {
  return DateTime.utc().plus({ hours: 14 }).toISODate() ?? '';
}

const birthday = z
  .string({ error: 'a birthday must be a date (YYYY-MM-DD)' })
  .refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid, 'not a date (YYYY-MM-DD)')
  .refine((value) => value >= EARLIEST_BIRTHDAY, 'a birthday cannot be before 1900')
  .refine((value) => value <= latestToday(), 'a birthday cannot be in the future');

const gender = z.enum(['FEMALE', 'MALE', 'OTHER'], { error: 'the gender must be FEMALE, MALE or OTHER' });

const locale = z
  .string({ error: 'a locale must be text' })
  .refine((value) => toLocale(value) !== null, 'not a BCP 47 language tag, such as de-DE');

const company = z
  .string({ error: 'a company must be text' })
  .trim()
  .min(1, 'a company cannot be empty; send null to clear it')
  .max(COMPANY_MAX, `a company can be at most ${COMPANY_MAX} characters`);

// The shape only: each value is checked against its field (custom-fields/rules.ts) once the definitions are read.
const customFieldWrite = z.strictObject({
  fieldId: z.string({ error: 'a custom field id must be text' }).min(1, 'a custom field id cannot be empty'),
  value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())], {
    error: 'a custom field value is text, a number, a boolean or a list of options',
  }),
});

function platformGroup(mode: WriteMode) {
  const customFields =
    mode === 'create'
      ? z.array(customFieldWrite).max(CUSTOM_FIELDS_MAX, `at most ${CUSTOM_FIELDS_MAX} custom field values`).optional()
      : z.never({ error: 'custom fields are changed with setCustomFieldValues, not with an update' }).optional();
  return z.strictObject({ landline: phone.nullish(), customFields }, { error: 'not a field of the platform group' });
}

/** A field the PLATFORM has no attribute for: a value would be lost, so only null (nothing to clear) passes. */
function absent(message: string) {
  return z.null({ error: message }).optional();
}

/** Another source's group: refused whenever it is present. */
function foreignGroup(message: string) {
  return z.never({ error: message }).optional();
}

function draftSchema(mode: WriteMode) {
  return z.object({
    firstName: givenName(mode),
    lastName: nameText('last name').nullish(),
    email: email.nullish(),
    phone: phone.nullish(),
    birthday: birthday.nullish(),
    gender: gender.nullish(),
    note: absent('the PLATFORM has no note field'),
    locale: locale.nullish(),
    company: company.nullish(),
    platform: platformGroup(mode).optional(),
    amelia: foreignGroup('the amelia group is for AMELIA customers, not PLATFORM'),
    crm: foreignGroup('the crm group is for CRM customers, not PLATFORM'),
  });
}

const createDraft = draftSchema('create');
const updateDraft = draftSchema('update');
