// PLATFORM custom fields: the organization's definitions, each customer's typed values, and writes
// that never lose a value by accident (the vendor deletes every entry a write leaves out).
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { CustomFieldsNotListedError } from '../sources/errors.ts';
import type {
  CUSTOM_FIELD_TYPES,
  Customer,
  CustomFieldDefinition,
  CustomFieldEntry,
  CustomFieldInputValue,
  CustomFieldOption,
  CustomFieldWrite,
} from '../sources/model/index.ts';
import { clearCustomFieldValues, setCustomFieldValues } from '../writes/platform-writes.ts';
import { builder } from './builder.ts';
import { platformCustomerIdArgument } from './customer-ids.ts';
import { CustomerRef } from './customer-ref.ts';
import { UPDATE_ERRORS } from './errors.ts';
import { rawVendorData } from './raw-vendor-data.ts';

export const CustomFieldTypeEnum = builder.enumType('CustomFieldType', {
  description:
    "A PLATFORM custom field's type (the vendor's `type`, upper-cased); it says which member of CustomFieldValue holds the value.",
  values: {
    TEXT: { description: '`text`: one line of text (value in `text`).' },
    TEXTAREA: { description: '`textarea`: longer text (value in `text`).' },
    NUMBER: { description: '`number` (value in `number`).' },
    SELECT: { description: "`select`: one of the field's options (value in `option`)." },
    MULTISELECT: { description: "`multiselect`: several of the field's options (value in `options`)." },
    CHECKBOX: { description: '`checkbox`: yes or no (value in `boolean`).' },
    DATE: { description: '`date` (value in `date`).' },
    FILE: { description: "`file`: uploaded through the vendor's own flow; readable only as `value`, never written here." },
    IMAGE: { description: "`image`: uploaded through the vendor's own flow; readable only as `value`, never written here." },
  } satisfies Record<(typeof CUSTOM_FIELD_TYPES)[number], { description: string }>,
});

const CustomFieldOptionRef = builder.objectRef<CustomFieldOption>('CustomFieldOption').implement({
  description: 'One choice of a SELECT or MULTISELECT field.',
  fields: (t) => ({
    key: t.exposeString('key', { description: "The option's key, as the vendor stores it in values." }),
    label: t.exposeString('label', { description: "The option's label, as people see it." }),
  }),
});

export const CustomFieldRef = builder.objectRef<CustomFieldDefinition>('CustomField').implement({
  description: 'A field the PLATFORM organization defined for its customer records.',
  fields: (t) => ({
    id: t.exposeID('id', {
      description: "The field's UUID on the PLATFORM: the key of `custom_entry_map`, and the `fieldId` writes take.",
    }),
    label: t.exposeString('label', { description: "The field's name (the vendor's `label`)." }),
    type: t.field({ type: CustomFieldTypeEnum, description: "The vendor's `type`.", resolve: (field) => field.type }),
    options: t.field({
      type: [CustomFieldOptionRef],
      description: 'The choices of a SELECT or MULTISELECT field; empty for other types.',
      resolve: (field) => field.options,
    }),
    sourceRecord: t.field(
      rawVendorData("The vendor's `custom-fields` resource, untouched.", (field: CustomFieldDefinition) => field.sourceRecord),
    ),
  }),
});

