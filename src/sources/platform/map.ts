// PLATFORM `customers` resource ⇄ unified Customer and CustomerDraft (platform-customers-jsonapi.txt, "Key
// Attributes"), and the input fields a refusal's JSON:API errors point at. Pure functions only.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { toContactPhone, toEmail, toLocalDate, toLocale } from '../kit/normalize.ts';
import type { ContactPhone, CustomerDraft, CustomerOf, CustomFieldWrite, Gender, JsonObject } from '../model/index.ts';
import { sameId } from './ids.ts';
import {
  PLATFORM_WRITABLE_ATTRIBUTES,
  type PlatformCreateDocument,
  type PlatformCustomerAttributes,
  type PlatformCustomerResource,
  type PlatformEntryMapBody,
  type PlatformErrorObject,
  type PlatformUpdateDocument,
  type PlatformWritableAttribute,
  type PlatformWriteAttributes,
} from './payloads.ts';

// The document types `sex` only as "string"; these are the values booking platforms use for it.
const GENDERS = new Map<string, Gender>([
  ['female', 'FEMALE'],
  ['male', 'MALE'],
  ['other', 'OTHER'],
  ['diverse', 'OTHER'],
  ['non-binary', 'OTHER'],
  ['non_binary', 'OTHER'],
]);

export function toPlatformCustomer(resource: PlatformCustomerResource, organizationId: string): CustomerOf<'PLATFORM'> {
  const attributes = resource.attributes;
  return {
    source: 'PLATFORM',
    sourceId: resource.id,
    firstName: text(attributes.given_name),
    lastName: text(attributes.family_name),
    displayName: null,
    email: toEmail(attributes.email),
    additionalEmails: [],
    phones: toPhones(attributes),
    birthday: toLocalDate(attributes.birth_date),
    gender: toGender(attributes.sex),
    note: null,
    locale: toLocale(attributes.locale),
    company: text(attributes.company),
    createdAt: null,
    updatedAt: null,
    sourceRecord: resource,
    platform: {
      organizationId,
      accountId: text(attributes.account_id),
      customEntryMap: toCustomEntryMap(attributes.custom_entry_map),
    },
  };
}

/** Mobile first: it is the number a booking platform texts. */
export function toPhones(attributes: Pick<PlatformCustomerAttributes, 'mobile' | 'phone'>): ContactPhone[] {
  const mobile = toContactPhone(attributes.mobile, { kind: 'MOBILE' });
  const landline = toContactPhone(attributes.phone, { kind: 'LANDLINE' });
  return [mobile, landline].filter((phone): phone is ContactPhone => phone !== null);
}

export function toGender(sex: string | null | undefined): Gender | null {
  return GENDERS.get(sex?.trim().toLowerCase() ?? '') ?? null;
}

export function toCustomEntryMap(map: PlatformCustomerAttributes['custom_entry_map']): JsonObject {
  return Array.isArray(map) ? {} : map;
}

function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

// ---------------------------------------------------------------------------------------------------
// Writes: CustomerDraft → JSON:API write documents

/** The `sex` we write; "diverse" is what the platform stores for a third gender (the sandbox seed). */
const SEXES: Record<Gender, string> = { FEMALE: 'female', MALE: 'male', OTHER: 'diverse' };

/** Each writable attribute: the public input field it comes from, and how that field is named in messages. */
export const ATTRIBUTE_FIELDS: Record<PlatformWritableAttribute, { field: string; label: string }> = {
  given_name: { field: 'firstName', label: 'first name' },
  family_name: { field: 'lastName', label: 'last name' },
  email: { field: 'email', label: 'email address' },
  mobile: { field: 'phone', label: 'mobile number' },
  phone: { field: 'platform.landline', label: 'landline number' },
  company: { field: 'company', label: 'company' },
  sex: { field: 'gender', label: 'gender' },
  birth_date: { field: 'birthday', label: 'birthday' },
  locale: { field: 'locale', label: 'locale' },
};

/** `POST /api/v1/customers`: only what the draft sets (null on create means "not set"), and its custom fields' checked values. */
export function toCreateBody(draft: CustomerDraft, customEntryMap?: PlatformEntryMapBody): PlatformCreateDocument {
  const attributes = Object.fromEntries(Object.entries(toAttributes(draft)).filter(([, value]) => value !== null));
  return {
    data: {
      type: 'customers',
      attributes: customEntryMap === undefined ? attributes : { ...attributes, custom_entry_map: customEntryMap },
    },
  };
}

/** `PATCH /api/v1/customers/{id}`: only the mentioned fields; null clears. */
export function toUpdateBody(id: string, patch: CustomerDraft): PlatformUpdateDocument {
  return { data: { type: 'customers', id, attributes: toAttributes(patch) } };
}

function toAttributes(draft: CustomerDraft): PlatformWriteAttributes {
  const attributes: PlatformWriteAttributes = {};
  const put = <T>(name: PlatformWritableAttribute, value: T | null | undefined, convert: (value: T) => string) => {
    if (value !== undefined) attributes[name] = value === null ? null : convert(value);
  };
  put('given_name', draft.firstName, trim);
  put('family_name', draft.lastName, trim);
  put('email', draft.email, trim);
  put('mobile', draft.phone, toVendorPhone);
  put('phone', draft.platform?.landline, toVendorPhone);
  put('company', draft.company, trim);
  put('sex', draft.gender, (gender) => SEXES[gender]);
  put('birth_date', draft.birthday, trim);
  put('locale', draft.locale, (locale) => toLocale(locale) ?? locale.trim());
  return attributes;
}

/**
 * E.164 → the international form the platform stores numbers in (`+49 170 1234567`, as in the
 * document's example); a number libphonenumber does not know as valid goes as the E.164 it is.
 */
export function toVendorPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164.trim());
  return parsed?.isValid() ? parsed.formatInternational() : e164.trim();
}

function trim(value: string): string {
  return value.trim();
}

// ---------------------------------------------------------------------------------------------------
// Refusals: what a JSON:API error points at, as the public input names it

const ATTRIBUTE_POINTER = /^\/data\/attributes\/([a-z_]+)$/;
const ENTRY_POINTER = /^\/data\/attributes\/custom_entry_map\/([^/]+)(?:\/value)?$/;

/** The writable attribute a JSON:API error points at (`/data/attributes/given_name`), if any. */
export function refusedAttribute(error: PlatformErrorObject): PlatformWritableAttribute | null {
  const name = ATTRIBUTE_POINTER.exec(error.source?.pointer ?? '')?.[1];
  return PLATFORM_WRITABLE_ATTRIBUTES.find((attribute) => attribute === name) ?? null;
}

/** `${path}.N.value` for the first vendor error that points at one of the written values, else null. */
export function refusedValueField(
  errors: readonly PlatformErrorObject[],
  values: readonly CustomFieldWrite[],
  path: string,
): string | null {
  for (const error of errors) {
    const fieldId = ENTRY_POINTER.exec(error.source?.pointer ?? '')?.[1];
    const index = fieldId === undefined ? -1 : values.findIndex((value) => sameId(value.fieldId, fieldId));
    if (index >= 0) return `${path}.${index}.value`;
  }
  return null;
}
