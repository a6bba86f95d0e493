// The sync engine in a thread of its own: its vendor reads, their JSON and mapping, and its writes to
// the index (SQLite holds a thread for a whole transaction) take another core than the one answering
// requests. Each vendor call waits for a slot of the process's budget for that vendor (host.ts), so
// client requests and the sync still share one budget per vendor.
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { openIndexStore } from '../../index/open.ts';
import { createVendorBudgets, type SharedVendorBudget } from '../../sources/http/index.ts';
import { createSources } from '../../sources/index.ts';
import { createSyncEngine } from '../engine.ts';
import { lowerThisThreadsPriority, SYNC_THREAD_NICE } from './priority.ts';
import type { FromThread, SyncThreadData, ToThread } from './protocol.ts';

const port = parentPort;
if (!port) throw new Error('worker.ts runs as the sync thread (host.ts starts it)');
const data = workerData as SyncThreadData;
const say = (message: FromThread) => port.postMessage(message);

/** Slots asked of the process's budgets, by id: resolved when granted, rejected when refused. */
const asked = new Map<number, { granted: () => void; refused: () => void }>();
let nextId = 0;
const processBudget: SharedVendorBudget = {
  acquireSlot(source, _limit, holdMs) {
    nextId += 1;
    const id = nextId;
    return new Promise((resolve, reject) => {
      asked.set(id, {
        granted: () => resolve(() => say({ type: 'release', id })),
        refused: () => reject(new Error('no slot before the deadline')),
      });
      say({ type: 'slot', id, source, holdMs });
    });
  },
  // The process takes the token with the slot.
  takeToken: async () => 0,
};

// Log lines go to the process, which writes them as its own (format, redaction, destination).
const log = pino({ level: data.logLevel }, { write: (line: string) => say({ type: 'log', line }) });
if (lowerThisThreadsPriority()) log.info(`the sync thread runs at nice ${SYNC_THREAD_NICE}: requests get the CPU first`);
const store = await openIndexStore(data.index);
if (!store) throw new Error('the sync thread needs an index');
const budgets = createVendorBudgets(
  () => ({ concurrency: data.backgroundConcurrency, callsPerSecond: 0, backgroundConcurrency: data.backgroundConcurrency }),
  processBudget,
);
const sources = createSources(data.settings, {
  ...data.http,
  budgets,
  observer: {
    onCall: (event) => say({ type: 'call', event }),
    onBreakerChange: (source, state) => say({ type: 'breaker', source, state }),
    onNotice: (source, message) => say({ type: 'notice', source, message }),
  },
});
const engine = createSyncEngine({
  store,
  sources,
  settings: data.settings,
  sync: data.sync,
  logger: log,
  observer: { onJob: (event) => say({ type: 'job', event }) },
});

port.on('message', (message: ToThread) => {
  switch (message.type) {
    case 'granted':
    case 'refused': {
      const slot = asked.get(message.id);
      asked.delete(message.id);
      slot?.[message.type]();
      return;
    }
    case 'status':
      void engine.status().then(
        (statuses) => say({ type: 'status', id: message.id, statuses }),
        () => say({ type: 'status', id: message.id, statuses: [] }),
      );
      return;
    case 'start':
      engine.start();
      return;
    case 'stop':
      void engine
        .stop()
        .finally(() => store.close())
        .finally(() => {
          say({ type: 'stopped' });
          port.close();
        });
      return;
  }
});
