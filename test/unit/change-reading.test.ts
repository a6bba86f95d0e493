// Reading the change log from a position (subscriptions and webhooks both do): each source's entries
// in the order they were numbered — a position only moves forward, even when two writers took their
// numbers in the other order than their clocks — and the sources interleaved by when stored.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSqliteIndexStore } from '../../src/index/sqlite/store.ts';
import type { IndexStore } from '../../src/index/store.ts';
import { createChangeFeed } from '../../src/live/change-feed.ts';
import { readChanges } from '../../src/live/change-reading.ts';
import { customer, writeOf } from '../index/customers.ts';

let now = 0;
let store: IndexStore;
beforeAll(async () => {
  store = await openSqliteIndexStore({ path: ':memory:', clock: () => now });
});
afterAll(() => store.close());

it("keeps each source's numbered order and moves every position forward, interleaving the sources by time", async () => {
  const crm = { connection: 'crm', source: 'CRM' as const };
  const kb = { connection: 'kb', source: 'KB_SUPPORT' as const };
  // CRM's second entry carries an earlier time than its first (its writer read the clock first).
  for (const [at, record] of [
    [200, customer('CRM', 'c1')],
    [100, customer('CRM', 'c2')],
    [150, customer('KB_SUPPORT', 'k1')],
    [300, customer('KB_SUPPORT', 'k2')],
  ] as const) {
    now = at;
    await store.upsert([writeOf(record, { connection: record.source === 'CRM' ? 'crm' : 'kb' })]);
  }
  const feed = createChangeFeed({ store, connections: { CRM: 'crm', KB_SUPPORT: 'kb' } });
  const read = await readChanges(feed, [crm, kb], { crm: 0, kb: 0 }, {});
  expect(read.events.map(({ entry }) => entry.key.vendorId)).toEqual(['k1', 'c1', 'c2', 'k2']);
  expect(read.events.map(({ positions }) => positions)).toEqual([
    { crm: 0, kb: 1 },
    { crm: 1, kb: 1 },
    { crm: 2, kb: 1 },
    { crm: 2, kb: 2 },
  ]);
});
