// zod guards for the PLATFORM answers beyond customers (platform-customers-jsonapi.txt): custom field
// definitions, a customer with its included custom entries, model identifiers, exports; and the
// shapes we send for them.
import { z } from 'zod';
import { checkedObject, parsedJson } from '../kit/parsed-json.ts';
import { platformCustomerResourceSchema, platformPageMetaSchema } from './payloads.ts';

const optionalText = z.string().nullish();
const linkageSchema = z.object({ type: z.string(), id: z.string().min(1) });

/** `meta.page` where the vendor pages a collection; a collection without it is whole. */
const collectionMeta = z.object({ page: platformPageMetaSchema }).optional();

// The document does not show a custom field's options; we read a list of {key, label} or of plain keys.
const optionSchema = z.union([z.object({ key: z.union([z.string(), z.number()]), label: z.string() }), z.string()]);

export const platformCustomFieldResourceSchema = checkedObject(
  z.object({
    type: z.literal('custom-fields'),
    id: z.string().min(1),
    attributes: checkedObject(
      z.object({ label: z.string(), type: z.string(), options: z.array(optionSchema).nullish() }),
    ),
  }),
);
export type PlatformCustomFieldResource = z.output<typeof platformCustomFieldResourceSchema>;

export const platformCustomFieldCollectionSchema = z.object({
  data: z.array(platformCustomFieldResourceSchema),
  meta: collectionMeta,
});
export type PlatformCustomFieldCollection = z.output<typeof platformCustomFieldCollectionSchema>;

export const platformCustomEntryResourceSchema = z.object({
  type: z.literal('custom-entries'),
  id: z.string().min(1),
  attributes: z.object({ value: parsedJson.optional(), formatted_value: optionalText }),
  relationships: z.object({ field: z.object({ data: linkageSchema }) }),
});
export type PlatformCustomEntryResource = z.output<typeof platformCustomEntryResourceSchema>;

/** `GET /api/v1/customers/{id}` (with `include=` the sideloaded resources in `included`). */
export const platformCustomerWithIncludedSchema = z.object({
  data: platformCustomerResourceSchema,
  included: z.array(checkedObject(z.object({ type: z.string() }))).optional(),
});
export type PlatformCustomerWithIncluded = z.output<typeof platformCustomerWithIncludedSchema>;

export const platformModelIdentifierResourceSchema = checkedObject(
  z.object({
    type: z.literal('model-identifiers'),
    id: z.string().min(1),
    attributes: checkedObject(z.object({ code: z.string(), type: z.string(), created_at: optionalText })),
    relationships: z.object({ identifiable: z.object({ data: linkageSchema.nullable() }).optional() }).optional(),
  }),
);
export type PlatformModelIdentifierResource = z.output<typeof platformModelIdentifierResourceSchema>;

export const platformModelIdentifierCollectionSchema = z.object({
  data: z.array(platformModelIdentifierResourceSchema),
  meta: collectionMeta,
});
export type PlatformModelIdentifierCollection = z.output<typeof platformModelIdentifierCollectionSchema>;

export const platformModelIdentifierDocumentSchema = z.object({ data: platformModelIdentifierResourceSchema });

export const platformExportResourceSchema = checkedObject(
  z.object({
    type: z.literal('exports'),
    id: z.string().min(1),
    // The document only says "retrieve the download URL from the export resource once complete".
    attributes: checkedObject(z.object({ status: z.string(), url: optionalText, download_url: optionalText })),
  }),
);
export type PlatformExportResource = z.output<typeof platformExportResourceSchema>;

export const platformExportDocumentSchema = z.object({ data: platformExportResourceSchema });

export interface PlatformExportFilters {
  search?: string;
  email?: string;
}
