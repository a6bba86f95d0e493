// The index's schema, versioned: each migration runs once, in order, in one transaction with its
// record in `schema_migrations`, when a store opens. Two instances opening one PostgreSQL at once
// take turns (an advisory lock), so each migration still runs once. Written once for both dialects.
import { type SqlDatabase, type SqlDialect, toNumber } from './database.ts';

interface Migration {
  version: number;
  name: string;
  statements(dialect: SqlDialect): string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'customers with their lookups, tombstones, leases, checkpoints',
    statements: ({ bytewiseText: key, bigint: time }) => {
      const rowKey = `connection ${key} NOT NULL, source ${key} NOT NULL, vendor_id ${key} NOT NULL`;
      const orderedBy = (column: string) => `ON customers (${column}, source, vendor_id, connection)`;
      return [
        `CREATE TABLE customers (
          ${rowKey},
          customer TEXT NOT NULL,
          raw TEXT NOT NULL,
          mapping_version INTEGER NOT NULL,
          content_hash TEXT NOT NULL,
          version INTEGER NOT NULL,
          read_started_at ${time} NOT NULL,
          last_seen_at ${time} NOT NULL,
          stored_at ${time} NOT NULL,
          changed_at ${time} NOT NULL,
          first_name_key ${key},
          last_name_key ${key},
          email_key ${key},
          created_at ${time},
          updated_at ${time},
          email ${key},
          search_text ${key} NOT NULL,
          PRIMARY KEY (connection, source, vendor_id)
        )`,
        `CREATE INDEX customers_by_last_name ${orderedBy('last_name_key')}`,
        `CREATE INDEX customers_by_first_name ${orderedBy('first_name_key')}`,
        `CREATE INDEX customers_by_email_key ${orderedBy('email_key')}`,
        `CREATE INDEX customers_by_created_at ${orderedBy('created_at')}`,
        `CREATE INDEX customers_by_updated_at ${orderedBy('updated_at')}`,
        'CREATE INDEX customers_by_source ON customers (source, vendor_id, connection)',
        'CREATE INDEX customers_by_email ON customers (email)',
        'CREATE INDEX customers_by_last_seen ON customers (connection, source, last_seen_at)',
        // Every address of a record (primary and additional), and every E.164 number: the lookups.
        `CREATE TABLE customer_emails (${rowKey}, email ${key} NOT NULL, PRIMARY KEY (connection, source, vendor_id, email))`,
        'CREATE INDEX customer_emails_by_email ON customer_emails (email)',
        `CREATE TABLE customer_phones (${rowKey}, e164 ${key} NOT NULL, PRIMARY KEY (connection, source, vendor_id, e164))`,
        'CREATE INDEX customer_phones_by_e164 ON customer_phones (e164)',
        // Ids only: when the deletion was stored, and when the operation that found it began.
        `CREATE TABLE tombstones (
          ${rowKey},
          deleted_at ${time} NOT NULL,
          read_started_at ${time} NOT NULL,
          PRIMARY KEY (connection, source, vendor_id)
        )`,
        'CREATE INDEX tombstones_by_time ON tombstones (connection, source, deleted_at)',
        `CREATE TABLE leases (
          connection ${key} NOT NULL,
          source ${key} NOT NULL,
          holder ${key} NOT NULL,
          epoch ${time} NOT NULL,
          expires_at ${time} NOT NULL,
          PRIMARY KEY (connection, source)
        )`,
        `CREATE TABLE checkpoints (
          connection ${key} NOT NULL,
          source ${key} NOT NULL,
          job ${key} NOT NULL,
          value TEXT NOT NULL,
          saved_at ${time} NOT NULL,
          PRIMARY KEY (connection, source, job)
        )`,
      ];
    },
  },
  {
    version: 2,
    name: 'a trigram index of the search text; addresses indexed with their owner',
    statements: (dialect) => [
      ...(dialect.kind === 'sqlite' ? sqliteSearchIndex() : postgresSearchIndex()),
      // inSeveralSources asks, per row, whether another source's record has the address: answered
      // from the index alone, without reading the table.
      'CREATE INDEX customer_emails_by_email_owner ON customer_emails (email, connection, source)',
      'DROP INDEX customer_emails_by_email',
    ],
  },
  {
    version: 3,
    name: 'the change log: an entry per stored change, numbered per source',
    statements: ({ bytewiseText: key, bigint: number }) => [
      `CREATE TABLE customer_changes (
        connection ${key} NOT NULL,
        source ${key} NOT NULL,
        seq ${number} NOT NULL,
        vendor_id ${key} NOT NULL,
        kind ${key} NOT NULL,
        origin ${key} NOT NULL,
        changed_at ${number} NOT NULL,
        PRIMARY KEY (connection, source, seq)
      )`,
      'CREATE INDEX customer_changes_by_time ON customer_changes (changed_at)',
      'CREATE INDEX customer_changes_by_record ON customer_changes (connection, source, vendor_id)',
      // The last number given per scope: kept when the entries themselves are purged, so none is given twice.
      `CREATE TABLE change_sequences (
        connection ${key} NOT NULL,
        source ${key} NOT NULL,
        last_seq ${number} NOT NULL,
        PRIMARY KEY (connection, source)
      )`,
    ],
  },
  {
    version: 4,
    name: 'webhooks: registrations with their position in the change log and a delivery lease; their deliveries',
    statements: ({ bytewiseText: key, bigint: number }) => [
      `CREATE TABLE webhooks (
        id ${key} PRIMARY KEY,
        client_id ${key} NOT NULL,
        url TEXT NOT NULL,
        filter TEXT NOT NULL,
        secret TEXT NOT NULL,
        created_at ${number} NOT NULL,
        positions TEXT NOT NULL,
        status ${key} NOT NULL,
        attempts INTEGER NOT NULL,
        next_attempt_at ${number},
        last_event_id TEXT,
        last_delivered_at ${number},
        deliveries_seq ${number} NOT NULL,
        lease_holder ${key},
        lease_until ${number}
      )`,
      'CREATE INDEX webhooks_by_client ON webhooks (client_id, created_at)',
      `CREATE TABLE webhook_deliveries (
        webhook_id ${key} NOT NULL,
        seq ${number} NOT NULL,
        event_id ${key} NOT NULL,
        attempts INTEGER NOT NULL,
        outcome ${key} NOT NULL,
        last_status INTEGER,
        last_error ${key},
        first_tried_at ${number} NOT NULL,
        last_tried_at ${number} NOT NULL,
        delivered_at ${number},
        PRIMARY KEY (webhook_id, seq),
        UNIQUE (webhook_id, event_id)
      )`,
      'CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries (last_tried_at)',
    ],
  },
  {
    version: 5,
    name: "change log: the last number each scope's retention purged",
    // What a resume must not start below. Not read from the oldest entry kept: forgetCustomer erases
    // entries too, and a gap it leaves is no purge. Until now the oldest kept entry was the measure.
    statements: ({ bigint: number }) => [
      `ALTER TABLE change_sequences ADD COLUMN purged_through ${number} NOT NULL DEFAULT 0`,
      `UPDATE change_sequences SET purged_through = COALESCE(
        (SELECT MIN(seq) - 1 FROM customer_changes c WHERE c.connection = change_sequences.connection AND c.source = change_sequences.source),
        last_seq)`,
    ],
  },
];

