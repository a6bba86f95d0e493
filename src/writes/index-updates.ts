// Read-your-writes: what a write leaves at the vendor goes into the synced index before the mutation
// answers, stamped with the write's start (a sync read that began earlier cannot overwrite it).
import { deleteGatewayRecord, storeGatewayReads } from '../index/answers.ts';
import type { Customer, CustomerSourceName } from '../sources/model/index.ts';
import type { WriteContext } from './write-context.ts';

/**
 * The vendor has the write: the index only follows. If the index cannot take it, the mutation still
 * succeeded (its answer says so) and the next sync brings the index up to date.
 */
async function intoIndex(ctx: WriteContext, update: () => Promise<void>): Promise<void> {
  if (!ctx.index) return;
  try {
    await update();
    ctx.changes?.ring();
  } catch {
    // Nothing to tell the client: its write is done, and the index catches up at the next sync.
  }
}

/** Stores the records as the vendor answered them after a write that began at `startedAt`. */
export function indexWritten(ctx: WriteContext, customers: readonly Customer[], startedAt: Date): Promise<void> {
  return intoIndex(ctx, () => storeGatewayReads(ctx.index, customers, startedAt, 'GATEWAY_WRITE'));
}

/** Erases the row of a record a write that began at `startedAt` deleted. */
export function indexDeleted(ctx: WriteContext, source: CustomerSourceName, vendorId: string, startedAt: Date): Promise<void> {
  return intoIndex(ctx, () => deleteGatewayRecord(ctx.index, source, vendorId, startedAt, 'GATEWAY_WRITE'));
}
