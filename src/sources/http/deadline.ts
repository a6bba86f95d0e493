// A call made once its request's deadline has passed (or, for a read, once its client has gone) fails
// at once with TIMEOUT, sending nothing and spending nothing.
import { setMaxListeners } from 'node:events';
import { SourceError } from '../errors.ts';
import type { CustomerSourceName } from '../names.ts';
import { type Settled, type Stage, signalFor } from './call.ts';

export function refuseAfterDeadline(source: CustomerSourceName, next: Stage<Settled>): Stage<Settled> {
  return (request, scope, trace) => {
    const signal = signalFor(request, scope);
    if (signal.aborted) return Promise.resolve({ error: new SourceError(source, 'TIMEOUT') });
    allowManyListeners(signal);
    return next(request, scope, trace);
  };
}

/**
 * Every call of a request listens to its one deadline signal (each attempt and the queue add a
 * listener): many parallel calls are expected, not a leak.
 */
const widened = new WeakSet<AbortSignal>();
function allowManyListeners(signal: AbortSignal): void {
  if (widened.has(signal)) return;
  widened.add(signal);
  setMaxListeners(0, signal);
}