/**
 * FTS5 with the trigram tokenizer (case-sensitive: the text is folded already) over `customers`'
 * search text, its rows by `customers`' rowid, kept in step by triggers (in the writing statement's
 * transaction). secure-delete: a forgotten person's trigrams are taken out of the index's pages, not
 * only marked deleted. A VACUUM may renumber `customers`' rowids: rebuild the index after one
 * (`INSERT INTO customers_search (customers_search) VALUES ('rebuild')`).
 */
function sqliteSearchIndex(): string[] {
  const remove = "INSERT INTO customers_search (customers_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);";
  const add = 'INSERT INTO customers_search (rowid, search_text) VALUES (new.rowid, new.search_text);';
  return [
    `CREATE VIRTUAL TABLE customers_search USING fts5(
      search_text, content = 'customers', content_rowid = 'rowid', tokenize = 'trigram case_sensitive 1'
    )`,
    "INSERT INTO customers_search (customers_search, rank) VALUES ('secure-delete', 1)",
    "INSERT INTO customers_search (customers_search) VALUES ('rebuild')",
    `CREATE TRIGGER customers_search_inserted AFTER INSERT ON customers BEGIN ${add} END`,
    `CREATE TRIGGER customers_search_deleted AFTER DELETE ON customers BEGIN ${remove} END`,
    `CREATE TRIGGER customers_search_updated AFTER UPDATE OF search_text ON customers
      WHEN old.search_text IS NOT new.search_text BEGIN ${remove} ${add} END`,
  ];
}

/**
 * pg_trgm's GIN index on the search text (PostgreSQL keeps it in step itself). The extension is made
 * in `public` when the database has none yet (creating it needs the right to: a superuser, or the
 * database's owner on PostgreSQL 13 and later), and its operator class named where it lives, so an
 * index in any schema finds it.
 */
function postgresSearchIndex(): string[] {
  return [
    `DO $$
    DECLARE home text;
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        BEGIN
          CREATE EXTENSION pg_trgm SCHEMA public;
        EXCEPTION WHEN unique_violation OR duplicate_object THEN
          NULL; -- another schema's migration made it at the same moment
        END;
      END IF;
      SELECT n.nspname INTO home FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
      EXECUTE format('CREATE INDEX customers_search_trigrams ON customers USING gin (search_text %I.gin_trgm_ops)', home);
    END $$`,
  ];
}

/** Applies the migrations not applied yet; answers the versions applied now. */
export async function migrate(db: SqlDatabase, now: () => number): Promise<number[]> {
  const { dialect } = db;
  return db.transaction(async (tx) => {
    await db.lock(tx, ['schema_migrations']);
    await tx.run(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at ${dialect.bigint} NOT NULL
      )`,
      [],
    );
    const applied = new Set((await tx.all('SELECT version FROM schema_migrations', [])).map((row) => toNumber(row.version)));
    const appliedNow: number[] = [];
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements(dialect)) await tx.run(statement, []);
      const p = (n: number) => dialect.placeholder(n);
      await tx.run(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (${p(1)}, ${p(2)}, ${p(3)})`, [
        migration.version,
        migration.name,
        now(),
      ]);
      appliedNow.push(migration.version);
    }
    return appliedNow;
  });
}

export async function appliedMigrations(db: SqlDatabase): Promise<number[]> {
  const rows = await db.all('SELECT version FROM schema_migrations ORDER BY version', []);
  return rows.map((row) => toNumber(row.version));
}
