// A PLATFORM sandbox customer as a JSON:API `customers` resource, its custom entries in `custom_entry_map`.

import { organizationFields, type PlatformContext } from './context.ts';
import { formatEntryValue } from './custom-fields.ts';
import type { PlatformCustomerRow } from './records.ts';

export function customerResource(context: PlatformContext, row: PlatformCustomerRow, withEntries = false) {
  const customEntryMap = Object.fromEntries(
    organizationFields(context).flatMap((field) => {
      const entry = row.entries.get(field.id);
      if (!entry) return [];
      const formatted = formatEntryValue(field, entry.value, context.organization.locale);
      return [[field.id, { value: entry.value, label: field.label, formatted_value: formatted, type: field.type }]];
    }),
  );
  const entryLinkages = [...row.entries.values()].map((entry) => ({ type: 'custom-entries', id: entry.id }));
  return {
    type: 'customers',
    id: row.id,
    attributes: { ...row.attributes, custom_entry_map: customEntryMap },
    ...(withEntries ? { relationships: { custom_entries: { data: entryLinkages } } } : {}),
    links: { self: `${context.origin}/api/v1/customers/${row.id}` },
  };
}
