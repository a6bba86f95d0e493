// One budget per vendor, drawn from by every call made to it — client requests and the index's sync,
// through every HTTP client of the vendor: calls in flight at once and calls per second. Client calls
// take a free slot first; background calls (the sync) take what they leave, and never more than
// `backgroundConcurrency` slots. With several instances, `shared` (Redis) holds the slots and the
// per-second tokens, so the vendor sees one budget whatever the number of instances.

import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import PQueue from 'p-queue';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { CustomerSourceName } from '../names.ts';

export interface VendorBudgetSettings {
  /** Calls in flight to the vendor at once. */
  concurrency: number;
  /** Calls started per second; 0: no limit. */
  callsPerSecond: number;
  /** Of the slots, what background calls may hold at once. */
  backgroundConcurrency: number;
}

export type CallPriority = 'client' | 'background';

/** Where instances meet to share a vendor's budget (stores/redis-vendor-budget.ts). */
export interface SharedVendorBudget {
  /** A slot of `limit` across instances, held until `release` (or `holdMs` at most, should the instance die). */
  acquireSlot(source: CustomerSourceName, limit: number, holdMs: number, signal: AbortSignal): Promise<() => void>;
  /** One of `perSecond` tokens: 0, or the ms to wait when none is left this second; null while the instances cannot meet (count locally). */
  takeToken(source: CustomerSourceName, perSecond: number): Promise<number | null>;
}

/** The call never went: its signal aborted while it waited for the budget. */
export const NOT_SENT = Symbol('not sent');

export interface VendorGate {
  readonly settings: VendorBudgetSettings;
  /** Runs `call` when the budget allows it (the answer of `call`), or NOT_SENT when `signal` aborts first. */
  run<T>(call: () => Promise<T>, priority: CallPriority, signal: AbortSignal, holdMs: number): Promise<T | typeof NOT_SENT>;
}

const PRIORITY: Record<CallPriority, number> = { client: 1, background: 0 };

export function createVendorGate(
  source: CustomerSourceName,
  settings: VendorBudgetSettings,
  shared: SharedVendorBudget | null,
): VendorGate {
  const queue = new PQueue({ concurrency: settings.concurrency });
  const background = pLimit(Math.max(1, Math.min(settings.backgroundConcurrency, settings.concurrency)));
  const tokens = new RateLimiterMemory({ points: Math.max(1, settings.callsPerSecond), duration: 1 });

  /** Waits until a call may start this second; false when the signal aborted meanwhile. */
  async function awaitToken(signal: AbortSignal): Promise<boolean> {
    if (settings.callsPerSecond <= 0) return !signal.aborted;
    for (;;) {
      if (signal.aborted) return false;
      const waitMs = (shared ? await shared.takeToken(source, settings.callsPerSecond) : null) ?? (await tokenWait(tokens, source));
      if (waitMs <= 0) return true;
      await sleep(waitMs, undefined, { signal }).catch(() => undefined);
    }
  }

  async function inSlot<T>(call: () => Promise<T>, signal: AbortSignal, holdMs: number): Promise<T | typeof NOT_SENT> {
    if (!(await awaitToken(signal))) return NOT_SENT;
    if (!shared) return call();
    const release = await shared.acquireSlot(source, settings.concurrency, holdMs, signal).catch(() => null);
    if (!release) return NOT_SENT;
    try {
      return await call();
    } finally {
      release();
    }
  }

  function queued<T>(call: () => Promise<T>, priority: CallPriority, signal: AbortSignal, holdMs: number): Promise<T | typeof NOT_SENT> {
    if (signal.aborted) return Promise.resolve(NOT_SENT);
    // Unwaited: a free slot with nobody ahead starts the call within microtasks.
    if (queue.pending < settings.concurrency && queue.size === 0 && settings.callsPerSecond <= 0 && !shared) {
      return queue.add(call, { priority: PRIORITY[priority] });
    }
    // The queue's own `signal` option would free the slot of a running call; this one only stops a wait.
    return new Promise((resolve, reject) => {
      let over = false;
      const onAbort = () => {
        if (over) return;
        over = true;
        resolve(NOT_SENT);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      queue
        .add(
          () => {
            signal.removeEventListener('abort', onAbort);
            if (over) return Promise.resolve();
            over = true;
            return inSlot(call, signal, holdMs).then(resolve, reject);
          },
          { priority: PRIORITY[priority] },
        )
        .catch(reject);
    });
  }

  return {
    settings,
    run: (call, priority, signal, holdMs) =>
      priority === 'background' ? background(() => queued(call, priority, signal, holdMs)) : queued(call, priority, signal, holdMs),
  };
}

/** The ms to wait before `limiter` gives `key` a token (0: taken now); what is not a refusal is thrown. */
export async function tokenWait(limiter: RateLimiterAbstract, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) return Math.max(1, refusal.msBeforeNext);
    throw refusal;
  }
}

/** Every vendor's gate, made once per vendor whatever the number of its HTTP clients. */
export interface VendorBudgets {
  gateFor(source: CustomerSourceName): VendorGate;
}

export function createVendorBudgets(
  settingsFor: (source: CustomerSourceName) => VendorBudgetSettings,
  shared: SharedVendorBudget | null = null,
): VendorBudgets {
  const gates = new Map<CustomerSourceName, VendorGate>();
  return {
    gateFor(source) {
      let gate = gates.get(source);
      if (!gate) {
        gate = createVendorGate(source, settingsFor(source), shared);
        gates.set(source, gate);
      }
      return gate;
    },
  };
}
