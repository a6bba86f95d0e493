// zod guards for the PLATFORM's custom field answers (platform-customers-jsonapi.txt, "Custom Fields",
// "Reading Custom Field Data", Option 2): field definitions, and the custom entries a customer read
// sideloads with `include=custom_entries,custom_entries.field`.
import { z } from 'zod';
import { checkedObject, parsedJson } from '../../kit/parsed-json.ts';
import { collectionMetaSchema, optionalText, resourceLinkageSchema } from '../payloads.ts';

// The document does not show a custom field's options; we read a list of {key, label} or of plain keys.
const optionSchema = z.union([z.object({ key: z.union([z.string(), z.number()]), label: z.string() }), z.string()]);

export const platformCustomFieldResourceSchema = checkedObject(
  z.object({
    type: z.literal('custom-fields'),
    id: z.string().min(1),
    attributes: checkedObject(z.object({ label: z.string(), type: z.string(), options: z.array(optionSchema).nullish() })),
  }),
);
export type PlatformCustomFieldResource = z.output<typeof platformCustomFieldResourceSchema>;

export const platformCustomFieldCollectionSchema = z.object({
  data: z.array(platformCustomFieldResourceSchema),
  meta: collectionMetaSchema,
});
export type PlatformCustomFieldCollection = z.output<typeof platformCustomFieldCollectionSchema>;

export const platformCustomEntryResourceSchema = z.object({
  type: z.literal('custom-entries'),
  id: z.string().min(1),
  attributes: z.object({ value: parsedJson.optional(), formatted_value: optionalText }),
  relationships: z.object({ field: z.object({ data: resourceLinkageSchema }) }),
});
export type PlatformCustomEntryResource = z.output<typeof platformCustomEntryResourceSchema>;