export const CustomFieldValueRef = builder.objectRef<CustomFieldEntry>('CustomFieldValue').implement({
  description: 'One custom field of one customer, typed by its field: read the member that fits `type`.',
  fields: (t) => ({
    field: t.field({
      type: CustomFieldRef,
      nullable: true,
      description:
        "The field's definition; null when the organization no longer defines it, or when this PLATFORM does not list its definitions (`label` and `type` then come from the value itself).",
      resolve: (entry) => entry.field,
    }),
    fieldId: t.exposeID('fieldId', { description: "The field's id: the entry's key in the customer's `custom_entry_map`." }),
    label: t.exposeString('label', { nullable: true, description: "The entry's `label`, else the field's; null when neither says." }),
    type: t.field({
      type: CustomFieldTypeEnum,
      nullable: true,
      description: "The field's type, else the entry's own `type`; null when neither is a type the gateway knows (read `value`).",
      resolve: (entry) => entry.type,
    }),
    value: t.field({ type: 'JSON', description: 'The raw stored value.', resolve: (entry) => entry.value }),
    formattedValue: t.exposeString('formattedValue', {
      nullable: true,
      description: "The vendor's `formatted_value`: display-ready (option labels for select types); null when it sent none.",
    }),
    text: t.exposeString('text', { nullable: true, description: 'TEXT and TEXTAREA values; null for other types or no value.' }),
    number: t.exposeFloat('number', {
      nullable: true,
      description: 'NUMBER values; null for other types, no value or a value that is not a number.',
    }),
    option: t.field({
      type: CustomFieldOptionRef,
      nullable: true,
      description: 'The chosen option of a SELECT field; null for other types or no choice.',
      resolve: (entry) => (entry.type === 'SELECT' ? (entry.options[0] ?? null) : null),
    }),
    options: t.field({
      type: [CustomFieldOptionRef],
      description: "The chosen options of a MULTISELECT field (a SELECT's one choice too); empty for other types.",
      resolve: (entry) => entry.options,
    }),
    boolean: t.exposeBoolean('boolean', { nullable: true, description: 'CHECKBOX values; null for other types or no value.' }),
    date: t.field({
      type: 'LocalDate',
      nullable: true,
      description: 'DATE values; null for other types, no value or a value that is not a date.',
      resolve: (entry) => entry.date,
    }),
  }),
});

builder.objectField(CustomerRef, 'customFields', (t) =>
  t.field({
    type: [CustomFieldValueRef],
    nullable: true,
    authScopes: { 'pii:read': true },
    description:
      "PLATFORM custom field values, typed (empty for other sources): by the organization's definitions (read once per request) where the PLATFORM lists them, else by each value's own label and type, which its customer record always carries. Needs the `pii:read` scope (null, with a FORBIDDEN error, without it).",
    resolve: (customer: Customer, _args, ctx) =>
      customer.source === 'PLATFORM' ? ctx.loaders.platform.customFieldValues.load(customer) : [],
  }),
);

const CustomFieldInputValueInput = builder.inputType('CustomFieldInputValue', {
  description:
    'Exactly one, fitting the field: text, option (SELECT: key or label), options (MULTISELECT), number, boolean (CHECKBOX), date.',
  isOneOf: true,
  fields: (t) => ({
    text: t.string({ description: 'For TEXT and TEXTAREA fields.' }),
    option: t.string({ description: "For SELECT fields: an option's key or label." }),
    options: t.stringList({ description: 'For MULTISELECT fields: option keys or labels.' }),
    number: t.float({ description: 'For NUMBER fields.' }),
    boolean: t.boolean({ description: 'For CHECKBOX fields.' }),
    date: t.field({ type: 'LocalDate', description: 'For DATE fields.' }),
  }),
});

export const CustomFieldValueInput = builder.inputType('CustomFieldValueInput', {
  description: "A value for one PLATFORM custom field, checked against the field's type and options before anything is sent.",
  fields: (t) => ({
    fieldId: t.id({ required: true, description: "The custom field's id (CustomField.id)." }),
    value: t.field({
      type: CustomFieldInputValueInput,
      required: true,
      description: "The value, in the member that fits the field's type.",
    }),
  }),
});

export type OneOfValue = {
  text?: string | null;
  option?: string | null;
  options?: string[] | null;
  number?: number | null;
  boolean?: boolean | null;
  date?: string | null;
};

export function toCustomFieldWrites(values: ReadonlyArray<{ fieldId: string | number; value: OneOfValue }>): CustomFieldWrite[] {
  return values.map(({ fieldId, value }) => {
    const given: CustomFieldInputValue | null | undefined =
      value.text ?? value.option ?? value.options ?? value.number ?? value.boolean ?? value.date;
    return { fieldId: String(fieldId), value: given ?? '' };
  });
}

