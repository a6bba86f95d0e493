// PLATFORM-only operations on customers: merging duplicates, leaving a community.
import { z } from 'zod';
import { MergeReferenceNotFoundError, NotFoundError, SourceError, ValidationError, WriteOutcomeUnknownError } from '../sources/errors.ts';
import { mergeCustomers, removeFromCommunity } from '../writes/platform-writes.ts';
import { builder } from './builder.ts';
import { platformCustomerIdArgument } from './customer-ids.ts';
import { clientMutationId } from './customer-inputs.ts';
import { CustomerRef } from './customer-ref.ts';
import { writeRequest } from './idempotency-key.ts';

const MergeCustomersInput = builder.inputType('MergeCustomersInput', {
  description: 'Two PLATFORM customers of this organization to merge into one.',
  fields: (t) => ({
    sourceId: t.id({ required: true, description: 'The global id of the customer that is merged away and DELETED.' }),
    targetId: t.id({ required: true, description: 'The global id of the customer that survives.' }),
    confirm: t.boolean({
      required: true,
      description: 'Must be true: a merge cannot be undone.',
      validate: z.literal(true, { error: 'must be true: a merge deletes the source customer and cannot be undone' }),
    }),
    clientMutationId: t.string({
      description: 'An idempotency key (or send the `Idempotency-Key` header): a repeat with the same key never merges twice.',
      validate: clientMutationId,
    }),
  }),
});

builder.mutationFields((t) => ({
  mergeCustomers: t.field({
    type: CustomerRef,
    authScopes: { 'customers:write': true },
    description:
      "Merges two PLATFORM customers: the target's empty fields are filled from the source, the target wins custom-field conflicts, bookings and other relations move to the target, the source's account is linked if the target has none, and the source is deleted. Irreversible.",
    args: { input: t.arg({ type: MergeCustomersInput, required: true, description: 'Which customer merges into which, confirmed.' }) },
    errors: {
      types: [ValidationError, NotFoundError, MergeReferenceNotFoundError, SourceError, WriteOutcomeUnknownError],
      union: {
        name: 'MergeCustomersResult',
        description:
          'What mergeCustomers answers: the surviving customer, or why nothing was merged (after WriteOutcomeUnknown it may have been).',
      },
      result: { name: 'MergeCustomersSuccess', description: 'The merge happened: the source customer is gone.' },
      dataField: { name: 'customer', description: 'The surviving (target) customer as the PLATFORM now has it.' },
    },
    resolve: async (_root, { input }, ctx, info) => {
      const sourceId = platformCustomerIdArgument(ctx, String(input.sourceId), 'input.sourceId');
      const targetId = platformCustomerIdArgument(ctx, String(input.targetId), 'input.targetId');
      if (sourceId === targetId) throw new ValidationError('input.targetId', 'a customer cannot be merged into itself');
      return mergeCustomers(ctx, sourceId, targetId, writeRequest(ctx, info, { sourceId, targetId }, input.clientMutationId));
    },
  }),
  removeCustomerFromCommunity: t.field({
    type: CustomerRef,
    authScopes: { 'customers:write': true },
    description: "Ends a PLATFORM customer's membership of a community.",
    args: {
      customerId: t.arg.id({ required: true, description: 'The global id of a PLATFORM customer of this organization.' }),
      communityId: t.arg.id({
        required: true,
        description: "The PLATFORM's id of the community (its `community_id`).",
        validate: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a community id'),
      }),
    },
    errors: {
      types: [ValidationError, NotFoundError, SourceError, WriteOutcomeUnknownError],
      union: {
        name: 'RemoveCustomerFromCommunityResult',
        description: 'What removeCustomerFromCommunity answers: the customer, or why not.',
      },
      result: { name: 'RemoveCustomerFromCommunitySuccess', description: 'The membership has ended.' },
      dataField: { name: 'customer', description: 'The customer as the PLATFORM now has it.' },
    },
    resolve: async (_root, args, ctx) => {
      const customerId = platformCustomerIdArgument(ctx, String(args.customerId), 'customerId');
      return removeFromCommunity(ctx, customerId, String(args.communityId));
    },
  }),
}));
