// Gives every request an id (the client's X-Request-Id when it is sane, else a new one, returned in
// the response), a time budget and a vendor-call budget, and runs its execution inside that scope
// (see request-scope.ts). Once the answer has gone out, the request sends nothing more: reads still
// running (or started by work nobody awaits, such as sameAs lookups begun ahead) are cut off.
import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import { runInRequestScope, type RequestScope } from '../sources/request-scope.ts';

export interface RequestLimits {
  /** No answer waits longer (REQUEST_BUDGET_MS). */
  budgetMs: number;
  /** The most vendor calls one request may make (MAX_VENDOR_CALLS); none when absent. */
  maxVendorCalls?: number;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface OwnScope extends RequestScope {
  deadline: NodeJS.Timeout;
  controller: AbortController;
}

const scopes = new WeakMap<Request, OwnScope>();

/** The scope of an incoming HTTP request (made on first use). */
export function requestScopeOf(request: Request, limits: RequestLimits): RequestScope {
  let scope = scopes.get(request);
  if (!scope) {
    const given = request.headers.get('x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    const { budgetMs } = limits;
    // A timer cleared when the answer goes out (AbortSignal.timeout would fire for every request).
    const controller = new AbortController();
    const deadline = setTimeout(() => controller.abort(new DOMException('request budget spent', 'TimeoutError')), budgetMs).unref();
    // request.signal aborts when the connection closes before the answer was sent (@whatwg-node/server).
    // Made on the first vendor read: an answer from the response cache needs none.
    let readSignal: AbortSignal | undefined;
    scope = {
      requestId,
      signal: controller.signal,
      get readSignal() {
        return (readSignal ??= eitherAborts(controller.signal, request.signal));
      },
      deadlineAt: Date.now() + budgetMs,
      vendorCalls: new Map(),
      vendorReads: new Map(),
      ...(limits.maxVendorCalls === undefined ? {} : { maxVendorCalls: limits.maxVendorCalls }),
      deadline,
      controller,
    };
    scopes.set(request, scope);
  }
  return scope;
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

export function useRequestScope(limits: RequestLimits): Plugin<GatewayContext> {
  return {
    onRequest({ request }) {
      requestScopeOf(request, limits);
    },
    onExecute({ args, executeFn, setExecuteFn }) {
      const scope = args.contextValue.scope;
      setExecuteFn((executeArgs) => runInRequestScope(scope, () => executeFn(executeArgs)));
    },
    onResponse({ request, response }) {
      const scope = scopes.get(request);
      if (scope) {
        clearTimeout(scope.deadline);
        // Every operation of the request is answered: whatever still runs for it is abandoned.
        if (!scope.controller.signal.aborted) scope.controller.abort(new DOMException('answer sent', 'AbortError'));
      }
      response.headers.set('x-request-id', scope?.requestId ?? requestScopeOf(request, limits).requestId);
    },
  };
}
