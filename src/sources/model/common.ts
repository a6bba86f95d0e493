// What every area of the unified model shares: JSON values, page tokens, contact shapes, and the
// vocabulary of writes.

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

/**
 * A source's own paging position: whatever re-fetches one page of its list (a page number, a vendor
 * cursor, an id to walk below). Opaque to everything but the adapter that made it; JSON so it fits
 * in a connection cursor.
 */
export type PageToken = JsonValue;

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
