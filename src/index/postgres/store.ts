// The shared index: PostgreSQL through `pg`, for several gateway instances on one index. Sort keys are
// `COLLATE "C"` (byte order, as on SQLite); each key's writes are serialised with a transaction-scoped
// advisory lock, so two instances writing one customer take turns.
import pg from 'pg';
import { type SqlDatabase, type SqlDialect, type SqlExecutor, type SqlParams, type SqlValue, trigramKey } from '../sql/database.ts';
import { openSqlStore, type SqlStoreOptions } from '../sql/store.ts';
import type { IndexStore } from '../store.ts';

export interface PostgresStoreOptions extends SqlStoreOptions {
  /** `postgres://user:password@host:port/database` */
  url: string;
  /** The schema that holds the index's tables (made when missing): `public` unless set. */
  schema?: string;
  /** Connections in the pool. */
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const likeKey = (sql: SqlParams, needle: string) => `c.search_text LIKE ${sql.param(`%${trigramKey(needle).replace(/[\\%_]/g, '\\$&')}%`)}`;

const postgresDialect: SqlDialect = {
  kind: 'postgres',
  placeholder: (n) => `$${n}`,
  bytewiseText: 'TEXT COLLATE "C"',
  bigint: 'BIGINT',
  contains: (haystack, needle) => `strpos(${haystack}, ${needle}) > 0`,
  // pg_trgm's index answers LIKE on trigramKey (rechecking each candidate); strpos keeps the answer exact.
  trigramContains: (sql, needle) => `${likeKey(sql, needle)} AND strpos(c.search_text, ${sql.param(needle)}) > 0`,
  trigramCandidates: (sql, needle) => `SELECT 1 FROM customers c WHERE ${likeKey(sql, needle)}`,
  forUpdate: 'FOR UPDATE',
  forShare: 'FOR SHARE',
};

export async function openPostgresIndexStore(options: PostgresStoreOptions): Promise<IndexStore> {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new Error(`not a schema name the index takes: ${JSON.stringify(schema)}`);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 5,
    options: `-c search_path=${schema}`,
  });
  // An idle connection the server closed: the pool drops it and the next query opens another.
  pool.on('error', () => undefined);
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (error) {
    // Another instance made it at the same moment: IF NOT EXISTS does not cover that race.
    if (!isAlreadyThere(error)) {
      await pool.end();
      throw error;
    }
  }
  return openSqlStore(postgresDatabase(pool, schema), options);
}

function postgresDatabase(pool: pg.Pool, schema: string): SqlDatabase {
  const on = (client: pg.Pool | pg.PoolClient): SqlExecutor => ({
    all: async (sql, params) => (await client.query(sql, params as SqlValue[])).rows,
    run: async (sql, params) => (await client.query(sql, params as SqlValue[])).rowCount ?? 0,
  });
  const direct = on(pool);
  return {
    dialect: postgresDialect,
    ...direct,
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async lock(tx, names) {
      if (names.length === 0) return;
      await tx.all(
        `SELECT pg_advisory_xact_lock(hashtextextended(t.name, 0))
         FROM json_array_elements_text($1::json) WITH ORDINALITY AS t(name, n) ORDER BY t.n`,
        [JSON.stringify(names.map((name) => `${schema}:${name}`))],
      );
    },
    analyze: async () => {
      await pool.query('ANALYZE customers, customer_emails, customer_phones, tombstones');
    },
    // Rows are erased at once; PostgreSQL reuses their space and recycles its WAL in its own time.
    scrub: async () => undefined,
    close: () => pool.end(),
  };
}

function isAlreadyThere(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '42P06' || code === '23505';
}
