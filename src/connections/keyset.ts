// A sorted page of the synced index: one order across every selected source, resumed by keyset (the
// last row's place in the order, never an offset), so records created or deleted between two pages
// cause no duplicate and no skip. Its cursors are sealed like the pager's, remember the order and the
// question they were made for, and say they were handed out by an INDEXED answer. A cursor holds the
// last row's value for every criterion of the order, and the ties.
import { z } from 'zod';
import { badUserInput } from '../errors.ts';
import { sortPositionOf } from '../index/sort-key.ts';
import { type IndexedCustomer, MAX_SORT_CRITERIA, type OrderBy, type OrderPosition } from '../index/types.ts';
import { CUSTOMER_SOURCES } from '../sources/names.ts';
import type { CursorSeal } from './cursor-seal.ts';
import { edgeOf, type Paged } from './pager.ts';
import { modeMismatch } from './source-cursor.ts';

const MAX_CURSOR_LENGTH = 2_048;

const sortValue = z.union([z.string().max(1_000), z.number(), z.null()]);

const cursorSchema = z.object({
  m: z.literal('INDEXED'),
  o: z.string(),
  p: z.object({
    // One value per criterion (a cursor of one criterion handed out before held the value alone).
    v: z.union([z.array(sortValue).min(1).max(MAX_SORT_CRITERIA), sortValue]),
    s: z.enum(CUSTOMER_SOURCES),
    id: z.string().max(255),
    c: z.string().max(255),
  }),
  q: z.string(),
});

export interface KeysetQuestion {
  orderBy: readonly OrderBy[];
  first: number;
  after: string | null;
  /** Fingerprint of the filter: a cursor only fits the question it was made for. */
  scope: () => string;
  cursors: CursorSeal;
}

export type KeysetPageReader = (after: OrderPosition | null, first: number) => Promise<{ rows: IndexedCustomer[]; hasNextPage: boolean }>;

const orderName = (orderBy: readonly OrderBy[]) => orderBy.map((order) => `${order.field}:${order.direction}`).join(',');

function decode(raw: string, question: KeysetQuestion): OrderPosition {
  const invalid = () => badUserInput('`after` is not a cursor this connection handed out', 'after');
  if (raw.length > MAX_CURSOR_LENGTH) throw invalid();
  const opened = question.cursors.open(raw);
  const mode = z.object({ m: z.enum(['INDEXED', 'LIVE']) }).safeParse(opened);
  if (mode.success && mode.data.m === 'LIVE') throw modeMismatch('LIVE');
  const parsed = cursorSchema.safeParse(opened);
  if (!parsed.success) throw badUserInput('`after` was not handed out for this `orderBy`; start again without `after`', 'after');
  if (parsed.data.o !== orderName(question.orderBy)) {
    throw badUserInput('`after` was handed out for another `orderBy`; page on with the same order', 'after');
  }
  if (parsed.data.q !== question.scope()) throw badUserInput('`after` belongs to a different filter; start again without `after`', 'after');
  const { v, s, id, c } = parsed.data.p;
  const values = Array.isArray(v) ? v : [v];
  if (values.length !== question.orderBy.length)
    throw badUserInput('`after` was not handed out for this `orderBy`; start again without `after`', 'after');
  return { values, source: s, vendorId: id, connection: c };
}

export async function pageByKeyset(question: KeysetQuestion, read: KeysetPageReader): Promise<Paged<IndexedCustomer>> {
  const after = question.after === null ? null : decode(question.after, question);
  const page = await read(after, question.first);
  const seal = (position: OrderPosition) =>
    question.cursors.seal({
      m: 'INDEXED',
      o: orderName(question.orderBy),
      p: { v: [...position.values], s: position.source, id: position.vendorId, c: position.connection },
      q: question.scope(),
    });
  return {
    edges: page.rows.map((row) => edgeOf(row, () => seal(sortPositionOf(row, question.orderBy)))),
    hasNextPage: page.hasNextPage,
    hasPreviousPage: question.after !== null,
    failures: [],
  };
}
