// The IndexStore over any SqlDatabase: what SQLite and PostgreSQL share, which is all of it but the
// connection (sqlite/store.ts, postgres/store.ts).
import type { IndexStore } from '../store.ts';
import * as changeLog from './change-log.ts';
import * as coordination from './coordination.ts';
import type { SqlDatabase } from './database.ts';
import { appliedMigrations, migrate } from './migrations.ts';
import * as reads from './reads.ts';
import { remapCustomers, rowsMappedBefore } from './remap.ts';
import { upsertCustomers } from './upsert.ts';
import { createWebhookStore } from './webhooks.ts';
import * as writes from './writes.ts';

export interface SqlStoreOptions {
  /** Milliseconds since the epoch: when rows are stored and leases run out. Date.now unless a test sets it. */
  clock?: () => number;
}

/** Runs the migrations, then answers the store; the database is closed if they fail. */
export async function openSqlStore(db: SqlDatabase, options: SqlStoreOptions = {}): Promise<IndexStore> {
  const clock = options.clock ?? Date.now;
  try {
    await migrate(db, clock);
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    kind: db.dialect.kind,
    webhooks: createWebhookStore(db, clock),
    upsert: (batch) => upsertCustomers(db, batch, clock),
    remap: (remaps) => remapCustomers(db, remaps, clock),
    delete: (deletion) => writes.deleteCustomer(db, deletion, clock),
    forget: (key) => writes.forgetCustomer(db, key),
    get: (keys) => reads.getCustomers(db, keys),
    page: (request) => reads.pageCustomers(db, request),
    count: (filter) => reads.countCustomers(db, filter),
    sameAs: (keys, by) => reads.sameAsCustomers(db, keys, by),
    vendorIdsSeenBefore: (scope, before) => reads.vendorIdsSeenBefore(db, scope, before),
    rowsMappedBefore: (scope, version, after, first) => rowsMappedBefore(db, scope, version, after, first),
    tombstonesSince: (scope, since) => reads.tombstonesSince(db, scope, since),
    purgeTombstones: (before) => reads.purgeTombstones(db, before),
    changesSince: (scope, afterSeq, first) => changeLog.changesSince(db, scope, afterSeq, first),
    lastChangeSeq: (scope) => changeLog.lastChangeSeq(db, scope),
    purgeChanges: (before) => changeLog.purgeChanges(db, before),
    purgedThrough: (scope) => changeLog.purgedThrough(db, scope),
    acquireLease: (scope, holder, ttlMs) => coordination.acquireLease(db, scope, holder, ttlMs, clock),
    renewLease: (lease, ttlMs) => coordination.renewLease(db, lease, ttlMs, clock),
    releaseLease: (lease) => coordination.releaseLease(db, lease),
    getCheckpoint: (scope, job) => coordination.getCheckpoint(db, scope, job),
    saveCheckpoint: (scope, job, value, lease) => coordination.saveCheckpoint(db, scope, job, value, lease, clock),
    optimize: () => db.analyze(),
    appliedMigrations: () => appliedMigrations(db),
    close: () => db.close(),
  };
}
