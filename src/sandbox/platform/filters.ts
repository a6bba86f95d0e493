// The PLATFORM sandbox's customer list filters: `filter[search]` and `filter[email]` (the document's), and
// what it offers beyond the document when turned on (customers.ts): `filter[id]`, `filter[account_id]` and
// `filter[custom_fields][<field uuid>]`.

import { foldText } from '../../sources/kit/customer-filter.ts';
import type { JsonValue } from '../../sources/model/index.ts';
import type { PlatformCustomerRow, PlatformField } from './records.ts';

export interface CustomerFilters {
  search: string | null;
  email: string | null;
  ids: string[] | null;
  accountId: string | null;
  customFields: Array<{ fieldId: string; value: string }>;
}

/** What `filter[search]` looks in: the names, the email and the phones, collated. */
export function searchableFields(row: PlatformCustomerRow): readonly string[] {
  const a = row.attributes;
  return [a.given_name, a.family_name, a.email, a.mobile, a.phone].flatMap((v) => (v === null ? [] : [collate(v)]));
}

/**
 * The customers that match every filter given (null: not filtered); `rows` itself when none is given.
 * `searchable`: searchableFields, or a kept copy of what it answers.
 */
export function filterCustomers(
  rows: readonly PlatformCustomerRow[],
  fields: PlatformField[],
  filters: CustomerFilters,
  searchable: (row: PlatformCustomerRow) => readonly string[] = searchableFields,
): readonly PlatformCustomerRow[] {
  const words = filters.search === null ? [] : collate(filters.search).split(/\s+/).filter(Boolean);
  const email = filters.email === null ? null : collate(filters.email);
  const unfiltered = filters.ids === null && filters.accountId === null && filters.customFields.length === 0;
  if (unfiltered && words.length === 0 && email === null) return rows;
  return rows.filter((row) => {
    const a = row.attributes;
    if (filters.ids !== null && !filters.ids.includes(row.id)) return false;
    if (email !== null && (a.email === null || collate(a.email) !== email)) return false;
    if (filters.accountId !== null && a.account_id !== filters.accountId) return false;
    const holds = ({ fieldId, value }: { fieldId: string; value: string }) => {
      const field = fields.find((candidate) => candidate.id === fieldId);
      const entry = row.entries.get(fieldId);
      return field !== undefined && entry !== undefined && entryHolds(field, entry.value, value);
    };
    if (!filters.customFields.every(holds)) return false;
    if (words.length === 0) return true;
    const values = searchable(row);
    return words.every((word) => values.some((value) => value.includes(word)));
  });
}

/** `filter[custom_fields][…]`: the stored value, an option's key or label, `1`/`0` for a checkbox, or the same number. */
function entryHolds(field: PlatformField, stored: JsonValue, wanted: string): boolean {
  const target = collate(wanted);
  const names = (item: JsonValue): string[] => {
    const option = field.options.find((o) => o.key === item || o.label === item);
    return option ? [option.key, option.label] : [String(item)];
  };
  switch (field.type) {
    case 'select':
    case 'multiselect':
      return (Array.isArray(stored) ? stored : [stored]).some((item) => names(item).some((name) => collate(name) === target));
    case 'checkbox':
      return (stored === true ? ['1', 'true'] : ['0', 'false']).includes(target);
    case 'number':
      return target !== '' && Number(target) === Number(stored);
    case 'file':
    case 'image':
      return false;
    default:
      return typeof stored === 'string' && collate(stored) === target;
  }
}

/** Compares the way the platform's database collation does: case- and accent-insensitive. */
export function collate(text: string): string {
  return foldText(text.trim());
}
