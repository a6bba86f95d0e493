// Customer global ids: `Customer:AMELIA:23`, `Customer:PLATFORM:<organization>:<uuid>`.
import type { GatewayContext } from '../context.ts';
import { badUserInput } from '../errors.ts';
import { ValidationError } from '../sources/errors.ts';
import { isSourceId } from '../sources/index.ts';
import {
  CUSTOMER_SOURCES,
  type Customer,
  type CustomerKey,
  type CustomerSourceName,
  customerKeyOf,
  customerKeyString,
} from '../sources/model/index.ts';
import { isOrganizationId } from '../sources/platform/ids.ts';
import { decodeGlobalId, encodeGlobalId } from './global-id.ts';

/** `AMELIA:23`, `PLATFORM:org:uuid` → where the customer lives; anything else is the client's mistake. */
export function parseCustomerLocalId(localId: string, globalId: string): CustomerKey {
  const [source, ...rest] = localId.split(':');
  const malformed = () => badUserInput(`"${globalId.slice(0, 80)}" is not a valid customer id`, 'id');
  if (!CUSTOMER_SOURCES.includes(source as CustomerSourceName)) throw malformed();
  if (source === 'PLATFORM') {
    const [organization, id] = rest;
    if (rest.length !== 2 || !organization || !id || !isOrganizationId(organization) || !isSourceId('PLATFORM', id)) throw malformed();
    return { source, organization, id };
  }
  const id = rest.join(':');
  const name = source as Exclude<CustomerSourceName, 'PLATFORM'>;
  if (!isSourceId(name, id)) throw malformed();
  return { source: name, id };
}

/** Where the customer a global id names lives; null when it is no customer id this API handed out. */
export function customerKeyOfGlobalId(id: string): CustomerKey | null {
  try {
    const { typename, id: localId } = decodeGlobalId(id);
    return typename === 'Customer' ? parseCustomerLocalId(localId, id) : null;
  } catch {
    return null;
  }
}

/** What a client is told of an id `customerKeyOfGlobalId` refused. */
export const notACustomerId = (id: string) => `"${id.slice(0, 80)}" is not a customer id this API handed out`;

/** The customer a mutation's `id` names; a malformed id is a ValidationError result, like any bad input. */
export function customerKeyArgument(id: string, argument = 'id'): CustomerKey {
  const key = customerKeyOfGlobalId(id);
  if (!key) throw new ValidationError(argument, notACustomerId(id));
  return key;
}

/** A PLATFORM customer of this gateway's organization named by a mutation argument; its vendor id. */
export function platformCustomerIdArgument(ctx: GatewayContext, id: string, argument: string): string {
  const key = customerKeyArgument(id, argument);
  if (key.source !== 'PLATFORM' || key.organization !== ctx.loaders.platform.organization) {
    throw new ValidationError(argument, `${argument} must be a PLATFORM customer of this organization`);
  }
  return key.id;
}

/** The global id of a changed customer (an event's `customerId`), also for a deletion, whose record is gone. */
export function changedCustomerId(
  source: CustomerSourceName,
  sourceId: string,
  customer: Customer | null,
  organization: string | null,
): string {
  // A PLATFORM change comes from the PLATFORM this gateway is configured with: its organization.
  const key: CustomerKey = customer
    ? customerKeyOf(customer)
    : source === 'PLATFORM'
      ? { source: 'PLATFORM', organization: organization ?? '', id: sourceId }
      : { source, id: sourceId };
  return encodeGlobalId('Customer', customerKeyString(key));
}
