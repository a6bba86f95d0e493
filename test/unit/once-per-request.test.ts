import { describe, expect, it } from 'vitest';
import { oncePerRequest, runInRequestScope, type RequestScope } from '../../src/sources/request-scope.ts';

function scope(): RequestScope {
  const signal = new AbortController().signal;
  return { requestId: 'r', signal, readSignal: signal, deadlineAt: Date.now() + 1_000, vendorCalls: new Map(), vendorReads: new Map() };
}

describe('oncePerRequest', () => {
  it('loads once per request and source, and again in another request', async () => {
    let loads = 0;
    const load = async () => ++loads;
    const first = scope();
    await runInRequestScope(first, async () => {
      expect(await Promise.all([oncePerRequest('CRM', 'whole list', load), oncePerRequest('CRM', 'whole list', load)])).toEqual([1, 1]);
      expect(await oncePerRequest('KB_SUPPORT', 'whole list', load)).toBe(2);
    });
    await runInRequestScope(scope(), async () => expect(await oncePerRequest('CRM', 'whole list', load)).toBe(3));
    // Kept beside the vendor reads, so a write to the source forgets it with them (http.ts).
    expect([...first.vendorReads.keys()].every((key) => key.startsWith('CRM ') || key.startsWith('KB_SUPPORT '))).toBe(true);
  });

  it('forgets a failed load, and loads every time outside a request', async () => {
    let loads = 0;
    const failing = async () => {
      loads += 1;
      throw new Error('vendor down');
    };
    await runInRequestScope(scope(), async () => {
      await expect(oncePerRequest('CRM', 'whole list', failing)).rejects.toThrow('vendor down');
      await expect(oncePerRequest('CRM', 'whole list', failing)).rejects.toThrow('vendor down');
    });
    expect(loads).toBe(2);
    const load = async () => ++loads;
    expect([await oncePerRequest('CRM', 'x', load), await oncePerRequest('CRM', 'x', load)]).toEqual([3, 4]);
  });
});
