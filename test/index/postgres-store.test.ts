// The store suite on a real PostgreSQL (a throwaway cluster, or PG_URL): each test its own schema.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresIndexStore } from '../../src/index/postgres/store.ts';
import { type PostgresServer, startPostgres } from '../support/postgres.ts';
import { customer, writeOf } from './customers.ts';
import { storeSuite } from './store-suite.ts';

let server: PostgresServer;
let admin: pg.Client;

beforeAll(async () => {
  server = await startPostgres();
  admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
}, 60_000);

afterAll(async () => {
  await admin?.end();
  await server?.stop();
});

const newSchema = () => `index_test_${randomBytes(6).toString('hex')}`;

describe('PostgreSQL index store', () => {
  storeSuite(async () => {
    const schema = newSchema();
    return {
      open: (clock) => openPostgresIndexStore({ url: server.url, schema, ...(clock ? { clock } : {}) }),
      dispose: async () => {
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      },
    };
  });

  it('keeps its tables in the schema it is given, and analyzes them when asked to optimize', async () => {
    const schema = newSchema();
    const store = await openPostgresIndexStore({ url: server.url, schema });
    try {
      await store.upsert(Array.from({ length: 50 }, (_, index) => writeOf(customer('CRM', String(index)))));
      const analyzed = async () =>
        (await admin.query('SELECT last_analyze FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = $2', [schema, 'customers']))
          .rows[0]?.last_analyze;
      expect(await analyzed()).toBeNull();
      await store.optimize();
      expect(await analyzed()).toBeInstanceOf(Date);
    } finally {
      await store.close();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  });

  it("answers searches of three characters and more through pg_trgm's GIN index, in any schema", async () => {
    const schemas = [newSchema(), newSchema()];
    const stores = await Promise.all(schemas.map((schema) => openPostgresIndexStore({ url: server.url, schema })));
    try {
      for (const [at, schema] of schemas.entries()) {
        await stores[at]?.upsert([
          writeOf(customer('CRM', '1', { lastName: 'Okonkwo' })),
          writeOf(customer('AMELIA', '2', { lastName: 'Okafor' })),
        ]);
        expect(await stores[at]?.count({ search: 'oka' })).toBe(1);
        const client = new pg.Client({ connectionString: server.url, options: `-c search_path=${schema}` });
        await client.connect();
        try {
          await client.query('SET enable_seqscan = off');
          const plan = await client.query("EXPLAIN SELECT COUNT(*) FROM customers c WHERE c.search_text LIKE '%oka%'");
          expect(plan.rows.map((row) => String(row['QUERY PLAN'])).join('\n')).toContain('customers_search_trigrams');
        } finally {
          await client.end();
        }
      }
    } finally {
      await Promise.all(stores.map((store) => store.close()));
      for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  });

  it('refuses a schema name it would have to quote', async () => {
    await expect(openPostgresIndexStore({ url: server.url, schema: 'index; DROP TABLE x' })).rejects.toThrow(/schema name/);
  });
});
