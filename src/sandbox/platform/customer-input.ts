// What the PLATFORM sandbox's customer writes accept: the text attributes and their checks, and the
// `custom_entry_map` values each field type takes (platform-customers-jsonapi.txt, "Value Format by Field Type").
import { isDeepStrictEqual } from 'node:util';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { JsonValue } from '../../sources/model/index.ts';
import { organizationCustomers, organizationFields, type PlatformContext } from './context.ts';
import { platformUuid } from './data.ts';
import { asObject, type ErrorObject, errorDocument, invalid, type Read } from './jsonapi.ts';
import {
  type PlatformAttributes,
  type PlatformCustomerRow,
  type PlatformEntry,
  type PlatformField,
  UPLOADED_FIELD_TYPES,
} from './records.ts';

export const WRITABLE_TEXT_ATTRIBUTES = [
  'given_name',
  'family_name',
  'email',
  'mobile',
  'phone',
  'company',
  'sex',
  'birth_date',
  'locale',
] as const;

type WritableTextAttribute = (typeof WRITABLE_TEXT_ATTRIBUTES)[number];

const SEXES = new Set(['female', 'male', 'diverse', 'other']);

export interface CustomerChanges {
  attributes: Partial<PlatformAttributes>;
  /** The new `custom_entry_map`, values already checked; undefined when the map was not sent. */
  entries?: Map<string, JsonValue>;
}

export function validateCustomerAttributes(
  context: PlatformContext,
  attributes: Record<string, unknown>,
  current: PlatformCustomerRow | null,
): Read<CustomerChanges> {
  const errors: ErrorObject[] = [];
  const changes: CustomerChanges = { attributes: {} };
  for (const [name, raw] of Object.entries(attributes)) {
    const pointer = `/data/attributes/${name}`;
    if (name === 'custom_entry_map') {
      const entries = validateEntryMap(context, raw, current, errors);
      if (entries) changes.entries = entries;
    } else if (!isWritableText(name)) {
      const detail = name === 'account_id' ? 'The account_id is read-only.' : `${name} is not a recognised attribute.`;
      errors.push(invalid(pointer, detail));
    } else if (raw !== null && typeof raw !== 'string') {
      errors.push(invalid(pointer, `The ${name} must be a string.`));
    } else {
      // Laravel turns empty strings into null.
      const value = raw === null || raw.trim() === '' ? null : raw.trim();
      const problem = value === null ? null : textProblem(context, name, value, current);
      if (problem) errors.push(invalid(pointer, problem));
      else changes.attributes[name] = value;
    }
  }
  // The document names no required attribute; this sandbox requires a given name, as every example has one.
  const givenName = changes.attributes.given_name;
  const givenNameRefused = errors.some((error) => error.source?.pointer === '/data/attributes/given_name');
  if (!givenNameRefused && (current === null ? !givenName : givenName === null)) {
    errors.push(invalid('/data/attributes/given_name', 'The given name field is required.'));
  }
  return errors.length > 0 ? { response: errorDocument(422, errors) } : changes;
}

function textProblem(
  context: PlatformContext,
  name: WritableTextAttribute,
  value: string,
  current: PlatformCustomerRow | null,
): string | null {
  switch (name) {
    case 'email': {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return 'The email must be a valid email address.';
      const taken = organizationCustomers(context).some(
        (row) => row !== current && row.attributes.email?.toLowerCase() === value.toLowerCase(),
      );
      return taken ? 'The email has already been taken.' : null;
    }
    case 'mobile':
      return phoneType(value) === 'FIXED_LINE' ? 'The mobile must be a mobile phone number.' : null;
    case 'phone':
      return phoneType(value) === 'MOBILE' ? 'The phone must be a landline phone number.' : null;
    case 'sex':
      return SEXES.has(value) ? null : `The sex must be one of ${[...SEXES].join(', ')}.`;
    case 'birth_date':
      return isCalendarDate(value) ? null : 'The birth_date must be a date in Y-m-d format.';
    case 'locale':
      return isLocale(value) ? null : 'The locale must be a language tag.';
    default:
      return null;
  }
}

