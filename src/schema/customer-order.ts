// How `customers` may be sorted (from the synced index only), and the time ranges its filter takes.
import { z } from 'zod';
import { builder } from './builder.ts';

export const CustomerOrderFieldEnum = builder.enumType('CustomerOrderField', {
  description:
    'What a sorted page of customers is ordered by. Names and emails are compared case- and accent-folded, byte by byte (`ø`, `ł`, `ß` sort after `z`); records without a value come last in both directions; ties by source and vendor id.',
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

/** `orderBy` takes a list for what is to come; one criterion per page is what the index sorts by today. */
export const orderByArgument = z.array(z.unknown()).max(1, 'only one sort criterion is supported yet');

export const DateTimeRangeInput = builder.inputType('DateTimeRange', {
  description: 'A span of time: `from` inclusive, `until` exclusive; either may be left out.',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', description: 'At or after this time.' }),
    until: t.field({ type: 'DateTime', description: 'Before this time.' }),
  }),
});
