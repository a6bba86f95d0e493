// What the synced index keeps and answers: its rows, the writes it takes, the questions it answers,
// and the coordination records (leases, checkpoints) the sync engine keeps beside them.
import type { Customer, CustomerSourceName, EmailMatch, JsonValue } from '../sources/model/index.ts';

/**
 * A configured vendor account: one per vendor today (`AMELIA`, …), so that several sites or
 * organizations of one vendor can be followed later without a migration.
 */
export type ConnectionId = string;

/** What one sync job works on: a connection's records of one source. */
export interface SyncScope {
  connection: ConnectionId;
  source: CustomerSourceName;
}

/** A row's identity: the connection, the source and the vendor's own id. */
export interface RowKey extends SyncScope {
  vendorId: string;
}

/** The folded keys a page is ordered by, as stored (see sort-key.ts). */
export interface StoredSortKeys {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
}

export interface IndexedCustomer {
  key: RowKey;
  /** The unified record, its `sourceRecord` the vendor's record as received. */
  customer: Customer;
  mappingVersion: number;
  contentHash: string;
  /** 1 when first stored; one more at every change of content (volatile counters are no change). */
  version: number;
  /** The start of the read (or gateway write) that last wrote the row: older reads cannot overwrite it. */
  readStartedAt: Date;
  /** When a read last saw the record at the vendor (or the gateway wrote it). */
  lastSeenAt: Date;
  /** When this row was first stored, and when its content last changed. */
  storedAt: Date;
  changedAt: Date;
  sortKeys: StoredSortKeys;
}

/** A lease held for sync writes: a write that carries an epoch that is no longer current is refused. */
export interface LeaseToken extends SyncScope {
  holder: string;
  epoch: number;
}

export interface Lease extends LeaseToken {
  expiresAt: Date;
}

export interface CustomerWrite {
  connection: ConnectionId;
  /** The mapped record; its source and `sourceId` give the row, its `sourceRecord` is kept as the raw record. */
  customer: Customer;
  mappingVersion: number;
  /**
   * The caller's hash of the content, volatile counters left out: `contentHashOf` (content-hash.ts)
   * computes it. Equal to the stored one → the write is no change (the row still takes the counters).
   */
  contentHash: string;
  /** When the read that produced the record began; a gateway write passes its own start. */
  readStartedAt: Date;
  /** When the record was received (the gateway's write: when the vendor answered). */
  seenAt: Date;
  /** Sync writes carry their lease; gateway writes (read-your-writes) carry none. */
  lease?: LeaseToken;
}

/**
 * inserted/changed/unchanged: stored (unchanged: the content hash is the stored one; counters and
 * timestamps are still taken). stale: a read or write that began later (or a deletion) wrote the row
 * first: nothing was written. fenced: the lease's epoch is no longer current: nothing was written.
 */
export type UpsertOutcome = 'inserted' | 'changed' | 'unchanged' | 'stale' | 'fenced';

export interface CustomerDeletion {
  key: RowKey;
  /** When the operation that found the deletion began (a sweep's start, a gateway delete's start). */
  readStartedAt: Date;
  lease?: LeaseToken;
}

/** absent: there was no row (a tombstone is kept all the same, so that an older read cannot bring it back). */
export type DeleteOutcome = 'deleted' | 'absent' | 'stale' | 'fenced';

/** Ids only, and when: what remains of a deleted row. */
export interface Tombstone {
  key: RowKey;
  deletedAt: Date;
}

/** `from` inclusive, `until` exclusive. */
export interface TimeRange {
  from?: Date;
  until?: Date;
}

export interface IndexFilter {
  connections?: readonly ConnectionId[];
  sources?: readonly CustomerSourceName[];
  /** A substring of the folded names, emails, phones or note (the search kit/customer-filter.ts defines). */
  search?: string;
  /** An exact mailbox, normalised (normalizeEmail); held against the primary address unless `emailMatch` is ANY. */
  email?: string;
  emailMatch?: EmailMatch;
  createdAt?: TimeRange;
  updatedAt?: TimeRange;
}

export type SortField = 'LAST_NAME' | 'FIRST_NAME' | 'EMAIL' | 'CREATED_AT' | 'UPDATED_AT' | 'SOURCE';
export type SortDirection = 'ASC' | 'DESC';

/**
 * The field in `direction`, nulls last in both directions; ties by source, vendor id and
 * connection, in the same direction (so a descending page is an ascending one read backwards).
 */
export interface OrderBy {
  field: SortField;
  direction: SortDirection;
}

/** Where a row sits in an order: what a keyset cursor holds. `value` null: the row has no value for the field. */
export interface SortPosition {
  value: string | number | null;
  source: CustomerSourceName;
  vendorId: string;
  connection: ConnectionId;
}

export interface PageRequest {
  filter: IndexFilter;
  orderBy: OrderBy;
  /** Rows strictly after this position; null for the first page. */
  after: SortPosition | null;
  first: number;
}

export interface IndexPage {
  rows: IndexedCustomer[];
  /** Whether rows follow the last one (at the time of the query). */
  hasNextPage: boolean;
}

/** EMAIL: primary addresses, normalised; PHONE: any E.164 number of one record against any of the other's. */
export type SameAsBy = 'EMAIL' | 'PHONE';

export type CheckpointValue = JsonValue;

export type CheckpointOutcome = 'saved' | 'fenced';
