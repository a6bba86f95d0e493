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
  /**
   * Who made the change the write stores, for the change log: VENDOR unless said (a sync read, a live
   * read); null: no entry (an initial load copies what was there, it finds no change).
   */
  origin?: ChangeOrigin | null;
}

/**
 * inserted/changed/unchanged: stored (unchanged: the content hash is the stored one; counters and
 * timestamps are still taken). stale: a read or write that began later (or a deletion) wrote the row
 * first: nothing was written. fenced: the lease's epoch is no longer current: nothing was written.
 */
export type UpsertOutcome = 'inserted' | 'changed' | 'unchanged' | 'stale' | 'fenced';

/**
 * A row rebuilt from its stored raw record by a newer mapping: a rebuild, not a read — the row keeps its
 * read start and last seen, and is replaced only while it is still as the rebuild read it.
 */
export interface CustomerRemap {
  connection: ConnectionId;
  /** The record mapped again from the row's raw record; its source and `sourceId` give the row. */
  customer: Customer;
  /** The mapping version it was made with now. */
  mappingVersion: number;
  /** `contentHashOf(customer)`: equal to the stored one → no new version, no change. */
  contentHash: string;
  /** The row's read start and mapping version as the rebuild read them (`rowsMappedBefore`). */
  readStartedAt: Date;
  previousMappingVersion: number;
  lease?: LeaseToken;
}

/**
 * changed/unchanged: replaced (unchanged: the content hash is the stored one, no new version). stale: the
 * row was written, deleted or rebuilt since it was read: nothing was written. fenced: as for upsert.
 */
export type RemapOutcome = 'changed' | 'unchanged' | 'stale' | 'fenced';

/** A row as a rebuild reads it: its raw record (null when the stored text is not JSON) and what a replace is conditional on. */
export interface StoredRawRecord {
  key: RowKey;
  raw: JsonValue;
  mappingVersion: number;
  readStartedAt: Date;
}

export interface CustomerDeletion {
  key: RowKey;
  /** When the operation that found the deletion began (a sweep's start, a gateway delete's start). */
  readStartedAt: Date;
  lease?: LeaseToken;
  /** As CustomerWrite's. */
  origin?: ChangeOrigin;
}

/** What a change did to a record. */
export type ChangeKind = 'CREATED' | 'UPDATED' | 'DELETED';

/**
 * Who made a change: the gateway's own write, the vendor (found by the sync or a live read), or the
 * gateway's reading of an unchanged vendor record (a new version maps it differently: a rebuild).
 */
export type ChangeOrigin = 'GATEWAY_WRITE' | 'VENDOR' | 'MAPPING';

/** An entry of the change log: ids only, numbered per scope (connection and source) in the order stored. */
export interface ChangeEntry {
  key: RowKey;
  /** 1, 2, 3… per scope, given and committed in that order (change-log.ts). */
  seq: number;
  kind: ChangeKind;
  origin: ChangeOrigin;
  changedAt: Date;
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
  /**
   * Only records whose primary address (normalised) is also an address of a record of another source
   * or connection (any of its addresses).
   */
  inSeveralSources?: boolean;
}

export type SortField = 'LAST_NAME' | 'FIRST_NAME' | 'EMAIL' | 'CREATED_AT' | 'UPDATED_AT' | 'SOURCE';
export type SortDirection = 'ASC' | 'DESC';

/** One criterion of an order: the field in `direction`, nulls last in both directions. */
export interface OrderBy {
  field: SortField;
  direction: SortDirection;
}

/** At most this many criteria in one order. */
export const MAX_SORT_CRITERIA = 3;

/** A row's value for one criterion: null when it has none (SOURCE: the source's name). */
export type SortValue = string | number | null;

/**
 * Where a row sits in an order: what a keyset cursor holds. `values`: one per criterion, in the
 * order's order; then the ties (source, vendor id, connection).
 */
export interface OrderPosition {
  values: readonly SortValue[];
  source: CustomerSourceName;
  vendorId: string;
  connection: ConnectionId;
}

/** A position in an order of one criterion, as `value` (SOURCE: null or the source's name). */
export interface SingleSortPosition {
  value: SortValue;
  source: CustomerSourceName;
  vendorId: string;
  connection: ConnectionId;
}

/** Where a row sits: a value per criterion, or (for an order of one) the one value. */
export type SortPosition = OrderPosition | SingleSortPosition;

export interface PageRequest {
  filter: IndexFilter;
  /**
   * One to MAX_SORT_CRITERIA criteria (one may be given alone), each nulls last; ties by source,
   * vendor id and connection in the first criterion's direction (so a descending one-criterion page
   * is an ascending one read backwards).
   */
  orderBy: OrderBy | readonly OrderBy[];
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
