// A full sweep: the whole list walked again (walk.ts), then the rows it did not see deleted — only
// rows last seen before the sweep began (a record the gateway wrote meanwhile is seen later), and only
// when they are few: a sweep that would delete more than `maxDeleteShare` of the source's rows deletes
// nothing and says so (one record is always allowed), since a revoked role or a truncated list looks
// exactly like a mass deletion.
import type { JobContext } from './job.ts';
import { FencedError } from './lease-keeper.ts';
import { type WalkResult, walkWholeList } from './walk.ts';

export interface SweepResult {
  walk: WalkResult;
  deleted: number;
  /** Set when the guard kept the rows: what would have been deleted, of how many. */
  refused: { missing: number; rows: number } | null;
}

export async function sweepSource(job: JobContext, maxDeleteShare: number): Promise<SweepResult> {
  const walk = await walkWholeList(job, 'sweep');
  const missing = await job.store.vendorIdsSeenBefore(job.scope, walk.startedAt);
  const rows = await job.store.count({ connections: [job.scope.connection], sources: [job.scope.source] });
  // One record a sweep is always allowed: on a site of 30 customers, 2 % would refuse every deletion.
  if (missing.length > Math.max(1, maxDeleteShare * rows)) {
    return { walk, deleted: 0, refused: { missing: missing.length, rows } };
  }
  let deleted = 0;
  for (const vendorId of missing) {
    const outcome = await job.store.delete({ key: { ...job.scope, vendorId }, readStartedAt: walk.startedAt, lease: job.lease });
    if (outcome === 'fenced') throw new FencedError(job.scope);
    if (outcome === 'deleted') deleted += 1;
  }
  return { walk, deleted, refused: null };
}

export function refusalMessage(refused: { missing: number; rows: number }, maxDeleteShare: number): string {
  const share = ((refused.missing / Math.max(1, refused.rows)) * 100).toFixed(1);
  return (
    `the last full sweep did not see ${refused.missing} of ${refused.rows} indexed records (${share} %, more than ` +
    `SYNC_MAX_DELETE_SHARE ${maxDeleteShare * 100} %): nothing was deleted. Check the vendor account's permissions and ` +
    'list; if the records were really deleted, raise SYNC_MAX_DELETE_SHARE for one sweep'
  );
}
