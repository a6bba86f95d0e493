// AMELIA and PLATFORM ticks: the list's total (Amelia's `totalCount`, JSON:API `meta.page.total`,
// both on the first page) is a one-call change signal. When it moved, the newest records are read: both
// lists keep creation order, newest last, so pages are read from the last one back until a page starts
// with a record the index knows. Edits that leave the total alone are the sweep's.
import { z } from 'zod';
import type { PageToken } from '../../sources/model/index.ts';
import { type JobContext, throwIfStopped, writeRecords } from '../job.ts';
import type { TickStrategy } from './tick.ts';

/** Pages read back per tick at most; more new records than that are the sweep's. */
const MAX_PAGES_BACK = 50;

const state = z.object({ total: z.number().int().nonnegative().nullable() });

/** `tokenFor`: the adapter's token of page `number` (1-based) of `size` records. */
export function newestPagesTicks(tokenFor: (number: number, size: number) => PageToken): TickStrategy {
  return {
    afterLoad: () => ({ total: null }),
    async tick(job: JobContext, saved) {
      const parsed = state.safeParse(saved);
      const before = parsed.success ? parsed.data.total : null;
      const readStartedAt = new Date();
      const first = await job.calls.step((scope) => job.source.listPage({ filter: {}, token: null, sizeHint: job.pageSize }, scope));
      await writeRecords(job, first.customers, { readStartedAt, seenAt: new Date() });
      const total = first.total ?? null;
      const size = first.customers.length;
      if (total === null || total === before || size === 0 || total <= size) return { total };
      const lastPage = Math.ceil(total / size);
      for (let number = lastPage; number >= 2 && number > lastPage - MAX_PAGES_BACK; number--) {
        throwIfStopped(job);
        const started = new Date();
        const page = await job.calls.step((scope) =>
          job.source.listPage({ filter: {}, token: tokenFor(number, size), sizeHint: job.pageSize }, scope),
        );
        const known = await job.store.get(page.customers.map((customer) => ({ ...job.scope, vendorId: customer.sourceId })));
        await writeRecords(job, page.customers, { readStartedAt: started, seenAt: new Date() });
        // Its oldest record was known already: so are the pages before it.
        if (known.length === 0 || known[0] !== null) break;
      }
      return { total };
    },
  };
}
