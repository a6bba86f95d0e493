// forgetCustomer: erasure requests. Erases a person from what the gateway holds (writes/forget.ts),
// under a scope of its own; the vendor's record is not touched.
import { ValidationError } from '../sources/errors.ts';
import { customerKeyString } from '../sources/model/index.ts';
import { forgetCustomer } from '../writes/forget.ts';
import { builder } from './builder.ts';
import { customerKeyArgument } from './customer-ids.ts';
import { encodeGlobalId } from './global-id.ts';

interface CustomerForgotten {
  id: string;
  erasedFrom: string[];
}

const CustomerForgottenRef = builder.objectRef<CustomerForgotten>('CustomerForgotten').implement({
  description: 'The gateway holds nothing more of this customer record: not in its index, its idempotency records or its cached answers.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The global id that was forgotten.' }),
    erasedFrom: t.exposeStringList('erasedFrom', {
      description:
        'The stores the record was erased from, whether or not they held anything of it: `INDEX` (the synced index: row, lookups, tombstone, and the store files), `IDEMPOTENCY_RECORDS` (write outcomes that name the record or one of its addresses), `RESPONSE_CACHE` (every cached answer read from its source).',
    }),
  }),
});

builder.mutationField('forgetCustomer', (t) =>
  t.field({
    type: CustomerForgottenRef,
    authScopes: { 'customers:forget': true },
    description:
      "For erasure requests: erases a customer record from everything the gateway keeps — the synced index (its row, lookups and tombstone, then the store's files), the idempotency records whose outcome names it or one of its addresses (a repeat of such a write is then a new request), and every cached answer read from its source. It does NOT delete the customer at the vendor: that is `deleteCustomer` (or the vendor's own admin), and it comes first — while the vendor still has the record, the next sync stores it again. Idempotent: repeat it freely. Needs the `customers:forget` scope.",
    args: { id: t.arg.id({ required: true, description: "The customer's global id (Customer.id)." }) },
    errors: {
      types: [ValidationError],
      directResult: true,
      union: {
        name: 'ForgetCustomerResult',
        description:
          'What forgetCustomer answers: the stores the record was erased from, or ValidationError for an id that names no customer.',
      },
    },
    resolve: async (_root, args, ctx) => {
      const key = customerKeyArgument(String(args.id));
      const erasedFrom = await forgetCustomer(ctx, key);
      return { id: encodeGlobalId('Customer', customerKeyString(key)), erasedFrom };
    },
  }),
);
