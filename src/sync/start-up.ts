// The start-up line about the sync: its settings, and each source's projected full sweep at its pace
// (from the records the index already holds; after the first load for a new index).

import type { SyncEngine } from './engine.ts';
import { humanDuration, projectedSweepCalls, projectedSweepMs } from './projection.ts';
import { resolveSyncSettings, type SyncSettings } from './settings.ts';

export async function describeSync(engine: Pick<SyncEngine, 'status'>, settings: SyncSettings, where: string): Promise<string> {
  const resolved = resolveSyncSettings(settings);
  const statuses = await engine.status().catch(() => []);
  const sweeps = statuses.map(({ source, records }) => {
    if (records === 0) return `${source}: projected after its first load`;
    const ms = projectedSweepMs(source, records, resolved.callsPerSecond);
    const late = ms > resolved.fullEveryMs ? ' (longer than SYNC_FULL_EVERY_MS: sweeps run back to back)' : '';
    return `${source}: ${records} records ≈ ${projectedSweepCalls(source, records)} calls ≈ ${humanDuration(ms)}${late}`;
  });
  return (
    `Synced index: ${where}; ticks every ${humanDuration(resolved.intervalMs)} (SYNC_INTERVAL_MS), full sweeps every ` +
    `${humanDuration(resolved.fullEveryMs)} (SYNC_FULL_EVERY_MS), deletions refused above ${resolved.maxDeleteShare * 100} % of a source ` +
    `(SYNC_MAX_DELETE_SHARE), ${resolved.callsPerSecond} vendor calls/s per source (SYNC_CALLS_PER_SECOND). Projected full sweep: ` +
    `${sweeps.length > 0 ? sweeps.join('; ') : 'no source configured'}`
  );
}
