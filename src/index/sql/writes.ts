// Deletion and erasure, and the statements the index's writes share (upsert.ts), written once for
// both dialects. Each key's writes are serialised (a lock per key on PostgreSQL; SQLite has one
// writer), and each checks its guards in its transaction: a newer read or write (or deletion) of the
// row wins, and a sync write needs its lease's current epoch.
import { rowKeyString } from '../store.ts';
import type { CustomerDeletion, DeleteOutcome, LeaseToken, RowKey, SyncScope } from '../types.ts';
import { appendChanges } from './change-log.ts';
import { type SqlDatabase, type SqlExecutor, SqlParams, type SqlRow, type SqlValue, toNumber } from './database.ts';
import { chunks, insertRows, keyColumns, keyIn, toRowKey } from './rows.ts';

type Clock = () => number;

export async function deleteCustomer(db: SqlDatabase, deletion: CustomerDeletion, clock: Clock): Promise<DeleteOutcome> {
  const { key } = deletion;
  const readStartedAt = deletion.readStartedAt.getTime();
  return db.transaction(async (tx) => {
    await db.lock(tx, [`customer:${rowKeyString(key)}`]);
    if (deletion.lease && !(await holdsLease(db, tx, deletion.lease, key))) return 'fenced';
    const existing = await selectByKey(db, tx, 'customers', 'read_started_at', key);
    if (existing && toNumber(existing.read_started_at) > readStartedAt) return 'stale';
    const tombstone = await selectByKey(db, tx, 'tombstones', 'read_started_at', key);
    const guard = Math.max(readStartedAt, tombstone ? toNumber(tombstone.read_started_at) : readStartedAt);
    await deleteLookups(db, tx, key);
    const deleted = await deleteByKey(db, tx, 'customers', key);
    await deleteByKey(db, tx, 'tombstones', key);
    const now = clock();
    await insertRows(db, tx, 'tombstones', [{ ...keyColumns(key), deleted_at: now, read_started_at: guard }]);
    if (deleted === 0) return 'absent';
    await appendChanges(db, tx, [{ key, kind: 'DELETED', origin: deletion.origin ?? 'VENDOR' }], now);
    return 'deleted';
  });
}

/** Erases every row of the key (record, lookups, tombstone, change log entries), then has the store scrub its files. */
export async function forgetCustomer(db: SqlDatabase, key: RowKey): Promise<void> {
  await db.transaction(async (tx) => {
    await db.lock(tx, [`customer:${rowKeyString(key)}`]);
    await deleteLookups(db, tx, key);
    await deleteByKey(db, tx, 'customers', key);
    await deleteByKey(db, tx, 'tombstones', key);
    await deleteByKey(db, tx, 'customer_changes', key);
  });
  await db.scrub();
}

/** Whether `lease` is the scope's current one (its row share-locked to the end of the transaction). */
export async function holdsLease(db: SqlDatabase, tx: SqlExecutor, lease: LeaseToken, scope: SyncScope): Promise<boolean> {
  if (lease.connection !== scope.connection || lease.source !== scope.source) return false;
  const sql = new SqlParams(db.dialect);
  const rows = await tx.all(
    `SELECT holder, epoch FROM leases WHERE connection = ${sql.param(scope.connection)} AND source = ${sql.param(scope.source)} ${db.dialect.forShare}`,
    sql.values,
  );
  const row = rows[0];
  return row !== undefined && row.holder === lease.holder && toNumber(row.epoch) === lease.epoch;
}

export async function holdsLeaseOnce(db: SqlDatabase, tx: SqlExecutor, lease: LeaseToken, scope: SyncScope, checked: Map<string, boolean>) {
  if (lease.connection !== scope.connection || lease.source !== scope.source) return false;
  const token = JSON.stringify([lease.connection, lease.source, lease.holder, lease.epoch]);
  let holds = checked.get(token);
  if (holds === undefined) {
    holds = await holdsLease(db, tx, lease, scope);
    checked.set(token, holds);
  }
  return holds;
}

function whereKey(sql: SqlParams, key: RowKey): string {
  return `connection = ${sql.param(key.connection)} AND source = ${sql.param(key.source)} AND vendor_id = ${sql.param(key.vendorId)}`;
}

async function selectByKey(db: SqlDatabase, tx: SqlExecutor, table: string, columns: string, key: RowKey) {
  const sql = new SqlParams(db.dialect);
  const rows = await tx.all(`SELECT ${columns} FROM ${table} WHERE ${whereKey(sql, key)} ${db.dialect.forUpdate}`, sql.values);
  return rows[0];
}

export function deleteByKey(db: SqlDatabase, tx: SqlExecutor, table: string, key: RowKey): Promise<number> {
  const sql = new SqlParams(db.dialect);
  return tx.run(`DELETE FROM ${table} WHERE ${whereKey(sql, key)}`, sql.values);
}

/** The rows of `keys` in `table`, by rowKeyString, locked for the transaction. */
export async function selectByKeys(db: SqlDatabase, tx: SqlExecutor, table: string, columns: string, keys: readonly RowKey[]) {
  const found = new Map<string, SqlRow>();
  for (const chunk of chunks(keys)) {
    const sql = new SqlParams(db.dialect);
    const rows = await tx.all(
      `SELECT connection, source, vendor_id, ${columns} FROM ${table} t WHERE ${keyIn(sql, 't', chunk)} ${db.dialect.forUpdate}`,
      sql.values,
    );
    for (const row of rows) found.set(rowKeyString(toRowKey(row)), row);
  }
  return found;
}

export async function updateRow(db: SqlDatabase, tx: SqlExecutor, key: RowKey, columns: Record<string, SqlValue>): Promise<void> {
  const sql = new SqlParams(db.dialect);
  const assignments = Object.entries(columns).map(([name, value]) => `${name} = ${sql.param(value)}`);
  await tx.run(`UPDATE customers SET ${assignments.join(', ')} WHERE ${whereKey(sql, key)}`, sql.values);
}

export async function deleteLookups(db: SqlDatabase, tx: SqlExecutor, key: RowKey): Promise<void> {
  await deleteByKey(db, tx, 'customer_emails', key);
  await deleteByKey(db, tx, 'customer_phones', key);
}

export async function writeLookups(db: SqlDatabase, tx: SqlExecutor, key: RowKey, emails: string[], phones: string[]): Promise<void> {
  await insertRows(
    db,
    tx,
    'customer_emails',
    emails.map((email) => ({ ...keyColumns(key), email })),
  );
  await insertRows(
    db,
    tx,
    'customer_phones',
    phones.map((e164) => ({ ...keyColumns(key), e164 })),
  );
}
