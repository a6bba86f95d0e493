// A connection cursor: which source, that source's own paging token for a page, where in that page
// (the index of the record handed out; -1: before its first record), and a fingerprint of the
// question so that a cursor is not reused with another one. Sealed (cursor-seal.ts): what this
// gateway did not hand out is never read.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { badUserInput } from '../errors.ts';
import type { JsonValue, PageToken } from '../sources/model/index.ts';
import { CUSTOMER_SOURCES, type CustomerSourceName } from '../sources/names.ts';
import type { CursorSeal } from './cursor-seal.ts';

export interface SourceCursor {
  source: CustomerSourceName;
  token: PageToken | null;
  /** The record handed out last in the page `token` names; -1 when none of it was. */
  index: number;
  scope: string;
  /** How the page was answered (`consistency`); absent on cursors sealed before modes existed (any fits). */
  mode?: ConsistencyMode;
}

/** How a connection is answered: from the synced index or live from the vendors. */
export type ConsistencyMode = 'INDEXED' | 'LIVE';

const MAX_CURSOR_LENGTH = 2_048;

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

const cursorSchema = z.object({
  s: z.enum(CUSTOMER_SOURCES),
  t: jsonValue,
  i: z.number().int().min(-1),
  q: z.string(),
  m: z.enum(['INDEXED', 'LIVE']).optional(),
});

/**
 * A short fingerprint of everything that shapes the sequence a cursor points into, made when a
 * cursor is first sealed or opened (a page whose cursors nobody reads needs none).
 */
export function cursorScope(question: JsonValue): () => string {
  let fingerprint: string | undefined;
  return () => (fingerprint ??= createHash('sha256').update(JSON.stringify(question)).digest('base64url').slice(0, 12));
}

export function encodeCursor(cursor: SourceCursor, seal: CursorSeal): string {
  return seal.seal({ s: cursor.source, t: cursor.token, i: cursor.index, q: cursor.scope, ...(cursor.mode ? { m: cursor.mode } : {}) });
}

export function decodeCursor(raw: string, scope: string, seal: CursorSeal, mode?: ConsistencyMode): SourceCursor {
  const invalid = () => badUserInput('`after` is not a cursor this connection handed out', 'after');
  if (raw.length > MAX_CURSOR_LENGTH) throw invalid();
  const parsed = cursorSchema.safeParse(seal.open(raw));
  if (!parsed.success) throw invalid();
  if (mode && parsed.data.m && parsed.data.m !== mode) throw modeMismatch(parsed.data.m);
  if (parsed.data.q !== scope) {
    throw badUserInput('`after` belongs to a different filter; start again without `after`', 'after');
  }
  return { source: parsed.data.s, token: parsed.data.t, index: parsed.data.i, scope: parsed.data.q };
}

/** A cursor handed out under one `consistency` and brought back under the other. */
export function modeMismatch(handedOutAs: ConsistencyMode) {
  return badUserInput(
    `\`after\` was handed out for consistency ${handedOutAs}: page on with consistency ${handedOutAs}, or start again without \`after\``,
    'after',
  );
}
