// The unified customer: what every adapter answers for a customer record and takes for a write. The
// vendors' own fields travel in one details object per source; no vendor shapes here.

import type { CustomerSourceName } from '../names.ts';
import type { ContactPhone, Gender, JsonObject, PageToken, PostalAddress } from './common.ts';

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
    | VendorWithoutDetails
  );

type OtherVendors = Exclude<CustomerSourceName, 'AMELIA' | 'KB_SUPPORT' | 'PLATFORM' | 'CRM'>;
/** A vendor with no fields of its own beyond the unified ones needs no line above (README, "Adding a vendor"). */
type VendorWithoutDetails = [OtherVendors] extends [never] ? never : { source: OtherVendors };

export type CustomerOf<S extends CustomerSourceName> = Extract<Customer, { source: S }>;

/** Where a customer lives: the source and the vendor id (PLATFORM ids also carry the organization). */
export type CustomerKey =
  | { source: Exclude<CustomerSourceName, 'PLATFORM'>; id: string }
  | { source: 'PLATFORM'; organization: string; id: string };

/** PRIMARY: the customer's primary address; ANY: also its additional ones (only KB Support keeps those). */
export type EmailMatch = 'PRIMARY' | 'ANY';

export interface CustomerListFilter {
  /** Free text, matched against names, emails, phones and notes (accent- and case-insensitive). */
  search?: string;
  /** An exact mailbox, already lower-cased and trimmed (see normalizeEmail). */
  email?: string;
  /** Which of a customer's addresses `email` is held against; PRIMARY when absent. */
  emailMatch?: EmailMatch;
  /** PLATFORM only: customers whose custom field holds this value (an option key or label for select types). */
  customField?: { fieldId: string; value: string };
}

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

// A custom field value to write: with CustomerDraft, which carries them on a PLATFORM create.

/** A value to write: text, a number, option key(s) or label(s), a boolean, a `Y-m-d` date. */
export type CustomFieldInputValue = string | number | boolean | string[];

export interface CustomFieldWrite {
  fieldId: string;
  value: CustomFieldInputValue;
}
