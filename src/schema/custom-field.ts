// PLATFORM custom fields: the organization's definitions, each customer's typed values, and writes
// that never lose a value by accident (the vendor deletes every entry a write leaves out).
import { z } from 'zod';
import type { GatewayContext } from '../context.ts';
import { SourceError } from '../sources/errors.ts';
import {
  CUSTOM_FIELD_TYPES,
  type CustomFieldDefinition,
  type CustomFieldEntry,
  type CustomFieldInputValue,
  type CustomFieldOption,
  type CustomFieldWrite,
  type Customer,
  type PlatformExtras,
} from '../sources/model.ts';
import type { Sources } from '../sources/index.ts';
import { builder } from './builder.ts';
import { CustomerRef } from './customer-ref.ts';
import { UPDATE_ERRORS } from './errors.ts';
import { platformCustomerIdArgument } from './customer-ids.ts';
import { customerEntity, dropStaleAnswers } from './stale-answers.ts';

export const CustomFieldTypeEnum = builder.enumType('CustomFieldType', { values: CUSTOM_FIELD_TYPES });

const CustomFieldOptionRef = builder.objectRef<CustomFieldOption>('CustomFieldOption').implement({
  fields: (t) => ({ key: t.exposeString('key'), label: t.exposeString('label') }),
});

export const CustomFieldRef = builder.objectRef<CustomFieldDefinition>('CustomField').implement({
  description: 'A field the PLATFORM organization defined for its customer records.',
  fields: (t) => ({
    id: t.exposeID('id'),
    label: t.exposeString('label'),
    type: t.field({ type: CustomFieldTypeEnum, resolve: (field) => field.type }),
    options: t.field({ type: [CustomFieldOptionRef], description: 'SELECT and MULTISELECT only.', resolve: (field) => field.options }),
    sourceRecord: t.field({ type: 'JSON', resolve: (field) => field.sourceRecord }),
  }),
});

export const CustomFieldValueRef = builder.objectRef<CustomFieldEntry>('CustomFieldValue').implement({
  description: 'One custom field of one customer, typed by its field: read the member that fits `type`.',
  fields: (t) => ({
    field: t.field({ type: CustomFieldRef, nullable: true, description: 'null when the organization no longer defines it.', resolve: (entry) => entry.field }),
    fieldId: t.exposeID('fieldId'),
    label: t.exposeString('label', { nullable: true }),
    type: t.field({ type: CustomFieldTypeEnum, nullable: true, resolve: (entry) => entry.type }),
    value: t.field({ type: 'JSON', description: 'The raw stored value.', resolve: (entry) => entry.value }),
    formattedValue: t.exposeString('formattedValue', { nullable: true, description: 'Display-ready (option labels for select types).' }),
    text: t.exposeString('text', { nullable: true, description: 'TEXT, TEXTAREA.' }),
    number: t.exposeFloat('number', { nullable: true, description: 'NUMBER.' }),
    option: t.field({ type: CustomFieldOptionRef, nullable: true, description: 'SELECT.', resolve: (entry) => (entry.type === 'SELECT' ? (entry.options[0] ?? null) : null) }),
    options: t.field({ type: [CustomFieldOptionRef], description: 'MULTISELECT (and SELECT, as one).', resolve: (entry) => entry.options }),
    boolean: t.exposeBoolean('boolean', { nullable: true, description: 'CHECKBOX.' }),
    date: t.field({ type: 'LocalDate', nullable: true, description: 'DATE.', resolve: (entry) => entry.date }),
  }),
});

export function platformSource(ctx: GatewayContext): NonNullable<Sources['PLATFORM']> {
  const platform = ctx.sources.PLATFORM;
  if (!platform) throw new SourceError('PLATFORM', 'NOT_CONFIGURED');
  return platform;
}

export function platformExtras(ctx: GatewayContext): PlatformExtras {
  return platformSource(ctx).extras;
}

export function platformCustomerEntity(ctx: GatewayContext, id: string): { typename: string; id: string } {
  return customerEntity({ source: 'PLATFORM', organization: platformSource(ctx).organization, id });
}

builder.objectField(CustomerRef, 'customFields', (t) =>
  t.field({
    type: [CustomFieldValueRef],
    description: 'PLATFORM custom field values, typed (empty for other sources). The definitions are read once per request.',
    resolve: async (customer: Customer, _args, ctx) => {
      if (customer.source !== 'PLATFORM') return [];
      const definitions = await ctx.loaders.customFieldDefinitions();
      return platformExtras(ctx).customFieldEntries(customer, definitions, ctx.call);
    },
  }),
);

