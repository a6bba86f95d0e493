// The unified model: what every adapter answers and every resolver reads. No vendor shapes here.
import type { ById } from './errors.ts';
import type { CustomerSourceName } from './names.ts';
import type { RequestScope } from './request-scope.ts';

export { CUSTOMER_SOURCES, type CustomerSourceName } from './names.ts';
export type { RequestScope, SourceWarning } from './request-scope.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type Gender = 'FEMALE' | 'MALE' | 'OTHER';

export type PhoneKind = 'MOBILE' | 'LANDLINE' | 'PRIMARY' | 'ADDITIONAL';

export interface ContactPhone {
  /** As the vendor sent it. */
  raw: string;
  /** E.164 (`+381601234567`) when the number could be normalised, else null. */
  e164: string | null;
  /** ISO 3166-1 alpha-2, upper case, when known. */
  country: string | null;
  kind: PhoneKind;
}

export interface PostalAddress {
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
}

export interface AmeliaCustomerDetails {
  status: string | null;
  type: string | null;
  /** `externalId`: the linked WordPress user. */
  wordpressUserId: number | null;
  countryPhoneIso: string | null;
  /** `language` or `translations.defaultLanguage` as Amelia stores it (`en_GB`). */
  language: string | null;
  /** `translations`, parsed from the JSON string Amelia sends. */
  translations: JsonObject | null;
  appointmentStats: AmeliaAppointmentStats | null;
}

export interface AmeliaAppointmentStats {
  total: number | null;
  pending: number | null;
  lastAppointmentAt: Date | null;
}

export interface KbSupportNote {
  /** When the note was written (site time zone converted to UTC), null if the prefix is unreadable. */
  writtenAt: Date | null;
  text: string;
}

export interface KbSupportCustomerDetails {
  wordpressUserId: number | null;
  /** A company post id, not a name (kbsupport-observed.md). */
  companyId: string | null;
  website: string | null;
  address: PostalAddress | null;
  ticketCount: number | null;
  notes: KbSupportNote[];
}

export interface PlatformCustomerDetails {
  organizationId: string;
  /** The global CustomerAccount this organization's record is linked to. */
  accountId: string | null;
  /** `custom_entry_map` as the vendor sent it, keyed by custom field id. */
  customEntryMap: JsonObject;
}

export interface CrmCustomerDetails {
  number: string | null;
  cityId: string | null;
  unsubscribed: boolean | null;
  /** The vendor's numeric gender code (ISO/IEC 5218: 0 unknown, 1 male, 2 female, 9 not applicable). */
  genderCode: number | null;
  phoneCountryCalling: string | null;
  archivedAt: Date | null;
  archivedBy: string | null;
  archivedVia: string | null;
  createdBy: string | null;
  createdVia: string | null;
  updatedBy: string | null;
  updatedVia: string | null;
}

interface CustomerCommon {
  /** The vendor's own id, as a string. */
  sourceId: string;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  /** A valid address as the vendor stores it, trimmed; null when absent or not an address. */
  email: string | null;
  additionalEmails: string[];
  /** Primary first. */
  phones: ContactPhone[];
  /** `YYYY-MM-DD`. */
  birthday: string | null;
  gender: Gender | null;
  note: string | null;
  /** BCP 47 (`en-GB`). */
  locale: string | null;
  company: string | null;
  createdAt: Date | null;
  updatedAt: Date | null;
  /** The vendor's record, untouched. */
  sourceRecord: JsonObject;
}

export type Customer = CustomerCommon &
  (
    | { source: 'AMELIA'; amelia: AmeliaCustomerDetails }
    | { source: 'KB_SUPPORT'; kbSupport: KbSupportCustomerDetails }
    | { source: 'PLATFORM'; platform: PlatformCustomerDetails }
    | { source: 'CRM'; crm: CrmCustomerDetails }
  );

export type CustomerOf<S extends CustomerSourceName> = Extract<Customer, { source: S }>;

