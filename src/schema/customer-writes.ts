// The Customer mutations (create, update, delete), each answering a result union; what a write sent
// is put into the synced index before it answers (src/writes/).
import { customerKeyString } from '../sources/model/index.ts';
import { createCustomer, deleteCustomer, updateCustomer } from '../writes/customer-writes.ts';
import { builder } from './builder.ts';
import { customerKeyArgument } from './customer-ids.ts';
import { CreateCustomerInput, clientMutationId, toDraft, UpdateCustomerInput } from './customer-inputs.ts';
import { CustomerRef } from './customer-ref.ts';
import { DeletedRecordRef } from './deletion.ts';
import { CREATE_ERRORS, DELETE_ERRORS, UPDATE_ERRORS } from './errors.ts';
import { encodeGlobalId } from './global-id.ts';
import { writeRequest } from './idempotency-key.ts';

builder.mutationFields((t) => ({
  createCustomer: t.field({
    type: CustomerRef,
    authScopes: { 'customers:write': true },
    description:
      'Creates a customer in one source and answers it as the vendor stores it. Never written twice: send an idempotency key and repeat freely.',
    args: { input: t.arg({ type: CreateCustomerInput, required: true, description: "The source and the new customer's fields." }) },
    errors: {
      types: CREATE_ERRORS,
      union: {
        name: 'CreateCustomerResult',
        description: 'What createCustomer answers: the new customer, or why it was not (or may not have been) created.',
      },
      result: { name: 'CreateCustomerSuccess', description: 'The customer was created.' },
      dataField: { name: 'customer', description: 'The new customer as the vendor stores it.' },
    },
    resolve: async (_root, { input }, ctx, info) => {
      const { clientMutationId: key, source, ...fields } = input;
      return createCustomer(ctx, source, toDraft(fields), writeRequest(ctx, info, { source, ...fields }, key));
    },
  }),
  updateCustomer: t.field({
    type: CustomerRef,
    authScopes: { 'customers:write': true },
    description: 'Changes the fields given (null clears one where the vendor allows it) and answers the customer as the vendor now has it.',
    args: {
      id: t.arg.id({ required: true, description: "The customer's global id (Customer.id)." }),
      input: t.arg({ type: UpdateCustomerInput, required: true, description: 'The fields to change; those left out stay as they are.' }),
    },
    errors: {
      types: UPDATE_ERRORS,
      union: {
        name: 'UpdateCustomerResult',
        description: 'What updateCustomer answers: the changed customer, or why it was not (or may not have been) changed.',
      },
      result: { name: 'UpdateCustomerSuccess', description: 'The customer was changed.' },
      dataField: { name: 'customer', description: 'The customer as the vendor now stores it.' },
    },
    resolve: async (_root, { id, input }, ctx, info) => {
      const { clientMutationId: key, ...fields } = input;
      const customerKey = customerKeyArgument(String(id));
      return updateCustomer(ctx, customerKey, toDraft(fields), writeRequest(ctx, info, { id, ...fields }, key));
    },
  }),
  deleteCustomer: t.field({
    type: DeletedRecordRef,
    authScopes: { 'customers:write': true },
    description: "Deletes a customer after the vendor's own deletion check (Amelia refuses while appointments are ahead).",
    args: {
      id: t.arg.id({ required: true, description: "The customer's global id (Customer.id)." }),
      clientMutationId: t.arg.string({
        description: 'An idempotency key (or send the `Idempotency-Key` header): a repeat with the same key never deletes twice.',
        validate: clientMutationId,
      }),
    },
    errors: {
      types: DELETE_ERRORS,
      union: {
        name: 'DeleteCustomerResult',
        description: 'What deleteCustomer answers: the deleted record, or why it was not (or may not have been) deleted.',
      },
      result: { name: 'DeleteCustomerSuccess', description: 'The customer was deleted.' },
      dataField: { name: 'deleted', description: 'The record that is gone.' },
    },
    resolve: async (_root, args, ctx, info) => {
      const id = String(args.id);
      const key = customerKeyArgument(id);
      await deleteCustomer(ctx, key, writeRequest(ctx, info, { id }, args.clientMutationId));
      return { id: encodeGlobalId('Customer', customerKeyString(key)), source: key.source, sourceId: key.id };
    },
  }),
}));
