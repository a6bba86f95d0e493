// Upserts, a batch per transaction (a sync page, or a gateway write alone): the batch's keys locked in
// one order, its rows and tombstones read in one query each, each write judged against them (a newer
// read or write wins; a lease no longer current fences), new rows inserted together at the end.
import { type RowValues, rowValuesOf } from '../row-values.ts';
import { rowKeyString } from '../store.ts';
import type { CustomerWrite, RowKey, UpsertOutcome } from '../types.ts';
import { appendChanges, type PendingChange } from './change-log.ts';
import { type SqlDatabase, type SqlExecutor, SqlParams, type SqlRow, type SqlValue, toNumber } from './database.ts';
import { chunks, insertRows, keyColumns, keyIn } from './rows.ts';
import { deleteLookups, holdsLeaseOnce, selectByKeys, updateRow, writeLookups } from './writes.ts';

type Clock = () => number;

/** A row to insert at the end of the batch, with its lookups. */
interface NewRow {
  columns: Record<string, SqlValue>;
  emails: string[];
  phones: string[];
}

/** What the batch read of its rows, kept current as it writes them. */
interface Batch {
  rows: Map<string, SqlRow>;
  tombstones: Map<string, SqlRow>;
  /** Lease tokens checked in this transaction, and whether they hold. */
  leases: Map<string, boolean>;
  inserts: Map<string, NewRow>;
  passedTombstones: RowKey[];
  /** What the change log gets: a record written twice in the batch is one entry (created, or updated). */
  changes: Map<string, PendingChange>;
}

/** Rows per INSERT: 20 columns each stays far below both databases' parameter limits. */
const ROWS_PER_INSERT = 100;

export async function upsertCustomers(db: SqlDatabase, writes: readonly CustomerWrite[], clock: Clock): Promise<UpsertOutcome[]> {
  const prepared = writes.map((write) => ({ write, values: rowValuesOf(write) }));
  return db.transaction(async (tx) => {
    const keys = await lockRows(
      db,
      tx,
      prepared.map(({ values }) => values.key),
    );
    const batch: Batch = {
      rows: await selectByKeys(db, tx, 'customers', 'content_hash, version, read_started_at, last_seen_at', keys),
      tombstones: await selectByKeys(db, tx, 'tombstones', 'read_started_at', keys),
      leases: new Map(),
      inserts: new Map(),
      passedTombstones: [],
      changes: new Map(),
    };
    const outcomes: UpsertOutcome[] = [];
    for (const { write, values } of prepared) {
      const outcome = await upsertOne(db, tx, write, values, batch, clock());
      outcomes.push(outcome);
      const logged = write.origin !== null && (outcome === 'inserted' || outcome === 'changed');
      if (logged) noteChange(batch, values.key, outcome, write.origin ?? 'VENDOR');
    }
    await writeNewRows(db, tx, batch);
    await appendChanges(db, tx, [...batch.changes.values()], clock());
    return outcomes;
  });
}

async function upsertOne(
  db: SqlDatabase,
  tx: SqlExecutor,
  write: CustomerWrite,
  values: RowValues,
  batch: Batch,
  now: number,
): Promise<UpsertOutcome> {
  const { key } = values;
  const name = rowKeyString(key);
  if (write.lease && !(await holdsLeaseOnce(db, tx, write.lease, key, batch.leases))) return 'fenced';
  const readStartedAt = write.readStartedAt.getTime();
  const tombstone = batch.tombstones.get(name);
  if (tombstone && toNumber(tombstone.read_started_at) > readStartedAt) return 'stale';
  const existing = batch.rows.get(name);
  if (existing && toNumber(existing.read_started_at) > readStartedAt) return 'stale';

  const seenAt = write.seenAt.getTime();
  const derived = { ...mappedColumns(values, write.mappingVersion, write.contentHash), read_started_at: readStartedAt };
  if (!existing) {
    const columns = { ...keyColumns(key), ...derived, version: 1, last_seen_at: seenAt, stored_at: now, changed_at: now };
    batch.inserts.set(name, { columns, emails: values.emails, phones: values.phones });
    batch.rows.set(name, columns);
    if (tombstone) {
      batch.passedTombstones.push(key);
      batch.tombstones.delete(name);
    }
    return 'inserted';
  }
  const changed = existing.content_hash !== write.contentHash;
  const assignments: Record<string, SqlValue> = {
    ...derived,
    last_seen_at: Math.max(seenAt, toNumber(existing.last_seen_at)),
    ...newVersion(existing, changed, now),
  };
  batch.rows.set(name, { ...existing, ...assignments });
  const inserting = batch.inserts.get(name);
  if (inserting) {
    // Written twice in one batch: the row is not in the table yet.
    inserting.columns = { ...inserting.columns, ...assignments };
    if (changed) Object.assign(inserting, { emails: values.emails, phones: values.phones });
  } else {
    await rewriteRow(db, tx, values, assignments, changed);
  }
  return changed ? 'changed' : 'unchanged';
}

