// zod guards for the PLATFORM's extras answers (platform-customers-jsonapi.txt, "Creating Custom Model
// Identifiers", "Exporting Customers"): model identifiers and exports; and the export filters we send.
import { z } from 'zod';
import { checkedObject } from '../../kit/parsed-json.ts';
import { collectionMetaSchema, optionalText, resourceLinkageSchema } from '../payloads.ts';

export const platformModelIdentifierResourceSchema = checkedObject(
  z.object({
    type: z.literal('model-identifiers'),
    id: z.string().min(1),
    attributes: checkedObject(z.object({ code: z.string(), type: z.string(), created_at: optionalText })),
    relationships: z.object({ identifiable: z.object({ data: resourceLinkageSchema.nullable() }).optional() }).optional(),
  }),
);
export type PlatformModelIdentifierResource = z.output<typeof platformModelIdentifierResourceSchema>;

export const platformModelIdentifierCollectionSchema = z.object({
  data: z.array(platformModelIdentifierResourceSchema),
  meta: collectionMetaSchema,
});
export type PlatformModelIdentifierCollection = z.output<typeof platformModelIdentifierCollectionSchema>;

export const platformModelIdentifierDocumentSchema = z.object({ data: platformModelIdentifierResourceSchema });

export const platformExportResourceSchema = checkedObject(
  z.object({
    type: z.literal('exports'),
    id: z.string().min(1),
    // The document only says "retrieve the download URL from the export resource once complete"; it names no status.
    attributes: checkedObject(z.object({ status: optionalText, url: optionalText, download_url: optionalText })),
  }),
);
export type PlatformExportResource = z.output<typeof platformExportResourceSchema>;

export const platformExportDocumentSchema = z.object({ data: platformExportResourceSchema });

export interface PlatformExportFilters {
  search?: string;
  email?: string;
}
