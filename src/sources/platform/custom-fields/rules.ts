// PLATFORM custom fields as written (platform-customers-jsonapi.txt, "Writing Custom Field Data", "Value
// Format by Field Type"): each value checked against its field and converted to what the vendor stores,
// and the whole `custom_entry_map` to send, since the vendor deletes every entry the map leaves out.
// Pure functions.
import { DateTime } from 'luxon';
import { SourceError, ValidationError } from '../../errors.ts';
import type { CustomFieldDefinition, CustomFieldInputValue, CustomFieldWrite, JsonObject, JsonValue } from '../../model/index.ts';
import { isPlatformId, sameId } from '../ids.ts';
import type { PlatformEntryMapBody } from '../payloads.ts';
import { findOption, readMapEntry } from './map.ts';

export const CUSTOM_FIELD_TEXT_MAX = 10_000;
const OPTIONS_NAMED_IN_MESSAGES = 20;

/**
 * The vendor value per field id, in order; a ValidationError names `${path}.N.fieldId` or `${path}.N.value`.
 * `complete`: the definitions are the organization's whole list, and a field not among them is refused.
 * Otherwise they are only the fields the vendor showed, and a value for any other field (a UUID) goes as
 * given, for the vendor to judge: its 422 names the value.
 */
export function checkCustomFieldValues(
  values: readonly CustomFieldWrite[],
  definitions: readonly CustomFieldDefinition[],
  path: string,
  complete = true,
): Map<string, JsonValue> {
  const checked = new Map<string, JsonValue>();
  values.forEach(({ fieldId, value }, index) => {
    const definition = definitions.find((candidate) => sameId(candidate.id, fieldId));
    if (!definition && (complete || !isPlatformId(fieldId))) throw unknownField(`${path}.${index}.fieldId`, fieldId);
    const id = definition?.id ?? fieldId.toLowerCase();
    if ([...checked.keys()].some((named) => sameId(named, id))) {
      const name = definition ? `the "${definition.label}" field` : `the field ${fieldId}`;
      throw new ValidationError(`${path}.${index}.fieldId`, `${name} is named more than once`);
    }
    checked.set(id, definition ? toVendorValue(definition, value, `${path}.${index}.value`) : value);
  });
  return checked;
}

/** platform-customers-jsonapi.txt, "Value Format by Field Type"; options go as their keys, checkboxes as booleans. */
export function toVendorValue(definition: CustomFieldDefinition, value: CustomFieldInputValue, field: string): JsonValue {
  const refuse = (takes: string) => new ValidationError(field, `the "${definition.label}" field ${takes}`);
  switch (definition.type) {
    case 'TEXT':
    case 'TEXTAREA':
      if (typeof value !== 'string') throw refuse('takes text');
      if (value.length > CUSTOM_FIELD_TEXT_MAX) throw refuse(`takes at most ${CUSTOM_FIELD_TEXT_MAX} characters`);
      return value;
    case 'NUMBER': {
      const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(number)) throw refuse('takes a number');
      return number;
    }
    case 'SELECT': {
      // Options not shown (the document does not show them): a key or label goes as given, for the vendor to judge.
      if (definition.options.length === 0 && typeof value === 'string') return value;
      const option = typeof value === 'string' ? findOption(definition, value) : null;
      if (!option) throw refuse(`takes one of its options: ${describeOptions(definition)}`);
      return option.key;
    }
    case 'MULTISELECT': {
      if (definition.options.length === 0 && Array.isArray(value)) return [...new Set(value)];
      const keys = Array.isArray(value) ? value.map((item) => findOption(definition, item)?.key) : [undefined];
      if (keys.some((key) => key === undefined)) throw refuse(`takes a list of its options: ${describeOptions(definition)}`);
      return [...new Set(keys as string[])];
    }
    case 'CHECKBOX':
      if (typeof value === 'boolean') return value;
      if (value === '1' || value === '0') return value === '1';
      throw refuse('takes true or false ("1" or "0")');
    case 'DATE':
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid) return value;
      throw refuse('takes a date (YYYY-MM-DD)');
    case 'FILE':
    case 'IMAGE':
      throw refuse(
        `holds an uploaded ${definition.type.toLowerCase()}: files and images go through the PLATFORM's upload flow and cannot be set as a value`,
      );
  }
}

function describeOptions(definition: CustomFieldDefinition): string {
  const named = definition.options.slice(0, OPTIONS_NAMED_IN_MESSAGES).map((o) => (o.key === o.label ? o.key : `${o.key} (${o.label})`));
  return named.join(', ') + (definition.options.length > OPTIONS_NAMED_IN_MESSAGES ? ', …' : '');
}

/**
 * The customer's map as stored, to be sent back so that nothing is lost: each entry with its stored
 * value (file and image entries too, unchanged). An entry without a value cannot be kept: refuse.
 */
export function storedEntryMap(map: JsonObject): PlatformEntryMapBody {
  const body: PlatformEntryMapBody = {};
  for (const [fieldId, raw] of Object.entries(map)) {
    const entry = readMapEntry(raw);
    if (entry.value === undefined) throw new SourceError('PLATFORM', 'BAD_RESPONSE');
    body[fieldId] = { value: entry.value };
  }
  return body;
}

/** MERGE: every stored entry, with the changed ones replaced. */
export function mergedEntryMap(stored: JsonObject, changes: ReadonlyMap<string, JsonValue>): PlatformEntryMapBody {
  const untouched = Object.entries(storedEntryMap(stored)).filter(([fieldId]) => ![...changes.keys()].some((id) => sameId(id, fieldId)));
  return { ...Object.fromEntries(untouched), ...replacedEntryMap(changes) };
}

/** REPLACE: the given values only; the vendor deletes every other entry. */
export function replacedEntryMap(changes: ReadonlyMap<string, JsonValue>): PlatformEntryMapBody {
  return Object.fromEntries([...changes].map(([fieldId, value]) => [fieldId, { value }]));
}

/** Clear: every stored entry but the named fields. */
export function clearedEntryMap(stored: JsonObject, fieldIds: readonly string[]): PlatformEntryMapBody {
  const kept = Object.fromEntries(Object.entries(stored).filter(([fieldId]) => !fieldIds.some((id) => sameId(id, fieldId))));
  return storedEntryMap(kept);
}

/**
 * Each field id a clear names must be one the customer holds (`isStored`) or one of the organization's
 * fields; without the organization's list (`definitions` null), any UUID, since clearing what is not held
 * changes nothing.
 */
export function checkClearedFields(
  fieldIds: readonly string[],
  isStored: (fieldId: string) => boolean,
  definitions: readonly CustomFieldDefinition[] | null,
): void {
  fieldIds.forEach((fieldId, index) => {
    if (isStored(fieldId)) return;
    const known = definitions === null ? isPlatformId(fieldId) : definitions.some((definition) => sameId(definition.id, fieldId));
    if (!known) throw unknownField(`fieldIds.${index}`, fieldId);
  });
}

function unknownField(field: string, fieldId: string): ValidationError {
  return new ValidationError(field, `no custom field ${fieldId.slice(0, 64)} in this PLATFORM organization`);
}
