// One sync leader per scope: a lease row with a holder, an expiry and an epoch. Taking a free or
// expired lease makes a new epoch; every sync write carries its epoch and is refused once another
// holder took over (writes.ts, holdsLease). Times are the store's clock (the instance's own): lease
// lengths of tens of seconds leave room for the skew between instances.
import type { CheckpointOutcome, CheckpointValue, Lease, LeaseToken, SyncScope } from '../types.ts';
import { type SqlDatabase, SqlParams, toNumber } from './database.ts';
import { holdsLease } from './writes.ts';

type Clock = () => number;

function whereScope(sql: SqlParams, scope: SyncScope): string {
  return `connection = ${sql.param(scope.connection)} AND source = ${sql.param(scope.source)}`;
}

export async function acquireLease(db: SqlDatabase, scope: SyncScope, holder: string, ttlMs: number, clock: Clock): Promise<Lease | null> {
  return db.transaction(async (tx) => {
    const insert = new SqlParams(db.dialect);
    await tx.run(
      `INSERT INTO leases (connection, source, holder, epoch, expires_at) VALUES (${insert.list([scope.connection, scope.source, '', 0, 0])})
       ON CONFLICT (connection, source) DO NOTHING`,
      insert.values,
    );
    const select = new SqlParams(db.dialect);
    const [row] = await tx.all(
      `SELECT holder, epoch, expires_at FROM leases WHERE ${whereScope(select, scope)} ${db.dialect.forUpdate}`,
      select.values,
    );
    if (!row) throw new Error('the lease row vanished inside its transaction');
    const now = clock();
    const running = toNumber(row.expires_at) > now;
    if (running && row.holder !== holder) return null;
    const epoch = running ? toNumber(row.epoch) : toNumber(row.epoch) + 1;
    const expiresAt = now + ttlMs;
    const update = new SqlParams(db.dialect);
    await tx.run(
      `UPDATE leases SET holder = ${update.param(holder)}, epoch = ${update.param(epoch)}, expires_at = ${update.param(expiresAt)}
       WHERE ${whereScope(update, scope)}`,
      update.values,
    );
    return { ...scope, holder, epoch, expiresAt: new Date(expiresAt) };
  });
}

export async function renewLease(db: SqlDatabase, lease: LeaseToken, ttlMs: number, clock: Clock): Promise<Lease | null> {
  const expiresAt = clock() + ttlMs;
  const sql = new SqlParams(db.dialect);
  const changed = await db.run(
    `UPDATE leases SET expires_at = ${sql.param(expiresAt)}
     WHERE ${whereScope(sql, lease)} AND holder = ${sql.param(lease.holder)} AND epoch = ${sql.param(lease.epoch)}`,
    sql.values,
  );
  return changed === 1
    ? { connection: lease.connection, source: lease.source, holder: lease.holder, epoch: lease.epoch, expiresAt: new Date(expiresAt) }
    : null;
}

export async function releaseLease(db: SqlDatabase, lease: LeaseToken): Promise<void> {
  const sql = new SqlParams(db.dialect);
  await db.run(
    `UPDATE leases SET expires_at = 0 WHERE ${whereScope(sql, lease)} AND holder = ${sql.param(lease.holder)} AND epoch = ${sql.param(lease.epoch)}`,
    sql.values,
  );
}

export async function getCheckpoint(db: SqlDatabase, scope: SyncScope, job: string): Promise<CheckpointValue | null> {
  const sql = new SqlParams(db.dialect);
  const [row] = await db.all(`SELECT value FROM checkpoints WHERE ${whereScope(sql, scope)} AND job = ${sql.param(job)}`, sql.values);
  return row ? (JSON.parse(String(row.value)) as CheckpointValue) : null;
}

export async function saveCheckpoint(
  db: SqlDatabase,
  scope: SyncScope,
  job: string,
  value: CheckpointValue,
  lease: LeaseToken,
  clock: Clock,
): Promise<CheckpointOutcome> {
  return db.transaction(async (tx) => {
    if (!(await holdsLease(db, tx, lease, scope))) return 'fenced';
    const sql = new SqlParams(db.dialect);
    await tx.run(
      `INSERT INTO checkpoints (connection, source, job, value, saved_at) VALUES (${sql.list([scope.connection, scope.source, job, JSON.stringify(value), clock()])})
       ON CONFLICT (connection, source, job) DO UPDATE SET value = excluded.value, saved_at = excluded.saved_at`,
      sql.values,
    );
    return 'saved';
  });
}
