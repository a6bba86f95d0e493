// What the trigram index says of a search term before a page or a count is read: whether the term is
// common (its first matches are then found sooner by walking the order), and — where the database can
// name rows (SQLite's rowids) — the rows that may hold a rare one, so that the statement reads those
// rows instead of asking the trigram index again.
import { type SqlDatabase, SqlParams, toNumber } from './database.ts';

/** How many rows of the order a search walks before it asks the trigram index (keyset.ts). */
export const SCAN_FIRST = 2_000;

export interface SearchCandidates {
  /** At least SCAN_FIRST rows may match. */
  common: boolean;
  /** Every row that may match, when fewer than SCAN_FIRST and the database names them; else null. */
  rows: readonly number[] | null;
}

export async function searchCandidates(db: SqlDatabase, needle: string): Promise<SearchCandidates> {
  if (db.trigramRows) {
    const rows = await db.trigramRows(needle, SCAN_FIRST);
    return rows.length >= SCAN_FIRST ? { common: true, rows: null } : { common: false, rows };
  }
  // Counted no further than SCAN_FIRST.
  const sql = new SqlParams(db.dialect);
  const [row] = await db.all(
    `SELECT count(*) AS n FROM (${db.dialect.trigramCandidates(sql, needle)} LIMIT ${sql.param(SCAN_FIRST)}) m`,
    sql.values,
  );
  return { common: toNumber(row?.n) >= SCAN_FIRST, rows: null };
}
