// How fresh an answer is: `consistency` (answered from the synced index, or live from the vendors), the
// state of each source's sync, and the connection-level `freshness` that says it per source.
import type { SourceFreshness } from '../loaders/indexed-pages.ts';
import { builder } from './builder.ts';
import { CustomerSourceEnum } from './enums.ts';

export const ConsistencyEnum = builder.enumType('Consistency', {
  description: 'Where a cross-source read is answered from: fast from the synced index, or fresh from the vendors.',
  values: {
    INDEXED: {
      description:
        'From the synced index for every selected source it keeps (no vendor call; as fresh as `freshness` says); sources it does not keep are asked live. The default.',
    },
    LIVE: { description: 'From the vendors, now (slower; each vendor answers as its API can). Cannot be sorted.' },
  },
});

export const SyncStateEnum = builder.enumType('SyncState', {
  description: "A source's place in the synced index.",
  values: {
    LOADING: { description: 'The first load is running: the index holds part of the source.' },
    SYNCED: { description: 'Loaded, and kept up to date by ticks and sweeps.' },
    FAILING: { description: 'Loaded, but the last tick or sweep failed: the index may lag (see `lastError`).' },
    LIVE: { description: 'Not kept in the index (or not for this answer): the vendor was asked.' },
  },
});

export const SourceFreshnessRef = builder.objectRef<SourceFreshness>('SourceFreshness').implement({
  description: "How fresh one source's part of an answer is.",
  fields: (t) => ({
    source: t.field({ type: CustomerSourceEnum, description: 'The source.', resolve: (f) => f.source }),
    state: t.field({
      type: SyncStateEnum,
      description: 'LIVE: asked now; else the sync state of the index this part was read from.',
      resolve: (f) => f.state,
    }),
    newRecordsAsOf: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'New and changed records made at the vendor up to this time are in the index (the start of the last completed tick). null for LIVE.',
      resolve: (f) => f.newRecordsAsOf,
    }),
    verifiedAsOf: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'Edits and deletions up to this time are in the index (the start of the last completed full sweep). null for LIVE or before the first sweep.',
      resolve: (f) => f.verifiedAsOf,
    }),
  }),
});
