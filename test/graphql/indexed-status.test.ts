// What says how fresh the index is (syncStatus, scope-checked; freshness while a source loads), pages
// that mix indexed and live sources, time ranges, and indexed answers kept out of the response cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/auth/authenticate.ts';
import type { SecuritySettings } from '../../src/config.ts';
import { customerWrite } from '../../src/index/customer-write.ts';
import { defaultResponseCache } from '../../src/plugins/response-cache.ts';
import { DEVELOPMENT_SECURITY } from '../../src/plugins/security.ts';
import { SEED_SLICES } from '../../src/sandbox/seed.ts';
import { CUSTOMER_SOURCES } from '../../src/sources/model/index.ts';
import type { GraphQLResponse } from '../support/gateway.ts';
import { type IndexedGateway, startIndexedGateway } from './indexed-setup.ts';

const READER = 'sbk_reader_of_customers_000001';
const STAFF = 'sbk_reader_of_employees_000002';
const SECURITY: SecuritySettings = {
  ...DEVELOPMENT_SECURITY,
  auth: {
    allowAnonymous: false,
    jwt: null,
    apiKeys: [
      { clientId: 'reader', sha256: sha256Hex(READER), scopes: ['customers:read', 'customers:write'] },
      { clientId: 'staff', sha256: sha256Hex(STAFF), scopes: ['employees:read'] },
    ],
  },
};

interface Status {
  source: string;
  state: string;
  records: number | null;
  newRecordsAsOf: string | null;
  verifiedAsOf: string | null;
  lagSeconds: number | null;
  lastError: string | null;
}
const STATUS = '{ syncStatus { source state records newRecordsAsOf verifiedAsOf lagSeconds lastError } }';

// KB Support is left out of the index here: it is answered live.
let gateway: IndexedGateway;
beforeAll(async () => {
  gateway = await startIndexedGateway({
    security: SECURITY,
    responseCache: defaultResponseCache(60_000),
    indexedSources: ['AMELIA', 'PLATFORM', 'CRM'],
  });
});
afterAll(() => gateway.stop());

const as = (key: string) => ({ authorization: `Bearer ${key}` });
const ask = <Data>(query: string, variables: Record<string, unknown> = {}, key = READER) =>
  gateway.execute<Data, Record<string, unknown>>(query, variables, as(key));

