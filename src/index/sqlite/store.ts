// The embedded index: one SQLite file through Node's built-in `node:sqlite` (synchronous; every call
// is one small statement). WAL mode, so readers do not wait for the writer; secure_delete, so erased
// rows are overwritten rather than left in free pages. The file and its WAL are the owner's only (0600),
// in a directory made owner-only (0700) when the store creates it.
import { chmodSync, closeSync, mkdirSync, openSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { LRUCache } from 'lru-cache';
import { type SqlDatabase, type SqlDialect, type SqlExecutor, SqlParams, type SqlRow, type SqlValue, trigramKey } from '../sql/database.ts';
import { openSqlStore, type SqlStoreOptions } from '../sql/store.ts';
import type { IndexStore } from '../store.ts';

export interface SqliteStoreOptions extends SqlStoreOptions {
  /** A file path, or `:memory:` (tests). */
  path: string;
}

const trigramPhrase = (sql: SqlParams, needle: string) =>
  `SELECT rowid FROM customers_search WHERE customers_search MATCH ${sql.param(`"${trigramKey(needle).replaceAll('"', '""')}"`)}`;

const sqliteDialect: SqlDialect = {
  kind: 'sqlite',
  placeholder: () => '?',
  bytewiseText: 'TEXT',
  bigint: 'INTEGER',
  contains: (haystack, needle) => `instr(${haystack}, ${needle}) > 0`,
  // The trigram index finds the candidates (a phrase of trigramKey's trigrams); instr keeps the answer exact.
  trigramContains: (sql, needle, candidates) =>
    `c.rowid IN (${candidates ? `SELECT value FROM json_each(${sql.param(JSON.stringify(candidates))})` : trigramPhrase(sql, needle)})
     AND instr(c.search_text, ${sql.param(needle)}) > 0`,
  trigramCandidates: (sql, needle) => trigramPhrase(sql, needle),
  forUpdate: '',
  forShare: '',
};

export async function openSqliteIndexStore(options: SqliteStoreOptions): Promise<IndexStore> {
  if (options.path !== ':memory:') prepareFile(options.path);
  const database = new DatabaseSync(options.path, { timeout: 5_000 });
  try {
    database.exec('PRAGMA journal_mode = WAL');
    database.exec('PRAGMA synchronous = NORMAL');
    database.exec('PRAGMA secure_delete = ON');
  } catch (error) {
    database.close();
    throw error;
  }
  return openSqlStore(sqliteDatabase(database, options.path === ':memory:' ? Symbol('memory') : realpathSync(options.path)), options);
}

/** The directory (0700 when made here) and an empty file created owner-only before SQLite opens it. */
function prepareFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  // A file made earlier with wider permissions is narrowed; SQLite gives its WAL the file's own.
  chmodSync(path, 0o600);
}

/**
 * Whose turn it is, per database file. A connection must not start a transaction while another of this
 * process holds one on the same file: SQLite's busy wait would block the only thread, which the holder
 * needs to finish. So every use of a file's connections takes its turn.
 */
const turns = new Map<string | symbol, { last: Promise<unknown>; users: number }>();

function sqliteDatabase(database: DatabaseSync, file: string | symbol): SqlDatabase {
  const statements = new LRUCache<string, StatementSync>({ max: 256 });
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = database.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  // Another connection's commit (the sync thread's) moves `data_version`; this connection's own writes are counted here.
  let ownWrites = 0;
  const direct: SqlExecutor = {
    all: async (sql, params) => prepared(sql).all(...(params as SqlValue[])) as SqlRow[],
    run: async (sql, params) => {
      ownWrites += 1;
      return Number(prepared(sql).run(...(params as SqlValue[])).changes);
    },
  };
  const dataVersion = () => `${(prepared('PRAGMA data_version').get() as { data_version: number }).data_version}.${ownWrites}`;
  const trigramRows = new LRUCache<string, { version: string; rows: number[] }>({ max: 64 });

  // A transaction's statements must not interleave with another caller's between its awaits either.
  const turn = turns.get(file) ?? { last: Promise.resolve(), users: 0 };
  turn.users += 1;
  turns.set(file, turn);
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const result = turn.last.then(work, work);
    turn.last = result.catch(() => undefined);
    return result;
  };

  return {
    dialect: sqliteDialect,
    all: (sql, params) => inTurn(() => direct.all(sql, params)),
    run: (sql, params) => inTurn(() => direct.run(sql, params)),
    transaction: (work) =>
      inTurn(async () => {
        database.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(direct);
          database.exec('COMMIT');
          return result;
        } catch (error) {
          if (database.isTransaction) database.exec('ROLLBACK');
          throw error;
        }
      }),
    trigramRows: (needle, limit) =>
      inTurn(async () => {
        const version = dataVersion();
        const key = `${limit}:${needle}`;
        const known = trigramRows.get(key);
        if (known?.version === version) return known.rows;
        const sql = new SqlParams(sqliteDialect);
        const found = prepared(`${sqliteDialect.trigramCandidates(sql, needle)} LIMIT ${sql.param(limit)}`).all(...sql.values);
        const rows = found.map((row) => Number(row.rowid));
        trigramRows.set(key, { version, rows });
        return rows;
      }),
    // The transaction holds SQLite's only write lock: nothing else to take.
    lock: async () => undefined,
    analyze: () =>
      inTurn(async () => {
        database.exec('ANALYZE');
      }),
    scrub: () =>
      inTurn(async () => {
        // The WAL still holds the pages as they were before the erasure: copy it back and empty it.
        const result = database.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get();
        if (result?.busy !== 0) throw new Error('the index WAL could not be emptied: another connection is reading it');
      }),
    close: () =>
      inTurn(async () => {
        statements.clear();
        if (!database.isOpen) return;
        database.close();
        turn.users -= 1;
        if (turn.users === 0) turns.delete(file);
      }),
  };
}
