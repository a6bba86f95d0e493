import type { Customer, CustomerKey, CustomerSourceName } from './model/index.ts';

// What a vendor id looks like, checked before an id from a client goes anywhere near a vendor URL.
const ID_SYNTAX: Record<CustomerSourceName, RegExp> = {
  AMELIA: /^[1-9]\d{0,9}$/,
  KB_SUPPORT: /^[1-9]\d{0,9}$/,
  PLATFORM: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  CRM: /^[A-Za-z0-9_-]{1,64}$/,
};

/** Organization ids (PLATFORM) share the CRM's conservative syntax: they end up in a query string. */
const ORGANIZATION_SYNTAX = /^[A-Za-z0-9_-]{1,64}$/;

export function isSourceId(source: CustomerSourceName, id: string): boolean {
  return ID_SYNTAX[source].test(id);
}

export function isOrganizationId(id: string): boolean {
  return ORGANIZATION_SYNTAX.test(id);
}

export function customerKeyOf(customer: Customer): CustomerKey {
  return customer.source === 'PLATFORM'
    ? { source: 'PLATFORM', organization: customer.platform.organizationId, id: customer.sourceId }
    : { source: customer.source, id: customer.sourceId };
}

/** `AMELIA:23`, `PLATFORM:org:uuid`: a customer's place as one string (the local part of its global id). */
export function customerKeyString(key: CustomerKey): string {
  return key.source === 'PLATFORM' ? `${key.source}:${key.organization}:${key.id}` : `${key.source}:${key.id}`;
}
