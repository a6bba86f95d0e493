// Starts the sync engine in its own thread (worker.ts) and stands in for it in the process: its calls
// wait for slots of the process's vendor budgets (behind client calls, as the sync's own calls would),
// its jobs and vendor calls reach the process's metrics, its log lines the process's log.
import { Worker } from 'node:worker_threads';
import type { SyncObserver } from '../../index/sync-state.ts';
import type { Logger } from '../../observability/index.ts';
import type { VendorBudgets, VendorObserver } from '../../sources/http/index.ts';
import type { SourceSyncStatus } from '../status.ts';
import type { FromThread, SyncThreadData, ToThread } from './protocol.ts';

/** What the process needs of a sync engine running elsewhere. */
export interface SyncThread {
  start(): void;
  status(): Promise<SourceSyncStatus[]>;
  /** Lets the engine stop (its jobs end, its leases go, its store closes), then ends the thread. */
  stop(): Promise<void>;
}

export interface SyncThreadOptions {
  data: SyncThreadData;
  budgets: VendorBudgets;
  logger: Logger;
  observer?: SyncObserver;
  vendorObserver?: VendorObserver;
}

const STOP_WITHIN_MS = 30_000;
/**
 * The thread holds a page or two of records at a time: a small young generation and a bounded old
 * one keep its heap from growing with the pages it has read (V8 would otherwise collect lazily).
 */
const THREAD_HEAP = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 };

export function startSyncThread(options: SyncThreadOptions): SyncThread {
  const { logger } = options;
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { workerData: options.data, resourceLimits: THREAD_HEAP });
  const tell = (message: ToThread) => worker.postMessage(message);
  /** Slots held for the thread's calls, by its id: each let go when the call ends (or the thread does). */
  const held = new Map<number, () => void>();
  const statusAsked = new Map<number, (statuses: SourceSyncStatus[]) => void>();
  let nextStatus = 0;
  let stopped: () => void = () => {};
  const ended = new Promise<void>((resolve) => {
    stopped = resolve;
  });

  function grant(id: number, message: Extract<FromThread, { type: 'slot' }>): void {
    const gate = options.budgets.gateFor(message.source);
    const signal = AbortSignal.timeout(message.holdMs);
    void gate
      .run(
        () =>
          new Promise<void>((release) => {
            held.set(id, release);
            tell({ type: 'granted', id });
          }),
        'background',
        signal,
        message.holdMs,
      )
      .then((outcome) => {
        if (typeof outcome === 'symbol') tell({ type: 'refused', id });
      });
  }

  worker.on('message', (message: FromThread) => {
    switch (message.type) {
      case 'slot':
        return grant(message.id, message);
      case 'release':
        held.get(message.id)?.();
        held.delete(message.id);
        return;
      case 'job':
        return options.observer?.onJob(message.event);
      case 'call':
        return options.vendorObserver?.onCall(message.event);
      case 'breaker':
        return options.vendorObserver?.onBreakerChange?.(message.source, message.state);
      case 'notice':
        return options.vendorObserver?.onNotice?.(message.source, message.message);
      case 'log':
        return relog(logger, message.line);
      case 'status':
        statusAsked.get(message.id)?.(message.statuses);
        statusAsked.delete(message.id);
        return;
      case 'stopped':
        return stopped();
    }
  });
  worker.on('error', (err) => logger.error({ err }, 'sync thread: failed; the index is no longer kept fresh (restart the process)'));
  worker.on('exit', () => {
    for (const release of held.values()) release();
    held.clear();
    for (const answer of statusAsked.values()) answer([]);
    statusAsked.clear();
    stopped();
  });

  return {
    start: () => tell({ type: 'start' }),
    status() {
      nextStatus += 1;
      const id = nextStatus;
      return new Promise((resolve) => {
        statusAsked.set(id, resolve);
        tell({ type: 'status', id });
      });
    },
    async stop() {
      tell({ type: 'stop' });
      const late = setTimeout(() => void worker.terminate(), STOP_WITHIN_MS);
      await ended;
      clearTimeout(late);
      await worker.terminate();
    },
  };
}

/** A line the thread's pino wrote, said again by the process's logger (its level, bindings and message kept). */
function relog(logger: Logger, line: string): void {
  try {
    const { level, msg, time: _time, pid: _pid, hostname: _hostname, ...fields } = JSON.parse(line) as Record<string, unknown>;
    const label = typeof level === 'number' ? logger.levels.labels[level] : undefined;
    const method = label === 'trace' || label === 'debug' || label === 'warn' || label === 'error' || label === 'fatal' ? label : 'info';
    logger[method]({ thread: 'sync', ...fields }, typeof msg === 'string' ? msg : '');
  } catch {
    logger.info({ thread: 'sync' }, line.trim());
  }
}
