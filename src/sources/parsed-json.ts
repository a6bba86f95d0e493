// Parts of vendor payloads typed as JSON without being walked again. Every body reaches the guards
// from JSON.parse (http.ts), so whatever it holds is JSON already; z.json() re-checked each nested
// value of every record (`_links`, custom entries, metadata) at a tenth of a large read's CPU.
import { z } from 'zod';
import type { JsonObject, JsonValue } from './model.ts';

export const parsedJson = z.custom<JsonValue>((value) => value !== undefined);

export const parsedJsonObject = z.custom<JsonObject>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
);
