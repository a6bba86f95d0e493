// The Customer type (one vendor's record, under one global id) with its queries (`customer`,
// `customers`); its mutations (create, update, delete) are in customer-writes.ts, the fields only one
// vendor has in customer-details.ts, the PLATFORM-only operations in customer-platform.ts.
import { responsePathAsArray } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { badUserInput, notFound, reportPartialFailures } from '../errors.ts';
import { pageSizeArgument } from '../plugins/page-size.ts';
import { type Customer, customerKeyOf, customerKeyString } from '../sources/model/index.ts';
import { builder } from './builder.ts';
import { answered, selects } from './connection.ts';
import { ContactPhoneRef } from './contact.ts';
import { CustomerConnection, CustomerFilterInput } from './customer-connection.ts';
import {
  AmeliaCustomerDetailsRef,
  CrmCustomerDetailsRef,
  KbSupportCustomerDetailsRef,
  PlatformCustomerDetailsRef,
} from './customer-details.ts';
import { parseCustomerLocalId } from './customer-ids.ts';
import { CustomerOrderInput, orderByArgument } from './customer-order.ts';
import { CustomerRef } from './customer-ref.ts';
import { DeletionCheckRef } from './deletion.ts';
import { CustomerSourceEnum, GenderEnum } from './enums.ts';
import { ConsistencyEnum } from './freshness.ts';
import { decodeGlobalId } from './global-id.ts';
import { rawVendorData } from './raw-vendor-data.ts';

export function customerLocalId(customer: Customer): string {
  return customerKeyString(customerKeyOf(customer));
}

/** Loads the customer behind a global id; a NOT_FOUND error when the vendor has no such record. */
export async function loadCustomer(
  globalId: string,
  localId: string,
  ctx: GatewayContext,
  path?: ReadonlyArray<string | number>,
): Promise<Customer> {
  const customer = await ctx.loaders.customers.byId.load(parseCustomerLocalId(localId, globalId));
  if (!customer) throw notFound(`No customer with id "${globalId}"`);
  // The vendor could not be asked: the index's copy is answered (stale), and the failure still named.
  const failure = ctx.loaders.index.answerOf(customer)?.failure;
  if (failure && path) reportPartialFailures(ctx.partialErrors, [failure], [...path]);
  return customer;
}

export function isCustomer(value: unknown): value is Customer {
  return typeof value === 'object' && value !== null && 'additionalEmails' in value && 'sourceRecord' in value;
}

