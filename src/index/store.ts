// The synced index's store: one interface, two implementations (SQLite embedded, PostgreSQL shared),
// one test suite run on both (test/index/store-suite.ts). The sync engine writes through it, the query
// path reads through it; nothing else touches the tables.
import type {
  ChangeEntry,
  CheckpointOutcome,
  CheckpointValue,
  CustomerDeletion,
  CustomerRemap,
  CustomerWrite,
  DeleteOutcome,
  IndexedCustomer,
  IndexFilter,
  IndexPage,
  Lease,
  LeaseToken,
  PageRequest,
  RemapOutcome,
  RowKey,
  SameAsBy,
  StoredRawRecord,
  SyncScope,
  Tombstone,
  UpsertOutcome,
} from './types.ts';
import type { WebhookStore } from './webhooks.ts';

export interface IndexStore {
  readonly kind: 'sqlite' | 'postgres';
  /** The webhooks' registrations, leases and deliveries (webhooks.ts). */
  readonly webhooks: WebhookStore;

  // Writes. Every one is atomic, and each key's writes are serialised, whatever the instance.

  /**
   * Stores each record unless its row was written by a read or write that began later (or deleted by
   * one that did: `stale`), or its lease is no longer current (`fenced`). One transaction for all.
   */
  upsert(writes: readonly CustomerWrite[]): Promise<UpsertOutcome[]>;
  /**
   * Replaces each row's mapped record — customer, content hash, lookups, sort keys, search text, mapping
   * version — when the row is unchanged since `rowsMappedBefore` read it (else `stale`). Never a newer
   * read: the read start and last seen stay; a new version only when the content hash changed.
   */
  remap(remaps: readonly CustomerRemap[]): Promise<RemapOutcome[]>;
  /** Erases the row (not a flag) and keeps a tombstone of its ids; refused like upsert when the row is newer. */
  delete(deletion: CustomerDeletion): Promise<DeleteOutcome>;
  /** Erases a person: the row, its lookups and its tombstone, then what the store files still hold of them. */
  forget(key: RowKey): Promise<void>;

  // Reads.

  /** One entry per key, in order; null where there is no row. */
  get(keys: readonly RowKey[]): Promise<Array<IndexedCustomer | null>>;
  /** A keyset page: rows strictly after `after` in `orderBy`, at most `first`. */
  page(request: PageRequest): Promise<IndexPage>;
  count(filter: IndexFilter): Promise<number>;
  /**
   * For each key, the rows of the other connections and sources that are the same person: by primary
   * email (normalised) and, when asked, by any E.164 phone. One query for all; keys are `rowKeyString`s.
   */
  sameAs(keys: readonly RowKey[], by: readonly SameAsBy[]): Promise<Map<string, IndexedCustomer[]>>;
  /** The vendor ids of a scope's rows last seen before `before`: what a completed sweep did not see. */
  vendorIdsSeenBefore(scope: SyncScope, before: Date): Promise<string[]>;
  /**
   * A scope's rows made with a mapping older than `mappingVersion`, by vendor id after `afterVendorId`
   * (null: from the first), at most `first`: what a rebuild from the raw records works through.
   */
  rowsMappedBefore(scope: SyncScope, mappingVersion: number, afterVendorId: string | null, first: number): Promise<StoredRawRecord[]>;
  /** Tombstones of deletions at or after `since`, oldest first. */
  tombstonesSince(scope: SyncScope, since: Date): Promise<Tombstone[]>;
  /** Drops tombstones of deletions before `before`; answers how many. */
  purgeTombstones(before: Date): Promise<number>;
  /**
   * The change log of a scope: entries numbered above `afterSeq`, oldest first, at most `first`. Every
   * stored create, change of content and deletion has one (ids only), numbered per scope in the order
   * stored (a gateway write or a sync's); `forget` erases a person's.
   */
  changesSince(scope: SyncScope, afterSeq: number, first: number): Promise<ChangeEntry[]>;
  /** The last number the scope's change log gave (0: none), whether or not its entry is still kept. */
  lastChangeSeq(scope: SyncScope): Promise<number>;
  /** Drops change log entries stored before `before`; answers how many. */
  purgeChanges(before: Date): Promise<number>;
  /** The last number the retention purged in the scope (0: none). `forget`'s erasures do not count: they are no purge. */
  purgedThrough(scope: SyncScope): Promise<number>;

  // Sync coordination: one leader per scope, fenced by an epoch.

  /**
   * Takes the scope's lease for `holder` when it is free or expired (a new epoch), or renews it when
   * `holder` already holds it (the same epoch); null when another holder's lease is still running.
   */
  acquireLease(scope: SyncScope, holder: string, ttlMs: number): Promise<Lease | null>;
  /** Extends a lease still held under its epoch; null when it was taken over. */
  renewLease(lease: LeaseToken, ttlMs: number): Promise<Lease | null>;
  /** Lets the lease go (it expires now; the next taker gets a new epoch). */
  releaseLease(lease: LeaseToken): Promise<void>;
  getCheckpoint(scope: SyncScope, job: string): Promise<CheckpointValue | null>;
  /** Saved only under the current epoch of `lease`. */
  saveCheckpoint(scope: SyncScope, job: string, value: CheckpointValue, lease: LeaseToken): Promise<CheckpointOutcome>;

  /**
   * Refreshes the statistics the query planner chooses indexes by: after an initial load or a sweep
   * changed many rows (a selective filter with an order is otherwise planned as a walk of the order's index).
   */
  optimize(): Promise<void>;
  /** The schema versions applied, oldest first. */
  appliedMigrations(): Promise<number[]>;
  close(): Promise<void>;
}

/** A row key as one string: `connection/SOURCE/vendorId` (each part URI-encoded). */
export function rowKeyString(key: RowKey): string {
  return [key.connection, key.source, key.vendorId].map(encodeURIComponent).join('/');
}
