// The whole list of a source, page by page through its own paging (AMELIA page numbers, PLATFORM
// JSON:API pages, CRM list cursors, KB Support keyset pages or — where the installation shows only its
// newest 20 — the walk down the ids below them by single reads), every page stored as it comes and the
// position checkpointed after it: a restart continues from the last page stored. The initial load and
// the full sweep are both this walk; they differ in what follows it.
import { z } from 'zod';
import type { JsonValue } from '../sources/model/index.ts';
import { emptyCounts, type JobContext, numericId, saveJobCheckpoint, throwIfStopped, type WriteCounts, writeRecords } from './job.ts';

const position = z.object({
  token: z.json(),
  startedAt: z.iso.datetime({ offset: true }),
  highestId: z.number().nullable(),
  pages: z.number().int().nonnegative(),
});
type WalkPosition = z.infer<typeof position>;

export interface WalkResult {
  /** When the walk began (its first page, not a resumed one): every record it saw was seen after this. */
  startedAt: Date;
  /** The highest numeric vendor id seen (null when the ids are not numbers). */
  highestId: number | null;
  pages: number;
  counts: WriteCounts;
  /** Whether it continued a walk an earlier run (or instance) had begun. */
  resumed: boolean;
}

/** Walks the source whole under checkpoint `name`, continuing a walk left unfinished. */
export async function walkWholeList(job: JobContext, name: string, onPage?: (pages: number) => void): Promise<WalkResult> {
  const saved = position.safeParse(await job.store.getCheckpoint(job.scope, name));
  const resumed = saved.success;
  let at: WalkPosition = saved.success ? saved.data : { token: null, startedAt: new Date().toISOString(), highestId: null, pages: 0 };
  if (!resumed) await saveJobCheckpoint(job, name, at);
  const counts = emptyCounts();
  for (;;) {
    throwIfStopped(job);
    const readStartedAt = new Date();
    const token = at.token as JsonValue;
    const page = await job.calls.step((scope) =>
      job.source.listPage({ filter: {}, token: at.pages === 0 ? null : token, sizeHint: job.pageSize }, scope),
    );
    await writeRecords(job, page.customers, { readStartedAt, seenAt: new Date() }, counts);
    let highestId = at.highestId;
    for (const customer of page.customers) {
      const id = numericId(customer);
      if (id !== null && (highestId === null || id > highestId)) highestId = id;
    }
    at = { token: page.next, startedAt: at.startedAt, highestId, pages: at.pages + 1 };
    onPage?.(at.pages);
    if (page.next === null) break;
    await saveJobCheckpoint(job, name, at);
  }
  // The walk is over: the next one starts from the beginning.
  await saveJobCheckpoint(job, name, null);
  return { startedAt: new Date(at.startedAt), highestId: at.highestId, pages: at.pages, counts, resumed };
}
