// zod guards for every Amelia customer answer the adapter reads, the answers customers and employees
// share (errors, refusals, deletion), and the customer bodies it sends (amelia-customers.txt).
import { z } from 'zod';
import { checkedObject, parsedJsonObject } from '../kit/parsed-json.ts';

/** Every Amelia answer: `{ message, data }`. */
export function ameliaAnswer<Data extends z.ZodType>(data: Data) {
  return z.object({ message: z.string().optional(), data });
}

export const optionalText = z.string().nullish();

/** Counts arrive as numbers or numeric strings. */
export const countNumber = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);

// amelia-customers.txt: `countPendingAppointments` arrives as a string ("0"), `totalAppointments` as a number.
const countField = z.union([z.number(), z.string()]);

/** One customer as the list, the single GET and the write answers send it; every field but `id` may be missing. */
const customerFields = z.looseObject({
  id: z.number().int().positive(),
  type: optionalText,
  status: optionalText,
  firstName: optionalText,
  lastName: optionalText,
  email: optionalText,
  phone: optionalText,
  countryPhoneIso: optionalText,
  externalId: z.union([z.number(), z.string()]).nullish(),
  gender: optionalText,
  birthday: optionalText,
  note: optionalText,
  language: optionalText,
  // amelia-customers.txt: `translations` is JSON inside a string; tolerated as an object too.
  translations: z.union([z.string(), parsedJsonObject]).nullish(),
  lastAppointment: optionalText,
  totalAppointments: countField.nullish(),
  countPendingAppointments: countField.nullish(),
});

/** The typed fields, and the whole record as plain JSON (kept untouched as `sourceRecord`). */
export const ameliaCustomerRecord = checkedObject(customerFields);
export type AmeliaCustomerRecord = z.output<typeof ameliaCustomerRecord>;

/** `GET …/users/customers&page=&search=` */
export const ameliaCustomerList = ameliaAnswer(
  z.object({
    users: z.array(ameliaCustomerRecord),
    filteredCount: countNumber,
    totalCount: countNumber,
  }),
);
export type AmeliaCustomerList = z.output<typeof ameliaCustomerList>;

/** `GET …/users/customers/{id}` */
export const ameliaCustomerAnswer = ameliaAnswer(z.object({ user: ameliaCustomerRecord }));

/** The user a create or update answers with (customers and providers alike): only its id is read. */
export const ameliaWrittenUser = z.looseObject({ id: z.number().int().positive() });

/** `POST …/users/customers` (create) and `POST …/users/customers/{id}` (update): the written user; update adds `is_wp_user`. */
export const ameliaWriteAnswer = ameliaAnswer(
  z.object({
    user: ameliaWrittenUser,
    is_wp_user: z.boolean().optional(),
  }),
);

/** Amelia's error answers (401, unknown id): `{ message, data }`. */
export const ameliaErrorBody = z.object({
  message: z.string(),
  data: z.unknown(),
});

/** `GET …/users/customers/effect/{id}` (and providers'): whether the user may be deleted, and Amelia's words why not. */
export const ameliaEffectAnswer = ameliaAnswer(
  z.object({
    valid: z.boolean(),
    message: z.string().nullish(),
  }),
);
export type AmeliaDeletionEffect = z.output<typeof ameliaEffectAnswer>['data'];

/** `POST …/users/customers/delete/{id}` (and providers'): `{ message, data: [] }`. */
export const ameliaDeleteAnswer = z.object({
  message: z.string(),
  data: z.unknown(),
});

/** A refused write body: the properties Amelia found invalid. */
export const ameliaInvalidFieldsBody = z.object({
  message: z.string(),
  data: z.object({ invalidFields: z.array(z.string()) }),
});

/** A create or update with an email another user has. */
export const ameliaEmailInUseBody = z.object({
  message: z.string(),
  data: z.object({ emailError: z.literal(true) }),
});

/** What a create or update sends (amelia-customers.txt); an update carries only the mentioned properties, `null` clearing. */
export interface AmeliaCustomerBody {
  firstName?: string;
  lastName?: string;
  externalId?: number | null;
  phone?: string | null;
  countryPhoneIso?: string | null;
  email?: string | null;
  gender?: 'female' | 'male' | null;
  birthday?: string | null;
  note?: string | null;
  language?: string | null;
}
