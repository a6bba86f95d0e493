// What a PLATFORM sandbox request handler is given: the store, the request and the organization it
// names, the sandbox's settings, and the lookups that keep every read inside that organization.
import type { SandboxRequest, SandboxResponse } from '../server.ts';
import type { UndocumentedFeature } from '../undocumented.ts';
import type { PlatformCustomerRow, PlatformField, PlatformOrganization, PlatformStore } from './records.ts';

/**
 * What the list does with `filter[id]` when it offers it at all (`platform-id-filter`; the document does
 * not name it): `honoured` (the JSON:API convention) or `ignored` (lists as if it were not there).
 */
export type IdFilterBehaviour = 'honoured' | 'ignored';

/** The words an export's `status` is written with; the document names none. */
export interface ExportStatusWords {
  processing: string;
  completed: string;
}

/** How the sandbox answers where the document is silent; changeable between requests. */
export interface PlatformSettings {
  /** The routes and filters beyond the document it offers (undocumented.ts). */
  features: Set<UndocumentedFeature>;
  idFilter: IdFilterBehaviour;
  exportStatusWords: ExportStatusWords;
}

export interface PlatformContext {
  store: PlatformStore;
  settings: PlatformSettings;
  request: SandboxRequest;
  organization: PlatformOrganization;
  origin: string;
}

export type PlatformRoute = (context: PlatformContext) => SandboxResponse;

export function offers(context: PlatformContext, feature: UndocumentedFeature): boolean {
  return context.settings.features.has(feature);
}

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
