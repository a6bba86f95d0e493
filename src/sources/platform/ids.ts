// PLATFORM ids (platform-customers-jsonapi.txt, the `{customer_uuid}` of every customer route):
// customers and custom fields are UUIDs, the same in any case; organization, community and export ids
// share the CRM's conservative syntax, since they end up in paths and query strings.
import { NotFoundError } from '../errors.ts';

export const PLATFORM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OPAQUE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isPlatformId(id: string): boolean {
  return PLATFORM_ID.test(id);
}

export function isOrganizationId(id: string): boolean {
  return OPAQUE_ID.test(id);
}

export function isCommunityId(id: string): boolean {
  return OPAQUE_ID.test(id);
}

export function isExportId(id: string): boolean {
  return OPAQUE_ID.test(id);
}

/** Whether two ids name the same record: UUIDs are the same in any case. */
export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The PLATFORM ids among `ids`, lower case, each once. */
export function distinctPlatformIds(ids: readonly string[]): string[] {
  return [...new Set(ids.filter((id) => isPlatformId(id)).map((id) => id.toLowerCase()))];
}

/** The vendor's form (lower case) of a customer id a caller named; NotFoundError for what cannot be one. */
export function platformCustomerId(customerId: string): string {
  if (!isPlatformId(customerId)) throw new NotFoundError('PLATFORM', customerId);
  return customerId.toLowerCase();
}