const CustomFieldInputValue = builder.inputType('CustomFieldInputValue', {
  description: 'Exactly one, fitting the field: text, option (SELECT: key or label), options (MULTISELECT), number, boolean (CHECKBOX), date.',
  isOneOf: true,
  fields: (t) => ({
    text: t.string(),
    option: t.string(),
    options: t.stringList(),
    number: t.float(),
    boolean: t.boolean(),
    date: t.field({ type: 'LocalDate' }),
  }),
});

export const CustomFieldValueInput = builder.inputType('CustomFieldValueInput', {
  fields: (t) => ({
    fieldId: t.id({ required: true }),
    value: t.field({ type: CustomFieldInputValue, required: true }),
  }),
});

export type OneOfValue = { text?: string | null; option?: string | null; options?: string[] | null; number?: number | null; boolean?: boolean | null; date?: string | null };

export function toCustomFieldWrites(values: ReadonlyArray<{ fieldId: string | number; value: OneOfValue }>): CustomFieldWrite[] {
  return values.map(({ fieldId, value }) => {
    const given: CustomFieldInputValue | null | undefined = value.text ?? value.option ?? value.options ?? value.number ?? value.boolean ?? value.date;
    return { fieldId: String(fieldId), value: given ?? '' };
  });
}

const CustomFieldWriteModeEnum = builder.enumType('CustomFieldWriteMode', {
  values: {
    MERGE: { description: 'Fields not named keep their values (the gateway re-sends them; the vendor would otherwise delete them).' },
    REPLACE: { description: 'Fields not named are cleared.' },
  },
});

builder.queryField('customFields', (t) =>
  t.field({
    type: [CustomFieldRef],
    authScopes: { 'customers:read': true },
    description: 'The PLATFORM organization\'s custom field definitions.',
    resolve: (_root, _args, ctx) => ctx.loaders.customFieldDefinitions(),
  }),
);

const fieldIds = z.array(z.string()).min(1, 'name at least one field').max(100);

builder.mutationFields((t) => ({
  setCustomFieldValues: t.field({
    type: CustomerRef,
    authScopes: { 'customers:write': true },
    description: 'Sets PLATFORM custom field values, checked against each field\'s type and options before anything is sent.',
    args: {
      customerId: t.arg.id({ required: true }),
      values: t.arg({ type: [CustomFieldValueInput], required: true, validate: z.array(z.unknown()).min(1, 'give at least one value').max(100) }),
      mode: t.arg({ type: CustomFieldWriteModeEnum, defaultValue: 'MERGE' }),
    },
    errors: { types: UPDATE_ERRORS, union: { name: 'SetCustomFieldValuesResult' }, result: { name: 'SetCustomFieldValuesSuccess' }, dataField: { name: 'customer' } },
    resolve: async (_root, args, ctx) => {
      const id = platformCustomerIdArgument(ctx, String(args.customerId), 'customerId');
      const customer = await platformExtras(ctx).setCustomFieldValues(id, toCustomFieldWrites(args.values), args.mode ?? 'MERGE', ctx.call);
      await dropStaleAnswers(ctx, [{ typename: 'Customer' }]);
      return customer;
    },
  }),
  clearCustomFieldValues: t.field({
    type: CustomerRef,
    authScopes: { 'customers:write': true },
    description: 'Clears the named PLATFORM custom fields and keeps every other one.',
    args: {
      customerId: t.arg.id({ required: true }),
      fieldIds: t.arg.idList({ required: true, validate: fieldIds }),
    },
    errors: { types: UPDATE_ERRORS, union: { name: 'ClearCustomFieldValuesResult' }, result: { name: 'ClearCustomFieldValuesSuccess' }, dataField: { name: 'customer' } },
    resolve: async (_root, args, ctx) => {
      const id = platformCustomerIdArgument(ctx, String(args.customerId), 'customerId');
      const customer = await platformExtras(ctx).clearCustomFieldValues(id, args.fieldIds.map(String), ctx.call);
      await dropStaleAnswers(ctx, [{ typename: 'Customer' }]);
      return customer;
    },
  }),
}));
