// The three sync jobs of a source and what each leaves in its SyncState: the initial load (LOADING
// until it completes, then SYNCED with loadedAt), a tick (newRecordsAsOf: its start), a sweep
// (verifiedAsOf: its start; or, refused by the deletion guard, a lastError kept until a sweep completes).
import type { IndexStore } from '../index/store.ts';
import type { SyncJobOutcome } from '../index/sync-state.ts';
import type { CheckpointValue } from '../index/types.ts';
import type { Logger } from '../observability/index.ts';
import { type JobContext, saveJobCheckpoint } from './job.ts';
import { humanDuration, projectedSweepMs } from './projection.ts';
import type { ResolvedSyncSettings } from './settings.ts';
import type { StateKeeper } from './state-keeper.ts';
import { refusalMessage, sweepSource } from './sweep.ts';
import type { TickStrategy } from './ticks/tick.ts';
import { walkWholeList } from './walk.ts';

const TICK_JOB = 'tick';

export interface JobsOptions {
  store: IndexStore;
  ticks: TickStrategy;
  settings: ResolvedSyncSettings;
  state: StateKeeper;
  log: Logger | null;
}

export interface Jobs {
  load(job: JobContext): Promise<void>;
  tick(job: JobContext): Promise<void>;
  sweep(job: JobContext): Promise<SyncJobOutcome>;
  /** Cleared when a lease is newly taken (the stored state says what the former leader found). */
  forgetRefusal(): void;
}

export function createJobs({ store, ticks, settings, state, log }: JobsOptions): Jobs {
  /** Kept until a sweep completes: a tick's success does not clear the report of refused deletions. */
  let sweepRefusal: string | null = null;
  const countRows = (job: JobContext) => store.count({ connections: [job.scope.connection], sources: [job.scope.source] });

  return {
    forgetRefusal() {
      sweepRefusal = null;
    },

    async load(job) {
      await state.update(job.lease, (current) => ({ ...current, phase: 'LOADING' }));
      log?.info('initial load: started (or resumed from its checkpoint)');
      const walk = await walkWholeList(job, 'load', (pages) => {
        if (pages % 100 === 0) log?.info({ pages }, 'initial load: in progress');
      });
      await saveJobCheckpoint(job, TICK_JOB, ticks.afterLoad(walk));
      const records = await countRows(job);
      const loadedAt = new Date().toISOString();
      const newRecordsAsOf = walk.startedAt.toISOString();
      await state.update(job.lease, () => ({ phase: 'SYNCED', records, loadedAt, newRecordsAsOf, verifiedAsOf: null, lastError: null }));
      const sweep = humanDuration(projectedSweepMs(job.scope.source, records, settings.callsPerSecond));
      log?.info(
        { records, pages: walk.pages, resumed: walk.resumed, vendorCalls: job.calls.made, projectedSweep: sweep },
        'initial load: completed',
      );
      await store.optimize();
    },

    async tick(job) {
      const startedAt = new Date().toISOString();
      const saved: CheckpointValue | null = await store.getCheckpoint(job.scope, TICK_JOB);
      await saveJobCheckpoint(job, TICK_JOB, await ticks.tick(job, saved));
      const records = await countRows(job);
      await state.update(job.lease, (current) => ({
        ...current,
        phase: 'SYNCED',
        records,
        newRecordsAsOf: later(current.newRecordsAsOf, startedAt),
        lastError: sweepRefusal,
      }));
    },

    async sweep(job) {
      const result = await sweepSource(job, settings.maxDeleteShare);
      const records = await countRows(job);
      if (result.refused) {
        sweepRefusal = refusalMessage(result.refused, settings.maxDeleteShare);
        log?.warn({ missing: result.refused.missing, records: result.refused.rows }, `full sweep: ${sweepRefusal}`);
        const lastError = sweepRefusal;
        await state.update(job.lease, (current) => ({ ...current, phase: 'SYNCED', records, lastError }));
        return 'refused';
      }
      sweepRefusal = null;
      const startedAt = result.walk.startedAt.toISOString();
      await state.update(job.lease, (current) => ({
        ...current,
        phase: 'SYNCED',
        records,
        newRecordsAsOf: later(current.newRecordsAsOf, startedAt),
        verifiedAsOf: startedAt,
        lastError: null,
      }));
      log?.info({ records, deleted: result.deleted, ...result.walk.counts, vendorCalls: job.calls.made }, 'full sweep: completed');
      return 'ok';
    },
  };
}

/** The later of two ISO times (null: none yet). */
function later(a: string | null, b: string): string {
  return a !== null && Date.parse(a) > Date.parse(b) ? a : b;
}