/** Where a customer lives: the source and the vendor id (PLATFORM ids also carry the organization). */
export type CustomerKey =
  | { source: 'AMELIA' | 'KB_SUPPORT' | 'CRM'; id: string }
  | { source: 'PLATFORM'; organization: string; id: string };

export interface CustomerListFilter {
  /** Free text, matched against names, emails, phones and notes (accent- and case-insensitive). */
  search?: string;
  /** An exact mailbox, already lower-cased and trimmed (see normalizeEmail). */
  email?: string;
  /** PLATFORM only: customers whose custom field holds this value (an option key or label for select types). */
  customField?: { fieldId: string; value: string };
}

/**
 * A source's own paging position: whatever re-fetches one page of its list (a page number, a vendor
 * cursor, an id to walk below). Opaque to everything but the adapter that made it; JSON so it fits
 * in a connection cursor.
 */
export type PageToken = JsonValue;

export interface CustomerPage {
  /** Only records that match the filter (verified, never taken on the vendor's word), in the source's order. */
  customers: Customer[];
  /** Token of the following page; null when this was the last. */
  next: PageToken | null;
  /**
   * How many records match the filter in all, where this answer states it as `count` would count it
   * (Amelia's `totalCount`/`filteredCount`, JSON:API `meta.page.total` of an unfiltered list, a
   * filtered list that fits this one page); absent otherwise.
   */
  total?: number;
}

export interface ListPageRequest {
  filter: CustomerListFilter;
  /** null for the first page. */
  token: PageToken | null;
  /** How many records the caller wants; a hint for sources that let us choose a page size. */
  sizeHint: number;
}

/**
 * A customer write, validated against the public input types: `undefined` leaves a field alone (on
 * create: not set), `null` clears it. Only the group of the target source may be present.
 */
export interface CustomerDraft {
  firstName?: string | null;
  lastName?: string | null;
  /** A valid address. */
  email?: string | null;
  /** E.164. */
  phone?: string | null;
  /** `YYYY-MM-DD`. */
  birthday?: string | null;
  gender?: Gender | null;
  note?: string | null;
  /** BCP 47. */
  locale?: string | null;
  company?: string | null;
  amelia?: { wordpressUserId?: number | null };
  /** `customFields` on create only (custom fields are changed with their own operations). */
  platform?: { landline?: string | null; customFields?: CustomFieldWrite[] };
  /** `passcode` is write only: sent as given, never read back. */
  crm?: { number?: string | null; unsubscribed?: boolean | null; cityId?: string | null; passcode?: string | null };
}

export type WriteMode = 'create' | 'update';

export interface DeletionCheck {
  allowed: boolean;
  /** Why not (the vendor's message where it gave one); null when allowed. */
  reason: string | null;
  /** Parsed from the vendor's message, where it says. */
  futureAppointments: number | null;
  /** False where the vendor has no deletion check to ask. */
  checkedBySource: boolean;
}

/**
 * Writes to one vendor. Every method validates first (ValidationError, nothing sent), never retries,
 * and answers the record as re-read from the vendor. Failures are the classes in errors.ts.
 */
export interface CustomerWriter {
  /** Throws ValidationError (field named as in the public input, e.g. `gender`, `crm.number`). */
  validate(draft: CustomerDraft, mode: WriteMode): void;
  create(draft: CustomerDraft, scope: RequestScope): Promise<Customer>;
  /** NotFoundError for an unknown id. */
  update(id: string, patch: CustomerDraft, scope: RequestScope): Promise<Customer>;
  /** NotFoundError, DeletionBlockedError (after the vendor's own check, where it has one). */
  delete(id: string, scope: RequestScope): Promise<void>;
  deletionCheck(id: string, scope: RequestScope): Promise<DeletionCheck>;
}

