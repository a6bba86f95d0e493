// zod guards for what KB Support answers (kbsupport-customers.txt, kbsupport-observed.md). No
// transforms: a parsed record keeps the vendor's own values, so it doubles as `sourceRecord`.
import { z } from 'zod';
import { checkedObject, parsedJson } from '../kit/parsed-json.ts';

// kbsupport-observed.md: ids arrive as strings ("1"); kbsupport-customers.txt types them as integers.
const digits = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]);
// user_id and company: same, and an absent value may come as "" or 0.
const optionalId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d*$/)]).nullish();
const text = z.string().nullish();
// PHP encodes an empty associative array as `[]`, so an empty "object" may arrive as an empty list.
const emptyList = z.array(z.never()).length(0);

/** kbsupport-customers.txt calls these lists "object": a JSON array or an object keyed by index. */
const stringList = z.union([z.array(z.string()), z.record(z.string(), z.string())]).nullish();

export const kbsPhoneSchema = z.object({ primary: text, additional: text }).catchall(parsedJson);
export type KbsPhone = z.output<typeof kbsPhoneSchema>;

/** kbsupport-observed.md: all six keys when present, `""` for the empty ones. */
export const kbsAddressSchema = z
  .object({ line1: text, line2: text, city: text, state: text, country: text, zip: text })
  .catchall(parsedJson);
export type KbsAddress = z.output<typeof kbsAddressSchema>;

export const kbsCustomerSchema = checkedObject(
  z.object({
    id: digits,
    name: text,
    user_id: optionalId,
    email: text,
    additional_emails: stringList,
    phone: z.union([kbsPhoneSchema, emptyList]).nullish(),
    website: text,
    // kbsupport-customers.txt types address as a string; kbsupport-observed.md shows an object.
    address: z.union([kbsAddressSchema, z.string(), emptyList]).nullish(),
    company: optionalId,
    date_created: text,
    notes: stringList,
    // kbsupport-observed.md: `false` in the `{"id":0}` answer for an unknown id.
    ticket_count: z.union([z.number(), z.string().regex(/^\d+$/), z.literal(false)]).nullish(),
  }),
);
export type KbsCustomer = z.output<typeof kbsCustomerSchema>;
export type KbsStringList = KbsCustomer['notes'];

/** `GET /kbs/v1/customers`: a plain JSON array. */
export const kbsCustomerListSchema = z.array(kbsCustomerSchema);

/** The same list trimmed with `_fields=id`. */
export const kbsIdListSchema = z.array(z.object({ id: digits }).catchall(parsedJson));
export type KbsIdItem = z.output<typeof kbsIdListSchema>[number];

/** WordPress REST error body: `{ code, message, data: { status } }`. */
export const kbsErrorSchema = z
  .object({ code: z.string(), message: z.string().nullish(), data: parsedJson.optional() })
  .catchall(parsedJson);
export type KbsError = z.output<typeof kbsErrorSchema>;

/** `X-WP-Total` / `X-WP-TotalPages` (documented installations only). */
export const kbsTotalHeaderSchema = z.string().regex(/^\d+$/);
