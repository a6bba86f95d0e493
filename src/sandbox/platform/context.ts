// What a PLATFORM sandbox request handler is given: the store, the request and the organization it
// names, the sandbox's settings, and the lookups that keep every read inside that organization.
import { DerivedViews } from '../derived-views.ts';
import type { SandboxRequest, SandboxResponse } from '../server.ts';
import type { UndocumentedFeature } from '../undocumented.ts';
import { collate, searchableFields } from './filters.ts';
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

interface CustomerIndex {
  /** The list it was made from, and its length then (a safety net: writes call customersChanged). */
  customers: readonly PlatformCustomerRow[];
  length: number;
  byOrganization: Map<string, PlatformCustomerRow[]>;
  byId: Map<string, PlatformCustomerRow>;
  /** By collated email (filters.ts), made when first asked for. */
  byEmail: Map<string, PlatformCustomerRow[]> | null;
  /** Filtered lists, by organization and filters, so that paging through one costs a page. */
  filtered: DerivedViews<readonly PlatformCustomerRow[]>;
  /** What `filter[search]` looks in (filters.ts), by customer, made when first asked for. */
  searchable: Map<PlatformCustomerRow, readonly string[]>;
}

// Made once per change of the customers, not once per request: at 100,000 customers a request that
// went through them all would make paging through them quadratic.
const indexes = new WeakMap<PlatformStore, CustomerIndex>();

/** Call after adding, changing, merging or removing a customer. */
export function customersChanged(store: PlatformStore): void {
  indexes.delete(store);
}

function customerIndex(store: PlatformStore): CustomerIndex {
  const kept = indexes.get(store);
  if (kept && kept.customers === store.customers && kept.length === store.customers.length) return kept;
  const index: CustomerIndex = {
    customers: store.customers,
    length: store.customers.length,
    byOrganization: new Map(),
    byId: new Map(),
    byEmail: null,
    filtered: new DerivedViews(),
    searchable: new Map(),
  };
  for (const row of store.customers) {
    const rows = index.byOrganization.get(row.organizationId);
    if (rows) rows.push(row);
    else index.byOrganization.set(row.organizationId, [row]);
    index.byId.set(row.id, row);
  }
  indexes.set(store, index);
  return index;
}

/** The organization's customers whose email collates to `collated` (filters.ts). */
export function customersWithEmail(context: PlatformContext, collated: string): readonly PlatformCustomerRow[] {
  const index = customerIndex(context.store);
  if (!index.byEmail) {
    index.byEmail = new Map();
    for (const row of index.customers) {
      if (row.attributes.email === null) continue;
      const key = collate(row.attributes.email);
      const rows = index.byEmail.get(key);
      if (rows) rows.push(row);
      else index.byEmail.set(key, [row]);
    }
  }
  return (index.byEmail.get(collated) ?? []).filter((row) => row.organizationId === context.organization.id);
}

/** searchableFields (filters.ts), kept until the customers change. */
export function keptSearchableFields(context: PlatformContext): (row: PlatformCustomerRow) => readonly string[] {
  const kept = customerIndex(context.store).searchable;
  return (row) => {
    let values = kept.get(row);
    if (!values) {
      values = searchableFields(row);
      kept.set(row, values);
    }
    return values;
  };
}

/** The list `key` names (organization and filters included), built when it is not kept. */
export function filteredCustomers(
  context: PlatformContext,
  key: string,
  build: () => readonly PlatformCustomerRow[],
): readonly PlatformCustomerRow[] {
  return customerIndex(context.store).filtered.get(key, build);
}

/** The organization's customers, in the store's order (do not change the list: it is shared). */
export function organizationCustomers(context: PlatformContext): readonly PlatformCustomerRow[] {
  return customerIndex(context.store).byOrganization.get(context.organization.id) ?? [];
}

export function organizationFields(context: PlatformContext): PlatformField[] {
  return context.store.fields.filter((field) => field.organizationId === context.organization.id);
}

export function findCustomer(context: PlatformContext, id: string): PlatformCustomerRow | undefined {
  const row = customerIndex(context.store).byId.get(id.toLowerCase());
  return row?.organizationId === context.organization.id ? row : undefined;
}