export interface CustomerSource {
  readonly source: CustomerSourceName;
  /** Absent for read-only vendors. */
  readonly writer?: CustomerWriter;
  /** One entry per id, in order: the customer, null where the vendor has none, or its read's failure (errors.ts ById). */
  getByIds(ids: readonly string[], scope: RequestScope): Promise<Array<ById<Customer>>>;
  listPage(request: ListPageRequest, scope: RequestScope): Promise<CustomerPage>;
  count(filter: CustomerListFilter, scope: RequestScope): Promise<number>;
  /** Every customer whose primary email, normalised, is one of `emails` (already normalised). */
  findByEmails(emails: readonly string[], scope: RequestScope): Promise<Customer[]>;
  /**
   * Starts, for the request being served, the reads findByEmails makes whatever the addresses (the
   * whole list of a vendor that cannot look emails up), so that they run beside the reads the
   * addresses come from; findByEmails then finds them made or under way. Never fails: what those
   * reads meet is reported by findByEmails. Absent where the reads depend on the addresses.
   */
  prepareEmailLookup?(scope: RequestScope): void;
  /** Resolves when the vendor answers with our credentials; throws a SourceError otherwise. */
  probe(scope: RequestScope): Promise<void>;
}

// Employees (Amelia providers).

export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
/** Amelia's `dayIndex` 1..7 is WEEKDAYS[dayIndex - 1]. */
export type Weekday = (typeof WEEKDAYS)[number];

/** Wall-clock times as `HH:MM:SS`, in the employee's time zone. */
export interface TimeRange {
  start: string;
  end: string;
}

export interface WorkPeriod extends TimeRange {
  /** The period's own location (`locationId`), if any. */
  locationId: string | null;
  /** `periodLocationList`: the locations the period is bookable at (empty: all). */
  locationIds: string[];
  /** `periodServiceList`: the services the period is bookable for (empty: all). */
  serviceIds: string[];
}

export interface WorkDay extends TimeRange {
  day: Weekday;
  /** `timeOutList`. */
  breaks: TimeRange[];
  periods: WorkPeriod[];
}

export interface SpecialDay {
  /** `YYYY-MM-DD`, inclusive. */
  startDate: string;
  endDate: string;
  periods: WorkPeriod[];
}

export interface DayOff {
  name: string;
  startDate: string;
  endDate: string;
  /** `repeat: 1`. */
  repeatsYearly: boolean;
}

export interface CustomPricing {
  enabled: boolean;
  /** `durations` as the vendor sent it (duration in seconds → price and rules). */
  durations: JsonObject;
}

export interface EmployeeService {
  serviceId: string;
  price: number;
  minCapacity: number;
  maxCapacity: number;
  /** Parsed from the JSON string Amelia sends; null when absent or unreadable. */
  customPricing: CustomPricing | null;
  /** `customPricing` exactly as sent. */
  customPricingRaw: JsonValue;
}

export type EmployeeStatus = 'VISIBLE' | 'HIDDEN';

export interface Employee {
  source: 'AMELIA';
  sourceId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: ContactPhone | null;
  countryPhoneIso: string | null;
  status: EmployeeStatus | null;
  /** IANA. */
  timeZone: string | null;
  /** The default location. */
  locationId: string | null;
  wordpressUserId: number | null;
  zoomUserId: string | null;
  note: string | null;
  description: string | null;
  descriptionHtml: string | null;
  pictureFullPath: string | null;
  pictureThumbPath: string | null;
  /** `activity` (e.g. available, away, break, dayoff), where the list sends it. */
  activity: string | null;
  /**
   * The lists below are null when the vendor's answer did not carry them (its list route sends a
   * summary); the full record then comes from the single route.
   */
  services: EmployeeService[] | null;
  weeklySchedule: WorkDay[] | null;
  specialDays: SpecialDay[] | null;
  daysOff: DayOff[] | null;
  sourceRecord: JsonObject;
}

export interface EmployeeListFilter {
  search?: string;
  serviceIds?: string[];
  locationIds?: string[];
  status?: EmployeeStatus;
}

export interface EmployeePage {
  /** Only records verified to match the filter, in the vendor's order. */
  employees: Employee[];
  next: PageToken | null;
}

