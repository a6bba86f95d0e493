// The store suite's webhooks (see store-suite.ts): a per-client cap, a client sees and deletes only its
// own; one instance holds a webhook's lease until it expires, and a delivery's writes need the lease;
// attempts are recorded per event, newest first; an expired webhook is left alone; purged by age.
import { describe, expect, it } from 'vitest';
import type { NewWebhook } from '../../src/index/webhooks.ts';
import type { Stores } from './store-suite.ts';

const webhook = (id: string, clientId = 'app'): NewWebhook => ({
  id,
  clientId,
  url: `https://hooks.example.com/${id}`,
  filter: { sources: ['CRM'] },
  secret: 'whsec_c2VjcmV0',
  positions: { crm: 4 },
});

export function storeWebhooksSuite(stores: Stores): void {
  describe('webhooks', () => {
    it('are kept per client, up to a cap, and only their client sees or deletes them', async () => {
      const store = await stores.store();
      expect(await store.webhooks.create(webhook('w1'), 2)).toMatchObject({ id: 'w1', status: 'ACTIVE', positions: { crm: 4 } });
      await store.webhooks.create(webhook('w2'), 2);
      expect(await store.webhooks.create(webhook('w3'), 2)).toBeNull();
      expect(await store.webhooks.create(webhook('o1', 'other'), 2)).not.toBeNull();
      expect((await store.webhooks.list('app')).map((w) => w.id)).toEqual(['w1', 'w2']);
      expect(await store.webhooks.get('other', 'w1')).toBeNull();
      expect(await store.webhooks.delete('other', 'w1')).toBe(false);
      expect(await store.webhooks.delete('app', 'w1')).toBe(true);
      expect((await store.webhooks.list('app')).map((w) => w.id)).toEqual(['w2']);
    });

    it('are delivered by the lease holder alone; another instance takes over once the lease ran out', async () => {
      let now = Date.parse('2025-05-01T00:00:00Z');
      const database = await stores.database();
      const [a, b] = [await database.open(() => now), await database.open(() => now)];
      await a.webhooks.create(webhook('w1'), 20);
      expect((await a.webhooks.claim('a', 30_000)).map((w) => w.id)).toEqual(['w1']);
      expect(await b.webhooks.claim('b', 30_000)).toEqual([]);
      expect(await b.webhooks.beginAttempt('b', 'w1', 'event-1')).toBe(false);

      expect(await a.webhooks.beginAttempt('a', 'w1', 'event-1')).toBe(true);
      const retryAt = new Date(now + 1_000);
      expect(await a.webhooks.endAttempt('a', 'w1', 'event-1', { outcome: 'FAILING', status: 500, error: 'NOT_2XX', retryAt })).toBe(true);
      expect(await a.webhooks.get('app', 'w1')).toMatchObject({ status: 'FAILING', attempts: 1, nextAttemptAt: retryAt });

      now += 31_000;
      expect((await b.webhooks.claim('b', 30_000)).map((w) => w.id)).toEqual(['w1']);
      expect(await a.webhooks.endAttempt('a', 'w1', 'event-1', { outcome: 'DELIVERED', status: 200, positions: { crm: 5 } })).toBe(false);
      expect(await b.webhooks.beginAttempt('b', 'w1', 'event-1')).toBe(true);
      expect(await b.webhooks.endAttempt('b', 'w1', 'event-1', { outcome: 'DELIVERED', status: 204, positions: { crm: 5 } })).toBe(true);
      expect(await b.webhooks.beginAttempt('b', 'w1', 'event-2')).toBe(true);
      expect(await b.webhooks.get('app', 'w1')).toMatchObject({
        status: 'ACTIVE',
        attempts: 0,
        positions: { crm: 5 },
        lastEventId: 'event-1',
      });

      const deliveries = await b.webhooks.deliveries('w1', null, 10);
      expect(deliveries.map((d) => [d.seq, d.eventId, d.attempts, d.outcome, d.lastStatus])).toEqual([
        [2, 'event-2', 1, 'PENDING', null],
        [1, 'event-1', 2, 'DELIVERED', 204],
      ]);
      expect((await b.webhooks.deliveries('w1', 2, 10)).map((d) => d.eventId)).toEqual(['event-1']);

      expect(await b.webhooks.advance('b', 'w1', { crm: 9 })).toBe(true);
      expect(await b.webhooks.expire('b', 'w1')).toBe(true);
      expect((await b.webhooks.get('app', 'w1'))?.status).toBe('EXPIRED');
      expect((await b.webhooks.deliveries('w1', null, 1))[0]?.outcome).toBe('EXPIRED');
      expect(await a.webhooks.claim('a', 30_000)).toEqual([]);

      now += 60_000;
      expect(await a.webhooks.purgeDeliveries(new Date(now - 30_000))).toBe(2);
      expect(await a.webhooks.delete('app', 'w1')).toBe(true);
      expect(await b.webhooks.beginAttempt('b', 'w1', 'event-3')).toBe(false);
    });
  });
}
