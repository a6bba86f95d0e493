// A gateway over the sandbox vendors with a SQLite index kept by the sync engine: the engine's first
// load is done before the test speaks to the gateway; the sources the test names are read from the
// index, the others live. The engine's timers are long: `sync` runs a tick and a sweep at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { openSqliteIndexStore } from '../../src/index/sqlite/store.ts';
import type { IndexStore } from '../../src/index/store.ts';
import { type IndexedSources, readSyncState, SYNC_STATE_JOB, type SyncState } from '../../src/index/sync-state.ts';
import { CUSTOMER_SOURCES, type CustomerSourceName } from '../../src/sources/model/index.ts';
import type { SyncEngine } from '../../src/sync/engine.ts';
import type { SyncSettings } from '../../src/sync/settings.ts';
import { type GraphQLResponse, startTestGateway, type TestGateway, type TestGatewayOptions } from '../support/gateway.ts';
import { startIndexedSandbox } from '../support/sync.ts';

export interface IndexedGateway extends TestGateway {
  store: IndexStore;
  indexed: IndexedSources;
  engine: SyncEngine;
  /** A tick and a full sweep of every source, now. */
  sync(): Promise<void>;
  /** Stops the engine and sets a source's sync state as it would record it (for states a test cannot wait for, e.g. LOADING). */
  setState(source: CustomerSourceName, state: Partial<SyncState>): Promise<void>;
  /** Vendor calls the sandbox received while `work` ran. */
  callsDuring<T>(work: () => Promise<T>): Promise<{ result: T; calls: number }>;
}

/** A `customers` connection as the paging tests ask for it. */
export interface CustomersPage<Node> {
  customers: { totalCount: number; edges: Array<{ node: Node }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/**
 * Every node `query` answers, asked `first` at a time through `after` to the last page; `between`
 * runs after each page that has a next one (to change the records between pages).
 */
export async function pagesToTheEnd<Node>(
  gateway: TestGateway,
  query: string,
  variables: Record<string, unknown>,
  first: number,
  between?: (pageNumber: number) => Promise<void>,
): Promise<Node[]> {
  const nodes: Node[] = [];
  let after: string | null = null;
  for (let pageNumber = 1; pageNumber < 200; pageNumber++) {
    const answer: GraphQLResponse<CustomersPage<Node>> = await gateway.execute<CustomersPage<Node>, Record<string, unknown>>(query, {
      ...variables,
      first,
      after,
    });
    expect(answer.errors).toBeUndefined();
    nodes.push(...answer.data!.customers.edges.map((edge) => edge.node));
    if (!answer.data!.customers.pageInfo.hasNextPage) return nodes;
    after = answer.data!.customers.pageInfo.endCursor;
    await between?.(pageNumber);
  }
  throw new Error('paging did not end');
}

export interface IndexedGatewayOptions extends TestGatewayOptions {
  /** The sources kept in the index; every source unless said. */
  indexedSources?: readonly CustomerSourceName[];
  /** The engine's settings over the tests' long timers (a short `intervalMs`: ticks run on their own). */
  sync?: Partial<SyncSettings>;
}

export async function startIndexedGateway({
  indexedSources = CUSTOMER_SOURCES,
  sync,
  ...options
}: IndexedGatewayOptions = {}): Promise<IndexedGateway> {
  const directory = mkdtempSync(join(tmpdir(), 'indexed-'));
  const store = await openSqliteIndexStore({ path: join(directory, 'index.db') });
  // Filled in once the engine has loaded: the gateway reads the index through this object.
  const indexed: IndexedSources = { store, connections: {} };
  const gateway = await startTestGateway({ ...options, index: indexed });
  // The engine reads with the gateway's vendor settings: given budgets are the two's one budget.
  const sandbox = await startIndexedSandbox({
    vendors: gateway.vendors,
    store,
    ...(options.http ? { http: options.http } : {}),
    ...(sync ? { sync } : {}),
  });
  for (const source of indexedSources) {
    const connection = sandbox.engine.indexed.connections[source];
    if (connection !== undefined) indexed.connections[source] = connection;
  }
  // Waits for what the engine still runs after its first load (KB Support's follow-up read), so that a
  // test counts only the calls its own requests make.
  await sandbox.engine.tickNow();
  let engineRuns = true;

  return {
    ...gateway,
    store,
    indexed,
    engine: sandbox.engine,
    async sync() {
      await sandbox.engine.tickNow();
      await sandbox.engine.sweepNow();
    },
    async setState(source, state) {
      // Only with the engine stopped: it keeps each source's state under its lease.
      if (engineRuns) await sandbox.engine.stop();
      engineRuns = false;
      const connection = indexed.connections[source];
      if (connection === undefined) return;
      const scope = { connection, source };
      const lease = await store.acquireLease(scope, 'indexed-test', 60_000);
      if (!lease) throw new Error(`the lease of ${source} is still held`);
      const current = await readSyncState(store, scope);
      await store.saveCheckpoint(scope, SYNC_STATE_JOB, { ...current!, ...state }, lease);
      await store.releaseLease(lease);
    },
    async callsDuring(work) {
      const before = gateway.vendorCalls();
      const result = await work();
      return { result, calls: gateway.vendorCalls() - before };
    },
    async stop() {
      await sandbox.stop();
      await gateway.stop();
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
