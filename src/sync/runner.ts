// One source's sync under the scope's lease, in two lanes: the main one (the initial load, then ticks)
// and the sweep's, so that a sweep that takes hours (a large KB Support read one customer at a time)
// does not hold the ticks up. A failure is the state's FAILING and lastError, never a crash; the next
// tick tries again.
import type { IndexStore } from '../index/store.ts';
import type { SyncJobKind, SyncJobOutcome, SyncObserver } from '../index/sync-state.ts';
import { readSyncState } from '../index/sync-state.ts';
import type { LeaseToken, SyncScope } from '../index/types.ts';
import type { Logger } from '../observability/index.ts';
import { SourceError } from '../sources/errors.ts';
import type { CustomerSource } from '../sources/model/index.ts';
import { type JobContext, StoppedError } from './job.ts';
import { createJobs } from './jobs.ts';
import { createLeaseKeeper, FencedError } from './lease-keeper.ts';
import type { ResolvedSyncSettings } from './settings.ts';
import { createStateKeeper } from './state-keeper.ts';
import { type SourceSyncStatus, toStatus } from './status.ts';
import type { TickStrategy } from './ticks/tick.ts';
import { createVendorCalls } from './vendor-calls.ts';

export type RunKind = 'scheduled' | 'tick' | 'sweep';

export interface SourceRunner {
  readonly scope: SyncScope;
  /** Runs a job after the one running in its lane; never rejects. */
  run(kind: RunKind): Promise<void>;
  whenLoaded(): Promise<void>;
  isLeader(): boolean;
  status(): Promise<SourceSyncStatus>;
  stop(): Promise<void>;
}

export interface RunnerOptions {
  scope: SyncScope;
  source: CustomerSource;
  ticks: TickStrategy;
  store: IndexStore;
  settings: ResolvedSyncSettings;
  holder: string;
  logger: Logger | null;
  observer: SyncObserver | null;
  signal: AbortSignal;
}

