// What the PLATFORM sandbox stores: organizations, their custom fields, customers with their custom
// entries, model identifiers, bookings, communities and exports, all in one PlatformStore.
import type { JsonObject, JsonValue } from '../../sources/model/index.ts';

export interface PlatformOrganization {
  id: string;
  name: string;
  /** The `locale` a new customer gets when none is sent. */
  locale: string;
  servedByToken: boolean;
}

export type PlatformFieldType = 'text' | 'textarea' | 'number' | 'select' | 'multiselect' | 'checkbox' | 'date' | 'file' | 'image';

/** platform-customers-jsonapi.txt: file and image fields are uploaded elsewhere, never set through custom_entry_map. */
export const UPLOADED_FIELD_TYPES: ReadonlySet<PlatformFieldType> = new Set(['file', 'image']);

export interface PlatformField {
  id: string;
  organizationId: string;
  label: string;
  type: PlatformFieldType;
  options: Array<{ key: string; label: string }>;
}

export interface PlatformEntry {
  id: string;
  value: JsonValue;
}

export interface PlatformAttributes {
  given_name: string | null;
  family_name: string | null;
  email: string | null;
  mobile: string | null;
  phone: string | null;
  company: string | null;
  sex: string | null;
  birth_date: string | null;
  locale: string | null;
  account_id: string | null;
}

export interface PlatformCustomerRow {
  id: string;
  organizationId: string;
  attributes: PlatformAttributes;
  /** Custom entries keyed by custom field id. */
  entries: Map<string, PlatformEntry>;
  communities: Set<string>;
}

export interface PlatformIdentifier {
  id: string;
  organizationId: string;
  code: string;
  type: string;
  customerId: string;
  /** ISO 8601. */
  createdAt: string;
}

/** A booking: the relationship a merge must move (platform-customers-jsonapi.txt, "Merging", rule 3). */
export interface PlatformBooking {
  id: string;
  organizationId: string;
  customerId: string;
  service: string;
  /** ISO 8601. */
  startsAt: string;
}

export interface PlatformCommunity {
  id: string;
  organizationId: string;
  name: string;
}

export interface PlatformExport {
  id: string;
  organizationId: string;
  type: string;
  filters: JsonObject;
  status: 'processing' | 'completed';
  /** The customers the export holds, taken when it was requested. */
  customerIds: string[];
}

export interface PlatformStore {
  organizations: PlatformOrganization[];
  fields: PlatformField[];
  customers: PlatformCustomerRow[];
  identifiers: PlatformIdentifier[];
  communities: PlatformCommunity[];
  exports: PlatformExport[];
  bookings: PlatformBooking[];
  /** Serial for the ids of records created through the API. */
  nextSerial: number;
}
