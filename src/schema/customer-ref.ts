// The Customer type's reference, apart from its fields (customer.ts), so that types Customer's own
// file uses (e.g. EmailAlreadyInUse.existingCustomer) can point back at it.
import type { Customer } from '../sources/model/index.ts';
import { builder } from './builder.ts';

export const CustomerRef = builder.objectRef<Customer>('Customer');
