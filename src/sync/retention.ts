// Change-log retention (CHANGE_LOG_RETENTION): tombstones — the ids and time of a deleted record, kept
// so that an older read cannot bring it back and a client following changes learns of the deletion —
// the change log's entries and the webhooks' deliveries are purged once older than the retention: at the engine's start, then
// every day (or every tenth of the retention, when that is shorter), on every instance (a purge is one
// idempotent DELETE each).
import type { IndexStore } from '../index/store.ts';
import type { Logger } from '../observability/index.ts';

const DAY_MS = 24 * 60 * 60_000;

export interface ChangeLogRetention {
  /** Purges now, then on a timer until `stop`; resolves when the first purge is done (never rejects). */
  start(): Promise<void>;
  stop(): void;
}

export function createChangeLogRetention(store: IndexStore, retentionMs: number, logger: Logger | null): ChangeLogRetention {
  const everyMs = Math.max(1, Math.min(DAY_MS, Math.floor(retentionMs / 10)));
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const purge = async (): Promise<void> => {
    try {
      const before = new Date(Date.now() - retentionMs);
      const purged = await store.purgeTombstones(before);
      const entries = await store.purgeChanges(before);
      const deliveries = await store.webhooks.purgeDeliveries(before);
      if (purged + entries + deliveries > 0)
        logger?.info(
          { purged, entries, deliveries, retentionMs },
          'index: purged tombstones, change log entries and webhook deliveries older than CHANGE_LOG_RETENTION',
        );
    } catch (error) {
      logger?.warn({ err: error }, 'index: tombstones or change log entries could not be purged (tried again later)');
    }
  };
  const next = (): void => {
    if (stopped) return;
    timer = setTimeout(() => void purge().finally(next), everyMs);
    timer.unref();
  };
  return {
    async start() {
      await purge();
      next();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
