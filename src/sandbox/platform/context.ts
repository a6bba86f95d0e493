// What a PLATFORM sandbox request handler is given: the store, the request and the organization it
// names, and the lookups that keep every read inside that organization.
import type { SandboxRequest, SandboxResponse } from '../server.ts';
import type { PlatformCustomerRow, PlatformField, PlatformOrganization, PlatformStore } from './records.ts';

/**
 * What the list does with `filter[id]`, which the document does not mention: `honoured` (the JSON:API
 * convention), `ignored` (lists as if it were not there) or `refused` (400, as for any unknown filter).
 */
export type IdFilterBehaviour = 'honoured' | 'ignored' | 'refused';

export interface PlatformContext {
  store: PlatformStore;
  idFilter: IdFilterBehaviour;
  request: SandboxRequest;
  organization: PlatformOrganization;
  origin: string;
}

export type PlatformRoute = (context: PlatformContext) => SandboxResponse;

export function organizationCustomers(context: PlatformContext): PlatformCustomerRow[] {
  return context.store.customers.filter((row) => row.organizationId === context.organization.id);
}

export function organizationFields(context: PlatformContext): PlatformField[] {
  return context.store.fields.filter((field) => field.organizationId === context.organization.id);
}

export function findCustomer(context: PlatformContext, id: string): PlatformCustomerRow | undefined {
  const wanted = id.toLowerCase();
  return organizationCustomers(context).find((row) => row.id === wanted);
}
