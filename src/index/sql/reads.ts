// The index's reads, written once for both dialects: pages in a keyset order, counts, rows by key,
// sameAs for many rows in one query, and what sweeps and the change log ask.
import { normalizeEmail } from '../../sources/kit/normalize.ts';
import { rowKeyString } from '../store.ts';
import type { IndexedCustomer, IndexFilter, IndexPage, PageRequest, RowKey, SameAsBy, SyncScope, Tombstone } from '../types.ts';
import { type SqlDatabase, SqlParams, type SqlRow, toNumber } from './database.ts';
import { pageCustomers as pageInOrder } from './keyset.ts';
import { chunks, customerColumns, filterConditions, keyIn, toIndexedCustomer, toRowKey, trigramNeedle, whereClause } from './rows.ts';
import { searchCandidates } from './search-candidates.ts';

/** A keyset page in an order of one to three criteria (keyset.ts). */
export function pageCustomers(db: SqlDatabase, request: PageRequest): Promise<IndexPage> {
  return pageInOrder(db, request, normalisedFilter(request.filter));
}

export async function countCustomers(db: SqlDatabase, filter: IndexFilter): Promise<number> {
  const needle = trigramNeedle(filter);
  const candidates = needle === null ? null : await searchCandidates(db, needle);
  const sql = new SqlParams(db.dialect);
  const conditions = filterConditions(db.dialect, sql, normalisedFilter(filter), 'count', candidates?.rows);
  const rows = await db.all(`SELECT COUNT(*) AS n FROM customers c ${whereClause(conditions)}`, sql.values);
  return toNumber(rows[0]?.n ?? 0);
}

/** Filters come normalised from the query path; normalising again here costs nothing and keeps lookups exact. */
export function normalisedFilter(filter: IndexFilter): IndexFilter {
  return filter.email === undefined ? filter : { ...filter, email: normalizeEmail(filter.email) };
}

export async function getCustomers(db: SqlDatabase, keys: readonly RowKey[]): Promise<Array<IndexedCustomer | null>> {
  const found = new Map<string, IndexedCustomer>();
  for (const chunk of chunks(keys)) {
    const sql = new SqlParams(db.dialect);
    const rows = await db.all(`SELECT ${customerColumns('c')} FROM customers c WHERE ${keyIn(sql, 'c', chunk)}`, sql.values);
    for (const row of rows.map(toIndexedCustomer)) found.set(rowKeyString(row.key), row);
  }
  return keys.map((key) => found.get(rowKeyString(key)) ?? null);
}

export async function sameAsCustomers(
  db: SqlDatabase,
  keys: readonly RowKey[],
  by: readonly SameAsBy[],
): Promise<Map<string, IndexedCustomer[]>> {
  const matches = new Map<string, IndexedCustomer[]>(keys.map((key) => [rowKeyString(key), []]));
  const ways = [...new Set(by)];
  if (ways.length === 0) return matches;
  for (const chunk of chunks(keys)) {
    const sql = new SqlParams(db.dialect);
    const asked = chunk.map((key) => `(${sql.list([key.connection, key.source, key.vendorId])})`).join(', ');
    const sameRow = (alias: string, other: string) =>
      `${alias}.connection = ${other}.connection AND ${alias}.source = ${other}.source AND ${alias}.vendor_id = ${other}.vendor_id`;
    const selected = `q.connection AS of_connection, q.source AS of_source, q.vendor_id AS of_vendor_id, ${customerColumns('m')}`;
    const elsewhere = 'NOT (m.connection = q.connection AND m.source = q.source)';
    const byWay: Record<SameAsBy, string> = {
      EMAIL: `SELECT ${selected} FROM asked a JOIN customers q ON ${sameRow('q', 'a')}
        JOIN customers m ON m.email = q.email WHERE ${elsewhere}`,
      PHONE: `SELECT ${selected} FROM asked a JOIN customers q ON ${sameRow('q', 'a')}
        JOIN customer_phones qp ON ${sameRow('qp', 'q')} JOIN customer_phones mp ON mp.e164 = qp.e164
        JOIN customers m ON ${sameRow('m', 'mp')} WHERE ${elsewhere}`,
    };
    const rows = await db.all(
      `WITH asked (connection, source, vendor_id) AS (VALUES ${asked})
       SELECT * FROM (${ways.map((way) => byWay[way]).join(' UNION ')}) s ORDER BY s.source, s.vendor_id, s.connection`,
      sql.values,
    );
    for (const row of rows) matches.get(rowKeyString(toRowKey(row, 'of_')))?.push(toIndexedCustomer(row));
  }
  return matches;
}

export async function vendorIdsSeenBefore(db: SqlDatabase, scope: SyncScope, before: Date): Promise<string[]> {
  const sql = new SqlParams(db.dialect);
  const rows = await db.all(
    `SELECT vendor_id FROM customers WHERE connection = ${sql.param(scope.connection)} AND source = ${sql.param(scope.source)}
       AND last_seen_at < ${sql.param(before.getTime())} ORDER BY vendor_id`,
    sql.values,
  );
  return rows.map((row) => String(row.vendor_id));
}

export async function tombstonesSince(db: SqlDatabase, scope: SyncScope, since: Date): Promise<Tombstone[]> {
  const sql = new SqlParams(db.dialect);
  const rows = await db.all(
    `SELECT connection, source, vendor_id, deleted_at FROM tombstones
     WHERE connection = ${sql.param(scope.connection)} AND source = ${sql.param(scope.source)} AND deleted_at >= ${sql.param(since.getTime())}
     ORDER BY deleted_at, vendor_id`,
    sql.values,
  );
  return rows.map((row: SqlRow) => ({ key: toRowKey(row), deletedAt: new Date(toNumber(row.deleted_at)) }));
}

export async function purgeTombstones(db: SqlDatabase, before: Date): Promise<number> {
  const sql = new SqlParams(db.dialect);
  return db.run(`DELETE FROM tombstones WHERE deleted_at < ${sql.param(before.getTime())}`, sql.values);
}