/** An employee write, validated: `undefined` leaves a field alone; a list sent replaces the vendor's list. */
export interface EmployeeDraft {
  firstName?: string;
  lastName?: string;
  email?: string;
  /** E.164. */
  phone?: string | null;
  status?: EmployeeStatus;
  timeZone?: string | null;
  locationId?: string | null;
  wordpressUserId?: number | null;
  zoomUserId?: string | null;
  note?: string | null;
  description?: string | null;
  descriptionHtml?: string | null;
  pictureFullPath?: string | null;
  pictureThumbPath?: string | null;
  services?: Array<Omit<EmployeeService, 'customPricingRaw' | 'customPricing'> & { customPricing?: CustomPricing | null }>;
  weeklySchedule?: WorkDay[];
  specialDays?: SpecialDay[];
  daysOff?: DayOff[];
  /** Create only: ask Amelia to mail the employee panel access. */
  sendEmployeePanelAccessEmail?: boolean;
}

export interface EmployeeWriteResult {
  employee: Employee;
  /** What Amelia reports in `sendEmployeePanelAccessEmail` (create). */
  panelAccessEmailSent: boolean | null;
}

export interface EmployeeSource {
  /** One entry per id, in order: the employee, null where Amelia has none, or its read's failure. */
  getByIds(ids: readonly string[], scope: RequestScope): Promise<Array<ById<Employee>>>;
  listPage(request: { filter: EmployeeListFilter; token: PageToken | null; sizeHint: number }, scope: RequestScope): Promise<EmployeePage>;
  count(filter: EmployeeListFilter, scope: RequestScope): Promise<number>;
  /** Throws ValidationError (field named as in the public input: `weeklySchedule.0.periods.1.end`). */
  validate(draft: EmployeeDraft, mode: WriteMode, scope: RequestScope): Promise<void>;
  create(draft: EmployeeDraft, scope: RequestScope): Promise<EmployeeWriteResult>;
  /** NotFoundError for an unknown id. */
  update(id: string, draft: EmployeeDraft, scope: RequestScope): Promise<EmployeeWriteResult>;
  /** NotFoundError; DeletionBlockedError after the vendor's own check. */
  delete(id: string, scope: RequestScope): Promise<void>;
  deletionCheck(id: string, scope: RequestScope): Promise<DeletionCheck>;
}

// PLATFORM extras: custom fields, model identifiers, accounts, merges, exports.

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

/** A value to write: text, a number, option key(s) or label(s), a boolean, a `Y-m-d` date. */
export type CustomFieldInputValue = string | number | boolean | string[];

export interface CustomFieldWrite {
  fieldId: string;
  value: CustomFieldInputValue;
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

export type ExportStatus = 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'FAILED';

export interface ExportJob {
  id: string;
  status: ExportStatus;
  /** Once completed. */
  downloadUrl: string | null;
  sourceRecord: JsonObject;
}

export interface PlatformExtras {
  customFields(scope: RequestScope): Promise<CustomFieldDefinition[]>;
  /** The typed entries of a customer's custom_entry_map (falls back to the vendor's include form only where the map and the definitions do not say enough). */
  customFieldEntries(customer: CustomerOf<'PLATFORM'>, definitions: CustomFieldDefinition[], scope: RequestScope): Promise<CustomFieldEntry[]>;
  /** Checks every value against its field before anything is sent (ValidationError `values.N.value`); MERGE re-sends the whole map. */
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

// CRM change feed.

export interface CustomerChange {
  customer: CustomerOf<'CRM'>;
  /** The change's time (`updatedAt`, else `createdAt`). */
  changedAt: Date | null;
  archived: boolean;
}

export interface ChangePage {
  changes: CustomerChange[];
  /** The vendor cursor of the following page; null at the end (for now). */
  next: PageToken | null;
}

export interface ChangeFeed {
  /** One page of changes since `since`, oldest first; `token` null for the first page. */
  changesSince(since: Date, token: PageToken | null, scope: RequestScope): Promise<ChangePage>;
}
