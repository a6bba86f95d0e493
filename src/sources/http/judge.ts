// What the last attempt of a call means: for the adapter, the answer it reads or the error it gets
// (a write that may have reached the vendor becomes WriteOutcomeUnknownError); for the breaker, what
// it says about the vendor's health.

import { SourceError, WriteOutcomeUnknownError } from '../errors.ts';
import type { CustomerSourceName } from '../names.ts';
import type { Judged } from './breaker.ts';
import { type Attempt, type CallTrace, isWrite, type Settled, type Stage } from './call.ts';

export function judgeAttempt(source: CustomerSourceName, next: Stage<Attempt>): Stage<Judged<Settled>> {
  return async (request, scope, trace) => judge(source, await next(request, scope, trace), isWrite(request), trace);
}

function judge(source: CustomerSourceName, result: Attempt, write: boolean, trace: CallTrace): Judged<Settled> {
  const unknownIfWrite = (error: SourceError) => (write ? new WriteOutcomeUnknownError(source) : error);
  if ('failure' in result) {
    switch (result.failure) {
      case 'cut-off': {
        // Our own deadline cut the call off. It says nothing about the vendor, unless an attempt of
        // this call had already failed for the vendor's own reasons (a hanging vendor whose retry
        // the deadline ends must still count). A write may have reached the vendor by then.
        const verdict = trace.vendorTrouble ? 'unwell' : 'neutral';
        return { verdict, outcome: { error: write ? new WriteOutcomeUnknownError(source) : new SourceError(source, 'TIMEOUT') } };
      }
      case 'connect-timeout':
        return { verdict: 'unwell', outcome: { error: new SourceError(source, 'TIMEOUT') } };
      case 'timeout':
        return { verdict: 'unwell', outcome: { error: unknownIfWrite(new SourceError(source, 'TIMEOUT')) } };
      case 'never-connected':
        return { verdict: 'unwell', outcome: { error: new SourceError(source, 'UNREACHABLE') } };
      case 'connection':
        return { verdict: 'unwell', outcome: { error: unknownIfWrite(new SourceError(source, 'UNREACHABLE')) } };
      case 'ours':
        return { verdict: 'neutral', outcome: { error: result.error } };
    }
  }
  const { status, headers, text } = result;
  if (status === 401 || status === 403) return { verdict: 'healthy', outcome: { error: new SourceError(source, 'AUTH_REJECTED', status) } };
  if (status === 429) return { verdict: 'healthy', outcome: { error: new SourceError(source, 'RATE_LIMITED', status) } };
  if (status >= 500) return { verdict: 'unwell', outcome: { error: unknownIfWrite(new SourceError(source, 'VENDOR_ERROR', status)) } };
  if (status >= 400) return { verdict: 'healthy', outcome: { response: { status, headers, body: parseErrorBody(text) } } };
  if (text.trim() === '') return { verdict: 'healthy', outcome: { response: { status, headers, body: undefined } } };
  try {
    return { verdict: 'healthy', outcome: { response: { status, headers, body: JSON.parse(text) as unknown } } };
  } catch {
    return { verdict: 'unwell', outcome: { error: unknownIfWrite(new SourceError(source, 'BAD_RESPONSE')) } };
  }
}

/** An error answer may be HTML (a WordPress 404 page); the adapter then sees `undefined`. */
function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
