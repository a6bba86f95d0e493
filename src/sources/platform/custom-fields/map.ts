// PLATFORM custom fields as read (platform-customers-jsonapi.txt, "Reading Custom Field Data", "Value
// Format by Field Type"): definitions, the entries of `custom_entry_map` typed by their field (with what
// the include form sideloads where the map says too little), and whether an entry holds a filter's value.
// Pure functions.
import { foldText } from '../../kit/customer-filter.ts';
import { toLocalDate } from '../../kit/normalize.ts';
import { isJsonObject } from '../../kit/parsed-json.ts';
import type {
  CustomFieldDefinition,
  CustomFieldEntry,
  CustomFieldOption,
  CustomFieldType,
  JsonObject,
  JsonValue,
} from '../../model/index.ts';
import { sameId } from '../ids.ts';
import { type PlatformCustomEntry, platformCustomEntrySchema } from '../payloads.ts';
import { type PlatformCustomFieldResource, platformCustomEntryResourceSchema, platformCustomFieldResourceSchema } from './payloads.ts';

const FIELD_TYPES = new Map<string, CustomFieldType>([
  ['text', 'TEXT'],
  ['textarea', 'TEXTAREA'],
  ['number', 'NUMBER'],
  ['select', 'SELECT'],
  ['multiselect', 'MULTISELECT'],
  ['checkbox', 'CHECKBOX'],
  ['date', 'DATE'],
  ['file', 'FILE'],
  ['image', 'IMAGE'],
]);

export function toCustomFieldType(type: string | null | undefined): CustomFieldType | null {
  return FIELD_TYPES.get(type?.trim().toLowerCase() ?? '') ?? null;
}

/** null for a field of a type we cannot type (it is then read as an untyped entry). */
export function toCustomFieldDefinition(resource: PlatformCustomFieldResource): CustomFieldDefinition | null {
  const type = toCustomFieldType(resource.attributes.type);
  if (type === null) return null;
  const options = (resource.attributes.options ?? []).map((option) =>
    typeof option === 'string' ? { key: option, label: option } : { key: String(option.key), label: option.label },
  );
  return {
    id: resource.id,
    label: resource.attributes.label,
    type,
    options: type === 'SELECT' || type === 'MULTISELECT' ? options : [],
    sourceRecord: resource,
  };
}

/** One map entry as the vendor sent it; a malformed one reads as an entry without a value. */
export function readMapEntry(raw: JsonValue | undefined): PlatformCustomEntry {
  const parsed = platformCustomEntrySchema.safeParse(raw);
  return parsed.success ? parsed.data : {};
}

/** Whether the map and the definition say enough to type the entry without asking the vendor again. */
export function isTypable(entry: PlatformCustomEntry, definition: CustomFieldDefinition | null): boolean {
  return definition !== null && toCustomFieldType(entry.type) !== null;
}

/**
 * The entry typed by its field: the definition's type where there is one, else the map's own `type`.
 * Options are the definition's (a stored key or label finds its option); an option the definition
 * lacks keeps the stored value as its key and the vendor's formatted value as its label.
 */
export function toCustomFieldEntry(
  fieldId: string,
  entry: PlatformCustomEntry,
  definition: CustomFieldDefinition | null,
): CustomFieldEntry {
  const type = definition?.type ?? toCustomFieldType(entry.type);
  const value = entry.value ?? null;
  const formattedValue = entry.formatted_value ?? null;
  const typed: CustomFieldEntry = {
    fieldId,
    field: definition,
    label: entry.label ?? definition?.label ?? null,
    type,
    value,
    formattedValue,
    text: null,
    number: null,
    options: [],
    boolean: null,
    date: null,
  };
  const option = (stored: JsonValue) => findOption(definition, stored) ?? { key: String(stored), label: formattedValue ?? String(stored) };
  switch (type) {
    case 'TEXT':
    case 'TEXTAREA':
      return { ...typed, text: typeof value === 'string' || typeof value === 'number' ? String(value) : null };
    case 'NUMBER':
      return { ...typed, number: toNumber(value) };
    case 'SELECT':
      return { ...typed, options: isScalar(value) ? [option(value)] : [] };
    case 'MULTISELECT': {
      const items = Array.isArray(value) ? value : isScalar(value) ? [value] : [];
      const many = (stored: JsonValue) => findOption(definition, stored) ?? { key: String(stored), label: String(stored) };
      return { ...typed, options: items.filter(isScalar).map(many) };
    }
    case 'CHECKBOX':
      return { ...typed, boolean: toBoolean(value) };
    case 'DATE':
      return { ...typed, date: typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? toLocalDate(value) : null };
    default:
      return typed;
  }
}

