// Rebuilding rows from their raw records after a mapping change, written once for both dialects: the
// rows below a mapping version, a keyset by vendor id within a scope; and their replacement, each only
// while its row is as it was read (same read start, same mapping version) — a rebuild is not a read,
// so it keeps the row's read start and last seen, and makes a new version only for new content.
import type { JsonValue } from '../../sources/model/index.ts';
import { rowValuesOf } from '../row-values.ts';
import { rowKeyString } from '../store.ts';
import type { CustomerRemap, RemapOutcome, StoredRawRecord, SyncScope } from '../types.ts';
import { appendChanges, type PendingChange } from './change-log.ts';
import { type SqlDatabase, SqlParams, toNumber } from './database.ts';
import { toRowKey } from './rows.ts';
import { lockRows, mappedColumns, newVersion, rewriteRow } from './upsert.ts';
import { holdsLeaseOnce, selectByKeys } from './writes.ts';

type Clock = () => number;

export async function rowsMappedBefore(
  db: SqlDatabase,
  scope: SyncScope,
  mappingVersion: number,
  afterVendorId: string | null,
  first: number,
): Promise<StoredRawRecord[]> {
  if (!Number.isSafeInteger(first) || first < 0) throw new RangeError(`a batch holds a whole number of rows, not ${first}`);
  const sql = new SqlParams(db.dialect);
  // The primary key's order within the scope: each batch a range of it.
  const conditions = [
    `connection = ${sql.param(scope.connection)}`,
    `source = ${sql.param(scope.source)}`,
    ...(afterVendorId === null ? [] : [`vendor_id > ${sql.param(afterVendorId)}`]),
    `mapping_version < ${sql.param(mappingVersion)}`,
  ];
  const rows = await db.all(
    `SELECT connection, source, vendor_id, raw, mapping_version, read_started_at FROM customers
     WHERE ${conditions.join(' AND ')} ORDER BY vendor_id LIMIT ${sql.param(first)}`,
    sql.values,
  );
  return rows.map((row) => ({
    key: toRowKey(row),
    raw: parsedOrNull(String(row.raw)),
    mappingVersion: toNumber(row.mapping_version),
    readStartedAt: new Date(toNumber(row.read_started_at)),
  }));
}

export async function remapCustomers(db: SqlDatabase, remaps: readonly CustomerRemap[], clock: Clock): Promise<RemapOutcome[]> {
  const prepared = remaps.map((remap) => ({ remap, values: rowValuesOf(remap) }));
  return db.transaction(async (tx) => {
    const keys = await lockRows(
      db,
      tx,
      prepared.map(({ values }) => values.key),
    );
    const rows = await selectByKeys(db, tx, 'customers', 'content_hash, version, read_started_at, mapping_version', keys);
    const leases = new Map<string, boolean>();
    const outcomes: RemapOutcome[] = [];
    const changes: PendingChange[] = [];
    for (const { remap, values } of prepared) {
      if (remap.lease && !(await holdsLeaseOnce(db, tx, remap.lease, values.key, leases))) {
        outcomes.push('fenced');
        continue;
      }
      const name = rowKeyString(values.key);
      const existing = rows.get(name);
      const asRead =
        existing !== undefined &&
        toNumber(existing.read_started_at) === remap.readStartedAt.getTime() &&
        toNumber(existing.mapping_version) === remap.previousMappingVersion;
      if (!existing || !asRead) {
        outcomes.push('stale');
        continue;
      }
      const changed = existing.content_hash !== remap.contentHash;
      const assignments = { ...mappedColumns(values, remap.mappingVersion, remap.contentHash), ...newVersion(existing, changed, clock()) };
      await rewriteRow(db, tx, values, assignments, changed);
      // The same row twice in one batch: the second finds it rebuilt already.
      rows.set(name, { ...existing, ...assignments });
      outcomes.push(changed ? 'changed' : 'unchanged');
      if (changed) changes.push({ key: values.key, kind: 'UPDATED', origin: 'MAPPING' });
    }
    await appendChanges(db, tx, changes, clock());
    return outcomes;
  });
}

function parsedOrNull(json: string): JsonValue {
  try {
    return JSON.parse(json) as JsonValue;
  } catch {
    return null;
  }
}
