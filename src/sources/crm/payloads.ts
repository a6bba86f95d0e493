// zod guards for what the CRM answers (crm-customers.txt), and the shapes of the write bodies sent. No
// transforms: a parsed record keeps the vendor's own values, so it doubles as `sourceRecord`.
import { z } from 'zod';
import { checkedObject, parsedJson, parsedJsonObject } from '../kit/parsed-json.ts';

const text = z.string().nullish();
// crm-customers.txt types these as text; a number is accepted too and read as its decimal text.
const textOrNumber = z.union([z.string(), z.number()]).nullish();

// crm-customers.txt: `gender` reads as `{}` while writes send a numeric code (ISO/IEC 5218).
const crmGenderSchema = z
  .union([
    z.number(),
    z.string(),
    z.object({ code: z.union([z.number(), z.string()]).nullish(), label: parsedJson.optional() }).catchall(parsedJson),
  ])
  .nullish();

export const crmCustomerSchema = checkedObject(
  z.object({
    id: z.union([z.string().min(1), z.number()]),
    firstName: text,
    lastName: text,
    email: text,
    phone: text,
    phoneCountry: text,
    phoneCountryCalling: textOrNumber,
    number: textOrNumber,
    cityId: textOrNumber,
    birthDate: text,
    gender: crmGenderSchema,
    unsubscribed: z.boolean().nullish(),
    internalNote: text,
    archivedAt: text,
    archivedBy: text,
    archivedVia: text,
    createdAt: text,
    createdVia: text,
    createdBy: text,
    updatedAt: text,
    updatedVia: text,
    updatedBy: text,
  }),
);
export type CrmCustomerRecord = z.output<typeof crmCustomerSchema>;
export type CrmGender = CrmCustomerRecord['gender'];

/**
 * `{ app, service, warnings, instanceId, requestId, data }` around every answer, errors included.
 * `data` must be present (null on errors): it is what tells a CRM answer from a proxy's.
 */
export const crmEnvelopeSchema = z.object({
  app: text,
  service: text,
  instanceId: text,
  requestId: text,
  warnings: z.array(parsedJson).nullish(),
  data: parsedJson,
});
export type CrmEnvelope = z.output<typeof crmEnvelopeSchema>;

/** `GET /v1/crm/customers`: `next` is null, absent or "" after the last page; `query` echoes the request. */
export const crmListDataSchema = z.object({
  users: z.array(crmCustomerSchema),
  next: z.string().nullish(),
  query: parsedJsonObject.nullish(),
});
export type CrmListData = z.output<typeof crmListDataSchema>;

/** `GET /v1/crm/customers/{id}`. */
export const crmUserDataSchema = z.object({ user: crmCustomerSchema });
export type CrmUserData = z.output<typeof crmUserDataSchema>;

/** `GET /v1/crm/customers/export?updatedSince=&offset=`. */
export const crmExportDataSchema = z.object({
  items: z.array(crmCustomerSchema),
  next: z.string().nullish(),
});
export type CrmExportData = z.output<typeof crmExportDataSchema>;

/** POST (with `id`), PATCH and DELETE answers. */
export const crmWriteDataSchema = z.object({
  succeed: z.boolean(),
  id: z.string().nullish(),
});
export type CrmWriteData = z.output<typeof crmWriteDataSchema>;

/** `POST /v1/crm/customers` answer: the new id, present when `succeed` is true. */
export const crmCreateDataSchema = z.object({
  succeed: z.boolean(),
  id: z.union([z.string().min(1), z.number()]).nullish(),
});
export type CrmCreateData = z.output<typeof crmCreateDataSchema>;

/** `PATCH` and `DELETE /v1/crm/customers/{id}` answers. */
export const crmChangeDataSchema = z.object({ succeed: z.boolean() });
export type CrmChangeData = z.output<typeof crmChangeDataSchema>;

/** `params` of `POST /v1/crm/customers` (crm-customers.txt). */
export interface CrmCreateParams {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  phoneCallingCode?: string;
  cityId?: string;
  birthDate?: string;
  gender?: number;
  /** Write only: the CRM never reads it back, and we never log or answer it. */
  passcode?: string;
  number?: string;
  unsubscribed?: boolean;
  internalNote?: string;
}

/**
 * `params` of `PATCH /v1/crm/customers/{id}`: only the fields being changed; null clears. The
 * document lists no `phoneCallingCode` here; it is sent beside `phone` as on create (map.ts).
 */
export interface CrmUpdateParams {
  id: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  phoneCallingCode?: string | null;
  cityId?: string | null;
  birthDate?: string | null;
  gender?: number | null;
  passcode?: string | null;
  number?: string | null;
  unsubscribed?: boolean | null;
  internalNote?: string | null;
}

/** The `POST /v1/crm/customers` body. */
export interface CrmCreateBody {
  params: CrmCreateParams;
}

/** The `PATCH /v1/crm/customers/{id}` body. */
export interface CrmUpdateBody {
  params: CrmUpdateParams;
}
