// A mapping fix rebuilds the index from the raw records it stores: rows left by an older mapping (their
// mapping version lowered, their customer JSON and search text altered in the store file) are mapped
// again at the engine's start — with every vendor out of reach, so from the stored raw records alone —
// and the gateway answers the records as the current mapping makes them. Only the lease holder rebuilds.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAPPING_VERSION } from '../../src/index/customer-write.ts';
import { openPostgresIndexStore } from '../../src/index/postgres/store.ts';
import { openSqliteIndexStore } from '../../src/index/sqlite/store.ts';
import type { IndexStore } from '../../src/index/store.ts';
import type { IndexedSources } from '../../src/index/sync-state.ts';
import { createLogger } from '../../src/observability/index.ts';
import type { SandboxVendors } from '../../src/sandbox/index.ts';
import { createSources, type SourceSettings } from '../../src/sources/index.ts';
import { CUSTOMER_SOURCES, type CustomerSourceName } from '../../src/sources/model/index.ts';
import { createSyncEngine, type SyncEngine } from '../../src/sync/engine.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { type PostgresServer, startPostgres } from '../support/postgres.ts';
import { TEST_HTTP_SETTINGS } from '../support/sources.ts';
import { startIndexedSandbox, TEST_SYNC_SETTINGS } from '../support/sync.ts';

