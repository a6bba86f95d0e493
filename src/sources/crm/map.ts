// CRM customer record → unified Customer. Pure functions only.
import type { CrmCustomerDetails, CustomerOf, Gender } from '../model.ts';
import { isoToDate, toContactPhone, toEmail, toLocalDate } from '../normalize.ts';
import type { CrmCustomerRecord, CrmGender } from './payloads.ts';

// ISO/IEC 5218: 0 not known, 1 male, 2 female, 9 not applicable.
const GENDER_BY_CODE: ReadonlyMap<number, Gender> = new Map([
  [1, 'MALE'],
  [2, 'FEMALE'],
  [9, 'OTHER'],
]);

export function toCrmCustomer(record: CrmCustomerRecord): CustomerOf<'CRM'> {
  const genderCode = toGenderCode(record.gender);
  const phone = toContactPhone(record.phone, {
    kind: 'PRIMARY',
    country: record.phoneCountry,
    callingCode: textOf(record.phoneCountryCalling),
  });
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
    sourceRecord: record,
    crm: toCrmDetails(record, genderCode),
  };
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