builder.node(CustomerRef, {
  authScopes: { 'customers:read': true },
  runScopesOnType: true,
  description: 'A customer record in one source. The same person may have a record in several sources: see `sameAs`.',
  id: {
    description:
      'The global id of this record (opaque; it names the source and the vendor id). Use it with `customer(id)`, `node(id)` and the customer mutations.',
    resolve: customerLocalId,
  },
  isTypeOf: isCustomer,
  fields: (t) => ({
    source: t.field({ type: CustomerSourceEnum, description: 'The vendor system this record lives in.', resolve: (c) => c.source }),
    sourceId: t.exposeString('sourceId', {
      description: "The vendor's own id for this record: Amelia `id`, KB Support `id`, PLATFORM `id` (a UUID), CRM `id`.",
    }),
    firstName: t.exposeString('firstName', {
      nullable: true,
      description:
        'Amelia `firstName`, PLATFORM `given_name`, CRM `firstName`; KB Support: its `name` without the last word. null when the record has none.',
    }),
    lastName: t.exposeString('lastName', {
      nullable: true,
      description:
        'Amelia `lastName`, PLATFORM `family_name`, CRM `lastName`; KB Support: the last word of its `name`. null when the record has none (or a KB Support name is one word).',
    }),
    displayName: t.string({
      nullable: true,
      description:
        "The vendor's display name where it has one (KB Support `name`), else first and last name; null when the record has no name at all.",
      resolve: (c) => c.displayName ?? ([c.firstName, c.lastName].filter(Boolean).join(' ') || null),
    }),
    email: t.field({
      type: 'EmailAddress',
      nullable: true,
      description:
        "The vendor's `email` (all four sources have one), trimmed. null when the record has none or it is not a valid address (the raw value stays in `sourceRecord`).",
      resolve: (c) => c.email,
    }),
    additionalEmails: t.field({
      type: ['EmailAddress'],
      description: 'KB Support `additional_emails` (the valid ones); empty for other sources, which have no such field.',
      resolve: (c) => c.additionalEmails,
    }),
    phone: t.field({
      type: 'PhoneNumber',
      nullable: true,
      authScopes: { 'pii:read': true },
      description:
        'The first of `phones` that could be normalised, in E.164; null when the record has no number or none could be normalised (the raw numbers are in `phones`). Needs the `pii:read` scope.',
      resolve: (c) => c.phones.find((phone) => phone.e164)?.e164 ?? null,
    }),
    phones: t.field({
      type: [ContactPhoneRef],
      nullable: true,
      authScopes: { 'pii:read': true },
      description:
        'Every number the vendor has, primary first: Amelia `phone` (with `countryPhoneIso`), KB Support `phone.primary` and `phone.additional`, PLATFORM `mobile` then `phone`, CRM `phone` (with `phoneCountry`/`phoneCountryCalling`). Empty when there is none. Needs the `pii:read` scope (null, with a FORBIDDEN error, without it).',
      resolve: (c) => c.phones,
    }),
    birthday: t.field({
      type: 'LocalDate',
      nullable: true,
      authScopes: { 'pii:read': true },
      description:
        'Amelia `birthday`, PLATFORM `birth_date`, CRM `birthDate`. null when unset or not a date, and always for KB Support (no such field). Needs the `pii:read` scope.',
      resolve: (c) => c.birthday,
    }),
    gender: t.field({
      type: GenderEnum,
      nullable: true,
      description:
        'Amelia `gender`, PLATFORM `sex`, CRM `gender` (an ISO/IEC 5218 code, also in `crm.genderCode`). null when unset or not a value the gateway knows (CRM code 0: not known), and always for KB Support (no such field).',
      resolve: (c) => c.gender,
    }),
    note: t.exposeString('note', {
      nullable: true,
      authScopes: { 'pii:read': true },
      description:
        'Amelia `note`, CRM `internalNote`. null when empty, and always for the PLATFORM (no such field) and KB Support (its notes are under `kbSupport.notes`). Needs the `pii:read` scope.',
    }),
    locale: t.field({
      type: 'Locale',
      nullable: true,
      description:
        'BCP 47 (`en-GB`): Amelia `translations.defaultLanguage` or `language` (`en_GB`), PLATFORM `locale`. null when unset or not a language tag, and always for KB Support and the CRM (no such field).',
      resolve: (c) => c.locale,
    }),
    company: t.exposeString('company', {
      nullable: true,
      description:
        "The company name: PLATFORM `company`. null when unset, and for the other sources (KB Support's `company` is an id, under `kbSupport.companyId`).",
    }),
    createdAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'When the vendor created the record, in UTC: KB Support `date_created` (site time zone converted), CRM `createdAt`. null for Amelia and the PLATFORM (their records carry no timestamps) or when unset.',
      resolve: (c) => c.createdAt,
    }),
    updatedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the record last changed, in UTC: CRM `updatedAt`. null when unset, and for the other sources (no such field).',
      resolve: (c) => c.updatedAt,
    }),
    amelia: t.field({
      type: AmeliaCustomerDetailsRef,
      nullable: true,
      description: 'Fields only Amelia has; null unless source is AMELIA.',
      resolve: (c) => (c.source === 'AMELIA' ? { customer: c, details: c.amelia } : null),
    }),
    kbSupport: t.field({
      type: KbSupportCustomerDetailsRef,
      nullable: true,
      description: 'Fields only KB Support has; null unless source is KB_SUPPORT.',
      resolve: (c) => (c.source === 'KB_SUPPORT' ? c.kbSupport : null),
    }),
    platform: t.field({
      type: PlatformCustomerDetailsRef,
      nullable: true,
      description: 'Fields only the PLATFORM has; null unless source is PLATFORM.',
      resolve: (c) => (c.source === 'PLATFORM' ? c.platform : null),
    }),
    crm: t.field({
      type: CrmCustomerDetailsRef,
      nullable: true,
      description: 'Fields only the CRM has; null unless source is CRM.',
      resolve: (c) => (c.source === 'CRM' ? c.crm : null),
    }),
    sourceRecord: t.field(
      rawVendorData("The vendor's record, untouched, as the route that read it sent it.", (c: Customer) => c.sourceRecord),
    ),
    deletionCheck: t.field({
      type: DeletionCheckRef,
      nullable: true,
      description:
        'Ask before offering to delete: Amelia runs its own check (appointments ahead); the CRM has none to ask (allowed, unchecked); KB Support and the PLATFORM cannot delete customers. null (with a SOURCE_UNAVAILABLE error) when the check could not be made.',
      resolve: (c, _args, ctx) => ctx.loaders.customers.deletionCheck.load(c),
    }),
  }),
});

