// How long a full sweep of a source takes at the sync's pace, said at start-up: the calls its paging
// needs for the records it holds (page sizes as the vendors serve them by default; KB Support counted
// as observed installations answer, one single read per customer), divided by the calls per second.
import type { CustomerSourceName } from '../sources/model/index.ts';

/** Records per call of a whole-list walk. */
const RECORDS_PER_CALL: Record<CustomerSourceName, number> = {
  // The site's "items per page" setting, 10 unless changed.
  AMELIA: 10,
  // Observed installations: the newest 20 in one list, then one read per id below them.
  KB_SUPPORT: 1,
  // JSON:API pages of 100.
  PLATFORM: 100,
  // The list's own page size (10 at the sandbox; the document names none).
  CRM: 10,
};

export function projectedSweepCalls(source: CustomerSourceName, records: number): number {
  return Math.max(1, Math.ceil(records / RECORDS_PER_CALL[source]));
}

export function projectedSweepMs(source: CustomerSourceName, records: number, callsPerSecond: number): number {
  return (projectedSweepCalls(source, records) / callsPerSecond) * 1000;
}

/** `1 h 5 min`, `3 min`, `12 s`. */
export function humanDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}
