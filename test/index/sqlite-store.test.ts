// The store suite on SQLite (a file per test, as the gateway keeps it), and what only the embedded
// store promises: owner-only files, and a forgotten person gone from the bytes of those files.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteIndexStore } from '../../src/index/sqlite/store.ts';
import type { IndexStore } from '../../src/index/store.ts';
import { at, customer, keyOf, writeOf } from './customers.ts';
import { storeSuite } from './store-suite.ts';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-index-'));
  made.push(dir);
  return dir;
}

describe('SQLite index store', () => {
  storeSuite(async () => {
    const path = join(tempDir(), 'index.db');
    return { open: (clock) => openSqliteIndexStore({ path, ...(clock ? { clock } : {}) }), dispose: async () => undefined };
  });

  describe('files', () => {
    let store: IndexStore | undefined;
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });

    it('writes the planner statistics into the file when asked to optimize', async () => {
      const path = join(tempDir(), 'index.db');
      store = await openSqliteIndexStore({ path });
      await store.upsert(Array.from({ length: 50 }, (_, index) => writeOf(customer('CRM', String(index)))));
      const statistics = () => {
        const reader = new DatabaseSync(path, { readOnly: true });
        try {
          const exists = reader.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'sqlite_stat1'").get();
          return exists?.n === 0 ? 0 : Number(reader.prepare("SELECT count(*) AS n FROM sqlite_stat1 WHERE tbl = 'customers'").get()?.n);
        } finally {
          reader.close();
        }
      };
      expect(statistics()).toBe(0);
      await store.optimize();
      expect(statistics()).toBeGreaterThan(0);
    });

    it('creates its directory 0700 and its file and WAL 0600', async () => {
      const dir = join(tempDir(), 'data', 'nested');
      const path = join(dir, 'index.db');
      store = await openSqliteIndexStore({ path });
      await store.upsert([writeOf(customer('CRM', '1'))]);
      const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);
      expect([mode(dir), mode(path), mode(`${path}-wal`)]).toEqual(['700', '600', '600']);
    });

    it('forgets a person so that the file bytes no longer hold their email, even after edits and a deletion', async () => {
      const path = join(tempDir(), 'index.db');
      store = await openSqliteIndexStore({ path });
      const others = Array.from({ length: 300 }, (_, index) => writeOf(customer('CRM', `other-${index}`, { note: 'x'.repeat(200) })));
      await store.upsert(others);
      const email = 'erasure.subject@example.org';
      const person = (lastName: string) => customer('KB_SUPPORT', '77', { email, lastName, note: `${email} ${lastName}` });
      for (const [index, lastName] of ['Firstname', 'Secondname', 'Thirdname'].entries()) {
        await store.upsert([writeOf(person(lastName), { readStartedAt: new Date(Date.UTC(2025, 0, 1 + index)) })]);
      }
      await store.upsert([writeOf(customer('CRM', 'same-person', { email }))]);
      await store.delete({ key: keyOf(customer('CRM', 'same-person')), readStartedAt: at('2025-02-01T00:00:00Z') });
      const filesHold = (text: string) =>
        ['', '-wal', '-shm'].some((suffix) => {
          try {
            return readFileSync(`${path}${suffix}`).includes(Buffer.from(text));
          } catch {
            return false;
          }
        });
      expect(filesHold(email)).toBe(true);

      await store.forget(keyOf(person('Thirdname')));
      expect(filesHold(email)).toBe(false);
      expect(filesHold('Secondname')).toBe(false);
      expect(await store.count({})).toBe(others.length);
    });

    it('answers searches of three characters and more from its FTS5 trigram index, shorter ones by a scan', async () => {
      const path = join(tempDir(), 'index.db');
      store = await openSqliteIndexStore({ path });
      await store.upsert([
        writeOf(customer('CRM', '1', { lastName: 'Okonkwo' })),
        writeOf(customer('AMELIA', '2', { lastName: 'Okafor' })),
      ]);
      const file = new DatabaseSync(path);
      try {
        const indexed = (term: string) =>
          file.prepare('SELECT rowid FROM customers_search WHERE customers_search MATCH ?').all(`"${term}"`).length;
        // The triggers wrote both rows' folded search text into the index.
        expect([indexed('okonk'), indexed('oka'), indexed('OKA')]).toEqual([1, 1, 0]);
        expect([await store.count({ search: 'oka' }), await store.count({ search: 'ok' })]).toEqual([1, 2]);
        // Emptied behind the store's back, the index answers for the long terms only.
        file.exec("INSERT INTO customers_search (customers_search) VALUES ('delete-all')");
        expect([await store.count({ search: 'oka' }), await store.count({ search: 'ok' })]).toEqual([0, 2]);
      } finally {
        file.close();
      }
    });
  });
});
