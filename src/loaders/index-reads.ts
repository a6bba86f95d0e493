// One operation's reads of the synced index: which selected sources it may answer from (their sync
// state, read once), their pages and counts, sameAs for every record of a page in one query, and what
// each answered record carries beside itself (when it was last seen; stale: the vendor could not be
// asked). An operation that answered anything from the index says so, so that its answer is not cached.
import DataLoader from 'dataloader';
import { rowKeyString } from '../index/store.ts';
import { type IndexedSources, readSyncState, type SyncState } from '../index/sync-state.ts';
import type { IndexedCustomer, IndexFilter, OrderBy, SameAsBy, SortPosition } from '../index/types.ts';
import type { SourceError } from '../sources/errors.ts';
import type { Customer, CustomerListFilter, CustomerSourceName } from '../sources/model/index.ts';

/** What an answer read from the index carries beside the record. */
export interface IndexedAnswer {
  /** When a sync read (or the gateway) last saw the record at the vendor. */
  syncedAt: Date;
  /** The vendor could not be asked: this is the index's copy, and `failure` says why. */
  stale: boolean;
  failure?: SourceError;
}

/** What only the index answers: time ranges, and whether a record is in several sources. */
export interface IndexFilterRanges {
  createdAt?: { from?: Date; until?: Date };
  updatedAt?: { from?: Date; until?: Date };
  inSeveralSources?: boolean;
}

export interface IndexReads {
  readonly indexed: IndexedSources | undefined;
  /** The source's sync state; null when it is not kept in the index (or its first load has not begun). */
  stateOf(source: CustomerSourceName): Promise<SyncState | null>;
  /** Whether reads of `source` may be answered from the index. */
  answers(source: CustomerSourceName): Promise<boolean>;
  page(
    sources: readonly CustomerSourceName[],
    filter: IndexFilter,
    orderBy: OrderBy | readonly OrderBy[],
    after: SortPosition | null,
    first: number,
  ): Promise<{ rows: IndexedCustomer[]; hasNextPage: boolean }>;
  count(sources: readonly CustomerSourceName[], filter: IndexFilter): Promise<number>;
  /** The same person in the other indexed sources; one query for every record asked in one tick. */
  sameAs(customer: Customer, by: readonly SameAsBy[]): Promise<Customer[]>;
  /** The index's copy of records (null where it has none). */
  rows(source: CustomerSourceName, vendorIds: readonly string[]): Promise<Array<IndexedCustomer | null>>;
  /** The record as answered, remembered with its row's freshness. */
  answered(row: IndexedCustomer, stale?: { failure: SourceError }): Customer;
  answerOf(customer: Customer): IndexedAnswer | undefined;
  /** True once anything of this operation was answered from the index. */
  readonly used: boolean;
  /** An answer read from the index outside these reads (syncStatus): not cached either. */
  markUsed(): void;
}

/** The index's filter for a source filter of the live path (the same meanings: row-values.ts folds as kit/customer-filter.ts). */
export function indexFilterOf(filter: CustomerListFilter, ranges: IndexFilterRanges = {}): IndexFilter {
  return {
    ...(filter.search ? { search: filter.search } : {}),
    ...(filter.email ? { email: filter.email } : {}),
    ...(filter.emailMatch ? { emailMatch: filter.emailMatch } : {}),
    ...(ranges.createdAt ? { createdAt: ranges.createdAt } : {}),
    ...(ranges.updatedAt ? { updatedAt: ranges.updatedAt } : {}),
    ...(ranges.inSeveralSources ? { inSeveralSources: true } : {}),
  };
}

export function createIndexReads(indexed: IndexedSources | undefined): IndexReads {
  const states = new Map<CustomerSourceName, Promise<SyncState | null>>();
  const answers = new WeakMap<Customer, IndexedAnswer>();
  let used = false;

  const stateOf = (source: CustomerSourceName): Promise<SyncState | null> => {
    const connection = indexed?.connections[source];
    if (!indexed || connection === undefined) return Promise.resolve(null);
    let state = states.get(source);
    if (!state) {
      state = readSyncState(indexed.store, { connection, source });
      states.set(source, state);
    }
    return state;
  };

  const connectionsOf = (sources: readonly CustomerSourceName[]) => sources.flatMap((source) => indexed?.connections[source] ?? []);
  const scoped = (sources: readonly CustomerSourceName[], filter: IndexFilter): IndexFilter => ({
    ...filter,
    sources,
    connections: [...new Set(connectionsOf(sources))],
  });

  const remember = (row: IndexedCustomer, stale?: { failure: SourceError }): Customer => {
    used = true;
    answers.set(row.customer, { syncedAt: row.lastSeenAt, stale: stale !== undefined, ...(stale ? { failure: stale.failure } : {}) });
    return row.customer;
  };

  const sameAsLoaders = new Map<string, DataLoader<Customer, Customer[]>>();
  const sameAsLoader = (by: readonly SameAsBy[]): DataLoader<Customer, Customer[]> => {
    const ways = [...new Set(by)].sort();
    const name = ways.join(',');
    let loader = sameAsLoaders.get(name);
    if (!loader) {
      loader = new DataLoader<Customer, Customer[]>(async (customers) => {
        const store = indexed?.store;
        const keys = customers.map((customer) => ({
          connection: indexed?.connections[customer.source] ?? '',
          source: customer.source,
          vendorId: customer.sourceId,
        }));
        if (!store) return customers.map(() => []);
        const found = await store.sameAs(keys, ways);
        return keys.map((key) => (found.get(rowKeyString(key)) ?? []).map((row) => remember(row)));
      });
      sameAsLoaders.set(name, loader);
    }
    return loader;
  };

  return {
    indexed,
    stateOf,
    async answers(source) {
      return (await stateOf(source)) !== null;
    },
    async page(sources, filter, orderBy, after, first) {
      if (!indexed) return { rows: [], hasNextPage: false };
      used = true;
      return indexed.store.page({ filter: scoped(sources, filter), orderBy, after, first });
    },
    async count(sources, filter) {
      if (!indexed) return 0;
      used = true;
      return indexed.store.count(scoped(sources, filter));
    },
    sameAs: (customer, by) => sameAsLoader(by).load(customer),
    async rows(source, vendorIds) {
      const connection = indexed?.connections[source];
      if (!indexed || connection === undefined) return vendorIds.map(() => null);
      return indexed.store.get(vendorIds.map((vendorId) => ({ connection, source, vendorId })));
    },
    answered: remember,
    answerOf: (customer) => answers.get(customer),
    get used() {
      return used;
    },
    markUsed() {
      used = true;
    },
  };
}
