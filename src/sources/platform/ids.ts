// PLATFORM ids (platform-customers-jsonapi.txt): customers are UUIDs; organization ids share the CRM's
// conservative syntax, since they end up in a query string.

export const PLATFORM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ORGANIZATION_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isPlatformId(id: string): boolean {
  return PLATFORM_ID.test(id);
}

export function isOrganizationId(id: string): boolean {
  return ORGANIZATION_ID.test(id);
}
