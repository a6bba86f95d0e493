// CRM ticks: the export's `updatedSince` (crm-customers.txt), every page of changes since the latest
// change time seen before (inclusive: the last one comes again, unchanged, which costs nothing), so a
// change is never missed between two ticks. Deletions are not in the export: sweeps find them.
import { z } from 'zod';
import type { ChangeFeed, PageToken } from '../../sources/model/index.ts';
import { type JobContext, throwIfStopped, writeRecords } from '../job.ts';
import type { TickStrategy } from './tick.ts';

/** Clock skew allowed between this instance and the CRM when the first tick starts from our own clock. */
const SKEW_MARGIN_MS = 5 * 60_000;
/** A bound on one tick's pages (10 000 changes at the sandbox's page of 10); the next tick goes on. */
const MAX_PAGES = 1_000;

const state = z.object({ since: z.iso.datetime({ offset: true }) });

export function crmTicks(feed: ChangeFeed): TickStrategy {
  return {
    afterLoad: (load) => ({ since: new Date(load.startedAt.getTime() - SKEW_MARGIN_MS).toISOString() }),
    async tick(job: JobContext, saved) {
      const parsed = state.safeParse(saved);
      const since = parsed.success ? new Date(parsed.data.since) : new Date(Date.now() - SKEW_MARGIN_MS);
      let latest = since.getTime();
      let token: PageToken | null = null;
      for (let pages = 0; pages < MAX_PAGES; pages++) {
        throwIfStopped(job);
        const readStartedAt = new Date();
        const page = await job.calls.step((scope) => feed.changesSince(since, token, scope));
        await writeRecords(
          job,
          page.changes.map((change) => change.customer),
          { readStartedAt, seenAt: new Date() },
        );
        for (const change of page.changes) if (change.changedAt) latest = Math.max(latest, change.changedAt.getTime());
        if (page.next === null) break;
        token = page.next;
      }
      return { since: new Date(latest).toISOString() };
    },
  };
}
