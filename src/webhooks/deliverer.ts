// Every instance runs a deliverer. It holds the leases of the webhooks it delivers (renewed every
// third of their length; another instance takes over a lease that ran out) and runs one loop per
// webhook: read the webhook's next events from its position in the change log (as a subscription
// reads them), POST each in order, and move on only once the receiver acknowledged it (2xx). A failed
// event is retried with backoff, the later ones waiting behind it, until it is acknowledged or the
// change log's retention purges it (the webhook is then EXPIRED). Loops wait on the process's doorbell.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import type { CursorSeal } from '../connections/cursor-seal.ts';
import { type IndexedSources, keptScopes } from '../index/sync-state.ts';
import type { SyncScope } from '../index/types.ts';
import type { StoredWebhook } from '../index/webhooks.ts';
import type { ChangeFeed } from '../live/change-feed.ts';
import { followedScopes, type LogEvent, positionsFrom, readChanges, stillKept } from '../live/change-reading.ts';
import { eventIdOf } from '../live/event-ids.ts';
import type { Logger, WebhookObserver } from '../observability/index.ts';
import { filterOfStored } from './filter.ts';
import { createPoster } from './post.ts';
import { signedHeaders } from './signing.ts';
import type { UrlPolicy } from './url-policy.ts';

/** Retries of a failed event: the first after `firstMs`, each later one twice as late, up to `capMs`; each less up to a half, at random. */
export interface RetrySchedule {
  firstMs: number;
  capMs: number;
}

export const RETRY_SCHEDULE: RetrySchedule = { firstMs: 1_000, capMs: 10 * 60_000 };
const LEASE_MS = 30_000;
const POST_TIMEOUT_MS = 10_000;
/** POSTs in flight at once from one instance, across its webhooks. */
const CONCURRENCY = 16;

export interface WebhookDeliverySettings {
  retry?: RetrySchedule;
  leaseMs?: number;
  timeoutMs?: number;
  observer?: WebhookObserver;
  logger?: Logger;
}

export interface WebhookDelivererDeps extends WebhookDeliverySettings {
  index: IndexedSources;
  feed: ChangeFeed;
  seal: CursorSeal;
  policy: UrlPolicy;
  /** The body POSTed for an event: a thin event, no personal data. */
  bodyOf(event: LogEvent, eventId: string, webhookId: string): Record<string, unknown>;
}

export interface WebhookDeliverer {
  start(): void;
  /** Looks for webhooks to deliver now (one was registered). */
  wake(): void;
  /** Stops delivering a webhook at once (it was deleted). */
  forget(id: string): void;
  stop(): Promise<void>;
}

