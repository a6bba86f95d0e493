// Gives every request an id (the client's X-Request-Id when it is sane, else a new one, returned in
// the response) and a time budget, and each of its operations a scope of its own (request-scope.ts)
// with a vendor-call budget; the context hands that scope to everything the operation does. Once the
// answer has gone out the request sends nothing more: reads still running (or started by work nobody
// awaits, such as sameAs lookups begun ahead) are cut off.
import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { createRequestScope, type RequestScope } from '../sources/request-scope.ts';

export interface RequestLimits {
  /** No answer waits longer (REQUEST_BUDGET_MS). */
  budgetMs: number;
  /** The most vendor calls one operation may make (MAX_VENDOR_CALLS); none when absent. */
  maxVendorCalls?: number;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
// One of each, made once: a DOMException captures a stack, which a request should not pay for.
const BUDGET_SPENT = new DOMException('request budget spent', 'TimeoutError');
const ANSWER_SENT = new DOMException('answer sent', 'AbortError');

/** What every operation of one HTTP request shares: its id, its deadline, its end. */
interface Lifetime {
  requestId: string;
  controller: AbortController;
  deadline: NodeJS.Timeout;
  deadlineAt: number;
  readSignal(): AbortSignal;
}

const lifetimes = new WeakMap<Request, Lifetime>();

function lifetimeOf(request: Request, budgetMs: number): Lifetime {
  let lifetime = lifetimes.get(request);
  if (!lifetime) {
    const given = request.headers.get('x-request-id');
    const controller = new AbortController();
    // request.signal aborts when the connection closes before the answer was sent (@whatwg-node/server).
    // Made on the first vendor read: an answer from the response cache needs none.
    let readSignal: AbortSignal | undefined;
    lifetime = {
      requestId: given && REQUEST_ID.test(given) ? given : randomUUID(),
      controller,
      // A timer cleared when the answer goes out (AbortSignal.timeout would fire for every request).
      deadline: setTimeout(() => controller.abort(BUDGET_SPENT), budgetMs).unref(),
      deadlineAt: Date.now() + budgetMs,
      readSignal: () => (readSignal ??= eitherAborts(controller.signal, request.signal)),
    };
    lifetimes.set(request, lifetime);
  }
  return lifetime;
}

/** A new scope for one operation of an incoming HTTP request. */
export function operationScope(request: Request, limits: RequestLimits): RequestScope {
  const lifetime = lifetimeOf(request, limits.budgetMs);
  return createRequestScope({
    requestId: lifetime.requestId,
    signal: lifetime.controller.signal,
    readSignal: lifetime.readSignal,
    deadlineAt: lifetime.deadlineAt,
    maxVendorCalls: limits.maxVendorCalls ?? null,
  });
}

/** A signal that aborts with the first of two (AbortSignal.any costs more on every listener added later). */
function eitherAborts(first: AbortSignal, second: AbortSignal): AbortSignal {
  if (first.aborted) return first;
  if (second.aborted) return second;
  const either = new AbortController();
  const follow = (signal: AbortSignal) => signal.addEventListener('abort', () => either.abort(signal.reason), { once: true });
  follow(first);
  follow(second);
  return either.signal;
}

export function useRequestScope(limits: RequestLimits): Plugin {
  return {
    onRequest({ request }) {
      lifetimeOf(request, limits.budgetMs);
    },
    onResponse({ request, response }) {
      const lifetime = lifetimeOf(request, limits.budgetMs);
      clearTimeout(lifetime.deadline);
      // Every operation of the request is answered: whatever still runs for it is abandoned.
      if (!lifetime.controller.signal.aborted) lifetime.controller.abort(ANSWER_SENT);
      response.headers.set('x-request-id', lifetime.requestId);
    },
  };
}