const CustomFieldWriteModeEnum = builder.enumType('CustomFieldWriteMode', {
  description: 'What happens to the custom fields a write does not name.',
  values: {
    MERGE: { description: 'Fields not named keep their values (the gateway re-sends them; the vendor would otherwise delete them).' },
    REPLACE: { description: 'Fields not named are cleared.' },
  },
});

builder.queryField('customFields', (t) =>
  t.field({
    type: [CustomFieldRef],
    nullable: true,
    authScopes: { 'customers:read': true },
    description:
      "The PLATFORM organization's custom field definitions; null (with a SOURCE_UNAVAILABLE error) when the PLATFORM cannot be read, and null with a CUSTOM_FIELDS_NOT_LISTED error when this PLATFORM does not list them (its document names no such list; read `Customer.customFields`, whose values carry their labels and types).",
    resolve: async (_root, _args, ctx) => {
      try {
        return await ctx.loaders.platform.customFieldDefinitions();
      } catch (error) {
        if (error instanceof CustomFieldsNotListedError) {
          throw new GraphQLError(error.message, { extensions: { code: 'CUSTOM_FIELDS_NOT_LISTED', source: error.source } });
        }
        throw error;
      }
    },
  }),
);

const fieldIds = z.array(z.string()).min(1, 'name at least one field').max(100);

builder.mutationFields((t) => ({
  setCustomFieldValues: t.field({
    type: CustomerRef,
    authScopes: { 'customers:write': true },
    description:
      "Sets PLATFORM custom field values, checked against each field's type and options before anything is sent, as far as the PLATFORM shows its fields (its list of definitions, else the customer's own fields); a value for a field it does not show is sent, and the PLATFORM's refusal answered as a ValidationError naming the value.",
    args: {
      customerId: t.arg.id({ required: true, description: 'The global id of a PLATFORM customer of this organization.' }),
      values: t.arg({
        type: [CustomFieldValueInput],
        required: true,
        description: '1 to 100 values, each field named once.',
        validate: z.array(z.unknown()).min(1, 'give at least one value').max(100),
      }),
      mode: t.arg({
        type: CustomFieldWriteModeEnum,
        defaultValue: 'MERGE',
        description: 'MERGE keeps the fields not named; REPLACE clears them.',
      }),
    },
    errors: {
      types: UPDATE_ERRORS,
      union: {
        name: 'SetCustomFieldValuesResult',
        description: 'What setCustomFieldValues answers: the customer with its new values, or why not.',
      },
      result: { name: 'SetCustomFieldValuesSuccess', description: 'The values were written.' },
      dataField: { name: 'customer', description: 'The customer as the PLATFORM now has it.' },
    },
    resolve: async (_root, args, ctx) => {
      const id = platformCustomerIdArgument(ctx, String(args.customerId), 'customerId');
      return setCustomFieldValues(ctx, id, toCustomFieldWrites(args.values), args.mode ?? 'MERGE');
    },
  }),
  clearCustomFieldValues: t.field({
    type: CustomerRef,
    authScopes: { 'customers:write': true },
    description: 'Clears the named PLATFORM custom fields and keeps every other one.',
    args: {
      customerId: t.arg.id({ required: true, description: 'The global id of a PLATFORM customer of this organization.' }),
      fieldIds: t.arg.idList({ required: true, description: '1 to 100 custom field ids (CustomField.id) to clear.', validate: fieldIds }),
    },
    errors: {
      types: UPDATE_ERRORS,
      union: {
        name: 'ClearCustomFieldValuesResult',
        description: 'What clearCustomFieldValues answers: the customer without those values, or why not.',
      },
      result: { name: 'ClearCustomFieldValuesSuccess', description: 'The named fields were cleared.' },
      dataField: { name: 'customer', description: 'The customer as the PLATFORM now has it.' },
    },
    resolve: async (_root, args, ctx) => {
      const id = platformCustomerIdArgument(ctx, String(args.customerId), 'customerId');
      return clearCustomFieldValues(ctx, id, args.fieldIds.map(String));
    },
  }),
}));
