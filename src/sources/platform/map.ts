// PLATFORM `customers` resource → unified Customer. Pure functions only.
import type { ContactPhone, CustomerOf, Gender, JsonObject } from '../model.ts';
import { toContactPhone, toEmail, toLocalDate, toLocale } from '../normalize.ts';
import type { PlatformCustomerAttributes, PlatformCustomerResource } from './payloads.ts';

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
