// Gives every request an id (the client's X-Request-Id when it is sane, else a new one, returned in
// the response) and a lifetime (request-lifetime.ts: its time budget, its end), and each of its
// operations a scope of its own (request-scope.ts) with a vendor-call budget; the context hands that
// scope to everything the operation does. Once a plain answer has gone out the request sends nothing
// more: reads still running (or started by work nobody awaits, such as sameAs lookups begun ahead) are
// cut off. A streamed answer lives until its stream ends, with a time budget per payload; a
// subscription's events are each answered as an operation of their own (a fresh scope: call budget,
// shared reads, warnings), a deferred query's parts share the one scope of their answer.
import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { type GatewayContext, renewScope } from '../context.ts';
import { createRequestScope, type RequestScope } from '../sources/request-scope.ts';
import { RequestLifetime } from './request-lifetime.ts';

export interface RequestLimits {
  /** No answer (a streamed answer: no payload) waits longer (REQUEST_BUDGET_MS). */
  budgetMs: number;
  /** The most vendor calls one operation (one subscription event) may make (MAX_VENDOR_CALLS); none when absent. */
  maxVendorCalls?: number;
}

const lifetimes = new WeakMap<Request, RequestLifetime>();

function lifetimeOf(request: Request, budgetMs: number): RequestLifetime {
  let lifetime = lifetimes.get(request);
  if (!lifetime) {
    lifetime = new RequestLifetime(request, budgetMs);
    lifetimes.set(request, lifetime);
  }
  return lifetime;
}

/** A new scope for one operation of an incoming HTTP request. */
export function operationScope(request: Request, limits: RequestLimits): RequestScope {
  const lifetime = lifetimeOf(request, limits.budgetMs);
  return createRequestScope({ requestId: lifetime.requestId, term: lifetime, maxVendorCalls: limits.maxVendorCalls ?? null });
}

type Results = AsyncIterableIterator<ExecutionResult>;

/**
 * The parts of a deferred or streamed answer (incremental-delivery.ts), as they pass: each one a
 * payload of the request's lifetime, which ends with the last. They share the operation's one scope.
 */
export function answerInParts(request: Request, results: AsyncIterable<ExecutionResult>): Results {
  const lifetime = lifetimes.get(request);
  if (!lifetime) return results[Symbol.asyncIterator]() as Results;
  lifetime.streams('parts');
  return throughLifetime(lifetime, results);
}

export function useRequestScope(limits: RequestLimits): Plugin<GatewayContext> {
  return {
    onRequest({ request }) {
      lifetimeOf(request, limits.budgetMs);
    },
    onSubscribe: () => ({
      onSubscribeResult({ args: { contextValue: context }, result, setResult }) {
        if (!isAsyncIterable(result)) return;
        const lifetime = lifetimeOf(context.request, limits.budgetMs);
        lifetime.streams('events');
        setResult(throughLifetime(lifetime, result, () => renewScope(context, operationScope(context.request, limits))));
      },
    }),
    onResponse({ request, response }) {
      const lifetime = lifetimeOf(request, limits.budgetMs);
      // A stream's calls live on: it ends with the stream (throughLifetime).
      if (!lifetime.streaming) lifetime.answered();
      response.headers.set('x-request-id', lifetime.requestId);
    },
  };
}

/**
 * `results` as they pass, telling `lifetime` of each payload and of the stream's end: its last result,
 * a failure, or the consumer giving up (yoga returns the iterator when the client goes away).
 * `nextEvent` runs when the next result is asked for, after the previous one has been sent.
 */
function throughLifetime(lifetime: RequestLifetime, results: AsyncIterable<ExecutionResult>, nextEvent?: () => void): Results {
  const iterator = results[Symbol.asyncIterator]();
  let asked = 0;
  const followedIterator: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => followedIterator,
    async next() {
      if (asked++ > 0) nextEvent?.();
      try {
        const step = await iterator.next();
        if (step.done) lifetime.end();
        else lifetime.payloadProduced();
        return step;
      } catch (error) {
        lifetime.end();
        throw error;
      }
    },
    async return(value?: unknown) {
      lifetime.end();
      return (await iterator.return?.(value)) ?? { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      lifetime.end();
      if (iterator.throw) return iterator.throw(error);
      throw error;
    },
  };
  return followedIterator;
}
