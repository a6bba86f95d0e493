import { describe, expect, it } from 'vitest';
import { createRequestScope, type RequestScope, readOnce, standaloneScope } from '../../src/sources/request-scope.ts';

function scope(): RequestScope {
  return createRequestScope({ requestId: 'r', signal: new AbortController().signal, deadlineAt: Date.now() + 1_000 });
}

describe('readOnce', () => {
  it('loads once per scope and source, and again in another scope', async () => {
    let loads = 0;
    const load = async () => ++loads;
    const first = scope();
    expect(await Promise.all([readOnce(first, 'CRM', '#whole list', load), readOnce(first, 'CRM', '#whole list', load)])).toEqual([1, 1]);
    expect(await readOnce(first, 'KB_SUPPORT', '#whole list', load)).toBe(2);
    expect(await readOnce(scope(), 'CRM', '#whole list', load)).toBe(3);
    // Kept beside the vendor reads, so a write to the source forgets it with them (http.ts).
    expect([...(first.vendorReads?.keys() ?? [])].every((key) => key.startsWith('CRM ') || key.startsWith('KB_SUPPORT '))).toBe(true);
  });

  it('forgets a failed load, and loads every time in a scope that shares no reads', async () => {
    let loads = 0;
    const failing = async () => {
      loads += 1;
      throw new Error('vendor down');
    };
    const one = scope();
    await expect(readOnce(one, 'CRM', '#whole list', failing)).rejects.toThrow('vendor down');
    await expect(readOnce(one, 'CRM', '#whole list', failing)).rejects.toThrow('vendor down');
    expect(loads).toBe(2);
    const load = async () => ++loads;
    const alone = standaloneScope('probe');
    expect([await readOnce(alone, 'CRM', 'x', load), await readOnce(alone, 'CRM', 'x', load)]).toEqual([3, 4]);
  });
});
