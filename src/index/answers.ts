// What the query path and the gateway's own writes hand the index: a record the gateway itself read or
// wrote, stored under the time its read or write began (so an older sync read cannot overwrite it).
import type { Customer, CustomerSourceName } from '../sources/model/index.ts';
import { customerWrite } from './customer-write.ts';
import type { IndexedSources } from './sync-state.ts';
import type { ChangeOrigin, CustomerWrite, RowKey } from './types.ts';

/**
 * The write that stores `customer` as read (or written) by an operation that began at `startedAt` (the
 * sync's own mapping version); the change log says who changed it: the vendor (a read), or the gateway.
 */
export function gatewayWriteOf(connection: string, customer: Customer, startedAt: Date, origin: ChangeOrigin = 'VENDOR'): CustomerWrite {
  return { ...customerWrite(connection, customer, { readStartedAt: startedAt, seenAt: new Date() }), origin };
}

/** The row of a source's record in the index, or null when the source is not kept there. */
export function indexKeyOf(index: IndexedSources | undefined, source: CustomerSourceName, vendorId: string): RowKey | null {
  const connection = index?.connections[source];
  return connection === undefined ? null : { connection, source, vendorId };
}

/**
 * Stores what the gateway just read (origin VENDOR) or wrote (GATEWAY_WRITE) of sources kept in the
 * index; records of other sources are skipped. A refused write (`stale`: a later read was stored first) is no failure.
 */
export async function storeGatewayReads(
  index: IndexedSources | undefined,
  customers: readonly Customer[],
  startedAt: Date,
  origin: ChangeOrigin = 'VENDOR',
): Promise<void> {
  if (!index) return;
  const writes = customers.flatMap((customer) => {
    const connection = index.connections[customer.source];
    return connection === undefined ? [] : [gatewayWriteOf(connection, customer, startedAt, origin)];
  });
  if (writes.length > 0) await index.store.upsert(writes);
}

/** Erases a record the gateway deleted (or found gone), unless the index holds a newer read of it. */
export async function deleteGatewayRecord(
  index: IndexedSources | undefined,
  source: CustomerSourceName,
  vendorId: string,
  startedAt: Date,
  origin: ChangeOrigin = 'VENDOR',
): Promise<void> {
  const key = indexKeyOf(index, source, vendorId);
  if (index && key) await index.store.delete({ key, readStartedAt: startedAt, origin });
}
