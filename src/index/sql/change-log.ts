// The change log: an entry for each change the index stores — a record created, changed in content
// (volatile counters are no change: content-hash.ts), or deleted — ids only. Entries are numbered per
// scope (connection and source) in the writing transaction, by one statement on the scope's row of
// `change_sequences`, whose lock is held until commit: numbers are given and committed in one order,
// so a reader that has seen entry n never later finds one below it. Scopes are taken in one order
// (after the records' own locks), so two writing transactions cannot wait for each other.
import type { ChangeEntry, ChangeKind, ChangeOrigin, RowKey, SyncScope } from '../types.ts';
import { type SqlDatabase, type SqlExecutor, SqlParams, toNumber } from './database.ts';
import { chunks, insertRows, keyColumns, toRowKey } from './rows.ts';

export interface PendingChange {
  key: RowKey;
  kind: ChangeKind;
  origin: ChangeOrigin;
}

/** Entries per INSERT: 7 columns each stays far below both databases' parameter limits. */
const ENTRIES_PER_INSERT = 200;

export async function appendChanges(db: SqlDatabase, tx: SqlExecutor, changes: readonly PendingChange[], now: number): Promise<void> {
  const byScope = new Map<string, PendingChange[]>();
  for (const change of changes) {
    const name = `${change.key.connection}\u0000${change.key.source}`;
    const scoped = byScope.get(name);
    if (scoped) scoped.push(change);
    else byScope.set(name, [change]);
  }
  for (const name of [...byScope.keys()].sort()) {
    const scoped = byScope.get(name) ?? [];
    const key = scoped[0]?.key;
    if (!key) continue;
    const sql = new SqlParams(db.dialect);
    const [row] = await tx.all(
      `INSERT INTO change_sequences (connection, source, last_seq) VALUES (${sql.list([key.connection, key.source, scoped.length])})
       ON CONFLICT (connection, source) DO UPDATE SET last_seq = change_sequences.last_seq + excluded.last_seq
       RETURNING last_seq`,
      sql.values,
    );
    const first = toNumber(row?.last_seq) - scoped.length + 1;
    const entries = scoped.map((change, at) => ({
      ...keyColumns(change.key),
      seq: first + at,
      kind: change.kind,
      origin: change.origin,
      changed_at: now,
    }));
    for (const chunk of chunks(entries, ENTRIES_PER_INSERT)) await insertRows(db, tx, 'customer_changes', chunk);
  }
}

/** A scope's entries numbered above `afterSeq`, oldest first, at most `first`. */
export async function changesSince(db: SqlDatabase, scope: SyncScope, afterSeq: number, first: number): Promise<ChangeEntry[]> {
  const sql = new SqlParams(db.dialect);
  const rows = await db.all(
    `SELECT connection, source, vendor_id, seq, kind, origin, changed_at FROM customer_changes
     WHERE connection = ${sql.param(scope.connection)} AND source = ${sql.param(scope.source)} AND seq > ${sql.param(afterSeq)}
     ORDER BY seq LIMIT ${sql.param(first)}`,
    sql.values,
  );
  return rows.map((row) => ({
    key: toRowKey(row),
    seq: toNumber(row.seq),
    kind: String(row.kind) as ChangeKind,
    origin: String(row.origin) as ChangeOrigin,
    changedAt: new Date(toNumber(row.changed_at)),
  }));
}

/** The last number given in a scope (0: none yet), whether or not its entry is still kept. */
export function lastChangeSeq(db: SqlDatabase, scope: SyncScope): Promise<number> {
  return sequenceColumn(db, scope, 'last_seq');
}

/** The last number the retention purged in a scope (0: none): a position below it cannot be resumed from. */
export function purgedThrough(db: SqlDatabase, scope: SyncScope): Promise<number> {
  return sequenceColumn(db, scope, 'purged_through');
}

async function sequenceColumn(db: SqlDatabase, scope: SyncScope, column: 'last_seq' | 'purged_through'): Promise<number> {
  const sql = new SqlParams(db.dialect);
  const [row] = await db.all(
    `SELECT ${column} FROM change_sequences WHERE connection = ${sql.param(scope.connection)} AND source = ${sql.param(scope.source)}`,
    sql.values,
  );
  return row ? toNumber(row[column]) : 0;
}

/** Drops entries stored before `before`, each scope remembering the last number it purged; answers how many. */
export function purgeChanges(db: SqlDatabase, before: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const purged = new SqlParams(db.dialect);
    const lastPurged = () => `(SELECT MAX(seq) FROM customer_changes c
      WHERE c.connection = change_sequences.connection AND c.source = change_sequences.source AND c.changed_at < ${purged.param(before.getTime())})`;
    await tx.run(`UPDATE change_sequences SET purged_through = ${lastPurged()} WHERE ${lastPurged()} > purged_through`, purged.values);
    const sql = new SqlParams(db.dialect);
    return tx.run(`DELETE FROM customer_changes WHERE changed_at < ${sql.param(before.getTime())}`, sql.values);
  });
}
