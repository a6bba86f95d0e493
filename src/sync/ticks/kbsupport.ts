// KB Support ticks: the newest-first list (the 20 highest ids where the installation is as observed,
// the first keyset page where it pages as documented), plus single reads of the ids between the highest
// id known before and the lowest one the list showed: more than 20 customers can arrive between ticks.
// Edits and deletions below the list are the sweep's.
import { z } from 'zod';
import { SourceError } from '../../sources/errors.ts';
import type { Customer } from '../../sources/model/index.ts';
import { type JobContext, numericId, throwIfStopped, writeRecords } from '../job.ts';
import type { TickStrategy } from './tick.ts';

/** Single reads per step (they run in parallel under the vendor's concurrency limit). */
const IDS_PER_STEP = 10;
/** Ids filled in per tick at most; a larger gap is filled over the following ticks, lowest first. */
const MAX_GAP_PER_TICK = 2_000;

const state = z.object({ highestId: z.number().int().nonnegative().nullable() });

export function kbSupportTicks(): TickStrategy {
  return {
    afterLoad: (load) => ({ highestId: load.highestId }),
    async tick(job: JobContext, saved) {
      const parsed = state.safeParse(saved);
      const known = parsed.success ? parsed.data.highestId : null;
      const readStartedAt = new Date();
      const page = await job.calls.step((scope) => job.source.listPage({ filter: {}, token: null, sizeHint: job.pageSize }, scope));
      await writeRecords(job, page.customers, { readStartedAt, seenAt: new Date() });
      const ids = page.customers.map(numericId).filter((id): id is number => id !== null);
      if (ids.length === 0) return { highestId: known };
      const highestListed = Math.max(...ids);
      const lowestListed = Math.min(...ids);
      if (known === null || lowestListed <= known + 1) return { highestId: Math.max(known ?? 0, highestListed) };
      // Ids above the known ones that the list no longer shows.
      const until = Math.min(lowestListed - 1, known + MAX_GAP_PER_TICK);
      for (let from = known + 1; from <= until; from += IDS_PER_STEP) {
        throwIfStopped(job);
        const batch = Array.from({ length: Math.min(IDS_PER_STEP, until - from + 1) }, (_, index) => String(from + index));
        const started = new Date();
        const found = await job.calls.step((scope) => job.source.getByIds(batch, scope));
        const failure = found.find((entry) => entry instanceof SourceError);
        if (failure) throw failure;
        await writeRecords(
          job,
          found.filter((entry): entry is Customer => entry !== null && !(entry instanceof SourceError)),
          { readStartedAt: started, seenAt: new Date() },
        );
      }
      return { highestId: until === lowestListed - 1 ? highestListed : until };
    },
  };
}
