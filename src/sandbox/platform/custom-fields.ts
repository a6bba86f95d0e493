// The PLATFORM sandbox's custom field definitions (`GET /api/v1/custom-fields`, not in the document: on
// only with `platform-custom-fields-route`), the `custom-fields` and `custom-entries` resources a customer
// document includes (Option 2), and each value's `formatted_value`.
import type { JsonValue } from '../../sources/model/index.ts';
import type { SandboxResponse } from '../server.ts';
import { collection, unsupportedParameter } from './collection.ts';
import { organizationFields, type PlatformContext } from './context.ts';
import type { PlatformEntry, PlatformField } from './records.ts';

export function listCustomFields(context: PlatformContext): SandboxResponse {
  const refused = unsupportedParameter(context.request.query, [], false);
  return refused ?? collection(context, organizationFields(context), fieldResource);
}

export function entryResource(fieldId: string, entry: PlatformEntry, context: PlatformContext) {
  const field = organizationFields(context).find((candidate) => candidate.id === fieldId);
  return {
    type: 'custom-entries',
    id: entry.id,
    attributes: {
      value: entry.value,
      formatted_value: field ? formatEntryValue(field, entry.value, context.organization.locale) : null,
    },
    relationships: { field: { data: { type: 'custom-fields', id: fieldId } } },
  };
}

export function fieldResource(field: PlatformField) {
  return {
    type: 'custom-fields',
    id: field.id,
    attributes: { label: field.label, type: field.type, ...(field.options.length > 0 ? { options: field.options } : {}) },
  };
}

/** `formatted_value`: the display form of a stored value (option labels, Yes/No, a medium date). */
export function formatEntryValue(field: PlatformField, value: JsonValue, locale: string): string {
  const optionLabel = (key: JsonValue) => field.options.find((o) => o.key === key || o.label === key)?.label ?? String(key);
  switch (field.type) {
    case 'select':
      return optionLabel(value);
    case 'multiselect':
      return (Array.isArray(value) ? value : [value]).map(optionLabel).join(', ');
    case 'checkbox':
      return value === true ? 'Yes' : 'No';
    case 'file':
    case 'image': {
      const name = value !== null && typeof value === 'object' && !Array.isArray(value) ? value.name : undefined;
      return typeof name === 'string' ? name : '';
    }
    case 'date':
      return typeof value === 'string'
        ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`))
        : '';
    default:
      return value === null ? '' : String(value);
  }
}