/** A sideloaded custom entry: its stored value and formatted value, and its field as sideloaded with it. */
export interface IncludedEntry {
  value: JsonValue | undefined;
  formattedValue: string | null | undefined;
  field: CustomFieldDefinition | null;
}

/** The `custom-fields` resources a read with `include=custom_entries,custom_entries.field` sideloaded, as definitions. */
function sideloadedFields(included: readonly JsonObject[]): CustomFieldDefinition[] {
  return included.flatMap((resource) => {
    const parsed = platformCustomFieldResourceSchema.safeParse(resource);
    const definition = parsed.success ? toCustomFieldDefinition(parsed.data) : null;
    return definition ? [definition] : [];
  });
}

/** The `included` of a read with `include=custom_entries,custom_entries.field`: field id (lower case) → its entry. */
export function toIncludedEntries(included: readonly JsonObject[]): Map<string, IncludedEntry> {
  const fields = sideloadedFields(included);
  return new Map(
    included.flatMap((resource) => {
      const parsed = platformCustomEntryResourceSchema.safeParse(resource);
      if (!parsed.success) return [];
      const fieldId = parsed.data.relationships.field.data.id;
      const field = fields.find((candidate) => sameId(candidate.id, fieldId)) ?? null;
      const { value, formatted_value: formattedValue } = parsed.data.attributes;
      return [[fieldId.toLowerCase(), { value, formattedValue, field }] as const];
    }),
  );
}

/**
 * The fields one customer's read with the include form shows (where the organization's list is not to be
 * had): each sideloaded `custom-fields` resource, and for a map entry whose field was not sideloaded, what
 * the map says of it (label and type, "always" there; its options unknown).
 */
export function toShownDefinitions(map: JsonObject, included: readonly JsonObject[]): CustomFieldDefinition[] {
  const sideloaded = sideloadedFields(included);
  const fromMap = Object.entries(map).flatMap(([fieldId, raw]): CustomFieldDefinition[] => {
    const entry = readMapEntry(raw);
    const type = toCustomFieldType(entry.type);
    if (type === null || sideloaded.some((definition) => sameId(definition.id, fieldId))) return [];
    return [{ id: fieldId, label: entry.label ?? fieldId, type, options: [], sourceRecord: isJsonObject(raw) ? raw : {} }];
  });
  return [...sideloaded, ...fromMap];
}

/** A map entry typed with what the include form said of it: its value, formatted value and field win. */
export function toIncludedCustomFieldEntry(
  fieldId: string,
  entry: PlatformCustomEntry,
  definition: CustomFieldDefinition | null,
  included: IncludedEntry,
): CustomFieldEntry {
  const merged = {
    ...entry,
    value: included.value ?? entry.value ?? null,
    formatted_value: included.formattedValue ?? entry.formatted_value ?? null,
  };
  return toCustomFieldEntry(fieldId, merged, included.field ?? definition);
}

/** An option named by its key or its label (exactly, else ignoring case and accents). */
export function findOption(definition: CustomFieldDefinition | null, named: JsonValue): CustomFieldOption | null {
  if (definition === null || !isScalar(named)) return null;
  const text = String(named);
  const options = definition.options;
  const exact = options.find((o) => o.key === text) ?? options.find((o) => o.label === text);
  if (exact) return exact;
  const folded = foldText(text.trim());
  return options.find((o) => foldText(o.key) === folded) ?? options.find((o) => foldText(o.label) === folded) ?? null;
}

/**
 * Whether a customer's entry holds the value a list filter asked for: an option by key or label, a
 * checkbox as 1/0 or true/false, the same number, the same date, or the same text (ignoring case and
 * accents, as the vendor's collation does).
 */
export function entryHolds(fieldId: string, raw: JsonValue | undefined, definition: CustomFieldDefinition | null, wanted: string): boolean {
  if (raw === undefined) return false;
  const entry = toCustomFieldEntry(fieldId, readMapEntry(raw), definition);
  const target = foldText(wanted.trim());
  if (entry.options.length > 0) return entry.options.some((o) => foldText(o.key) === target || foldText(o.label) === target);
  if (entry.boolean !== null) return (entry.boolean ? ['1', 'true'] : ['0', 'false']).includes(target);
  if (entry.number !== null) return target !== '' && Number(target) === entry.number;
  const text = entry.date ?? entry.text;
  return text !== null && foldText(text.trim()) === target;
}

function isScalar(value: JsonValue): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}

function toNumber(value: JsonValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const number = Number(value.trim());
  return Number.isFinite(number) ? number : null;
}

/** platform-customers-jsonapi.txt: a checkbox is "boolean or "1"/"0"". */
function toBoolean(value: JsonValue): boolean | null {
  if (value === true || value === '1' || value === 1) return true;
  if (value === false || value === '0' || value === 0) return false;
  return null;
}
