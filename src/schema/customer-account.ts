// PLATFORM customer accounts: the global login identity behind per-organization customer records.
import type { Customer } from '../sources/model/index.ts';
import { builder } from './builder.ts';
import { CustomerRef } from './customer-ref.ts';

const CustomerAccountRef = builder.objectRef<{ id: string }>('CustomerAccount').implement({
  description:
    "A person's global identity on the PLATFORM: the login they use everywhere. A Customer is one organization's business record of them (contact details, bookings, custom fields); one CustomerAccount may be linked to Customer records in many organizations, through `account_id`.",
  fields: (t) => ({
    id: t.exposeID('id', { description: "The PLATFORM's account id (a customer's `account_id`)." }),
    customers: t.field({
      type: [CustomerRef],
      nullable: true,
      description:
        "This organization's customer records linked to the account; null (with a SOURCE_UNAVAILABLE error) when they cannot be read.",
      resolve: (account, _args, ctx) => ctx.loaders.platform.customersOfAccount.load(account.id),
    }),
  }),
});

builder.objectField(CustomerRef, 'account', (t) =>
  t.field({
    type: CustomerAccountRef,
    nullable: true,
    description: 'The global CustomerAccount this PLATFORM record is linked to; null when unlinked or for other sources.',
    resolve: (customer: Customer) =>
      customer.source === 'PLATFORM' && customer.platform.accountId ? { id: customer.platform.accountId } : null,
  }),
);
