// What the sandbox vendors can offer beyond their documents. Off by default: the sandbox answers as the
// documents promise and no more, so the adapters are held to what a vendor written from the same
// documents would do; each can be turned on (SANDBOX_UNDOCUMENTED, or a test's options) to check
// that the adapters use it where a vendor offers it.
export const UNDOCUMENTED_FEATURES = [
  /** PLATFORM: `GET /api/v1/custom-fields`, the organization's custom field definitions. */
  'platform-custom-fields-route',
  /** PLATFORM: `filter[custom_fields][<field id>]=<value>` on the customer list. */
  'platform-custom-field-filter',
  /** PLATFORM: `filter[account_id]` on the customer list. */
  'platform-account-filter',
  /** PLATFORM: `filter[id]` (several customers by id) on the customer list. */
  'platform-id-filter',
  /** PLATFORM: `GET /api/v1/customers/{id}/bookings`. */
  'platform-bookings-route',
  /** AMELIA: the `/api/v1/locations` route. */
  'amelia-locations-route',
] as const;

export type UndocumentedFeature = (typeof UNDOCUMENTED_FEATURES)[number];

/** `all`, or a comma-separated list of the names above. */
export function parseUndocumented(text: string | undefined): ReadonlySet<UndocumentedFeature> | { unknown: string[] } {
  if (text === undefined || text.trim() === '') return new Set();
  if (text.trim() === 'all') return new Set(UNDOCUMENTED_FEATURES);
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(UNDOCUMENTED_FEATURES as readonly string[]).includes(name));
  if (unknown.length > 0) return { unknown };
  return new Set(UNDOCUMENTED_FEATURES.filter((feature) => names.includes(feature)));
}
