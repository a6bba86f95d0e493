// Parts of vendor payloads typed as JSON without being walked again. Every body reaches the guards
// from JSON.parse (http.ts), so whatever it holds is JSON already; z.json() re-checked each nested
// value of every record (`_links`, custom entries, metadata) at a tenth of a large read's CPU.
import { z } from 'zod';
import type { JsonObject, JsonValue } from '../model/index.ts';

export const parsedJson = z.custom<JsonValue>((value) => value !== undefined);

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const parsedJsonObject = z.custom<JsonObject>(isJsonObject);

/**
 * A JSON object checked against `fields` and passed on as JSON.parse made it: the type of an
 * intersection of the two, without zod copying the record and merging both readings. `fields` must
 * not transform (its reading has to be the record itself).
 */
export function checkedObject<Fields extends z.ZodType<object>>(fields: Fields) {
  return z.custom<JsonObject & z.output<Fields>>((value) => isJsonObject(value) && fields.safeParse(value).success);
}
