// PLATFORM model identifiers: QR codes, barcodes, member numbers that resolve to a customer.
import { z } from 'zod';
import { NotFoundError, SourceError, ValidationError, WriteOutcomeUnknownError } from '../sources/errors.ts';
import type { Customer, ModelIdentifier } from '../sources/model/index.ts';
import { createModelIdentifier } from '../writes/platform-writes.ts';
import { builder } from './builder.ts';
import { platformCustomerIdArgument } from './customer-ids.ts';
import { CustomerRef } from './customer-ref.ts';
import { rawVendorData } from './raw-vendor-data.ts';

const ModelIdentifierRef = builder.objectRef<ModelIdentifier>('ModelIdentifier').implement({
  description: 'A code (QR code, barcode, member number…) that identifies a PLATFORM customer; `customerByCode` resolves it.',
  fields: (t) => ({
    id: t.exposeID('id', { description: "The PLATFORM's id of the `model-identifiers` resource." }),
    code: t.exposeString('code', { description: "The vendor's `code`: what a scanner reads or a person types." }),
    type: t.exposeString('type', { description: "The vendor's `type`, e.g. custom, qr, barcode, pass." }),
    createdAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the PLATFORM created it, in UTC; null when the vendor sent no time.',
      resolve: (identifier) => identifier.createdAt,
    }),
    sourceRecord: t.field(
      rawVendorData("The vendor's `model-identifiers` resource, untouched.", (identifier: ModelIdentifier) => identifier.sourceRecord),
    ),
  }),
});

builder.objectField(CustomerRef, 'identifiers', (t) =>
  t.field({
    type: [ModelIdentifierRef],
    nullable: true,
    description:
      'PLATFORM model identifiers of this customer (empty for other sources); null (with a SOURCE_UNAVAILABLE error) when they cannot be read.',
    resolve: (customer: Customer, _args, ctx) =>
      customer.source === 'PLATFORM' ? ctx.loaders.platform.identifiers.load(customer.sourceId) : [],
  }),
);

const code = z.string().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters');

builder.queryField('customerByCode', (t) =>
  t.field({
    type: CustomerRef,
    authScopes: { 'customers:read': true },
    description: 'The PLATFORM customer a code (QR code, barcode, account pass, member number) belongs to; NotFound for an unknown code.',
    args: { code: t.arg.string({ required: true, description: 'The code, as scanned or typed (1 to 255 characters).', validate: code }) },
    errors: {
      types: [NotFoundError, ValidationError, SourceError],
      directResult: true,
      union: {
        name: 'CustomerByCodeResult',
        description: 'What customerByCode answers: the customer, NotFound for an unknown code, or why it could not be looked up.',
      },
    },
    resolve: async (_root, args, ctx) => {
      const customer = await ctx.loaders.platform.byCode(args.code.trim());
      if (!customer) throw new NotFoundError('PLATFORM', args.code.trim());
      return customer;
    },
  }),
);

builder.mutationField('createModelIdentifier', (t) =>
  t.field({
    type: ModelIdentifierRef,
    authScopes: { 'customers:write': true },
    description: 'Gives a PLATFORM customer a code that `customerByCode` will resolve.',
    args: {
      customerId: t.arg.id({ required: true, description: 'The global id of a PLATFORM customer of this organization.' }),
      code: t.arg.string({
        required: true,
        description: 'The code (1 to 255 characters); one the organization already uses is refused.',
        validate: code,
      }),
      type: t.arg.string({
        defaultValue: 'custom',
        description: "The vendor's `type`, e.g. custom, qr, barcode, pass.",
        validate: z.string().trim().min(1, 'must not be empty').max(64),
      }),
    },
    errors: {
      types: [ValidationError, NotFoundError, SourceError, WriteOutcomeUnknownError],
      union: {
        name: 'CreateModelIdentifierResult',
        description: 'What createModelIdentifier answers: the new identifier, or why it was not (or may not have been) created.',
      },
      result: { name: 'CreateModelIdentifierSuccess', description: 'The identifier was created.' },
      dataField: { name: 'identifier', description: 'The new identifier.' },
    },
    resolve: async (_root, args, ctx) => {
      const customerId = platformCustomerIdArgument(ctx, String(args.customerId), 'customerId');
      return createModelIdentifier(ctx, customerId, args.code.trim(), (args.type ?? 'custom').trim());
    },
  }),
);