builder.queryFields((t) => ({
  customer: t.field({
    type: CustomerRef,
    nullable: true,
    authScopes: { 'customers:read': true },
    description: 'One customer by its global id. An unknown id is a NOT_FOUND error, a malformed one BAD_USER_INPUT.',
    args: { id: t.arg.id({ required: true, description: "The customer's global id (Customer.id)." }) },
    resolve: (_root, { id }, ctx, info) => {
      const globalId = String(id);
      const { typename, id: localId } = decodeGlobalId(globalId);
      if (typename !== 'Customer') throw badUserInput(`"${globalId.slice(0, 80)}" is not a customer id`, 'id');
      return loadCustomer(globalId, localId, ctx, responsePathAsArray(info.path));
    },
  }),
  customers: t.field({
    type: CustomerConnection,
    authScopes: { 'customers:read': true },
    description:
      'Customers of every selected source: sources in enum order, each in its own order. A source that fails is left out and named in `errors` (SOURCE_UNAVAILABLE).',
    args: {
      first: t.arg.int({
        defaultValue: 20,
        description: "How many customers, at most the gateway's `MAX_PAGE_SIZE` (100 unless configured).",
        validate: pageSizeArgument,
      }),
      after: t.arg.string({
        description: 'A cursor from this connection (`pageInfo.endCursor`), with the same filter: continue after it.',
      }),
      filter: t.arg({ type: CustomerFilterInput, description: 'Which customers; every customer of every live source when left out.' }),
      consistency: t.arg({
        type: ConsistencyEnum,
        defaultValue: 'INDEXED',
        description: 'INDEXED (the default): from the synced index where it keeps the source, no vendor call; LIVE: from the vendors now.',
      }),
      orderBy: t.arg({
        type: [CustomerOrderInput],
        description:
          'One order across every selected source: up to three criteria, each breaking the ties of the one before. Sorted in the synced index: every selected source must be in it, and consistency INDEXED.',
        validate: orderByArgument,
      }),
    },
    resolve: async (_root, args, ctx, info) => {
      const question = {
        first: args.first ?? 20,
        after: args.after ?? null,
        filter: args.filter ?? null,
        consistency: args.consistency ?? 'INDEXED',
        orderBy: args.orderBy?.map((order) => ({ field: order.field, direction: order.direction ?? 'ASC' })) ?? null,
      };
      return answered(await ctx.loaders.customers.connection(question, selects(info, 'totalCount')), ctx, info);
    },
  }),
}));