interface Node {
  id: string;
  source: CustomerSourceName;
  sourceId: string;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  email: string | null;
  phone: string | null;
  createdAt: string | null;
  syncedAt: string | null;
}
interface Page {
  customers: { totalCount: number; edges: Array<{ node: Node }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const PAGE = `query($search: String, $after: String) {
  customers(first: 100, after: $after, filter: { search: $search }, consistency: INDEXED) {
    totalCount
    edges { node { id source sourceId firstName lastName displayName email phone createdAt syncedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Answer {
  totalCount: number;
  nodes: Node[];
}

let dir: string;
let loadedFile: string;
let indexed: IndexedSources;
let gateway: TestGateway;
/** The gateway's answer from the index as loaded. */
let loaded: Answer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-remap-'));
  loadedFile = join(dir, 'loaded.db');
  const store = await openSqliteIndexStore({ path: loadedFile });
  indexed = { store, connections: {} };
  gateway = await startTestGateway({ index: indexed });
  const loader = await startIndexedSandbox({ vendors: gateway.vendors, store, holder: 'loader' });
  await loader.engine.tickNow();
  Object.assign(indexed.connections, loader.engine.indexed.connections);
  await loader.stop();
  loaded = await indexedPage();
  await store.close();
}, 60_000);
afterAll(async () => {
  await gateway?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The vendors' settings with every URL pointing at a closed port: the same connections, no vendor reachable. */
function unreachable(vendors: SandboxVendors): SourceSettings {
  const settings: SourceSettings = structuredClone(vendors.settings);
  for (const name of CUSTOMER_SOURCES) {
    const own = settings[name];
    if (own) own.url = 'http://127.0.0.1:1/';
  }
  return settings;
}

/** An engine as main.ts starts one, on `store`, its adapters unable to reach any vendor; its log lines collected. */
function restartEngine(store: IndexStore, holder: string): { engine: SyncEngine; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  const engine = createSyncEngine({
    store,
    sources: createSources(unreachable(gateway.vendors), TEST_HTTP_SETTINGS),
    settings: gateway.vendors.settings,
    sync: TEST_SYNC_SETTINGS,
    holder,
    logger,
  });
  engine.start();
  return { engine, lines };
}

const rebuildLines = (lines: Array<Record<string, unknown>>) =>
  lines.filter((line) => String(line.msg).startsWith('index: rows rebuilt from their stored raw records'));

/** Every record the gateway answers from the index (for `search`), page after page. */
async function indexedPage(search?: string): Promise<Answer> {
  const nodes: Node[] = [];
  for (let after: string | null = null; ; ) {
    const answer = await gateway.execute<Page, { search?: string; after: string | null }>(PAGE, { after, ...(search ? { search } : {}) });
    expect(answer.errors).toBeUndefined();
    const page: Page['customers'] = answer.data!.customers;
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) return { totalCount: page.totalCount, nodes };
    after = page.pageInfo.endCursor;
  }
}

it('rebuilds the rows of an older mapping from their raw records at start, with no vendor call, and the gateway answers them remapped', async () => {
  const before = loaded;
  expect(before.nodes).toHaveLength(before.totalCount);
  const path = join(dir, 'older-mapping.db');
  copyFileSync(loadedFile, path);

  // Rows as an older mapping left them, written into the file behind the store's back: per source, one
  // mapped otherwise (other content and hash), one mapped alike (same hash), one whose raw record the
  // vendor's guard no longer takes.
  const file = new DatabaseSync(path);
  const altered: Record<CustomerSourceName, { remapped: string; alike: string; unparsable: string }> = {} as never;
  try {
    for (const source of CUSTOMER_SOURCES) {
      const ids = file
        .prepare('SELECT vendor_id FROM customers WHERE source = ? ORDER BY vendor_id LIMIT 3')
        .all(source)
        .map((row) => String(row.vendor_id));
      const [remapped, alike, unparsable] = ids;
      if (!remapped || !alike || !unparsable) throw new Error(`${source} has fewer than three records`);
      altered[source] = { remapped, alike, unparsable };
      file
        .prepare(
          `UPDATE customers SET mapping_version = 0, content_hash = 'older mapping',
             customer = json_set(customer, '$.firstName', 'Outdated', '$.lastName', 'Mapping', '$.displayName', 'Outdated Mapping'),
             first_name_key = 'outdated', last_name_key = 'mapping', search_text = 'outdated mapping'
           WHERE source = ? AND vendor_id = ?`,
        )
        .run(source, remapped);
      file.prepare('UPDATE customers SET mapping_version = 0 WHERE source = ? AND vendor_id = ?').run(source, alike);
      file
        .prepare(
          `UPDATE customers SET mapping_version = 0, raw = '{"unexpected":true}', customer = json_set(customer, '$.firstName', 'Unparsable')
           WHERE source = ? AND vendor_id = ?`,
        )
        .run(source, unparsable);
    }
  } finally {
    file.close();
  }

  const store = await openSqliteIndexStore({ path });
  const keyOf = (source: CustomerSourceName, vendorId: string) => ({ connection: indexed.connections[source]!, source, vendorId });
  const rowsBefore = await store.get(CUSTOMER_SOURCES.map((source) => keyOf(source, altered[source].remapped)));
  indexed.store = store;
  const callsBefore = gateway.vendorCalls();
  const { engine, lines } = restartEngine(store, 'restarted');
  try {
    await engine.whenLoaded();
    // One line a source: two rows rebuilt (one with new content), one raw record that no longer parses.
    const logged = rebuildLines(lines);
    expect(logged.map((line) => [line.sync, line.rebuilt, line.changed, line.unparsable, line.superseded]).sort()).toEqual(
      [...CUSTOMER_SOURCES].sort().map((source) => [source, 2, 1, 1, 0]),
    );
    expect(logged.every((line) => line.level === 40 && line.mappingVersion === MAPPING_VERSION)).toBe(true);

    // The gateway answers every record as before the alteration (names, search text), except the one
    // whose raw record no longer parses: that row is left as it was, for the next sweep.
    const after = await indexedPage();
    const unparsable = new Set(CUSTOMER_SOURCES.map((source) => `${source}:${altered[source].unparsable}`));
    const keyed = (node: Node) => `${node.source}:${node.sourceId}`;
    const byKey = (nodes: Node[]) =>
      Object.fromEntries(nodes.filter((node) => !unparsable.has(keyed(node))).map((node) => [keyed(node), node]));
    expect(after.totalCount).toBe(before.totalCount);
    expect(byKey(after.nodes)).toEqual(byKey(before.nodes));
    expect(after.nodes.filter((node) => unparsable.has(keyed(node))).map((node) => node.firstName)).toEqual(
      CUSTOMER_SOURCES.map(() => 'Unparsable'),
    );
    expect((await indexedPage('outdated')).totalCount).toBe(0);
    expect(gateway.vendorCalls() - callsBefore).toBe(0);

    // A rebuild is no newer read: read start and last seen kept; a new version for new content only.
    const rowsAfter = await store.get(CUSTOMER_SOURCES.map((source) => keyOf(source, altered[source].remapped)));
    for (const [at, row] of rowsAfter.entries()) {
      const was = rowsBefore[at]!;
      expect(row).toMatchObject({ mappingVersion: MAPPING_VERSION, version: was.version + 1, readStartedAt: was.readStartedAt });
      expect(row?.lastSeenAt).toEqual(was.lastSeenAt);
    }
    const alike = await store.get(CUSTOMER_SOURCES.map((source) => keyOf(source, altered[source].alike)));
    expect(alike.map((row) => [row?.mappingVersion, row?.version])).toEqual(CUSTOMER_SOURCES.map(() => [MAPPING_VERSION, 1]));
    for (const source of CUSTOMER_SOURCES) {
      const left = await store.rowsMappedBefore({ connection: indexed.connections[source]!, source }, MAPPING_VERSION, null, 10);
      expect(left.map((row) => row.key.vendorId)).toEqual([altered[source].unparsable]);
    }
  } finally {
    await engine.stop();
  }

  // The next start finds only the row it cannot rebuild, and says so.
  const again = restartEngine(store, 'restarted-again');
  try {
    await again.engine.whenLoaded();
    expect(rebuildLines(again.lines).map((line) => [line.rebuilt, line.unparsable])).toEqual(CUSTOMER_SOURCES.map(() => [0, 1]));
  } finally {
    await again.engine.stop();
    await store.close();
  }
}, 60_000);

it('on PostgreSQL, only the lease holder rebuilds: an instance that finds a source held waits for its lease', async () => {
  const server: PostgresServer = await startPostgres();
  const schema = `remap_test_${randomBytes(6).toString('hex')}`;
  const store = await openPostgresIndexStore({ url: server.url, schema });
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    const loader = await startIndexedSandbox({ vendors: gateway.vendors, store, holder: 'loader' });
    await loader.stop();
    await admin.query(`UPDATE ${schema}.customers SET mapping_version = 0`);
    const crm = { connection: indexed.connections.CRM!, source: 'CRM' as const };
    // Another instance (one of an older release, say) holds the CRM's lease.
    const held = await store.acquireLease(crm, 'older-instance', 60_000);
    expect(held).not.toBeNull();

    const { engine, lines } = restartEngine(store, 'newer-instance');
    try {
      await engine.whenLoaded();
      expect(
        rebuildLines(lines)
          .map((line) => line.sync)
          .sort(),
      ).toEqual(['AMELIA', 'KB_SUPPORT', 'PLATFORM']);
      const waiting = await store.rowsMappedBefore(crm, MAPPING_VERSION, null, 1000);
      expect(waiting.length).toBe(await store.count({ sources: ['CRM'] }));
      expect(engine.isLeader('CRM')).toBe(false);

      // The lease let go, this instance takes it before its next CRM job and rebuilds then.
      await store.releaseLease(held!);
      await engine.tickNow('CRM');
      expect(engine.isLeader('CRM')).toBe(true);
      expect(await store.rowsMappedBefore(crm, MAPPING_VERSION, null, 1000)).toEqual([]);
      expect(rebuildLines(lines).filter((line) => line.sync === 'CRM')).toHaveLength(1);
    } finally {
      await engine.stop();
    }
  } finally {
    await store.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    await server.stop();
  }
}, 60_000);
