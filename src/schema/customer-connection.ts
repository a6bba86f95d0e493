// A page of customers across the sources (CustomerConnection) and the filter the `customers` query
// takes, a PLATFORM custom field's value among its conditions.
import { z } from 'zod';
import { builder } from './builder.ts';
import { CustomerRef } from './customer-ref.ts';
import { CustomerSourceEnum } from './enums.ts';

const CustomFieldFilterInput = builder.inputType('CustomFieldFilter', {
  description: 'A value one PLATFORM custom field must hold.',
  fields: (t) => ({
    fieldId: t.id({
      required: true,
      description: "The custom field's id (CustomField.id).",
      validate: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a custom field id'),
    }),
    value: t.string({
      required: true,
      description: 'The value (for select types: an option key or label).',
      validate: z.string().trim().min(1).max(500),
    }),
  }),
});

export const CustomerFilterInput = builder.inputType('CustomerFilter', {
  description:
    "Which customers `customers` lists: every condition given must hold; checked against each record, never taken on a vendor's word.",
  fields: (t) => ({
    search: t.string({
      description: 'Free text over names, emails, phones and notes (case- and accent-insensitive).',
      validate: z.string().trim().max(200, 'must be at most 200 characters'),
    }),
    email: t.field({ type: 'EmailAddress', description: 'Exact mailbox (compared after trimming and lower-casing).' }),
    customField: t.field({
      type: CustomFieldFilterInput,
      description: 'PLATFORM customers whose custom field holds this value (other sources have no custom fields, so they answer none).',
    }),
    sources: t.field({
      type: [CustomerSourceEnum],
      description: 'Only these sources (in enum order, whatever order they are given in). All live sources when omitted.',
      validate: z.array(z.string()).min(1, 'name at least one source, or leave sources out'),
    }),
  }),
});

export const CustomerConnection = builder.connectionObject(
  {
    type: CustomerRef,
    name: 'CustomerConnection',
    description: 'A page of customers across the selected sources: sources in enum order, each in its own order.',
    edgesField: { description: 'The customers of this page, in order, each with its cursor.' },
  },
  {
    description: 'One customer in a page, with the cursor to continue after it.',
    nodeField: { description: 'The customer.' },
  },
);
