// After a mapping fix (MAPPING_VERSION raised, index/customer-write.ts), a source's rows made with an
// older mapping are rebuilt from the raw records they store — no vendor read, no resync. Before the
// source's jobs, by the instance that holds its lease (another one rebuilds once it takes the lease
// over), in batches with a yield between them. A raw record the vendor's guard no longer takes leaves
// its row as it is: the next sweep reads the record again. A row written meanwhile keeps that write.
import { setImmediate as yieldToOthers } from 'node:timers/promises';
import { contentHashOf } from '../index/content-hash.ts';
import { MAPPING_VERSION } from '../index/customer-write.ts';
import type { IndexStore } from '../index/store.ts';
import type { CustomerRemap, LeaseToken, RemapOutcome, StoredRawRecord, SyncScope } from '../index/types.ts';
import type { Logger } from '../observability/index.ts';
import type { Customer, CustomerSource, CustomerSourceName } from '../sources/model/index.ts';
import type { VendorCalls } from './vendor-calls.ts';

/**
 * Rows per batch (one read, one transaction). SQLite holds the event loop for a whole transaction, and
 * a row whose search text changes costs its FTS5 index about 2 ms (0.06 ms when it does not): 100
 * keeps each stall under half a second.
 */
export const REMAP_BATCH = 100;

export interface MappingRebuildOptions {
  scope: SyncScope;
  source: CustomerSource;
  store: IndexStore;
  holder: string;
  leaseTtlMs: number;
  /** The scope a WordPress site's time zone is read with, when it is not configured (the only call a rebuild may make). */
  calls: VendorCalls;
  log: Logger | null;
  signal: AbortSignal;
}

export interface MappingRebuild {
  /**
   * Rebuilds the scope's rows below MAPPING_VERSION when this instance holds (or takes) the lease; once
   * done, resolves at once. Never rejects: a failure is logged and tried again at the next call.
   */
  run(): Promise<void>;
  /** Resolves when a run under way ended (the engine's stop). */
  settled(): Promise<void>;
}

export interface RemapCounts {
  /** Rows replaced, brought to MAPPING_VERSION. */
  rebuilt: number;
  /** Of them, those whose content changed (a new version each; the others kept theirs). */
  changed: number;
  /** Raw records the vendor's guard no longer takes (or that map to another record): rows left for the sweep. */
  unparsable: number;
  /** Rows written by a read or write while the rebuild ran: left as that wrote them. */
  superseded: number;
}

export function createMappingRebuild(options: MappingRebuildOptions): MappingRebuild {
  let done = false;
  let running: Promise<void> | null = null;

  async function attempt(): Promise<void> {
    const { store, scope, log } = options;
    let lease: LeaseToken | null = null;
    try {
      const taken = await store.acquireLease(scope, options.holder, options.leaseTtlMs);
      // Another instance holds the source: it rebuilds (or this one does once it takes the lease over).
      if (!taken) return;
      lease = { connection: taken.connection, source: taken.source, holder: taken.holder, epoch: taken.epoch };
      const began = performance.now();
      const counts = await rebuildRows(options, lease);
      if (counts === null) return;
      done = true;
      if (counts.rebuilt + counts.unparsable + counts.superseded === 0) return;
      const line = { mappingVersion: MAPPING_VERSION, ...counts, durationMs: Math.round(performance.now() - began) };
      if (counts.unparsable > 0) {
        log?.warn(
          line,
          'index: rows rebuilt from their stored raw records; the raw records that no longer parse are left to the next sweep',
        );
      } else {
        log?.info(line, 'index: rows rebuilt from their stored raw records');
      }
    } catch (error) {
      log?.warn({ err: error }, 'index: rows of an older mapping could not be rebuilt; tried again before the next job');
    } finally {
      // Stopped midway: the lease goes now rather than at its expiry (the runner lets go of its own likewise).
      if (lease && options.signal.aborted) await store.releaseLease(lease).catch(() => undefined);
    }
  }

  return {
    run() {
      if (done || options.signal.aborted) return Promise.resolve();
      running ??= attempt().finally(() => {
        running = null;
      });
      return running;
    },
    settled: () => running ?? Promise.resolve(),
  };
}

/** Every row below MAPPING_VERSION, batch by batch; null when stopped or fenced before the end. */
async function rebuildRows(options: MappingRebuildOptions, lease: LeaseToken): Promise<RemapCounts | null> {
  const { store, scope, signal } = options;
  const counts: RemapCounts = { rebuilt: 0, changed: 0, unparsable: 0, superseded: 0 };
  let after: string | null = null;
  for (;;) {
    if (signal.aborted) return null;
    const rows = await store.rowsMappedBefore(scope, MAPPING_VERSION, after, REMAP_BATCH);
    const last = rows.at(-1);
    if (!last) return counts;
    after = last.key.vendorId;
    const remaps = await options.calls.step(async (call) => {
      const mapped = await Promise.all(
        rows.map(async (row) => {
          // A mapping that throws on a record is a record it no longer takes.
          const customer = await options.source.customerFromStored(row.raw, call).catch(() => null);
          return remapOf(options.source.source, row, customer, lease);
        }),
      );
      return mapped.filter((remap): remap is CustomerRemap => remap !== null);
    });
    counts.unparsable += rows.length - remaps.length;
    const outcomes = remaps.length === 0 ? [] : await store.remap(remaps);
    if (outcomes.includes('fenced')) {
      options.log?.info('index: the lease was taken over during the rebuild of older rows; its holder rebuilds the rest');
      return null;
    }
    count(counts, outcomes);
    // The lease outlasts a long rebuild; and the process serves requests between batches.
    if (!(await store.renewLease(lease, options.leaseTtlMs))) return null;
    await yieldToOthers();
  }
}

/** The row's replacement; null when its raw record no longer maps, or maps to another record than the row's. */
function remapOf(source: CustomerSourceName, row: StoredRawRecord, customer: Customer | null, lease: LeaseToken): CustomerRemap | null {
  if (customer === null || customer.source !== source || customer.sourceId !== row.key.vendorId) return null;
  return {
    connection: row.key.connection,
    customer,
    mappingVersion: MAPPING_VERSION,
    contentHash: contentHashOf(customer),
    readStartedAt: row.readStartedAt,
    previousMappingVersion: row.mappingVersion,
    lease,
  };
}

function count(counts: RemapCounts, outcomes: readonly RemapOutcome[]): void {
  for (const outcome of outcomes) {
    if (outcome === 'changed' || outcome === 'unchanged') counts.rebuilt += 1;
    if (outcome === 'changed') counts.changed += 1;
    if (outcome === 'stale') counts.superseded += 1;
  }
}
