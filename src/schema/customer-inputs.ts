// The inputs of the customer mutations, their checks (before any vendor is asked), and how they
// become a CustomerDraft: an omitted field stays out of the draft, an explicit null clears.
import { z } from 'zod';
import type { CustomerDraft } from '../sources/model/index.ts';
import { builder } from './builder.ts';
import { CustomFieldValueInput, type OneOfValue, toCustomFieldWrites } from './custom-field.ts';
import { CustomerSourceEnum, GenderEnum } from './enums.ts';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
type InputFields = PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>;

const name = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').nullish();
const today = () => new Date().toISOString().slice(0, 10);
const birthday = z
  .string()
  .refine((date) => date >= '1900-01-01', 'must not be before 1900')
  .refine((date) => date <= today(), 'must not be in the future')
  .nullish();
export const clientMutationId = z
  .string()
  .regex(/^[\x21-\x7E]{1,255}$/, 'must be 1 to 255 visible ASCII characters')
  .nullish();

const AmeliaCustomerInput = builder.inputType('AmeliaCustomerInput', {
  description: 'Fields only Amelia has. Only with source AMELIA.',
  fields: (t) => ({
    wordpressUserId: t.int({
      description: '`externalId`: the WordPress user to link. null unlinks.',
      validate: z.number().int().positive('must be a positive id').nullish(),
    }),
  }),
});

const PlatformCustomerUpdateInput = builder.inputType('PlatformCustomerUpdateInput', {
  description:
    'Fields only the PLATFORM has. Custom fields change through setCustomFieldValues, never here (a partial write would delete the rest).',
  fields: (t) => ({
    landline: t.field({ type: 'PhoneNumber', description: "The PLATFORM's `phone` (landline); `phone` above is its `mobile`." }),
  }),
});

const PlatformCustomerInput = builder.inputType('PlatformCustomerInput', {
  description: 'Fields only the PLATFORM has. Only with source PLATFORM.',
  fields: (t) => ({
    landline: t.field({ type: 'PhoneNumber', description: "The PLATFORM's `phone` (landline); `phone` above is its `mobile`." }),
    customFields: t.field({
      type: [CustomFieldValueInput],
      description: "The new customer's custom field values, checked against each field.",
    }),
  }),
});

const CrmCustomerInput = builder.inputType('CrmCustomerInput', {
  description: 'Fields only the CRM has. Only with source CRM.',
  fields: (t) => ({
    number: t.string({
      description: 'CRM `number`: the customer number (at most 64 characters).',
      validate: z.string().trim().min(1).max(64, 'must be at most 64 characters').nullish(),
    }),
    unsubscribed: t.boolean({ description: 'CRM `unsubscribed`.' }),
    cityId: t.string({
      description: "CRM `cityId`: the CRM's id of the customer's city (letters, digits, _ or -).",
      validate: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id of letters, digits, _ or -')
        .nullish(),
    }),
    passcode: t.string({
      description:
        'CRM `passcode` (1 to 128 characters, sent as given). Write only: the CRM never reads it back, and the gateway never answers or logs it. null clears it on update.',
      validate: z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters').nullish(),
    }),
  }),
});

