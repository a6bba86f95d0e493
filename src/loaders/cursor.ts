// Connection cursors: which source, that source's own paging token for the item's page, the item's
// index in that page, and a fingerprint of the question so a cursor is not reused with another one.
// Sealed (connections/cursor-seal.ts): what this gateway did not hand out is never read.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CursorSeal } from '../connections/cursor-seal.ts';
import { badUserInput } from '../errors.ts';
import { CUSTOMER_SOURCES, type CustomerSourceName, type JsonValue, type PageToken } from '../sources/model.ts';

export interface CustomerCursor {
  source: CustomerSourceName;
  token: PageToken | null;
  index: number;
  scope: string;
}

const MAX_CURSOR_LENGTH = 2_048;

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

const cursorSchema = z.object({
  s: z.enum(CUSTOMER_SOURCES),
  t: jsonValue,
  i: z.number().int().min(0),
  q: z.string(),
});

/** A short fingerprint of everything that shapes the sequence a cursor points into. */
export function cursorScope(question: JsonValue): string {
  return createHash('sha256').update(JSON.stringify(question)).digest('base64url').slice(0, 12);
}

export function encodeCursor(cursor: CustomerCursor, seal: CursorSeal): string {
  return seal.seal({ s: cursor.source, t: cursor.token, i: cursor.index, q: cursor.scope });
}

export function decodeCursor(raw: string, scope: string, seal: CursorSeal): CustomerCursor {
  const invalid = () => badUserInput('`after` is not a cursor this connection handed out', 'after');
  if (raw.length > MAX_CURSOR_LENGTH) throw invalid();
  const parsed = cursorSchema.safeParse(seal.open(raw));
  if (!parsed.success) throw invalid();
  if (parsed.data.q !== scope) {
    throw badUserInput('`after` belongs to a different filter; start again without `after`', 'after');
  }
  return { source: parsed.data.s, token: parsed.data.t, index: parsed.data.i, scope: parsed.data.q };
}
