// The store suite (see store-suite.ts): migrations, and what the sync engine coordinates with —
// leases fenced by an epoch, and checkpoints.
import { describe, expect, it } from 'vitest';
import { at, CONNECTION, customer, keyOf, writeOf } from './customers.ts';
import type { Stores } from './store-suite.ts';

export function storeCoordinationSuite(stores: Stores): void {
  describe('migrations', () => {
    it('run once: a second open on the same database applies nothing and keeps the data', async () => {
      const database = await stores.database();
      const first = await database.open();
      await first.upsert([writeOf(customer('CRM', '1'))]);
      const second = await database.open();
      expect(await second.appliedMigrations()).toEqual([1, 2, 3, 4, 5]);
      expect((await second.get([keyOf(customer('CRM', '1'))]))[0]?.customer.sourceId).toBe('1');
    });
  });

  describe('leases and checkpoints', () => {
    const scope = { connection: CONNECTION, source: 'CRM' as const };

    it('hands the lease to one holder, renews it, and lets another take over after its time with a higher epoch', async () => {
      let now = Date.parse('2025-01-01T00:00:00Z');
      const store = await stores.store(() => now);
      const leader = await store.acquireLease(scope, 'instance-a', 30_000);
      expect(leader).toMatchObject({ holder: 'instance-a', epoch: 1, expiresAt: new Date(now + 30_000) });
      expect(await store.acquireLease(scope, 'instance-b', 30_000)).toBeNull();

      now += 20_000;
      expect(await store.renewLease(leader!, 30_000)).toMatchObject({ epoch: 1, expiresAt: new Date(now + 30_000) });
      now += 29_000;
      expect(await store.acquireLease(scope, 'instance-b', 30_000)).toBeNull();

      now += 2_000;
      const successor = await store.acquireLease(scope, 'instance-b', 30_000);
      expect(successor).toMatchObject({ holder: 'instance-b', epoch: 2 });
      expect(await store.renewLease(leader!, 30_000)).toBeNull();

      const record = customer('CRM', '40');
      expect(await store.upsert([writeOf(record, { lease: leader! })])).toEqual(['fenced']);
      expect(await store.get([keyOf(record)])).toEqual([null]);
      expect(await store.upsert([writeOf(record, { lease: successor! })])).toEqual(['inserted']);
      expect(await store.delete({ key: keyOf(record), readStartedAt: at('2025-02-01T00:00:00Z'), lease: leader! })).toBe('fenced');
      expect(await store.saveCheckpoint(scope, 'initial-load', { page: 9 }, leader!)).toBe('fenced');
      expect(await store.getCheckpoint(scope, 'initial-load')).toBeNull();

      await store.releaseLease(successor!);
      expect(await store.acquireLease(scope, 'instance-a', 30_000)).toMatchObject({ holder: 'instance-a', epoch: 3 });
    });

    it('refuses a write whose lease is for another scope', async () => {
      const store = await stores.store();
      const lease = await store.acquireLease({ connection: CONNECTION, source: 'AMELIA' }, 'instance-a', 30_000);
      expect(await store.upsert([writeOf(customer('CRM', '41'), { lease: lease! })])).toEqual(['fenced']);
    });

    it('keeps one checkpoint per scope and job, as JSON', async () => {
      const store = await stores.store();
      const lease = await store.acquireLease(scope, 'instance-a', 30_000);
      expect(await store.getCheckpoint(scope, 'initial-load')).toBeNull();
      expect(await store.saveCheckpoint(scope, 'initial-load', { page: 3, token: null, ids: ['a', 'b'] }, lease!)).toBe('saved');
      expect(await store.saveCheckpoint(scope, 'sweep', { startedAt: '2025-01-01T00:00:00Z' }, lease!)).toBe('saved');
      expect(await store.saveCheckpoint(scope, 'initial-load', { page: 4, token: null, ids: [] }, lease!)).toBe('saved');
      expect(await store.getCheckpoint(scope, 'initial-load')).toEqual({ page: 4, token: null, ids: [] });
      expect(await store.getCheckpoint(scope, 'sweep')).toEqual({ startedAt: '2025-01-01T00:00:00Z' });
      expect(await store.getCheckpoint({ connection: 'site-2', source: 'CRM' }, 'initial-load')).toBeNull();
    });
  });
}
