// zod guards for the PLATFORM answers the adapter reads (platform-customers-jsonapi.txt, "Creating a
// Customer", "Reading Custom Field Data"): `customers` resources and their collections, JSON:API error
// documents; and the customer write documents we send.
import { z } from 'zod';
import { checkedObject, parsedJson } from '../kit/parsed-json.ts';
import type { JsonValue } from '../model/index.ts';

export const optionalText = z.string().nullish();

/** A JSON:API resource linkage (`relationships.*.data`). */
export const resourceLinkageSchema = z.object({ type: z.string(), id: z.string().min(1) });

/** One `custom_entry_map` entry; `value` varies with the field type (text, number, string[], boolean…). */
export const platformCustomEntrySchema = checkedObject(
  z.object({
    value: parsedJson.optional(),
    label: optionalText,
    formatted_value: optionalText,
    type: optionalText,
  }),
);
export type PlatformCustomEntry = z.output<typeof platformCustomEntrySchema>;

export const platformCustomEntryMapSchema = z.union([
  z.record(z.string(), platformCustomEntrySchema),
  // A PHP backend serialises an empty map as `[]`; it means the same as `{}`.
  z.array(z.never()).length(0),
]);

export const platformCustomerAttributesSchema = checkedObject(
  z.object({
    given_name: optionalText,
    family_name: optionalText,
    email: optionalText,
    mobile: optionalText,
    phone: optionalText,
    company: optionalText,
    sex: optionalText,
    birth_date: optionalText,
    locale: optionalText,
    account_id: optionalText,
    // platform-customers-jsonapi.txt: "This attribute is always returned on the customer resource".
    custom_entry_map: platformCustomEntryMapSchema,
  }),
);
export type PlatformCustomerAttributes = z.output<typeof platformCustomerAttributesSchema>;

export const platformCustomerResourceSchema = checkedObject(
  z.object({
    type: z.literal('customers'),
    id: z.string().min(1),
    attributes: platformCustomerAttributesSchema,
  }),
);
export type PlatformCustomerResource = z.output<typeof platformCustomerResourceSchema>;

const pageNumber = z.number().int().nonnegative();

export const platformPageMetaSchema = z.object({
  currentPage: pageNumber,
  lastPage: pageNumber,
  perPage: pageNumber,
  total: pageNumber,
  from: pageNumber.nullish(),
  to: pageNumber.nullish(),
});
export type PlatformPageMeta = z.output<typeof platformPageMetaSchema>;

/** `meta.page` of a collection beyond customers, where the vendor pages it; one without it is whole. */
export const collectionMetaSchema = z.object({ page: platformPageMetaSchema }).optional();

export const platformCustomerCollectionSchema = z.object({
  data: z.array(platformCustomerResourceSchema),
  meta: z.object({ page: platformPageMetaSchema }),
  links: z
    .object({
      first: optionalText,
      last: optionalText,
      prev: optionalText,
      next: optionalText,
    })
    .optional(),
});
export type PlatformCustomerCollection = z.output<typeof platformCustomerCollectionSchema>;

export const platformErrorDocumentSchema = z.object({
  errors: z
    .array(
      z.object({
        status: z.string().optional(),
        title: z.string().optional(),
        detail: z.string().optional(),
        source: z.object({ pointer: z.string().optional(), parameter: z.string().optional() }).optional(),
      }),
    )
    .min(1),
});
export type PlatformErrorDocument = z.output<typeof platformErrorDocumentSchema>;
export type PlatformErrorObject = PlatformErrorDocument['errors'][number];

/** The answer to a write (create 201, update 200): the `customers` resource as stored. */
export const platformCustomerDocumentSchema = z.object({ data: platformCustomerResourceSchema });
export type PlatformCustomerDocument = z.output<typeof platformCustomerDocumentSchema>;

/** `GET /api/v1/customers/{id}` (with `include=` the sideloaded resources in `included`). */
export const platformCustomerWithIncludedSchema = z.object({
  data: platformCustomerResourceSchema,
  included: z.array(checkedObject(z.object({ type: z.string() }))).optional(),
});
export type PlatformCustomerWithIncluded = z.output<typeof platformCustomerWithIncludedSchema>;

// The write documents we send ("Creating a Customer"). An update never carries `custom_entry_map`:
// on a PATCH it deletes every custom entry left out of it; only the custom field writes send it, whole.
export const PLATFORM_WRITABLE_ATTRIBUTES = [
  'given_name',
  'family_name',
  'email',
  'mobile',
  'phone',
  'company',
  'sex',
  'birth_date',
  'locale',
] as const;
export type PlatformWritableAttribute = (typeof PLATFORM_WRITABLE_ATTRIBUTES)[number];
/** A value sets the attribute, null clears it, a missing key leaves it alone. */
export type PlatformWriteAttributes = Partial<Record<PlatformWritableAttribute, string | null>>;

/** `custom_entry_map` as written: every field to keep, each `{ value }`; a field left out is deleted. */
export type PlatformEntryMapBody = Record<string, { value: JsonValue }>;

export interface PlatformCreateDocument {
  data: { type: 'customers'; attributes: PlatformWriteAttributes & { custom_entry_map?: PlatformEntryMapBody } };
}

export interface PlatformUpdateDocument {
  data: { type: 'customers'; id: string; attributes: PlatformWriteAttributes };
}

/** The PATCH of custom-field writes ("Writing Custom Field Data"): `custom_entry_map` alone, whole. */
export interface PlatformEntryMapDocument {
  data: { type: 'customers'; id: string; attributes: { custom_entry_map: PlatformEntryMapBody } };
}
