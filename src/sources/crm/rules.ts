// What a CustomerDraft must look like before anything is sent to the CRM (crm-customers.txt). Fields
// are named as in the public input, relative to the input object (`firstName`, `crm.number`).
import { DateTime } from 'luxon';
import { z } from 'zod';
import { checkDraft, type DraftWording } from '../kit/check-draft.ts';
import { toEmail } from '../kit/normalize.ts';
import type { CustomerDraft, WriteMode } from '../model/index.ts';
import { parseE164 } from './map.ts';

const name = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

// Internationalised addresses too (kit/email-address.ts): the CRM takes them.
const email = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .refine((value) => toEmail(value) !== null, 'must be an email address');

const e164 = z.string().refine((phone) => parseE164(phone) !== null, 'must be a phone number in E.164 form, e.g. +447400123456');

const today = () => DateTime.utc().toISODate();
const birthday = z
  .string()
  .refine((date) => /^\d{4}-\d{2}-\d{2}$/.test(date) && DateTime.fromISO(date).isValid, 'must be a date (YYYY-MM-DD)')
  .refine((date) => date >= '1900-01-01', 'must not be before 1900')
  .refine((date) => date <= today(), 'must not be in the future');

/** A field the CRM does not have: null (nothing to clear) is fine, a value would be lost. */
const noSuchField = (what: string) => z.null({ error: `the CRM has no ${what} field` }).optional();

/** Another source's group. */
const otherSourceGroup = (group: string, source: string) =>
  z.undefined({ error: `\`${group}\` applies only to source ${source}; the CRM has no such fields` }).optional();

const crmGroup = z.strictObject({
  number: z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters').nullish(),
  unsubscribed: z.boolean().nullish(),
  cityId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id of letters, digits, _ or -')
    .nullish(),
  // Messages never quote the value: it is a secret.
  passcode: z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters').nullish(),
});

const draftFields = z.strictObject({
  firstName: name.nullish(),
  lastName: name.nullish(),
  email: email.nullish(),
  phone: e164.nullish(),
  birthday: birthday.nullish(),
  gender: z.enum(['FEMALE', 'MALE', 'OTHER'], 'must be FEMALE, MALE or OTHER').nullish(),
  note: z.string().nullish(),
  locale: noSuchField('locale'),
  company: noSuchField('company'),
  amelia: otherSourceGroup('amelia', 'AMELIA'),
  platform: otherSourceGroup('platform', 'PLATFORM'),
  crm: crmGroup.optional(),
});

// The CRM keeps a customer only with a first or a last name (its sandbox refuses a create without one).
const DRAFT_SCHEMAS: Record<WriteMode, z.ZodType> = {
  create: draftFields.superRefine((draft, ctx) => {
    if (draft.firstName == null && draft.lastName == null) {
      ctx.addIssue({ code: 'custom', path: ['firstName'], message: 'a CRM customer needs a first name or a last name' });
    }
  }),
  update: draftFields.superRefine((draft, ctx) => {
    if (draft.firstName === null && draft.lastName === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['firstName'],
        message: 'cannot be cleared together with lastName: a CRM customer keeps a first or a last name',
      });
    }
  }),
};

const WORDING: DraftWording = { unknownField: 'is not a customer field', invalidInput: 'is not a valid customer' };

/** Throws a ValidationError for the first problem found. */
export function validateCrmDraft(draft: CustomerDraft, mode: WriteMode): void {
  checkDraft(DRAFT_SCHEMAS[mode], draft, WORDING);
}
