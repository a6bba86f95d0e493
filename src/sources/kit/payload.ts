import type { z } from 'zod';
import { SourceError } from '../errors.ts';
import type { CustomerSourceName } from '../model/index.ts';

/** Checks a vendor answer against the adapter's zod guard; a mismatch is the vendor's fault, not a crash. */
export function expectPayload<Schema extends z.ZodType>(source: CustomerSourceName, schema: Schema, body: unknown): z.output<Schema> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new SourceError(source, 'BAD_RESPONSE');
  return parsed.data;
}
