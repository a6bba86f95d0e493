// CRM customer record → unified Customer, and CustomerDraft → CRM write body (crm-customers.txt).
// Pure functions only.
import { getCountryCallingCode, isSupportedCountry, type PhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { ValidationError } from '../errors.ts';
import { isoToDate, toContactPhone, toCountryCode, toEmail, toLocalDate } from '../kit/normalize.ts';
import type { CrmCustomerDetails, CustomerDraft, CustomerOf, Gender } from '../model/index.ts';
import type { CrmCreateBody, CrmCreateParams, CrmCustomerRecord, CrmGender, CrmUpdateBody, CrmUpdateParams } from './payloads.ts';

// ISO/IEC 5218: 0 not known, 1 male, 2 female, 9 not applicable.
const GENDER_BY_CODE: ReadonlyMap<number, Gender> = new Map([
  [1, 'MALE'],
  [2, 'FEMALE'],
  [9, 'OTHER'],
]);

export function toCrmCustomer(record: CrmCustomerRecord): CustomerOf<'CRM'> {
  const genderCode = toGenderCode(record.gender);
  const callingCode = textOf(record.phoneCountryCalling);
  const phone = toContactPhone(record.phone, { kind: 'PRIMARY', country: phoneCountryOf(record.phoneCountry, callingCode), callingCode });
  return {
    source: 'CRM',
    sourceId: String(record.id),
    firstName: nonBlank(record.firstName),
    lastName: nonBlank(record.lastName),
    displayName: null,
    email: toEmail(record.email),
    additionalEmails: [],
    phones: phone ? [phone] : [],
    birthday: toLocalDate(record.birthDate),
    gender: genderCode === null ? null : (GENDER_BY_CODE.get(genderCode) ?? null),
    note: nonBlank(record.internalNote),
    locale: null,
    company: null,
    createdAt: isoToDate(record.createdAt),
    updatedAt: isoToDate(record.updatedAt),
    sourceRecord: withoutPasscode(record),
    crm: toCrmDetails(record, genderCode),
  };
}

/**
 * The record's `phoneCountry`, unless its calling code is not the record's `phoneCountryCalling`: a
 * country left from an earlier number (crm-customers.txt writes only the calling code) is not read.
 */
function phoneCountryOf(country: string | null | undefined, callingCode: string | null): string | null {
  const code = toCountryCode(country);
  const calling = callingCode?.replace(/\D/g, '');
  if (code === null || !calling || !isSupportedCountry(code)) return country ?? null;
  return getCountryCallingCode(code) === calling ? code : null;
}

function toCrmDetails(record: CrmCustomerRecord, genderCode: number | null): CrmCustomerDetails {
  return {
    number: textOf(record.number),
    cityId: textOf(record.cityId),
    unsubscribed: record.unsubscribed ?? null,
    genderCode,
    phoneCountryCalling: textOf(record.phoneCountryCalling),
    archivedAt: isoToDate(record.archivedAt),
    archivedBy: nonBlank(record.archivedBy),
    archivedVia: nonBlank(record.archivedVia),
    createdBy: nonBlank(record.createdBy),
    createdVia: nonBlank(record.createdVia),
    updatedBy: nonBlank(record.updatedBy),
    updatedVia: nonBlank(record.updatedVia),
  };
}

/** The record as it may be shown: a passcode, should a CRM ever read one back, is dropped. */
function withoutPasscode(record: CrmCustomerRecord): CrmCustomerRecord {
  if (!Object.hasOwn(record, 'passcode')) return record;
  const { passcode: _passcode, ...rest } = record;
  return rest;
}

/** The ISO/IEC 5218 code from a number, a numeric string or an object carrying `code`; else null. */
export function toGenderCode(gender: CrmGender): number | null {
  const code = typeof gender === 'object' && gender !== null ? gender.code : gender;
  if (typeof code === 'number') return Number.isInteger(code) && code >= 0 ? code : null;
  if (typeof code === 'string' && /^\s*\d{1,3}\s*$/.test(code)) return Number(code);
  return null;
}

function textOf(value: string | number | null | undefined): string | null {
  return value == null ? null : nonBlank(String(value));
}

function nonBlank(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

// ---- writes: CustomerDraft → the `{ params }` bodies of crm-customers.txt ----

const CODE_BY_GENDER: Record<Gender, number> = { MALE: 1, FEMALE: 2, OTHER: 9 };

/** The POST body: every field the draft sets; null and undefined alike are left out (nothing to set). */
export function toCreateBody(draft: CustomerDraft): CrmCreateBody {
  const params: CrmCreateParams = {};
  if (draft.firstName != null) params.firstName = draft.firstName.trim();
  if (draft.lastName != null) params.lastName = draft.lastName.trim();
  if (draft.email != null) params.email = draft.email.trim();
  if (draft.phone != null) Object.assign(params, toPhoneParts(draft.phone));
  if (draft.crm?.cityId != null) params.cityId = draft.crm.cityId.trim();
  if (draft.birthday != null) params.birthDate = draft.birthday;
  if (draft.gender != null) params.gender = CODE_BY_GENDER[draft.gender];
  if (draft.crm?.passcode != null) params.passcode = draft.crm.passcode;
  if (draft.crm?.number != null) params.number = draft.crm.number.trim();
  if (draft.crm?.unsubscribed != null) params.unsubscribed = draft.crm.unsubscribed;
  if (draft.note != null) params.internalNote = draft.note;
  return { params };
}

/**
 * The PATCH body: `id` plus exactly the fields the patch mentions; null clears. A phone goes as on
 * create, national number and calling code together (crm-customers.txt's PATCH lists no
 * `phoneCallingCode`; without it the CRM would keep the old country's code beside the new number).
 */
export function toUpdateBody(id: string, patch: CustomerDraft): CrmUpdateBody {
  const params: CrmUpdateParams = { id };
  if (patch.firstName !== undefined) params.firstName = patch.firstName?.trim() ?? null;
  if (patch.lastName !== undefined) params.lastName = patch.lastName?.trim() ?? null;
  if (patch.email !== undefined) params.email = patch.email?.trim() ?? null;
  if (patch.phone === null) Object.assign(params, { phone: null, phoneCallingCode: null });
  else if (patch.phone !== undefined) Object.assign(params, toPhoneParts(patch.phone));
  if (patch.crm?.cityId !== undefined) params.cityId = patch.crm.cityId?.trim() ?? null;
  if (patch.birthday !== undefined) params.birthDate = patch.birthday;
  if (patch.gender !== undefined) params.gender = patch.gender === null ? null : CODE_BY_GENDER[patch.gender];
  if (patch.crm?.passcode !== undefined) params.passcode = patch.crm.passcode;
  if (patch.crm?.number !== undefined) params.number = patch.crm.number?.trim() ?? null;
  if (patch.crm?.unsubscribed !== undefined) params.unsubscribed = patch.crm.unsubscribed;
  if (patch.note !== undefined) params.internalNote = patch.note;
  return { params };
}

/** CRM write params → the public input field they come from. */
const FIELD_BY_PARAM: ReadonlyMap<string, string> = new Map([
  ['firstName', 'firstName'],
  ['lastName', 'lastName'],
  ['email', 'email'],
  ['phone', 'phone'],
  ['phoneCallingCode', 'phone'],
  ['cityId', 'crm.cityId'],
  ['birthDate', 'birthday'],
  ['gender', 'gender'],
  ['number', 'crm.number'],
  ['unsubscribed', 'crm.unsubscribed'],
  ['internalNote', 'note'],
  ['passcode', 'crm.passcode'],
]);

/** The public input field a write param comes from (`birthDate` → `birthday`); null for a name that is none. */
export function toInputField(param: string): string | null {
  return FIELD_BY_PARAM.get(param) ?? null;
}

/**
 * The CRM keeps the national number beside its calling code, as its own records do (`phone` +
 * `phoneCountryCalling`), and its create takes them so: `+447700900123` → `7700900123` and `44`.
 */
export function toPhoneParts(e164: string): { phone: string; phoneCallingCode: string } {
  const parsed = parseValidPhone(e164);
  return { phone: parsed.nationalNumber, phoneCallingCode: parsed.countryCallingCode };
}

/** Possible, not necessarily assigned: the public PhoneNumber scalar takes reserved ranges too. */
export function parseE164(phone: string): PhoneNumber | null {
  const text = phone.trim();
  const parsed = text.startsWith('+') ? parsePhoneNumberFromString(text) : undefined;
  return parsed?.isPossible() ? parsed : null;
}

function parseValidPhone(phone: string): PhoneNumber {
  const parsed = parseE164(phone);
  if (!parsed) throw new ValidationError('phone', 'must be a phone number in E.164 form, e.g. +447400123456');
  return parsed;
}