function validateEntryMap(
  context: PlatformContext,
  raw: unknown,
  current: PlatformCustomerRow | null,
  errors: ErrorObject[],
): Map<string, JsonValue> | undefined {
  const map = asObject(raw);
  if (!map) {
    errors.push(invalid('/data/attributes/custom_entry_map', 'The custom_entry_map must be an object keyed by custom field id.'));
    return undefined;
  }
  const entries = new Map<string, JsonValue>();
  for (const [fieldId, entry] of Object.entries(map)) {
    const pointer = `/data/attributes/custom_entry_map/${fieldId}`;
    const field = organizationFields(context).find((candidate) => candidate.id === fieldId);
    const wrapper = asObject(entry);
    if (!field) errors.push(invalid(pointer, 'No custom field with this id in the organization.'));
    else if (!wrapper || !('value' in wrapper)) errors.push(invalid(pointer, 'Each entry must be an object with a value.'));
    else if (UPLOADED_FIELD_TYPES.has(field.type)) {
      // Re-sending the stored file keeps it; anything else would be setting it, which only the upload flow does.
      const stored = current?.entries.get(field.id)?.value;
      if (stored !== undefined && isDeepStrictEqual(stored, wrapper.value)) entries.set(field.id, stored);
      else errors.push(invalid(`${pointer}/value`, `A ${field.type} field is set through the upload flow, not custom_entry_map.`));
    } else {
      const value = entryValue(field, wrapper.value);
      if (value === undefined) errors.push(invalid(`${pointer}/value`, `Not a valid ${field.type} value.`));
      // A null value clears the field, like leaving it out.
      else if (value !== null) entries.set(field.id, value);
    }
  }
  return entries;
}

/** The stored form of a written value (see "Value Format by Field Type"); undefined when it is not valid. */
function entryValue(field: PlatformField, raw: unknown): JsonValue | undefined {
  if (raw === null) return null;
  const isOption = (value: unknown) => field.options.some((option) => option.key === value || option.label === value);
  switch (field.type) {
    case 'text':
    case 'textarea':
      return typeof raw === 'string' ? raw : undefined;
    case 'number': {
      const number = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      return Number.isFinite(number) ? number : undefined;
    }
    case 'select':
      return typeof raw === 'string' && isOption(raw) ? raw : undefined;
    case 'multiselect':
      return Array.isArray(raw) && raw.every((key) => typeof key === 'string' && field.options.some((o) => o.key === key))
        ? (raw as string[])
        : undefined;
    case 'checkbox':
      return raw === true || raw === '1' ? true : raw === false || raw === '0' ? false : undefined;
    case 'date':
      return typeof raw === 'string' && isCalendarDate(raw) ? raw : undefined;
    case 'file':
    case 'image':
      return undefined;
  }
}

/** Upsert and delete: fields in `values` keep their entry id (or get a new one); the rest are gone. */
export function replaceEntries(
  context: PlatformContext,
  current: Map<string, PlatformEntry>,
  values: Map<string, JsonValue>,
): Map<string, PlatformEntry> {
  const next = new Map<string, PlatformEntry>();
  for (const [fieldId, value] of values) {
    next.set(fieldId, { id: current.get(fieldId)?.id ?? platformUuid('e0000000', context.store.nextSerial++), value });
  }
  return next;
}

function isWritableText(name: string): name is WritableTextAttribute {
  return (WRITABLE_TEXT_ATTRIBUTES as readonly string[]).includes(name);
}

/** The kind of an international number where libphonenumber is sure of it; national numbers are not checked. */
function phoneType(text: string): string | undefined {
  const parsed = parsePhoneNumberFromString(text);
  return parsed?.isValid() ? parsed.getType() : undefined;
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

function isLocale(text: string): boolean {
  try {
    return Intl.getCanonicalLocales(text).length === 1;
  } catch {
    return false;
  }
}
