// The PLATFORM's extras: custom fields, model identifiers, accounts, merges, exports.
import type { RequestScope } from '../request-scope.ts';
import type { JsonObject, JsonValue } from './common.ts';
import type { Customer, CustomerListFilter, CustomerOf, CustomFieldWrite } from './customer.ts';

export const CUSTOM_FIELD_TYPES = ['TEXT', 'TEXTAREA', 'NUMBER', 'SELECT', 'MULTISELECT', 'CHECKBOX', 'DATE', 'FILE', 'IMAGE'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export interface CustomFieldOption {
  key: string;
  label: string;
}

export interface CustomFieldDefinition {
  id: string;
  label: string;
  type: CustomFieldType;
  /** SELECT and MULTISELECT only. */
  options: CustomFieldOption[];
  /** The vendor's resource, untouched. */
  sourceRecord: JsonObject;
}

/** One entry of a customer's `custom_entry_map`, typed by its field. */
export interface CustomFieldEntry {
  fieldId: string;
  /** The field's definition; null when the organization's list no longer has it. */
  field: CustomFieldDefinition | null;
  label: string | null;
  type: CustomFieldType | null;
  /** The raw stored value. */
  value: JsonValue;
  formattedValue: string | null;
  text: string | null;
  number: number | null;
  /** SELECT: one key; MULTISELECT: several. */
  options: CustomFieldOption[];
  boolean: boolean | null;
  /** `YYYY-MM-DD`. */
  date: string | null;
}

/** MERGE: fields not named stay as they are. REPLACE: fields not named are cleared. */
export type CustomFieldWriteMode = 'MERGE' | 'REPLACE';

export interface ModelIdentifier {
  id: string;
  code: string;
  type: string;
  createdAt: Date | null;
  sourceRecord: JsonObject;
}

/** UNKNOWN: the vendor's word is none the gateway knows (the document names none); `vendorStatus` has it. */
export type ExportStatus = 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'FAILED' | 'UNKNOWN';

export interface ExportJob {
  id: string;
  status: ExportStatus;
  /** The vendor's own status word, as sent; null when it sent none. */
  vendorStatus: string | null;
  /** Once completed. */
  downloadUrl: string | null;
  sourceRecord: JsonObject;
}

export interface PlatformExtras {
  /** The organization's definitions; CustomFieldsNotListedError where this PLATFORM does not list them. */
  customFields(scope: RequestScope): Promise<CustomFieldDefinition[]>;
  /**
   * The typed entries of a customer's custom_entry_map, typed by `definitions`, or by the map alone where they
   * are null (the PLATFORM does not list them); the vendor's include form is read only where neither says enough.
   */
  customFieldEntries(
    customer: CustomerOf<'PLATFORM'>,
    definitions: CustomFieldDefinition[] | null,
    scope: RequestScope,
  ): Promise<CustomFieldEntry[]>;
  /**
   * Checks every value against its field before anything is sent (ValidationError `values.N.value`), as far as
   * the vendor shows its fields; MERGE re-sends the whole map.
   */
  setCustomFieldValues(customerId: string, values: CustomFieldWrite[], mode: CustomFieldWriteMode, scope: RequestScope): Promise<Customer>;
  clearCustomFieldValues(customerId: string, fieldIds: string[], scope: RequestScope): Promise<Customer>;
  /** One list per customer id, in order. */
  identifiers(customerIds: readonly string[], scope: RequestScope): Promise<ModelIdentifier[][]>;
  createModelIdentifier(customerId: string, code: string, type: string, scope: RequestScope): Promise<ModelIdentifier>;
  /** null for a code the organization does not know. */
  resolveCode(code: string, scope: RequestScope): Promise<Customer | null>;
  /** This organization's customers linked to a global account. */
  customersOfAccount(accountId: string, scope: RequestScope): Promise<Customer[]>;
  /** Irreversible: the source is deleted. NotFoundError for the source, MergeReferenceNotFoundError for the target. */
  merge(sourceId: string, targetId: string, scope: RequestScope): Promise<Customer>;
  removeFromCommunity(customerId: string, communityId: string, scope: RequestScope): Promise<void>;
  startExport(filter: CustomerListFilter, scope: RequestScope): Promise<ExportJob>;
  exportJob(id: string, scope: RequestScope): Promise<ExportJob | null>;
}
