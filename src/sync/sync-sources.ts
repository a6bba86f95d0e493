// The adapters the sync engine reads with: the same vendors and HTTP pipeline (timeouts, retries with
// Retry-After, the breaker) as client requests, with a concurrency limit of their own, small: the sync
// never has more than `concurrency` calls in flight to a vendor, whatever client requests are doing, and
// its pace (vendor-calls.ts) bounds its calls per second.
import type { VendorHttpSettings } from '../sources/http/index.ts';
import { createSources, type SourceSettings, type Sources } from '../sources/index.ts';
import { DEFAULT_SYNC_CONCURRENCY, type SyncSettings } from './settings.ts';

export function createSyncSources(settings: SourceSettings, http: VendorHttpSettings, sync: SyncSettings): Sources {
  const concurrency = Math.max(1, Math.min(http.concurrency, sync.concurrency ?? DEFAULT_SYNC_CONCURRENCY));
  return createSources(settings, { ...http, concurrency });
}
