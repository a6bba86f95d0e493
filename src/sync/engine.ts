// The sync engine: keeps the index (src/index/) a replica of every configured source — initial load
// (checkpointed), ticks every `intervalMs`, full sweeps every `fullEveryMs` — one runner per source
// (runner.ts), each under a lease so that one instance syncs a source at a time. Before a source's
// first job, its rows of an older mapping are rebuilt from their raw records (remap.ts).
import { randomUUID } from 'node:crypto';
import type { IndexStore } from '../index/store.ts';
import type { IndexedSources, SyncObserver } from '../index/sync-state.ts';
import type { Logger } from '../observability/index.ts';
import type { SourceSettings, Sources } from '../sources/index.ts';
import { CUSTOMER_SOURCES, type CustomerSourceName } from '../sources/model/index.ts';
import { connectionsOf } from './connections.ts';
import { createMappingRebuild, type MappingRebuild } from './remap.ts';
import { createChangeLogRetention } from './retention.ts';
import { createSourceRunner, type RunKind, type SourceRunner } from './runner.ts';
import { resolveSyncSettings, type SyncSettings } from './settings.ts';
import { eraseStaleRows } from './stale-rows.ts';
import type { SourceSyncStatus } from './status.ts';
import { crmTicks } from './ticks/crm.ts';
import { kbSupportTicks } from './ticks/kbsupport.ts';
import { newestPagesTicks } from './ticks/newest-pages.ts';
import type { TickStrategy } from './ticks/tick.ts';
import { createVendorCalls } from './vendor-calls.ts';

export type { SourceSyncStatus } from './status.ts';

export interface SyncEngine {
  /** The store, and the connection each configured source's rows are kept under. */
  readonly indexed: IndexedSources;
  /** Initial loads, then ticks and sweeps, in the background; never throws. */
  start(): void;
  /** Resolves when that source's (or every source's) first load completed (here or on the leader). */
  whenLoaded(source?: CustomerSourceName): Promise<void>;
  /** Runs a tick at once (after the job running); for tests, and after a write. */
  tickNow(source?: CustomerSourceName): Promise<void>;
  sweepNow(source?: CustomerSourceName): Promise<void>;
  status(): Promise<SourceSyncStatus[]>;
  /** Whether this instance holds the source's lease now. */
  isLeader(source: CustomerSourceName): boolean;
  /** Stops the timers, lets the running jobs end at their next page, lets go of the leases. */
  stop(): Promise<void>;
}

export interface SyncEngineOptions {
  store: IndexStore;
  sources: Sources;
  /** The vendors' settings: where each source's records live (its connection id). */
  settings: SourceSettings;
  sync: SyncSettings;
  logger?: Logger;
  /** This instance's name on the leases; a random one unless given. */
  holder?: string;
  observer?: SyncObserver;
}

/**
 * Each source's tick. The page tokens are the adapters' own (Amelia: the page number; PLATFORM:
 * `{ number, size }`, platform/source.ts). A vendor without a tick here is not kept in the index.
 */
function ticksFor(name: CustomerSourceName, sources: Sources): TickStrategy | null {
  switch (name) {
    case 'AMELIA':
      return newestPagesTicks((number) => number);
    case 'PLATFORM':
      return newestPagesTicks((number, size) => ({ number, size }));
    case 'CRM':
      return sources.CRM ? crmTicks(sources.CRM.changes) : null;
    case 'KB_SUPPORT':
      return kbSupportTicks();
    default:
      return null;
  }
}

