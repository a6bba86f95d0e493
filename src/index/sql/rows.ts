// Rows of `customers` as the store answers them, the filter every read of them shares, and the key
// columns and multi-row INSERT every write shares.
import type { CustomerSourceName } from '../../sources/model/index.ts';
import { decodeCustomer } from '../customer-codec.ts';
import { SEARCH_SEPARATOR, searchNeedle } from '../row-values.ts';
import type { IndexedCustomer, IndexFilter, RowKey, TimeRange } from '../types.ts';
import {
  type SqlDatabase,
  type SqlDialect,
  type SqlExecutor,
  SqlParams,
  type SqlRow,
  type SqlValue,
  TRIGRAM,
  toNullableText,
  toNumber,
} from './database.ts';

/** The columns `toIndexedCustomer` reads, for a table alias. */
export function customerColumns(alias: string): string {
  return [
    'connection',
    'source',
    'vendor_id',
    'customer',
    'raw',
    'mapping_version',
    'content_hash',
    'version',
    'read_started_at',
    'last_seen_at',
    'stored_at',
    'changed_at',
    'first_name_key',
    'last_name_key',
    'email_key',
  ]
    .map((column) => `${alias}.${column}`)
    .join(', ');
}

export function toIndexedCustomer(row: SqlRow): IndexedCustomer {
  return {
    key: toRowKey(row),
    customer: decodeCustomer(String(row.customer), String(row.raw)),
    mappingVersion: toNumber(row.mapping_version),
    contentHash: String(row.content_hash),
    version: toNumber(row.version),
    readStartedAt: new Date(toNumber(row.read_started_at)),
    lastSeenAt: new Date(toNumber(row.last_seen_at)),
    storedAt: new Date(toNumber(row.stored_at)),
    changedAt: new Date(toNumber(row.changed_at)),
    sortKeys: {
      firstName: toNullableText(row.first_name_key),
      lastName: toNullableText(row.last_name_key),
      email: toNullableText(row.email_key),
    },
  };
}

export function toRowKey(row: SqlRow, prefix = ''): RowKey {
  return {
    connection: String(row[`${prefix}connection`]),
    source: String(row[`${prefix}source`]) as CustomerSourceName,
    vendorId: String(row[`${prefix}vendor_id`]),
  };
}

/** Keys per statement: far below both databases' parameter limits. */
const KEYS_PER_STATEMENT = 500;

export function chunks<T>(items: readonly T[], size = KEYS_PER_STATEMENT): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** `(connection, source, vendor_id) IN (VALUES …)` for a table alias. */
export function keyIn(sql: SqlParams, alias: string, keys: readonly RowKey[]): string {
  const tuples = keys.map((key) => `(${sql.list([key.connection, key.source, key.vendorId])})`);
  return `(${alias}.connection, ${alias}.source, ${alias}.vendor_id) IN (VALUES ${tuples.join(', ')})`;
}

/** The folded search term when the trigram index can find it (TRIGRAM characters or more); else null. */
export function trigramNeedle(filter: IndexFilter): string | null {
  const needle = searchNeedle(filter.search);
  if (needle === null || needle.includes(SEARCH_SEPARATOR) || [...needle].length < TRIGRAM) return null;
  return needle;
}

/**
 * The conditions of a filter on `customers` aliased `c` (none: every row); `candidates`: the rows the
 * trigram index named for the filter's search term (search-candidates.ts), when it did.
 */
export function filterConditions(
  dialect: SqlDialect,
  sql: SqlParams,
  filter: IndexFilter,
  purpose: 'page' | 'count' = 'page',
  candidates: readonly number[] | null = null,
): string[] {
  const conditions: string[] = [];
  if (filter.connections) conditions.push(inList(sql, 'c.connection', filter.connections));
  if (filter.sources) conditions.push(inList(sql, 'c.source', filter.sources));
  if (filter.search !== undefined) {
    const needle = searchNeedle(filter.search);
    if (needle?.includes(SEARCH_SEPARATOR)) conditions.push('1 = 0');
    else if (needle !== null && trigramNeedle(filter) !== null) conditions.push(dialect.trigramContains(sql, needle, candidates));
    else if (needle !== null) conditions.push(dialect.contains('c.search_text', sql.param(needle)));
  }
  if (filter.email !== undefined) {
    conditions.push(
      filter.emailMatch === 'ANY'
        ? `EXISTS (SELECT 1 FROM customer_emails e WHERE e.connection = c.connection AND e.source = c.source
             AND e.vendor_id = c.vendor_id AND e.email = ${sql.param(filter.email)})`
        : `c.email = ${sql.param(filter.email)}`,
    );
  }
  // The primary address is an address of a record of another source or connection. A page asks per
  // row (its first matches come soon where they are common). A count on SQLite lists the shared
  // addresses once (an address of two owners or more: one of them is not the row's own) — a third of
  // the time there; PostgreSQL counts faster asking per row.
  if (filter.inSeveralSources && (purpose === 'page' || dialect.kind === 'postgres')) {
    conditions.push(`c.email IS NOT NULL AND EXISTS (SELECT 1 FROM customer_emails o WHERE o.email = c.email
      AND NOT (o.connection = c.connection AND o.source = c.source))`);
  } else if (filter.inSeveralSources) {
    conditions.push(`c.email IN (SELECT o.email FROM customer_emails o GROUP BY o.email
      HAVING MIN(o.connection || '/' || o.source) <> MAX(o.connection || '/' || o.source))`);
  }
  if (filter.createdAt) conditions.push(...rangeConditions(sql, 'c.created_at', filter.createdAt));
  if (filter.updatedAt) conditions.push(...rangeConditions(sql, 'c.updated_at', filter.updatedAt));
  return conditions;
}

function inList(sql: SqlParams, column: string, values: readonly string[]): string {
  return values.length === 0 ? '1 = 0' : `${column} IN (${sql.list(values)})`;
}

function rangeConditions(sql: SqlParams, column: string, range: TimeRange): string[] {
  const conditions: string[] = [];
  if (range.from) conditions.push(`${column} >= ${sql.param(range.from.getTime())}`);
  if (range.until) conditions.push(`${column} < ${sql.param(range.until.getTime())}`);
  return conditions;
}

export function whereClause(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}

export function keyColumns(key: RowKey): Record<string, SqlValue> {
  return { connection: key.connection, source: key.source, vendor_id: key.vendorId };
}

/** Rows of one shape, in one statement. */
export async function insertRows(
  db: SqlDatabase,
  tx: SqlExecutor,
  table: string,
  rows: ReadonlyArray<Record<string, SqlValue>>,
): Promise<void> {
  const [first] = rows;
  if (!first) return;
  const sql = new SqlParams(db.dialect);
  const names = Object.keys(first);
  const tuples = rows.map((row) => `(${sql.list(names.map((column) => row[column] ?? null))})`);
  await tx.run(`INSERT INTO ${table} (${names.join(', ')}) VALUES ${tuples.join(', ')}`, sql.values);
}
