// A page of customers across the sources (CustomerConnection) and the filter the `customers` query
// takes, a PLATFORM custom field's value among its conditions.
import { z } from 'zod';
import type { CustomerConnectionAnswer } from '../loaders/index.ts';
import { builder } from './builder.ts';
import { DateTimeRangeInput } from './customer-order.ts';
import { CustomerRef } from './customer-ref.ts';
import { CustomerSourceEnum, EmailMatchEnum } from './enums.ts';
import { SourceFreshnessRef } from './freshness.ts';

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
      description: [
        'Free text. What it matches differs by source, as each vendor can search:',
        "- AMELIA: what Amelia's own search matches (amelia-customers.txt: first name, last name, email and note; case and accents as its database compares them);",
        '- PLATFORM: what the platform\'s own search matches (its document: name, email and phone, "fuzzy");',
        '- KB_SUPPORT and CRM: the gateway looks for the term, as one piece of text, in names, emails (additional ones too), phones and notes, case- and accent-insensitive.',
        "Every record answered contains the term in one of its fields (never taken on a vendor's word).",
      ].join('\n'),
      validate: z.string().trim().max(200, 'must be at most 200 characters'),
    }),
    email: t.field({ type: 'EmailAddress', description: 'Exact mailbox (compared after trimming and lower-casing).' }),
    emailMatch: t.field({
      type: EmailMatchEnum,
      defaultValue: 'PRIMARY',
      description: "Which of a customer's addresses `email` is held against: the primary one (the default) or any.",
    }),
    customField: t.field({
      type: CustomFieldFilterInput,
      description: 'PLATFORM customers whose custom field holds this value (other sources have no custom fields, so they answer none).',
    }),
    sources: t.field({
      type: [CustomerSourceEnum],
      description: 'Only these sources (in enum order, whatever order they are given in). All live sources when omitted.',
      validate: z.array(z.string()).min(1, 'name at least one source, or leave sources out'),
    }),
    createdAt: t.field({
      type: DateTimeRangeInput,
      description:
        '`createdAt` in this span (records without one do not match). Answered from the synced index only: every selected source must be in it.',
    }),
    updatedAt: t.field({
      type: DateTimeRangeInput,
      description:
        '`updatedAt` in this span (records without one do not match). Answered from the synced index only: every selected source must be in it.',
    }),
    inSeveralSources: t.boolean({
      description:
        'true: only records whose primary email (normalised) is also an address (primary or additional) of a record in another source, selected or not: the people more than one system knows. Answered from the synced index only: every selected source must be in it.',
    }),
  }),
});

export const CustomerConnection = builder.connectionObject(
  {
    type: CustomerRef,
    name: 'CustomerConnection',
    description:
      'A page of customers across the selected sources: sources in enum order, each in its own order (from the index: by vendor id); with `orderBy`, one order across them all.',
    edgesField: { description: 'The customers of this page, in order, each with its cursor.' },
    fields: (t) => ({
      freshness: t.field({
        type: [SourceFreshnessRef],
        description: 'For each selected source, whether this answer came from the synced index (and how fresh that is) or live.',
        resolve: (connection) => (connection as unknown as CustomerConnectionAnswer).freshness ?? [],
      }),
    }),
  },
  {
    description: 'One customer in a page, with the cursor to continue after it.',
    nodeField: { description: 'The customer.' },
  },
);