/** The store, and the connection of each configured source the engine keeps (wherever it runs). */
export function indexedSourcesOf(store: IndexStore, settings: SourceSettings, sources: Sources): IndexedSources {
  const connections = Object.fromEntries(
    Object.entries(connectionsOf(settings)).filter(([name]) => sources[name as CustomerSourceName] !== undefined),
  ) as Partial<Record<CustomerSourceName, string>>;
  return { store, connections };
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const settings = resolveSyncSettings(options.sync);
  const { store, sources } = options;
  const logger = options.logger ?? null;
  const holder = options.holder ?? `${process.pid}-${randomUUID()}`;
  const stopping = new AbortController();
  const { connections } = indexedSourcesOf(store, options.settings, sources);

  const runners = new Map<CustomerSourceName, SourceRunner>();
  const rebuilds = new Map<CustomerSourceName, MappingRebuild>();
  for (const name of CUSTOMER_SOURCES) {
    const source = sources[name];
    const connection = connections[name];
    const ticks = ticksFor(name, sources);
    if (!source || !connection || !ticks) continue;
    rebuilds.set(
      name,
      createMappingRebuild({
        scope: { connection, source: name },
        source,
        store,
        holder,
        leaseTtlMs: settings.leaseTtlMs,
        calls: createVendorCalls(name, settings.callsPerSecond, stopping.signal),
        log: logger?.child({ sync: name }) ?? null,
        signal: stopping.signal,
      }),
    );
    runners.set(
      name,
      createSourceRunner({
        scope: { connection, source: name },
        source,
        ticks,
        store,
        settings,
        holder,
        logger,
        observer: options.observer ?? null,
        signal: stopping.signal,
      }),
    );
  }

  const retention = createChangeLogRetention(store, settings.changeLogRetentionMs, logger);
  const timers = new Set<NodeJS.Timeout>();
  let started: Promise<void> | null = null;

  const selected = (source?: CustomerSourceName): SourceRunner[] => {
    if (source === undefined) return [...runners.values()];
    const runner = runners.get(source);
    return runner ? [runner] : [];
  };

  /** A job of the runner, once the source's rows of an older mapping are rebuilt (where this instance holds the lease). */
  const runRebuilt = async (runner: SourceRunner, kind: RunKind): Promise<void> => {
    await rebuilds.get(runner.scope.source)?.run();
    await runner.run(kind);
  };

  function schedule(name: CustomerSourceName, runner: SourceRunner, delayMs: number): void {
    if (stopping.signal.aborted) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      void runRebuilt(runner, 'scheduled').finally(() => {
        // A follower asks for the lease more often than it would tick, to take over within the lease's length.
        const next = runner.isLeader() ? settings.intervalMs : Math.min(settings.intervalMs, Math.ceil(settings.leaseTtlMs / 2));
        schedule(name, runner, next);
      });
    }, delayMs);
    timer.unref();
    timers.add(timer);
  }

  async function begin(): Promise<void> {
    try {
      const erased = await eraseStaleRows(store, connections);
      if (erased > 0) logger?.info({ erased }, 'index: erased the rows of vendor accounts that are no longer configured');
    } catch (error) {
      logger?.warn({ err: error }, 'index: rows of former vendor accounts could not be erased');
    }
    for (const [name, runner] of runners) schedule(name, runner, 0);
    await retention.start();
  }

  const afterStart = async () => {
    if (started) await started;
  };

  return {
    indexed: { store, connections },
    start() {
      started ??= begin();
    },
    async whenLoaded(source) {
      await Promise.all(selected(source).map((runner) => runner.whenLoaded()));
    },
    async tickNow(source) {
      await afterStart();
      await Promise.all(selected(source).map((runner) => runRebuilt(runner, 'tick')));
    },
    async sweepNow(source) {
      await afterStart();
      await Promise.all(selected(source).map((runner) => runRebuilt(runner, 'sweep')));
    },
    async status() {
      return Promise.all(selected().map((runner) => runner.status()));
    },
    isLeader: (source) => runners.get(source)?.isLeader() ?? false,
    async stop() {
      stopping.abort();
      retention.stop();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await afterStart();
      await Promise.all([...rebuilds.values()].map((rebuild) => rebuild.settled()));
      await Promise.all(selected().map((runner) => runner.stop()));
    },
  };
}
