// An index kept by the sync engine over the sandbox vendors, for tests: the vendors on real sockets,
// their adapters, a store (SQLite in memory unless given) and an engine whose first load is done.
// Timers are long: tests run ticks and sweeps with tickNow/sweepNow, never by waiting.
import { openSqliteIndexStore } from '../../src/index/sqlite/store.ts';
import type { IndexStore } from '../../src/index/store.ts';
import type { SyncObserver } from '../../src/index/sync-state.ts';
import { type SandboxOptions, type SandboxVendors, startSandboxVendors } from '../../src/sandbox/index.ts';
import { vendorBudgetOf } from '../../src/sources/budgets.ts';
import { createVendorBudgets, type VendorHttpSettings } from '../../src/sources/http/index.ts';
import { createSources, type Sources } from '../../src/sources/index.ts';
import type { CustomerSourceName } from '../../src/sources/model/index.ts';
import { createSyncEngine, type SyncEngine } from '../../src/sync/engine.ts';
import type { SyncSettings } from '../../src/sync/settings.ts';
import { TEST_HTTP_SETTINGS } from './sources.ts';

/** Nothing runs by timer during a test; no pacing. */
export const TEST_SYNC_SETTINGS: SyncSettings = {
  intervalMs: 60 * 60_000,
  fullEveryMs: 24 * 60 * 60_000,
  maxDeleteShare: 0.02,
  leaseTtlMs: 5_000,
  callsPerSecond: 100_000,
};

export interface IndexedSandbox {
  vendors: SandboxVendors;
  /** The adapters client requests and the engine share (one budget per vendor, the sync's calls behind). */
  sources: Sources;
  store: IndexStore;
  engine: SyncEngine;
  /** Stops the engine, the vendors, and closes the store when this made it. */
  stop(): Promise<void>;
}

export interface IndexedSandboxOptions extends Omit<SandboxOptions, 'customers'> {
  /** Generated customers per vendor (SANDBOX_CUSTOMERS). */
  customers?: number;
  /** A store to keep the index in; SQLite in memory unless given (then closed by stop()). */
  store?: IndexStore;
  /** Vendors already running (another engine's). */
  vendors?: SandboxVendors;
  sync?: Partial<SyncSettings>;
  /** The engine's lease holder name. */
  holder?: string;
  /** Told about every sync job (metrics). */
  observer?: SyncObserver;
  /** Wait for the first load of every source (default true). */
  loaded?: boolean;
  /** Vendor HTTP settings over the test defaults (`budgets`: the vendors' budgets, to share them with a gateway). */
  http?: Partial<VendorHttpSettings>;
}

export async function startIndexedSandbox(options: IndexedSandboxOptions = {}): Promise<IndexedSandbox> {
  const ownVendors = options.vendors === undefined;
  const vendors =
    options.vendors ??
    (await startSandboxVendors({
      ...(options.kbSupport ? { kbSupport: options.kbSupport } : {}),
      ...(options.undocumented ? { undocumented: options.undocumented } : {}),
      customers: options.customers ?? 0,
    }));
  const ownStore = options.store === undefined;
  const store = options.store ?? (await openSqliteIndexStore({ path: ':memory:' }));
  // As main.ts does: one budget per vendor, of which the sync holds two slots at most.
  const budget = { concurrency: { all: TEST_HTTP_SETTINGS.concurrency }, callsPerSecond: { all: 0 }, backgroundConcurrency: 2 };
  const budgets = createVendorBudgets((source) => vendorBudgetOf(budget, source));
  const sources = createSources(vendors.settings, { ...TEST_HTTP_SETTINGS, budgets, ...options.http });
  const sync = { ...TEST_SYNC_SETTINGS, ...options.sync };
  const engine = createSyncEngine({
    store,
    sources,
    settings: vendors.settings,
    sync,
    ...(options.holder ? { holder: options.holder } : {}),
    ...(options.observer ? { observer: options.observer } : {}),
  });
  engine.start();
  if (options.loaded ?? true) await engine.whenLoaded();
  return {
    vendors,
    sources,
    store,
    engine,
    async stop() {
      await engine.stop();
      if (ownVendors) await vendors.stop();
      if (ownStore) await store.close();
    },
  };
}

/** The index's row of `source`'s record `vendorId` (under the engine's connection), or null. */
export async function indexedRow(sandbox: IndexedSandbox, source: CustomerSourceName, vendorId: string) {
  const connection = sandbox.engine.indexed.connections[source];
  if (connection === undefined) throw new Error(`${source} is not indexed`);
  const [row] = await sandbox.store.get([{ connection, source, vendorId }]);
  return row ?? null;
}

/** How many rows the index holds of `source`. */
export function indexedCount(sandbox: IndexedSandbox, source: CustomerSourceName): Promise<number> {
  return sandbox.store.count({ sources: [source] });
}