export function retryDelay(schedule: RetrySchedule, attempts: number): number {
  const full = Math.min(schedule.capMs, schedule.firstMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(full * (1 - Math.random() / 2));
}

export function createWebhookDeliverer(deps: WebhookDelivererDeps): WebhookDeliverer {
  const { index, feed, seal } = deps;
  const store = index.store.webhooks;
  const holder = `deliverer-${randomUUID()}`;
  const leaseMs = deps.leaseMs ?? LEASE_MS;
  const retry = deps.retry ?? RETRY_SCHEDULE;
  const poster = createPoster(deps.policy, deps.timeoutMs ?? POST_TIMEOUT_MS);
  const limit = pLimit(CONCURRENCY);
  const running = new Map<string, { stop: AbortController; done: Promise<void>; failing: boolean }>();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let claiming: Promise<void> | null = null;

  const report = () => deps.observer?.onHeld(running.size, [...running.values()].filter((worker) => worker.failing).length);

  const claim = async () => {
    try {
      const held = await store.claim(holder, leaseMs);
      if (stopped) return;
      const ids = new Set(held.map((webhook) => webhook.id));
      for (const [id, worker] of running) if (!ids.has(id)) worker.stop.abort();
      for (const webhook of held) if (!running.has(webhook.id)) begin(webhook);
      report();
    } catch (error) {
      deps.logger?.warn({ err: error }, 'webhooks: leases could not be claimed (tried again later)');
    }
  };
  const claimNow = () => {
    claiming ??= claim().finally(() => {
      claiming = null;
    });
    return claiming;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void claimNow().finally(schedule), Math.max(50, Math.floor(leaseMs / 3)));
    timer.unref();
  };

  const begin = (webhook: StoredWebhook) => {
    const stop = new AbortController();
    const worker = { stop, failing: webhook.status === 'FAILING', done: Promise.resolve() };
    worker.done = deliver(webhook, stop.signal, (failing) => {
      worker.failing = failing;
      report();
    })
      .catch((error: unknown) => {
        if (!stop.signal.aborted)
          deps.logger?.warn({ err: error, webhook: webhook.id }, 'webhooks: delivery stopped (resumed at the next claim)');
      })
      .finally(() => {
        if (running.get(webhook.id) === worker) running.delete(webhook.id);
        report();
      });
    running.set(webhook.id, worker);
  };

  /** One webhook's loop, until its lease is lost, it is deleted or expires, or the deliverer stops. */
  async function deliver(webhook: StoredWebhook, signal: AbortSignal, failing: (is: boolean) => void): Promise<void> {
    const filter = filterOfStored(webhook.filter);
    const scopes = followedScopes(keptScopes(index), filter);
    // A source configured since the webhook was made is followed from now on.
    const positions = await positionsFrom(index, scopes, webhook.positions);
    const started = scopes.some((scope) => webhook.positions[scope.connection] === undefined);
    if (started && !(await store.advance(holder, webhook.id, positions))) return;
    let attempts = webhook.attempts;
    let retryAt = webhook.nextAttemptAt?.getTime() ?? 0;
    if (await purged(scopes, positions)) return expire(webhook.id);
    while (!signal.aborted) {
      const rung = feed.rung();
      if (retryAt > Date.now()) {
        await sleep(retryAt - Date.now(), undefined, { signal, ref: false }).catch(() => undefined);
        if (attempts > 0 && !signal.aborted && (await purged(scopes, positions))) return expire(webhook.id);
        continue;
      }
      const read = await readChanges(feed, scopes, positions, filter);
      let waiting = false;
      for (const event of read.events) {
        const outcome = await send(webhook, event, attempts, signal);
        if (outcome === 'lost') return;
        if (outcome.failed) {
          attempts += 1;
          retryAt = outcome.retryAt;
          waiting = true;
          break;
        }
        attempts = 0;
        retryAt = 0;
        Object.assign(positions, event.positions);
      }
      failing(waiting);
      if (waiting) continue;
      if (read.passed === 0) {
        await feed.next(rung, signal);
        continue;
      }
      if (scopes.some((scope) => read.positions[scope.connection] !== positions[scope.connection])) {
        Object.assign(positions, read.positions);
        if (!(await store.advance(holder, webhook.id, positions))) return;
      }
    }
  }

  async function send(
    webhook: StoredWebhook,
    event: LogEvent,
    attempts: number,
    signal: AbortSignal,
  ): Promise<'lost' | { failed: false } | { failed: true; retryAt: number }> {
    const eventId = eventIdOf(event.positions, seal);
    if (signal.aborted || !(await store.beginAttempt(holder, webhook.id, eventId))) return 'lost';
    const body = JSON.stringify(deps.bodyOf(event, eventId, webhook.id));
    const startedAt = performance.now();
    const outcome = await limit(() => poster.post(webhook.url, signedHeaders(webhook.secret, eventId, body, new Date()), body, signal));
    if (signal.aborted) return 'lost';
    const durationMs = performance.now() - startedAt;
    if (outcome.error === null && outcome.status !== null) {
      deps.observer?.onDelivery('delivered', durationMs);
      const kept = await store.endAttempt(holder, webhook.id, eventId, {
        outcome: 'DELIVERED',
        status: outcome.status,
        positions: event.positions,
      });
      return kept ? { failed: false } : 'lost';
    }
    deps.observer?.onDelivery('failed', durationMs);
    deps.logger?.info(
      { webhook: webhook.id, status: outcome.status, error: outcome.error, attempts: attempts + 1 },
      'webhooks: a delivery failed (retried)',
    );
    const retryAt = Date.now() + retryDelay(retry, attempts + 1);
    const error = outcome.error ?? 'NOT_2XX';
    const kept = await store.endAttempt(holder, webhook.id, eventId, {
      outcome: 'FAILING',
      status: outcome.status,
      error,
      retryAt: new Date(retryAt),
    });
    return kept ? { failed: true, retryAt } : 'lost';
  }

  async function purged(scopes: readonly SyncScope[], positions: Record<string, number>): Promise<boolean> {
    for (const scope of scopes) if ((await stillKept(index, scope, positions[scope.connection] ?? 0)) === false) return true;
    return false;
  }

  async function expire(id: string): Promise<void> {
    if (!(await store.expire(holder, id))) return;
    deps.observer?.onDelivery('expired', null);
    deps.logger?.warn({ webhook: id }, 'webhooks: a webhook expired (its position left the change log: CHANGE_LOG_RETENTION)');
  }

  return {
    start() {
      void claimNow().finally(schedule);
    },
    wake: () => void claimNow(),
    forget(id) {
      running.get(id)?.stop.abort();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await claiming;
      for (const worker of running.values()) worker.stop.abort();
      await Promise.all([...running.values()].map((worker) => worker.done));
      await store.release(holder).catch(() => undefined);
      await poster.close();
    },
  };
}
