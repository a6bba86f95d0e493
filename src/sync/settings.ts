// How often the sync engine asks each vendor what changed, and how carefully it deletes. The defaults
// and their reasons are the README's (section "The synced index"); config.ts reads them from SYNC_*.

export interface SyncSettings {
  /** SYNC_INTERVAL_MS: a tick (the cheap "what is new") per source this often. */
  intervalMs: number;
  /** SYNC_FULL_EVERY_MS: a full sweep (edits ticks miss, deletions) per source this often at least. */
  fullEveryMs: number;
  /** SYNC_MAX_DELETE_SHARE: a sweep that would delete more than this share of a source deletes nothing. */
  maxDeleteShare: number;
  /** How long a sync lease runs without a heartbeat: another instance takes over after it. */
  leaseTtlMs?: number;
  /** SYNC_CALLS_PER_SECOND: vendor calls a source's sync makes per second at most (pages and single reads). */
  callsPerSecond?: number;
  /** Records asked for per list page (a hint: each vendor pages as it can). */
  pageSize?: number;
  /** CHANGE_LOG_RETENTION: tombstones older than this are purged (retention.ts). */
  changeLogRetentionMs?: number;
}

/**
 * 30 s: a tick costs one or two calls per source (a count, the newest list, the CRM export), so a
 * change made at a vendor shows within half a minute for 4–8 calls a minute.
 */
export const DEFAULT_SYNC_INTERVAL_MS = 30_000;
/**
 * 24 h: a sweep reads every record; a KB Support installation that only answers single reads costs one
 * call per customer, hours at the default pace for 100,000. Deletions (and Amelia edits that do not move
 * its total) show within a day; set it lower for small sites.
 */
export const DEFAULT_SYNC_FULL_EVERY_MS = 24 * 60 * 60_000;
/** 2 %: a revoked role or a truncated list must not wipe the index; real deletions are a trickle. */
export const DEFAULT_SYNC_MAX_DELETE_SHARE = 0.02;
/** 30 s: a stalled leader is replaced within half a minute; the heartbeat renews at a third of it. */
export const DEFAULT_LEASE_TTL_MS = 30_000;
/** 5 calls a second per source: a small WordPress site serves that beside its visitors. */
export const DEFAULT_SYNC_CALLS_PER_SECOND = 5;
/** SYNC_CONCURRENCY, 2 in flight: of a vendor's budget, what the sync may hold (sources/budgets.ts); a KB Support walk of single reads never sends a burst. */
export const DEFAULT_SYNC_CONCURRENCY = 2;
export const DEFAULT_SYNC_PAGE_SIZE = 100;
/**
 * 30 days: a tombstone holds ids and a time, no personal data; a client that follows changes may be
 * away for weeks and still learn of a deletion; and it far outlives the slowest read it guards against
 * (a sweep: hours), so an older read never brings a deleted record back.
 */
export const DEFAULT_CHANGE_LOG_RETENTION_DAYS = 30;
export const DEFAULT_CHANGE_LOG_RETENTION_MS = DEFAULT_CHANGE_LOG_RETENTION_DAYS * 24 * 60 * 60_000;

export type ResolvedSyncSettings = Required<SyncSettings>;

export function resolveSyncSettings(settings: SyncSettings): ResolvedSyncSettings {
  return {
    leaseTtlMs: DEFAULT_LEASE_TTL_MS,
    callsPerSecond: DEFAULT_SYNC_CALLS_PER_SECOND,
    pageSize: DEFAULT_SYNC_PAGE_SIZE,
    changeLogRetentionMs: DEFAULT_CHANGE_LOG_RETENTION_MS,
    ...settings,
  };
}
