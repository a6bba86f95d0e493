// `syncStatus`: each configured source's place in the synced index, as the sync engine last recorded
// it in the store (so every instance on one store answers the same). Needs `customers:read`: it says
// how many customers each source holds and what last went wrong, never a customer.
import { readSyncState } from '../index/sync-state.ts';
import { liveSources } from '../sources/index.ts';
import type { CustomerSourceName } from '../sources/model/index.ts';
import { builder } from './builder.ts';
import { CustomerSourceEnum } from './enums.ts';
import { SyncStateEnum } from './freshness.ts';

interface SyncStatus {
  source: CustomerSourceName;
  state: 'LOADING' | 'SYNCED' | 'FAILING' | 'LIVE';
  records: number | null;
  newRecordsAsOf: Date | null;
  verifiedAsOf: Date | null;
  lagSeconds: number | null;
  lastError: string | null;
}

const SyncStatusRef = builder.objectRef<SyncStatus>('SyncStatus').implement({
  description: "One source's sync into the index.",
  fields: (t) => ({
    source: t.field({ type: CustomerSourceEnum, description: 'The source.', resolve: (s) => s.source }),
    state: t.field({
      type: SyncStateEnum,
      description: 'LOADING, SYNCED or FAILING; LIVE when the source is not kept in the index (INDEX=off, or its sync has not begun).',
      resolve: (s) => s.state,
    }),
    records: t.int({
      nullable: true,
      description: "The source's records in the index after the last completed tick or sweep; null for LIVE.",
      resolve: (s) => s.records,
    }),
    newRecordsAsOf: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'The start of the last completed tick.',
      resolve: (s) => s.newRecordsAsOf,
    }),
    verifiedAsOf: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'The start of the last completed full sweep.',
      resolve: (s) => s.verifiedAsOf,
    }),
    lagSeconds: t.int({
      nullable: true,
      description:
        'Seconds since `newRecordsAsOf`: a change made at the vendor since then may not be in the index yet. null before the first tick.',
      resolve: (s) => s.lagSeconds,
    }),
    lastError: t.string({
      nullable: true,
      description: 'What the last failed tick or sweep met (no vendor body, no credential); null after a success.',
      resolve: (s) => s.lastError,
    }),
  }),
});

builder.queryFields((t) => ({
  syncStatus: t.field({
    type: [SyncStatusRef],
    authScopes: { 'customers:read': true },
    description: 'Each configured source: whether and how freshly the synced index holds it. Answered from the index, with no vendor call.',
    resolve: async (_root, _args, ctx) => {
      const now = Date.now();
      // As fresh as the store says now: never served again from the response cache.
      ctx.loaders.index.markUsed();
      return Promise.all(
        liveSources(ctx.sources).map(async ({ source }): Promise<SyncStatus> => {
          const connection = ctx.index?.connections[source];
          const state = ctx.index && connection !== undefined ? await readSyncState(ctx.index.store, { connection, source }) : null;
          if (!state)
            return { source, state: 'LIVE', records: null, newRecordsAsOf: null, verifiedAsOf: null, lagSeconds: null, lastError: null };
          const newRecordsAsOf = state.newRecordsAsOf ? new Date(state.newRecordsAsOf) : null;
          return {
            source,
            state: state.phase,
            records: state.records,
            newRecordsAsOf,
            verifiedAsOf: state.verifiedAsOf ? new Date(state.verifiedAsOf) : null,
            lagSeconds: newRecordsAsOf ? Math.max(0, Math.round((now - newRecordsAsOf.getTime()) / 1_000)) : null,
            lastError: state.lastError,
          };
        }),
      );
    },
  }),
}));
