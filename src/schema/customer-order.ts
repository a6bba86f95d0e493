// How `customers` may be sorted (from the synced index only), and the time ranges its filter takes.
import { z } from 'zod';
import { MAX_SORT_CRITERIA } from '../index/types.ts';
import { builder } from './builder.ts';

export const CustomerOrderFieldEnum = builder.enumType('CustomerOrderField', {
  description:
    'What a sorted page of customers is ordered by. Names and emails are compared case- and accent-folded, byte by byte (`ø`, `ł`, `ß` sort after `z`); records without a value come last in both directions; ties by the next criterion, then by source and vendor id.',
  values: {
    LAST_NAME: { description: '`lastName`.' },
    FIRST_NAME: { description: '`firstName`.' },
    EMAIL: { description: '`email`.' },
    CREATED_AT: { description: '`createdAt` (only KB Support and the CRM have one).' },
    UPDATED_AT: { description: '`updatedAt` (only the CRM has one).' },
    SOURCE: { description: 'The source name, then the vendor id.' },
  },
});

export const SortDirectionEnum = builder.enumType('SortDirection', {
  description: 'Ascending or descending (records without a value come last either way).',
  values: { ASC: { description: 'Ascending.' }, DESC: { description: 'Descending.' } },
});

export const CustomerOrderInput = builder.inputType('CustomerOrder', {
  description: 'One sort criterion of `customers(orderBy:)`.',
  fields: (t) => ({
    field: t.field({ type: CustomerOrderFieldEnum, required: true, description: 'What to order by.' }),
    direction: t.field({ type: SortDirectionEnum, required: true, defaultValue: 'ASC', description: 'ASC unless said.' }),
  }),
});

/** Up to three criteria, each field once: the first decides, the next ones break its ties, then source and vendor id. */
export const orderByArgument = z
  .array(z.object({ field: z.string() }).passthrough())
  .max(MAX_SORT_CRITERIA, `at most ${MAX_SORT_CRITERIA} sort criteria`)
  .refine((criteria) => new Set(criteria.map((criterion) => criterion.field)).size === criteria.length, 'each field at most once');

export const DateTimeRangeInput = builder.inputType('DateTimeRange', {
  description: 'A span of time: `from` inclusive, `until` exclusive; either may be left out.',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', description: 'At or after this time.' }),
    until: t.field({ type: 'DateTime', description: 'Before this time.' }),
  }),
});
