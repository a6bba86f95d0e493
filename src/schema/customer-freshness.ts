// The Customer fields that tell where an answer came from (the synced index or the vendor, and how
// fresh), and sameAs, which the index answers for a whole page at once.
import { responsePathAsArray } from 'graphql';
import { z } from 'zod';
import { reportPartialFailures } from '../errors.ts';
import { builder } from './builder.ts';
import { CustomerRef } from './customer-ref.ts';
import { SameAsByEnum } from './enums.ts';

builder.objectFields(CustomerRef, (t) => ({
  syncedAt: t.field({
    type: 'DateTime',
    nullable: true,
    description:
      'When this record was last seen at its vendor, for a record answered from the synced index; null when it was read live now.',
    resolve: (c, _args, ctx) => ctx.loaders.index.answerOf(c)?.syncedAt ?? null,
  }),
  stale: t.boolean({
    description:
      "True when the vendor could not be asked and this is the synced index's copy (as of `syncedAt`); the vendor's failure is in `errors`.",
    resolve: (c, _args, ctx) => ctx.loaders.index.answerOf(c)?.stale ?? false,
  }),
  sameAs: t.field({
    type: [CustomerRef],
    description:
      "The same person in the other sources: records whose email is this one's after trimming and lower-casing (nothing else is folded); with `by: [PHONE]` also (or instead) records sharing an E.164 number. For a record answered from the synced index, read from it (one query for the whole page); else asked live, by email only. Empty when this record has no email (and no number asked for). A source that cannot be asked is left out and named in `errors`.",
    args: {
      by: t.arg({
        type: [SameAsByEnum],
        defaultValue: ['EMAIL'],
        description: 'What makes two records the same person: EMAIL (the default), PHONE (answered from the index only), or both.',
        validate: z.array(z.string()).min(1, 'name at least one way, or leave `by` out'),
      }),
    },
    resolve: async (c, args, ctx, info) => {
      const { matches, failures } = await ctx.loaders.customers.sameAs(c, args.by ?? ['EMAIL']);
      reportPartialFailures(ctx.partialErrors, failures, responsePathAsArray(info.path));
      return matches;
    },
  }),
}));
