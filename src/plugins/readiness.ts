// GET /ready: whether this instance can serve — its own stores answer (the index a trivial query,
// Redis a PING) — and 503 while it drains. A vendor's health is not the instance's: one vendor down
// must not take every instance out of the load balancer (each answer names a failing source itself).
// GET /health: 200 while the process runs, with each source's state as its last probe found it
// (and the synced index's state of it): where vendor health is seen, beside `syncStatus` and metrics.
import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { type IndexedSources, readSyncState } from '../index/sync-state.ts';
import { liveSources, type Sources } from '../sources/index.ts';
import type { CustomerSourceName } from '../sources/model/index.ts';
import { createRequestScope } from '../sources/request-scope.ts';

const READY_PATH = '/ready';
const HEALTH_PATH = '/health';
const PROBE_TTL_MS = 5_000;
export const DEFAULT_PROBE_TIMEOUT_MS = 2_000;
/** /health is a liveness check: it waits this long for a running probe, then answers what it knows. */
const HEALTH_WAIT_MS = 500;

/** One of the instance's own stores: resolves when it can be used. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<unknown>;
}

export interface ReadinessOptions {
  /** True once the process is shutting down: /ready answers 503 so that no new traffic comes. */
  draining?: () => boolean;
  /** The stores to ask; none: ready unless draining. */
  checks?: readonly ReadinessCheck[];
  /** How long all checks together may take. */
  timeoutMs?: number;
}

/** The checks of the stores the gateway was given: the index answers a trivial query, a shared idempotency store a ping. */
export function storeChecks(stores: { index?: IndexedSources; idempotency?: { ping?: () => Promise<void> } }): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [];
  const { index, idempotency } = stores;
  if (index) checks.push({ name: 'index', check: () => index.store.appliedMigrations() });
  if (idempotency?.ping) {
    const ping = idempotency.ping.bind(idempotency);
    checks.push({ name: 'redis', check: ping });
  }
  return checks;
}

// Not yoga's useReadinessCheck: it matches every request's URL against a URLPattern, a cost each
// GraphQL request paid.
export function useReadiness(options: ReadinessOptions = {}): Plugin {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const checks = options.checks ?? [];
  const failingChecks = async (): Promise<string[]> => {
    const results = await Promise.allSettled(checks.map(({ check }) => withDeadline(Promise.resolve().then(check), timeoutMs)));
    return checks.filter((_, index) => results[index]?.status === 'rejected').map(({ name }) => name);
  };
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== READY_PATH) return;
      if (options.draining?.()) {
        endResponse(fetchAPI.Response.json({ ready: false, draining: true, failing: [] }, { status: 503 }));
        return;
      }
      return failingChecks().then((failing) =>
        endResponse(fetchAPI.Response.json({ ready: failing.length === 0, failing }, { status: failing.length === 0 ? 200 : 503 })),
      );
    },
  };
}

export type SourceState = 'UP' | 'DOWN' | 'UNKNOWN';

export interface HealthOptions {
  /** How long all vendor probes together may take. */
  probeTimeoutMs?: number;
  /** The synced index: each source's sync state is added from it. */
  index?: IndexedSources;
}

/** /health: always 200 while the process runs; `sources` says each configured source's state. */
export function useHealth(sources: Sources, options: HealthOptions = {}): Plugin {
  const timeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  let last: { at: number; done: Promise<void> } | null = null;
  const states = new Map<CustomerSourceName, { state: SourceState; checkedAt: string | null }>();
  const probeAll = async (): Promise<void> => {
    const live = liveSources(sources);
    // The probes' vendor calls run in a scope of their own, whose deadline cuts them off (http.ts).
    const signal = AbortSignal.timeout(timeoutMs);
    const scope = createRequestScope({
      requestId: `health-${randomUUID()}`,
      signal,
      deadlineAt: Date.now() + timeoutMs,
      shareReads: false,
    });
    const results = await Promise.allSettled(live.map((source) => withDeadline(source.probe(scope), timeoutMs)));
    const checkedAt = new Date().toISOString();
    live.forEach((source, index) => {
      states.set(source.source, { state: results[index]?.status === 'fulfilled' ? 'UP' : 'DOWN', checkedAt });
    });
  };
  const syncStateOf = async (source: CustomerSourceName): Promise<string | null> => {
    const connection = options.index?.connections[source];
    if (!options.index || connection === undefined) return null;
    try {
      return (await readSyncState(options.index.store, { connection, source }))?.phase ?? null;
    } catch {
      return null;
    }
  };
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== HEALTH_PATH) return;
      if (!last || Date.now() - last.at > PROBE_TTL_MS) last = { at: Date.now(), done: probeAll() };
      const probed = last.done;
      return Promise.race([probed, sleep(HEALTH_WAIT_MS)]).then(async () => {
        const details = await Promise.all(
          liveSources(sources).map(async ({ source }) => ({
            source,
            ...(states.get(source) ?? { state: 'UNKNOWN' as const, checkedAt: null }),
            sync: await syncStateOf(source),
          })),
        );
        endResponse(fetchAPI.Response.json({ status: 'ok', sources: details }, { status: 200 }));
      });
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Rejects when `work` has not settled within `ms`. */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
