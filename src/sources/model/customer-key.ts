// Where a customer lives, as a value and as one string.
import type { Customer, CustomerKey } from './customer.ts';

export function customerKeyOf(customer: Customer): CustomerKey {
  return customer.source === 'PLATFORM'
    ? { source: 'PLATFORM', organization: customer.platform.organizationId, id: customer.sourceId }
    : { source: customer.source, id: customer.sourceId };
}

/** `AMELIA:23`, `PLATFORM:org:uuid`: a customer's place as one string (the local part of its global id). */
export function customerKeyString(key: CustomerKey): string {
  return key.source === 'PLATFORM' ? `${key.source}:${key.organization}:${key.id}` : `${key.source}:${key.id}`;
}