function customerFields(t: InputFields, platformGroup: typeof PlatformCustomerInput | typeof PlatformCustomerUpdateInput) {
  return {
    firstName: t.string({
      description:
        'Amelia `firstName`, PLATFORM `given_name`, CRM `firstName`; at most 100 characters. Amelia and the PLATFORM require one; a CRM customer needs a first or a last name.',
      validate: name,
    }),
    lastName: t.string({
      description: 'Amelia `lastName`, PLATFORM `family_name`, CRM `lastName`; at most 100 characters. Amelia requires one.',
      validate: name,
    }),
    email: t.field({
      type: 'EmailAddress',
      description: 'Amelia, PLATFORM and CRM `email`. An address another customer of the source has is an EmailAlreadyInUse result.',
      validate: z.string().max(254, 'must be at most 254 characters').nullish(),
    }),
    phone: t.field({
      type: 'PhoneNumber',
      description:
        'E.164, e.g. +381601234567. Amelia `phone` (with its `countryPhoneIso`), PLATFORM `mobile`, CRM `phone` (with its calling code).',
    }),
    birthday: t.field({
      type: 'LocalDate',
      description: 'Amelia `birthday`, PLATFORM `birth_date`, CRM `birthDate`; from 1900 to today.',
      validate: birthday,
    }),
    gender: t.field({
      type: GenderEnum,
      description: 'Amelia `gender` (FEMALE or MALE only), PLATFORM `sex`, CRM `gender` (as its ISO/IEC 5218 code).',
    }),
    note: t.string({
      description: 'Amelia `note`, CRM `internalNote`; at most 2000 characters. The PLATFORM has no note.',
      validate: z.string().max(2_000, 'must be at most 2000 characters').nullish(),
    }),
    locale: t.field({
      type: 'Locale',
      description:
        'BCP 47, e.g. en-GB. Amelia `language` (a language with an optional region, stored as en_GB), PLATFORM `locale`. The CRM has no locale.',
    }),
    company: t.string({
      description: 'The company name: PLATFORM `company`; at most 200 characters. Amelia and the CRM have no company.',
      validate: z.string().trim().max(200, 'must be at most 200 characters').nullish(),
    }),
    amelia: t.field({ type: AmeliaCustomerInput, description: 'Fields only Amelia has; only for an AMELIA customer.' }),
    platform: t.field({ type: platformGroup, description: 'Fields only the PLATFORM has; only for a PLATFORM customer.' }),
    crm: t.field({ type: CrmCustomerInput, description: 'Fields only the CRM has; only for a CRM customer.' }),
    clientMutationId: t.string({
      description: 'An idempotency key (or send the `Idempotency-Key` header): a repeat with the same key never writes twice.',
      validate: clientMutationId,
    }),
  };
}

export const CreateCustomerInput = builder.inputType('CreateCustomerInput', {
  description: 'A new customer in one source. Fields the source does not have are refused with a ValidationError.',
  fields: (t) => ({
    source: t.field({
      type: CustomerSourceEnum,
      required: true,
      description: 'The source to create the customer in. KB_SUPPORT is read only (a NotSupportedBySource result).',
    }),
    ...customerFields(t, PlatformCustomerInput),
  }),
});

export const UpdateCustomerInput = builder.inputType('UpdateCustomerInput', {
  description: 'Changes to a customer: a field left out stays as it is, a field set to null is cleared (where the source allows it).',
  fields: (t) => customerFields(t, PlatformCustomerUpdateInput),
});

/** What the input types hand over: CustomerDraft's fields, where a group may also be null. */
type CustomerInput = { [Field in Exclude<keyof CustomerDraft, 'platform' | 'crm'>]?: CustomerDraft[Field] | null } & {
  platform?: { landline?: string | null; customFields?: ReadonlyArray<{ fieldId: string | number; value: OneOfValue }> | null } | null;
  crm?: CustomerDraft['crm'] | null;
};

const COMMON_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'birthday', 'gender', 'note', 'locale', 'company'] as const;

/** Only what the client mentioned; text trimmed. */
export function toDraft(input: CustomerInput): CustomerDraft {
  const draft: CustomerDraft = {};
  for (const field of COMMON_FIELDS) {
    const value = input[field];
    // Absent fields arrive as undefined, explicit nulls as null.
    if (value !== undefined) Object.assign(draft, { [field]: typeof value === 'string' ? value.trim() : value });
  }
  if (input.amelia) draft.amelia = mentioned(input.amelia);
  if (input.platform) {
    const { customFields, ...rest } = input.platform;
    draft.platform = { ...mentioned(rest), ...(customFields ? { customFields: toCustomFieldWrites(customFields) } : {}) };
  }
  if (input.crm) {
    // A passcode is a secret: sent exactly as typed, never trimmed.
    const { passcode, ...rest } = input.crm;
    draft.crm = { ...mentioned(rest), ...(passcode === undefined ? {} : { passcode }) };
  }
  return draft;
}

function mentioned<T extends object>(group: T): T {
  return Object.fromEntries(
    Object.entries(group)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, typeof value === 'string' ? value.trim() : value]),
  ) as T;
}