function noteChange(batch: Batch, key: RowKey, outcome: 'inserted' | 'changed', origin: PendingChange['origin']): void {
  const name = rowKeyString(key);
  const created = outcome === 'inserted' || batch.changes.get(name)?.kind === 'CREATED';
  batch.changes.set(name, { key, kind: created ? 'CREATED' : 'UPDATED', origin });
}

/** Locks the rows of `keys` for the transaction, in one order so that two batches cannot wait for each other; answers them once each, in that order. */
export async function lockRows(db: SqlDatabase, tx: SqlExecutor, keys: readonly RowKey[]): Promise<RowKey[]> {
  const ordered = [...new Map(keys.map((key) => [rowKeyString(key), key])).entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, key]) => key);
  await db.lock(
    tx,
    ordered.map((key) => `customer:${rowKeyString(key)}`),
  );
  return ordered;
}

/** The columns a row takes from its mapped record: written alike by an upsert and by a rebuild from the raw record (remap.ts). */
export function mappedColumns(values: RowValues, mappingVersion: number, contentHash: string): Record<string, SqlValue> {
  return {
    customer: values.unifiedJson,
    raw: values.rawJson,
    mapping_version: mappingVersion,
    content_hash: contentHash,
    first_name_key: values.sortKeys.firstName,
    last_name_key: values.sortKeys.lastName,
    email_key: values.sortKeys.email,
    created_at: values.createdAt,
    updated_at: values.updatedAt,
    email: values.email,
    search_text: values.searchText,
  };
}

/** A change of content is a new version, changed now; the same content keeps both. */
export function newVersion(existing: SqlRow, changed: boolean, now: number): Record<string, SqlValue> {
  return changed ? { version: toNumber(existing.version) + 1, changed_at: now } : {};
}

/** Updates a stored row; its lookups are written again when its content changed. */
export async function rewriteRow(
  db: SqlDatabase,
  tx: SqlExecutor,
  values: RowValues,
  assignments: Record<string, SqlValue>,
  changed: boolean,
): Promise<void> {
  await updateRow(db, tx, values.key, assignments);
  if (changed) {
    await deleteLookups(db, tx, values.key);
    await writeLookups(db, tx, values.key, values.emails, values.phones);
  }
}

async function writeNewRows(db: SqlDatabase, tx: SqlExecutor, batch: Batch): Promise<void> {
  for (const passed of chunks(batch.passedTombstones)) {
    const sql = new SqlParams(db.dialect);
    await tx.run(`DELETE FROM tombstones WHERE ${keyIn(sql, 'tombstones', passed)}`, sql.values);
  }
  const rows = [...batch.inserts.values()];
  const lookups = (pick: (row: NewRow) => Array<Record<string, SqlValue>>) => rows.flatMap(pick);
  const keyOf = (row: NewRow) => ({
    connection: row.columns.connection ?? null,
    source: row.columns.source ?? null,
    vendor_id: row.columns.vendor_id ?? null,
  });
  const tables: Array<[string, Array<Record<string, SqlValue>>]> = [
    ['customers', rows.map((row) => row.columns)],
    ['customer_emails', lookups((row) => row.emails.map((email) => ({ ...keyOf(row), email })))],
    ['customer_phones', lookups((row) => row.phones.map((e164) => ({ ...keyOf(row), e164 })))],
  ];
  for (const [table, tableRows] of tables) {
    for (const chunk of chunks(tableRows, ROWS_PER_INSERT)) await insertRows(db, tx, table, chunk);
  }
}
