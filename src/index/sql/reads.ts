// The index's reads, written once for both dialects: pages in a keyset order, counts, rows by key,
// sameAs for many rows in one query, and what sweeps and the change log ask.
import { normalizeEmail } from '../../sources/kit/normalize.ts';
import { rowKeyString } from '../store.ts';
import type { IndexedCustomer, IndexFilter, IndexPage, PageRequest, RowKey, SameAsBy, SortField, SyncScope, Tombstone } from '../types.ts';
import { type SqlDatabase, SqlParams, type SqlRow, toNumber } from './database.ts';
import { chunks, customerColumns, filterConditions, keyIn, toIndexedCustomer, toRowKey, whereClause } from './rows.ts';

/** The stored column each order reads; SOURCE orders by the ties alone. */
const SORT_COLUMNS: Record<SortField, string | null> = {
  LAST_NAME: 'last_name_key',
  FIRST_NAME: 'first_name_key',
  EMAIL: 'email_key',
  CREATED_AT: 'created_at',
  UPDATED_AT: 'updated_at',
  SOURCE: null,
};
const TIES = ['c.source', 'c.vendor_id', 'c.connection'];

/**
 * A keyset page, nulls last in both directions: the rows with a value (an index range in the
 * order's direction), then — when the page is not full — the rows without one, ordered by the ties.
 * Each part is one range scan of an index, whatever the direction.
 */
export async function pageCustomers(db: SqlDatabase, request: PageRequest): Promise<IndexPage> {
  const { orderBy, after, first } = request;
  if (!Number.isSafeInteger(first) || first < 0) throw new RangeError(`a page holds a whole number of rows, not ${first}`);
  const filter = normalisedFilter(request.filter);
  const limit = first + 1;
  const column = SORT_COLUMNS[orderBy.field];
  const direction = orderBy.direction === 'DESC' ? 'DESC' : 'ASC';
  const beyond = direction === 'ASC' ? '>' : '<';
  const rows: IndexedCustomer[] = [];
  const part = async (condition: string | null, sortColumns: string[], position: Array<string | number> | null) => {
    const sql = new SqlParams(db.dialect);
    const conditions = filterConditions(db.dialect, sql, filter);
    if (condition) conditions.push(condition);
    if (position) conditions.push(`(${sortColumns.join(', ')}) ${beyond} (${sql.list(position)})`);
    const orderSql = sortColumns.map((sortColumn) => `${sortColumn} ${direction}`).join(', ');
    const found = await db.all(
      `SELECT ${customerColumns('c')} FROM customers c ${whereClause(conditions)} ORDER BY ${orderSql} LIMIT ${sql.param(limit - rows.length)}`,
      sql.values,
    );
    rows.push(...found.map(toIndexedCustomer));
  };
  const ties = after ? [after.source, after.vendorId, after.connection] : null;
  if (column === null) {
    await part(null, TIES, ties);
  } else {
    const valued = `c.${column}`;
    if (after === null) await part(`${valued} IS NOT NULL`, [valued, ...TIES], null);
    else if (after.value !== null)
      await part(`${valued} IS NOT NULL`, [valued, ...TIES], [after.value, after.source, after.vendorId, after.connection]);
    // After a row without a value, only rows without one follow.
    if (rows.length < limit) await part(`${valued} IS NULL`, TIES, after?.value === null ? ties : null);
  }
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

export async function countCustomers(db: SqlDatabase, filter: IndexFilter): Promise<number> {
  const sql = new SqlParams(db.dialect);
  const conditions = filterConditions(db.dialect, sql, normalisedFilter(filter));
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