describe('syncStatus', () => {
  it('says each source’s state, records and lag to a client with customers:read, with no vendor call', async () => {
    const { result, calls } = await gateway.callsDuring(() => ask<{ syncStatus: Status[] }>(STATUS));
    expect(calls).toBe(0);
    expect(result.errors).toBeUndefined();
    const bySource = new Map(result.data!.syncStatus.map((status) => [status.source, status]));
    expect([...bySource.keys()]).toEqual([...CUSTOMER_SOURCES]);
    expect(bySource.get('KB_SUPPORT')).toMatchObject({ state: 'LIVE', records: null, lagSeconds: null });
    for (const source of ['AMELIA', 'PLATFORM', 'CRM'] as const) {
      expect(bySource.get(source)).toMatchObject({ state: 'SYNCED', records: SEED_SLICES[source].length, lastError: null });
      expect(bySource.get(source)!.lagSeconds).toBeGreaterThanOrEqual(0);
      expect(bySource.get(source)!.newRecordsAsOf).not.toBeNull();
    }
  });

  it('refuses a client without customers:read', async () => {
    const answer = await ask<{ syncStatus: Status[] | null }>(STATUS, {}, STAFF);
    expect(answer.data?.syncStatus ?? null).toBeNull();
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('a page across indexed and live sources', () => {
  it('pages through every record once: indexed sources with no call, KB Support live', async () => {
    const keys: string[] = [];
    let after: string | null = null;
    let totalCount = 0;
    const vendors = [gateway.vendors.amelia, gateway.vendors.kbSupport, gateway.vendors.platform, gateway.vendors.crm];
    const before = vendors.map((vendor) => vendor.server.requests.length);
    for (let pages = 0; pages < 50; pages++) {
      type Page = {
        customers: {
          totalCount: number;
          edges: Array<{ node: { source: string; sourceId: string } }>;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      };
      const answer: GraphQLResponse<Page> = await ask<Page>(
        'query P($after: String) { customers(first: 9, after: $after) { totalCount edges { node { source sourceId } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      expect(answer.errors).toBeUndefined();
      keys.push(...answer.data!.customers.edges.map((edge) => `${edge.node.source}:${edge.node.sourceId}`));
      totalCount = answer.data!.customers.totalCount;
      if (!answer.data!.customers.pageInfo.hasNextPage) break;
      after = answer.data!.customers.pageInfo.endCursor;
    }
    const expected = CUSTOMER_SOURCES.reduce((sum, source) => sum + SEED_SLICES[source].length, 0);
    expect(keys).toHaveLength(expected);
    expect(new Set(keys).size).toBe(expected);
    expect(totalCount).toBe(expected);
    const [amelia, kbSupport, platform, crm] = vendors.map((vendor, at) => vendor.server.requests.length - before[at]!);
    expect({ amelia, platform, crm }).toEqual({ amelia: 0, platform: 0, crm: 0 });
    expect(kbSupport).toBeGreaterThan(0);
  });

  it('refuses orderBy and time ranges naming the source that is not in the index', async () => {
    const sorted = await ask<unknown>('{ customers(first: 2, orderBy: [{ field: EMAIL }]) { totalCount } }');
    expect(sorted.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'orderBy' });
    expect(sorted.errors?.[0]?.message).toContain('KB_SUPPORT');
    const ranged = await ask<unknown>('{ customers(first: 2, filter: { createdAt: { from: "2020-01-01T00:00:00Z" } }) { totalCount } }');
    expect(ranged.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.createdAt' });
  });

  it('answers a createdAt range of the indexed sources exactly', async () => {
    type Page = { customers: { totalCount: number; edges: Array<{ node: { createdAt: string | null } }> } };
    const all = await ask<Page>('{ customers(first: 100, filter: { sources: [CRM] }) { totalCount edges { node { createdAt } } } }');
    const times = all.data!.customers.edges.map((edge) => Date.parse(edge.node.createdAt!)).sort((a, b) => a - b);
    const from = new Date(times[5]!).toISOString();
    const until = new Date(times[15]!).toISOString();
    const ranged = await ask<Page>(
      'query R($from: DateTime, $until: DateTime) { customers(first: 100, filter: { sources: [CRM], createdAt: { from: $from, until: $until } }) { totalCount edges { node { createdAt } } } }',
      { from, until },
    );
    expect(ranged.errors).toBeUndefined();
    const expected = times.filter((time) => time >= Date.parse(from) && time < Date.parse(until)).length;
    expect(ranged.data!.customers.totalCount).toBe(expected);
    expect(ranged.data!.customers.edges).toHaveLength(expected);
  });
});

describe('the response cache', () => {
  it('does not keep indexed answers: a change the sync brings shows at once', async () => {
    const query = '{ customers(first: 1, filter: { sources: [CRM] }) { edges { node { sourceId firstName } } } }';
    type Answer = { customers: { edges: Array<{ node: { sourceId: string; firstName: string } }> } };
    const first = await ask<Answer>(query);
    const node = first.data!.customers.edges[0]!.node;
    const key = { connection: gateway.indexed.connections.CRM!, source: 'CRM' as const, vendorId: node.sourceId };
    const [row] = await gateway.store.get([key]);
    await gateway.store.upsert([
      customerWrite(key.connection, { ...row!.customer, firstName: 'Synced' }, { readStartedAt: new Date(), seenAt: new Date() }),
    ]);
    const second = await ask<Answer>(query);
    expect(second.data!.customers.edges[0]!.node.firstName).toBe('Synced');
    await gateway.sync();
  });

  it('still keeps live answers', async () => {
    const query = '{ customers(first: 1, consistency: LIVE, filter: { sources: [CRM] }) { edges { node { sourceId } } } }';
    await ask(query);
    const { calls } = await gateway.callsDuring(() => ask(query));
    expect(calls).toBe(0);
  });
});

// Last: it stops the engine (a LOADING state cannot be waited for once loaded).
describe('freshness while a source fails or loads', () => {
  it('says FAILING with the last error after a failed tick, and LOADING while a first load runs', async () => {
    gateway.vendors.crm.server.injectFault({ fault: { kind: 'status', status: 503 } });
    try {
      await gateway.engine.tickNow('CRM');
    } finally {
      gateway.vendors.crm.server.clearFaults();
    }
    const status = await ask<{ syncStatus: Status[] }>(STATUS);
    const crm = status.data!.syncStatus.find((s) => s.source === 'CRM')!;
    expect(crm.state).toBe('FAILING');
    expect(crm.lastError).toEqual(expect.any(String));
    await gateway.setState('PLATFORM', { phase: 'LOADING', loadedAt: null });
    const page = await ask<{ customers: { freshness: Array<{ source: string; state: string }> } }>(
      '{ customers(first: 1) { freshness { source state } } }',
    );
    expect(page.data!.customers.freshness).toEqual([
      { source: 'AMELIA', state: 'SYNCED' },
      { source: 'KB_SUPPORT', state: 'LIVE' },
      { source: 'PLATFORM', state: 'LOADING' },
      { source: 'CRM', state: 'FAILING' },
    ]);
    // Still answered from the (partial) index: no call to the PLATFORM or the CRM.
    const { calls } = await gateway.callsDuring(() => ask('{ customers(first: 5, filter: { sources: [PLATFORM, CRM] }) { totalCount } }'));
    expect(calls).toBe(0);
  });
});
