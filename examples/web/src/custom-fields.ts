// A PLATFORM customer's custom fields: a form with every field the organization lists, saved with
// MERGE (the fields not touched keep their values). The section loads, fails and retries on its own.
import {
  CustomerPlatformDetailsDocument,
  type CustomerPlatformDetailsQuery,
  CustomFieldsDocument,
  type CustomFieldsQuery,
  type CustomFieldValueInput,
  SetCustomFieldValuesDocument,
} from '../../../schema/generated/graphql.ts';
import { answer, fieldError, RequestError, request } from './api.ts';
import { element } from './dom.ts';
import { fill } from './load.ts';

type Definition = NonNullable<CustomFieldsQuery['customFields']>[number];
type StoredValue = NonNullable<NonNullable<CustomerPlatformDetailsQuery['customer']>['customFields']>[number];

export function customFieldsSection(customerId: string): HTMLElement {
  const section = element('section', { dataset: { testid: 'custom-fields-section' } });
  void showCustomFields(section, customerId);
  return section;
}

/** Reads the definitions and the customer's values, then shows the form (and `note` under it). */
function showCustomFields(section: HTMLElement, customerId: string, note?: HTMLElement): Promise<void> {
  return fill(section, 'Loading custom fields…', async () => {
    const [{ customFields: listed }, details] = await Promise.all([
      request(CustomFieldsDocument, {}),
      answer(CustomerPlatformDetailsDocument, { id: customerId }),
    ]);
    const customer = details.data.customer;
    // The gateway answers null (with an error) for what a vendor failed to give: a failure to retry.
    if (!customer?.customFields) {
      throw (
        fieldError(details.errors, ['customer', 'customFields']) ?? new RequestError('graphql', 'Custom fields cannot be read right now.')
      );
    }
    // A PLATFORM that does not list its custom fields (CUSTOM_FIELDS_NOT_LISTED): the customer's own entries name theirs.
    const definitions = listed ?? customer.customFields.map(definitionOf);
    const stored = new Map(customer.customFields.map((value) => [value.fieldId, value]));
    const inputs = definitions.map((definition) => [definition, fieldInput(definition, stored.get(definition.id))] as const);
    const status = element('div', { className: 'status', dataset: { testid: 'save-status' } });
    const form = element(
      'form',
      { dataset: { testid: 'custom-fields' } },
      ...inputs.map(([definition, input]) => element('label', {}, definition.label, input)),
      element('button', { type: 'submit' }, 'Save custom fields'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const values = inputs.flatMap(([definition, input]) => {
        const value = changedValueOf(definition, input, stored.get(definition.id));
        return value ? [{ fieldId: definition.id, value }] : [];
      });
      // A Retry after a failed save sends these very values again, whatever the form holds by then.
      void fill(status, 'Saving…', () => save(section, customerId, values));
    });
    return [element('h3', {}, 'Custom fields'), form, status, ...(note ? [note] : [])];
  });
}

/** Saves, then reads the fields back from the vendor: the form shows what it now holds. */
async function save(section: HTMLElement, customerId: string, values: CustomFieldValueInput[]): Promise<Array<Node | string>> {
  if (values.length === 0) return ['Nothing changed.'];
  const { setCustomFieldValues: result } = await request(SetCustomFieldValuesDocument, { customerId, values, mode: 'MERGE' });
  if (result.__typename !== 'SetCustomFieldValuesSuccess') return [element('span', { className: 'error' }, result.message)];
  const saved = `Saved ${values.length} field${values.length === 1 ? '' : 's'}.`;
  void showCustomFields(section, customerId, element('p', { className: 'status', dataset: { testid: 'saved' } }, saved));
  return [saved];
}

/** A field as the customer's own entry describes it: its label, its type, the options it holds. */
function definitionOf(value: StoredValue): Definition {
  return {
    id: value.fieldId,
    label: value.label ?? value.fieldId,
    type: value.type ?? 'TEXT',
    options: value.option ? [value.option] : value.options,
  };
}

function fieldInput(definition: Definition, value: StoredValue | undefined): HTMLInputElement | HTMLSelectElement {
  const name = definition.id;
  switch (definition.type) {
    case 'SELECT':
      return element(
        'select',
        { name },
        element('option', { value: '' }, '—'),
        ...definition.options.map((option) =>
          element('option', { value: option.key, selected: value?.option?.key === option.key }, option.label),
        ),
      );
    case 'CHECKBOX':
      return element('input', { name, type: 'checkbox', checked: value?.boolean ?? false });
    case 'NUMBER':
      return element('input', { name, type: 'number', value: value?.number?.toString() ?? '' });
    case 'DATE':
      return element('input', { name, type: 'date', value: value?.date ?? '' });
    case 'MULTISELECT':
      return element('input', {
        name,
        value: (value?.options ?? []).map((option) => option.key).join(', '),
        placeholder: definition.options.map((o) => o.key).join(', '),
      });
    case 'FILE':
    case 'IMAGE':
      return element('input', { name, value: value?.formattedValue ?? '', disabled: true, title: 'Files are uploaded another way' });
    default:
      return element('input', { name, value: value?.text ?? '', dataset: { testid: `field-${definition.label}` } });
  }
}

/** Only what changed goes out: MERGE keeps everything else as it is. */
function changedValueOf(
  definition: Definition,
  input: HTMLInputElement | HTMLSelectElement,
  stored: StoredValue | undefined,
): CustomFieldValueInput['value'] | null {
  if (input.disabled) return null;
  const text = input.value.trim();
  switch (definition.type) {
    case 'SELECT':
      return text && text !== stored?.option?.key ? { option: text } : null;
    case 'CHECKBOX': {
      const checked = (input as HTMLInputElement).checked;
      return checked !== (stored?.boolean ?? false) ? { boolean: checked } : null;
    }
    case 'NUMBER':
      return text && Number(text) !== stored?.number ? { number: Number(text) } : null;
    case 'DATE':
      return text && text !== stored?.date ? { date: text } : null;
    case 'MULTISELECT': {
      const keys = text
        .split(',')
        .map((key) => key.trim())
        .filter(Boolean);
      return keys.join(',') !== (stored?.options ?? []).map((option) => option.key).join(',') ? { options: keys } : null;
    }
    default:
      return text && text !== stored?.text ? { text } : null;
  }
}
