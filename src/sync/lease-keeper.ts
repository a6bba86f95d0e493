// One sync leader per scope: the lease is claimed before each job (taken when free or expired, renewed
// when ours), renewed by a heartbeat at a third of its length while held, and let go on stop. A write
// or checkpoint refused as `fenced` means another instance took over: the job ends (FencedError).
import type { IndexStore } from '../index/store.ts';
import type { LeaseToken, SyncScope } from '../index/types.ts';

export class FencedError extends Error {
  constructor(scope: SyncScope) {
    super(`the sync lease of ${scope.source} was taken over by another instance`);
    this.name = 'FencedError';
  }
}

export interface LeaseKeeper {
  /** The lease, taken or renewed now; null while another holder's runs. */
  claim(): Promise<LeaseToken | null>;
  held(): LeaseToken | null;
  /** A write was fenced: the lease is no longer ours. */
  lost(): void;
  release(): Promise<void>;
}

export function createLeaseKeeper(
  store: IndexStore,
  scope: SyncScope,
  holder: string,
  ttlMs: number,
  onError: (error: unknown) => void,
): LeaseKeeper {
  let lease: LeaseToken | null = null;
  let heartbeat: NodeJS.Timeout | null = null;

  const stopHeartbeat = () => {
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
  };
  const beat = async () => {
    if (!lease) return;
    try {
      const renewed = await store.renewLease(lease, ttlMs);
      if (!renewed) {
        lease = null;
        stopHeartbeat();
      }
    } catch (error) {
      onError(error);
    }
  };

  return {
    async claim() {
      const taken = await store.acquireLease(scope, holder, ttlMs);
      lease = taken ? { connection: taken.connection, source: taken.source, holder: taken.holder, epoch: taken.epoch } : null;
      if (lease && !heartbeat) {
        heartbeat = setInterval(() => void beat(), Math.max(50, Math.floor(ttlMs / 3)));
        heartbeat.unref();
      }
      if (!lease) stopHeartbeat();
      return lease;
    },
    held: () => lease,
    lost() {
      lease = null;
      stopHeartbeat();
    },
    async release() {
      stopHeartbeat();
      const letGo = lease;
      lease = null;
      if (letGo) await store.releaseLease(letGo);
    },
  };
}
