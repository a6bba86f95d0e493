// A vendor record as the index takes it: the write with its content hash, the mapping version, when
// the read that produced it began (older reads cannot overwrite it) and when it was received.

import type { Customer } from '../sources/model/index.ts';
import { contentHashOf } from './content-hash.ts';
import type { ConnectionId, CustomerWrite, LeaseToken } from './types.ts';

/**
 * The version of the vendor → unified mapping the rows were made with. Raised when a mapping fix
 * changes what a stored raw record becomes, so that rows can be rebuilt from their raw records.
 */
export const MAPPING_VERSION = 1;

export interface ReadTimes {
  /** When the read (or the gateway's write) began. */
  readStartedAt: Date;
  /** When the record was received. */
  seenAt: Date;
}

export function customerWrite(connection: ConnectionId, customer: Customer, times: ReadTimes, lease?: LeaseToken): CustomerWrite {
  return {
    connection,
    customer,
    mappingVersion: MAPPING_VERSION,
    contentHash: contentHashOf(customer),
    readStartedAt: times.readStartedAt,
    seenAt: times.seenAt,
    ...(lease ? { lease } : {}),
  };
}