export function createSourceRunner(options: RunnerOptions): SourceRunner {
  const { scope, store, settings, signal } = options;
  const log = options.logger?.child({ sync: scope.source }) ?? null;
  const keeper = createLeaseKeeper(store, scope, options.holder, settings.leaseTtlMs, (err) =>
    log?.warn({ err }, 'sync lease heartbeat failed'),
  );
  const state = createStateKeeper(store, scope);
  const jobs = createJobs({ store, ticks: options.ticks, settings, state, log });
  let resolveLoaded: () => void = () => undefined;
  const loaded = new Promise<void>((resolve) => {
    resolveLoaded = resolve;
  });
  const lanes = { main: Promise.resolve(), sweep: Promise.resolve() };
  let sweeping = false;
  /** The epoch of the lease this instance last held: a new one means another instance may have synced meanwhile. */
  let heldEpoch: number | null = null;

  function observe(kind: SyncJobKind, outcome: SyncJobOutcome, began: number, calls: number): void {
    try {
      const durationMs = performance.now() - began;
      options.observer?.onJob({
        source: scope.source,
        job: kind,
        outcome,
        durationMs,
        records: state.current().records,
        vendorCalls: calls,
      });
    } catch {
      // Metrics never disturb a job.
    }
  }

  /** The lease for a job; null when another instance holds it (whose stored state then tells whether the source is loaded). */
  async function claim(): Promise<LeaseToken | null> {
    try {
      const lease = await keeper.claim();
      if (!lease) {
        heldEpoch = null;
        if ((await readSyncState(store, scope))?.loadedAt) resolveLoaded();
        return null;
      }
      if (lease.epoch !== heldEpoch) {
        await state.reload();
        jobs.forgetRefusal();
        heldEpoch = lease.epoch;
      }
      return lease;
    } catch (error) {
      log?.warn({ err: error }, 'sync lease or state could not be read from the index');
      return null;
    }
  }

  const jobWith = (lease: LeaseToken): JobContext => ({
    scope,
    source: options.source,
    store,
    lease,
    calls: createVendorCalls(scope.source, settings.callsPerSecond, signal),
    pageSize: settings.pageSize,
    signal,
    logsChanges: true,
  });

  /** Runs one job, observed; its failure recorded. */
  async function attempt(kind: SyncJobKind, job: JobContext, work: () => Promise<SyncJobOutcome | undefined>): Promise<boolean> {
    const began = performance.now();
    const callsBefore = job.calls.made;
    try {
      observe(kind, (await work()) ?? 'ok', began, job.calls.made - callsBefore);
      return true;
    } catch (error) {
      // Stopping cuts the job's calls off: that is no failure of the source.
      if (error instanceof StoppedError || signal.aborted) return false;
      if (error instanceof FencedError) {
        keeper.lost();
        heldEpoch = null;
        log?.info(`${kind}: ${error.message}; this instance syncs ${scope.source} again only once the lease is free`);
        return false;
      }
      const lastError = describeFailure(kind, error);
      log?.warn({ err: error instanceof SourceError ? undefined : error }, `sync ${kind} failed: ${lastError}`);
      observe(kind, 'failed', began, job.calls.made - callsBefore);
      // A failed first load stays LOADING (the index holds part of the source); later failures are FAILING.
      await state
        .update(job.lease, (current) => ({ ...current, phase: current.loadedAt === null ? 'LOADING' : 'FAILING', lastError }))
        .catch((err: unknown) => {
          if (!(err instanceof FencedError)) log?.warn({ err }, 'sync state could not be saved');
        });
      return false;
    }
  }

  function sweepDue(): boolean {
    const { verifiedAsOf, loadedAt } = state.current();
    const since = verifiedAsOf ?? loadedAt;
    return since !== null && Date.now() - Date.parse(since) >= settings.fullEveryMs;
  }

  async function mainLane(kind: 'scheduled' | 'tick'): Promise<void> {
    if (signal.aborted) return;
    const lease = await claim();
    if (!lease) return;
    const job = jobWith(lease);
    const load = { ...job, logsChanges: false };
    if (state.current().loadedAt === null && !(await attempt('load', load, () => jobs.load(load).then(() => undefined)))) return;
    resolveLoaded();
    await attempt('tick', job, () => jobs.tick(job).then(() => undefined));
    if (kind === 'scheduled' && !sweeping && sweepDue()) void run('sweep');
  }

  async function sweepLane(): Promise<void> {
    if (signal.aborted) return;
    // The load comes first, in the main lane.
    if (state.current().loadedAt === null) await run('tick');
    const lease = await claim();
    if (!lease || state.current().loadedAt === null) return;
    const job = jobWith(lease);
    sweeping = true;
    try {
      await attempt('sweep', job, () => jobs.sweep(job));
    } finally {
      sweeping = false;
    }
  }

  function run(kind: RunKind): Promise<void> {
    const lane = kind === 'sweep' ? 'sweep' : 'main';
    const work = () => (kind === 'sweep' ? sweepLane() : mainLane(kind));
    const next = lanes[lane].then(work).catch((err: unknown) => log?.error({ err }, 'sync job failed unexpectedly'));
    lanes[lane] = next;
    return next;
  }

  return {
    scope,
    run,
    whenLoaded: () => loaded,
    isLeader: () => keeper.held() !== null,
    async status() {
      return toStatus(scope, await readSyncState(store, scope));
    },
    async stop() {
      await Promise.all([lanes.main, lanes.sweep]);
      await keeper.release().catch((err: unknown) => log?.warn({ err }, 'sync lease could not be released'));
    },
  };
}

/** For people: what failed and why, without a vendor body or a credential. */
function describeFailure(kind: SyncJobKind, error: unknown): string {
  const what = kind === 'load' ? 'initial load' : kind === 'sweep' ? 'full sweep' : 'tick';
  return `${what}: ${error instanceof Error ? error.message : String(error)}`;
}
