import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  FIELD_IDS,
  FOREIGN_ORGANIZATION_ID,
  platformUuid,
  REGULARS_COMMUNITY_ID,
  SECOND_ORGANIZATION_ID,
} from '../../src/sandbox/platform/data.ts';
import { createPlatformSandbox, type PlatformSandbox } from '../../src/sandbox/platform/server.ts';
import { SEED_SLICES } from '../../src/sandbox/seed.ts';
import { InvalidPageTokenError, type SourceFailure } from '../../src/sources/errors.ts';
import type { Customer, CustomerListFilter, PageToken } from '../../src/sources/model/index.ts';
import { createPlatformSource, type PlatformSource } from '../../src/sources/platform/source.ts';
import { PLATFORM_CREATE_REQUEST_EXAMPLE, PLATFORM_FULL_EXAMPLE_TEXT } from '../fixtures/platform-docs.ts';
import { learnVendor, PLATFORM_MODES, platformFeatures } from '../support/platform-modes.ts';
import { foundByIds, recordingCall, sourceErrorOf, TEST_HTTP_SETTINGS } from '../support/sources.ts';

const MEDIA_TYPE = 'application/vnd.api+json';
const SEEDED_IDS = SEED_SLICES.PLATFORM.map((_, index) => platformUuid('c0000000', index + 1));
const customerId = (firstName: string, lastName: string) =>
  SEEDED_IDS[SEED_SLICES.PLATFORM.findIndex((p) => p.firstName === firstName && p.lastName === lastName)] ?? 'missing';
const JOSE = customerId('José', 'Müller');
const RENEE = customerId('Renée', 'Dubois');
const LUKASZ = customerId('Łukasz', 'Żółć');
const SECOND_ORG_JORDAN = platformUuid('c0000000', 501);

let sandbox: PlatformSandbox;
let source: PlatformSource;
const call = recordingCall();

function adapter(overrides: { url?: string; token?: string; organization?: string } = {}): PlatformSource {
  return createPlatformSource({ url: sandbox.server.url, ...sandbox.credentials, http: TEST_HTTP_SETTINGS, ...overrides });
}

interface Linkage {
  type: string;
  id: string;
}

interface TestResource extends Linkage {
  attributes: Record<string, unknown>;
  relationships?: Record<string, { data: Linkage | Linkage[] }>;
  links?: { self: string };
}

interface TestDocument {
  data?: TestResource | TestResource[];
  included?: TestResource[];
  errors?: Array<{ status: string; title: string; detail: string; source?: { pointer?: string; parameter?: string } }>;
  meta?: { page: Record<string, number | null> };
  links?: Record<string, string>;
}

function one(document: TestDocument): TestResource {
  if (!document.data || Array.isArray(document.data)) throw new Error('expected one resource');
  return document.data;
}

function many(document: TestDocument): TestResource[] {
  if (!Array.isArray(document.data)) throw new Error('expected a collection');
  return document.data;
}

/** A direct call to the sandbox, as a vendor client would make it. */
interface VendorInit {
  method?: string;
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
}

async function vendor(path: string, init: VendorInit = {}) {
  const response = await fetch(`${sandbox.server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${init.token ?? sandbox.credentials.token}`,
      accept: MEDIA_TYPE,
      ...(init.body === undefined ? {} : { 'content-type': MEDIA_TYPE }),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as TestDocument };
}

const o = () => `o=${sandbox.credentials.organization}`;

function createCustomer(attributes: Record<string, unknown>) {
  return vendor(`/api/v1/customers?${o()}`, { method: 'POST', body: { data: { type: 'customers', attributes } } });
}

function patchCustomer(id: string, attributes: Record<string, unknown>, bodyId = id) {
  const body = { data: { type: 'customers', id: bodyId, attributes } };
  return vendor(`/api/v1/customers/${id}?${o()}`, { method: 'PATCH', body });
}

async function walk(filter: CustomerListFilter, sizeHint: number, from: PlatformSource = source) {
  const customers: Customer[] = [];
  const tokens: Array<PageToken | null> = [];
  let token: PageToken | null = null;
  do {
    tokens.push(token);
    const page = await from.listPage({ filter, token, sizeHint }, call);
    customers.push(...page.customers);
    token = page.next;
  } while (token !== null && tokens.length < 100);
  return { customers, tokens };
}

async function failureOf(promise: Promise<unknown>): Promise<{ failure: SourceFailure; status: number | null }> {
  const { failure, status } = await sourceErrorOf(promise);
  return { failure, status };
}

/** The single-customer reads (`GET /api/v1/customers/{id}`) since the log was cleared, by id. */
const singleReads = () =>
  sandbox.server.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v1/customers/')).map((r) => r.path.split('/').at(-1));

describe.each(PLATFORM_MODES)('against the %s PLATFORM sandbox', (mode) => {
  beforeAll(async () => {
    sandbox = createPlatformSandbox({ undocumented: platformFeatures(mode) });
    await sandbox.server.start(0);
    source = adapter();
    await learnVendor(source, JOSE);
  });

  afterAll(async () => {
    await sandbox.server.stop();
  });

  beforeEach(() => {
    sandbox.reset();
  });

  describe('PLATFORM listPage and count', () => {
    it('visits every seeded customer exactly once, in pages of the size asked', async () => {
      const { customers, tokens } = await walk({}, 7);
      expect(customers.map((c) => c.sourceId)).toEqual(SEEDED_IDS);
      expect(tokens).toEqual([null, ...[2, 3, 4, 5].map((number) => ({ number, size: 7 }))]);
      expect(await source.count({}, call)).toBe(SEEDED_IDS.length);
      const pageCalls = sandbox.server.calls('/api/v1/customers', 'GET').filter((r) => r.query.get('page[size]') === '7');
      expect(pageCalls.map((r) => r.query.get('page[number]'))).toEqual(['1', '2', '3', '4', '5']);
    });

    it('ends with next null on a full last page, and clamps the size hint to 1..100', async () => {
      const { customers, tokens } = await walk({}, 10);
      expect(customers).toHaveLength(30);
      expect(tokens).toHaveLength(3);
      const big = await source.listPage({ filter: {}, token: null, sizeHint: 500 }, call);
      expect(big.customers).toHaveLength(30);
      expect(big.next).toBeNull();
      const small = await source.listPage({ filter: {}, token: null, sizeHint: 0 }, call);
      expect(small.customers).toHaveLength(1);
      expect(small.next).toEqual({ number: 2, size: 1 });
    });

    it('re-fetches exactly the same page from a reused (JSON round-tripped) token', async () => {
      const first = await source.listPage({ filter: {}, token: null, sizeHint: 4 }, call);
      const token = JSON.parse(JSON.stringify(first.next)) as PageToken;
      const once = await source.listPage({ filter: {}, token, sizeHint: 9 }, call);
      const again = await source.listPage({ filter: {}, token, sizeHint: 1 }, call);
      expect(once.customers.map((c) => c.sourceId)).toEqual(SEEDED_IDS.slice(4, 8));
      expect(again).toEqual(once);
    });

    it('refuses a token it did not make', async () => {
      const foreign: PageToken[] = [
        '2',
        { number: 0, size: 5 },
        { number: 1, size: 101 },
        { number: 1, size: 5, x: 1 },
        { number: 1, size: 5, local: false },
      ];
      for (const token of foreign) {
        await expect(source.listPage({ filter: {}, token, sizeHint: 5 }, call)).rejects.toThrow(InvalidPageTokenError);
      }
    });

    it('pages a search filter to the end, each match once, and counts it', async () => {
      const { customers } = await walk({ search: 'jordan' }, 1);
      expect(customers.map((c) => `${c.firstName} ${c.lastName}`)).toEqual(['Jordan Baptiste', 'Jordan Kim']);
      expect(await source.count({ search: 'jordan' }, call)).toBe(2);
      const searches = sandbox.server.calls('/api/v1/customers').map((r) => r.query.get('filter[search]'));
      expect(searches.every((term) => term === 'jordan')).toBe(true);
    });

    it('searches accented, unicode and phone terms', async () => {
      const names = async (search: string) => (await walk({ search }, 25)).customers.map((c) => `${c.firstName} ${c.lastName}`);
      expect(await names('Müller')).toEqual(['José Müller']);
      expect(await names('muller')).toEqual(['José Müller']);
      expect(await names('ŻÓŁĆ')).toEqual(['Łukasz Żółć']);
      expect(await names('李')).toEqual(['娜 李']);
      expect(await names('Siobhán Ó Briain')).toEqual(['Siobhán Ó Briain']);
      expect(await names('+46 8 123')).toEqual(['Astrid Lindqvist']);
      expect(await source.count({ search: 'ZOLC' }, call)).toBe(1);
    });

    it('drops what the vendor search returns but the term does not match', async () => {
      // The vendor matches every word anywhere: "Kim Jordan" finds Jordan Kim.
      const raw = await vendor(`/api/v1/customers?${o()}&filter[search]=${encodeURIComponent('Kim Jordan')}`);
      expect(many(raw.body).map((r) => r.id)).toEqual([customerId('Jordan', 'Kim')]);
      const page = await source.listPage({ filter: { search: 'Kim Jordan' }, token: null, sizeHint: 10 }, call);
      expect(page).toEqual({ customers: [], next: null, total: 0 });
      expect(await source.count({ search: 'Kim Jordan' }, call)).toBe(0);
      expect(await source.count({ search: 'Jordan Kim' }, call)).toBe(1);
    });

    it('pages an email filter and counts it', async () => {
      const { customers } = await walk({ email: 'renee.dubois@example.test' }, 5);
      expect(customers.map((c) => c.sourceId)).toEqual([RENEE]);
      expect(customers[0]?.email).toBe('Renee.Dubois@Example.test');
      expect(await source.count({ email: 'renee.dubois@example.test' }, call)).toBe(1);
      expect(await source.count({ email: 'nobody@example.test' }, call)).toBe(0);
    });
  });

  describe('PLATFORM getByIds and findByEmails', () => {
    it('fetches a batch in one call where filter[id] works, keeps the order, answers null for unknown and malformed ids', async () => {
      const fresh = adapter();
      const unknown = platformUuid('c0000000', 999);
      const asked = [LUKASZ, unknown, JOSE, 'not-a-uuid', RENEE.toUpperCase(), JOSE];
      const found = await foundByIds(fresh.getByIds(asked, call));
      expect(found.map((c) => c?.sourceId ?? null)).toEqual([LUKASZ, null, JOSE, null, RENEE, JOSE]);
      const lists = sandbox.server.requests.filter((r) => r.path === '/api/v1/customers');
      expect(lists).toHaveLength(1);
      expect(lists[0]?.query.get('filter[id]')?.split(',')).toEqual([LUKASZ, unknown, JOSE, RENEE]);
      // Conservative: filter[id] is not in the document, and refused (400); each id is then read on its own.
      expect(singleReads().sort()).toEqual(mode === 'generous' ? [] : [LUKASZ, unknown, JOSE, RENEE].sort());
    });

    it('asks for 20 ids in ONE call, and 150 ids in two (where filter[id] works; else one read each)', async () => {
      const fresh = adapter();
      const twenty = SEEDED_IDS.slice(0, 20);
      expect((await foundByIds(fresh.getByIds(twenty, call))).map((c) => c?.sourceId)).toEqual(twenty);
      expect(sandbox.server.requests).toHaveLength(mode === 'generous' ? 1 : 21);
      sandbox.server.clearLog();
      const many = Array.from({ length: 150 }, (_, index) => platformUuid('c0000000', index + 1));
      const found = await foundByIds(fresh.getByIds(many, call));
      expect(found.filter((c) => c !== null)).toHaveLength(30);
      if (mode === 'generous') {
        expect(sandbox.server.requests.map((r) => r.query.get('filter[id]')?.split(',').length)).toEqual([100, 50]);
      } else {
        // The refusal was remembered: no list call this time.
        expect(singleReads()).toHaveLength(150);
        expect(sandbox.server.requests).toHaveLength(150);
      }
    });

    it('reads 20 ids in one call once the list is seen to fit one page, in either sandbox', async () => {
      const fresh = adapter();
      await fresh.listPage({ filter: {}, token: null, sizeHint: 5 }, call);
      sandbox.server.clearLog();
      const twenty = SEEDED_IDS.slice(0, 20);
      expect((await foundByIds(fresh.getByIds(twenty, call))).map((c) => c?.sourceId)).toEqual(twenty);
      expect(sandbox.server.requests.map((r) => [r.path, r.query.get('page[size]'), r.query.get('filter[id]')])).toEqual([
        ['/api/v1/customers', '100', null],
      ]);
    });

    it.each(['ignored', 'refused'] as const)(
      'reads one customer a call, in parallel, when the list %s filter[id], and remembers it',
      async (behaviour) => {
        if (behaviour === 'ignored') {
          sandbox.settings.features.add('platform-id-filter');
          sandbox.settings.idFilter = 'ignored';
        } else {
          sandbox.settings.features.delete('platform-id-filter');
        }
        const fresh = adapter();
        const unknown = platformUuid('c0000000', 999);
        const found = await foundByIds(fresh.getByIds([LUKASZ, unknown, JOSE], call));
        expect(found.map((c) => c?.sourceId ?? null)).toEqual([LUKASZ, null, JOSE]);
        expect(singleReads().sort()).toEqual([LUKASZ, unknown, JOSE].sort());
        const lists = () => sandbox.server.requests.filter((r) => r.path === '/api/v1/customers');
        expect(lists()).toHaveLength(1);
        sandbox.server.clearLog();
        expect((await foundByIds(fresh.getByIds([RENEE], call)))[0]?.sourceId).toBe(RENEE);
        expect(lists()).toHaveLength(0);
        expect(singleReads()).toEqual([RENEE]);
      },
    );

    it('makes no call when no id is a UUID', async () => {
      expect(await foundByIds(source.getByIds(['1', 'resolve-code', ''], call))).toEqual([null, null, null]);
      expect(await foundByIds(source.getByIds([], call))).toEqual([]);
      expect(sandbox.server.requests).toHaveLength(0);
    });

    it('finds several emails in one read of the whole list when it has fewer pages than emails', async () => {
      const asked = ['jose.muller@example.test', 'renee.dubois@example.test', 'nobody@example.test'];
      const found = await source.findByEmails(asked, call);
      expect(found.map((c) => c.sourceId).sort()).toEqual([JOSE, RENEE].sort());
      expect(sandbox.server.requests).toHaveLength(1);
      expect(sandbox.server.requests[0]!.query.get('page[size]')).toBe('100');
      expect(await source.findByEmails([], call)).toEqual([]);
    });

    it('reads several ids from the one page a one-page list has (the page sameAs reads), the rest by filter[id]', async () => {
      const fresh = adapter();
      await fresh.findByEmails(['jose.muller@example.test', 'renee.dubois@example.test'], call);
      sandbox.server.clearLog();
      const unknown = platformUuid('c0000000', 999);
      const found = await foundByIds(fresh.getByIds([LUKASZ, JOSE, unknown], call));
      expect(found.map((c) => c?.sourceId ?? null)).toEqual([LUKASZ, JOSE, null]);
      const lists = sandbox.server.requests.filter((r) => r.path === '/api/v1/customers');
      expect(lists.map((r) => r.query.get('page[size]'))).toEqual(['100', '1']);
      expect(lists[1]?.query.get('filter[id]')).toBe(unknown);
      // Conservative: that filter[id] was refused, and the unknown id read on its own.
      expect(singleReads()).toEqual(mode === 'generous' ? [] : [unknown]);
    });

    it('finds one email with the exact email filter', async () => {
      const found = await source.findByEmails(['Jose.Muller@example.test'], call);
      expect(found.map((c) => c.sourceId)).toEqual([JOSE]);
      expect(sandbox.server.requests.map((r) => r.query.get('filter[email]'))).toEqual(['jose.muller@example.test']);
    });

    it('does not pass on a record the vendor matched under another email', async () => {
      // The vendor compares emails like its database collation, accent-insensitively, so this one also matches.
      const created = await createCustomer({ given_name: 'José', family_name: 'Double', email: 'josé.muller@example.test' });
      expect(created.status).toBe(201);
      const raw = await vendor(`/api/v1/customers?${o()}&filter[email]=jose.muller@example.test`);
      expect(many(raw.body)).toHaveLength(2);
      expect((await source.findByEmails(['jose.muller@example.test'], call)).map((c) => c.sourceId)).toEqual([JOSE]);
      const page = await source.listPage({ filter: { email: 'jose.muller@example.test' }, token: null, sizeHint: 10 }, call);
      expect(page.customers.map((c) => c.sourceId)).toEqual([JOSE]);
      expect(await source.count({ email: 'jose.muller@example.test' }, call)).toBe(1);
    });
  });

  describe('PLATFORM organization scope', () => {
    it('sends o= on every call', async () => {
      await walk({ search: 'a' }, 10);
      await foundByIds(source.getByIds([JOSE], call));
      await source.findByEmails(['jose.muller@example.test'], call);
      await source.count({}, call);
      await source.probe(call);
      expect(sandbox.server.requests.length).toBeGreaterThan(4);
      for (const request of sandbox.server.requests) {
        expect(request.query.get('o')).toBe(sandbox.credentials.organization);
        expect(request.headers.authorization).toBe(`Bearer ${sandbox.credentials.token}`);
        expect(request.headers.accept).toBe(MEDIA_TYPE);
      }
    });

    it('sees only its own organization', async () => {
      const second = adapter({ organization: SECOND_ORGANIZATION_ID });
      const { customers } = await walk({}, 10, second);
      expect(customers.map((c) => c.sourceId)).toEqual([SECOND_ORG_JORDAN, platformUuid('c0000000', 502)]);
      const organizations = customers.map((c) => (c.source === 'PLATFORM' ? c.platform.organizationId : null));
      expect(organizations).toEqual([SECOND_ORGANIZATION_ID, SECOND_ORGANIZATION_ID]);
      expect(await second.count({}, call)).toBe(2);
      expect(await source.findByEmails(['jordan.reed@example.test'], call)).toEqual([]);
      expect(await foundByIds(source.getByIds([SECOND_ORG_JORDAN], call))).toEqual([null]);
      expect((await foundByIds(second.getByIds([SECOND_ORG_JORDAN], call)))[0]?.phones.map((p) => p.kind)).toEqual(['MOBILE', 'LANDLINE']);
    });

    it('rejects wrong credentials and organizations the token does not serve', async () => {
      expect(await failureOf(adapter({ token: 'wrong' }).probe(call))).toEqual({ failure: 'AUTH_REJECTED', status: 401 });
      expect(await failureOf(foundByIds(adapter({ organization: FOREIGN_ORGANIZATION_ID }).getByIds([JOSE], call)))).toEqual({
        failure: 'AUTH_REJECTED',
        status: 403,
      });
      const unknown = adapter({ organization: 'no-such-org' });
      expect(await failureOf(unknown.count({}, call))).toEqual({ failure: 'AUTH_REJECTED', status: 404 });
    });
  });

  describe('PLATFORM faults', () => {
    it('reports a stopped vendor as UNREACHABLE', async () => {
      const stopped = createPlatformSandbox();
      await stopped.server.start(0);
      const url = stopped.server.url;
      await stopped.server.stop();
      expect((await failureOf(adapter({ url }).probe(call))).failure).toBe('UNREACHABLE');
    });

    it('reports a 500 as VENDOR_ERROR', async () => {
      sandbox.server.injectFault({ fault: { kind: 'status', status: 500 } });
      const failed = failureOf(source.listPage({ filter: {}, token: null, sizeHint: 5 }, call));
      expect(await failed).toEqual({ failure: 'VENDOR_ERROR', status: 500 });
    });

    it('reports a vendor that hangs as TIMEOUT', async () => {
      sandbox.server.injectFault({ fault: { kind: 'hang' } });
      expect((await failureOf(foundByIds(source.getByIds([JOSE], call)))).failure).toBe('TIMEOUT');
    });

    it('reports malformed JSON as BAD_RESPONSE', async () => {
      sandbox.server.injectFault({ fault: { kind: 'malformed' } });
      expect((await failureOf(source.findByEmails(['jose.muller@example.test'], call))).failure).toBe('BAD_RESPONSE');
    });
  });

  describe("PLATFORM sandbox: the document's routes", () => {
    it('answers JSON:API errors for missing auth, missing o, oversized pages and unknown customers', async () => {
      const unauthenticated = await fetch(`${sandbox.server.url}/api/v1/customers?${o()}`);
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.headers.get('content-type')).toBe(MEDIA_TYPE);
      expect(((await unauthenticated.json()) as { errors: unknown[] }).errors).toEqual([
        { status: '401', title: 'Unauthenticated', detail: 'A valid Bearer token is required.' },
      ]);
      expect((await vendor('/api/v1/customers', { token: 'wrong' })).status).toBe(401);
      const noOrganization = await vendor('/api/v1/customers');
      expect(noOrganization.status).toBe(400);
      expect(noOrganization.body.errors?.[0]?.source).toEqual({ parameter: 'o' });
      const oversized = await vendor(`/api/v1/customers?${o()}&page[size]=101`);
      expect(oversized.status).toBe(400);
      expect(oversized.body.errors?.[0]?.source).toEqual({ parameter: 'page[size]' });
      expect((await vendor(`/api/v1/customers?${o()}&filter[nickname]=x`)).status).toBe(400);
      expect((await vendor(`/api/v1/customers/${platformUuid('c0000000', 999)}?${o()}`)).status).toBe(404);
      expect((await vendor(`/api/v1/customers/${SECOND_ORG_JORDAN}?${o()}`)).status).toBe(404);
      expect((await vendor(`/api/v1/customers?o=${FOREIGN_ORGANIZATION_ID}`)).status).toBe(403);
      expect((await vendor(`/api/v1/customers/${JOSE}?${o()}`, { method: 'DELETE' })).status).toBe(405);
    });

    it('offers the routes and filters the document does not name only where they are turned on', async () => {
      const beyond: Array<[string, number, string | null]> = [
        [`/api/v1/custom-fields?${o()}`, 404, null],
        [`/api/v1/customers/${LUKASZ}/bookings?${o()}`, 404, null],
        [`/api/v1/customers?${o()}&filter[id]=${JOSE}`, 400, 'filter[id]'],
        [`/api/v1/customers?${o()}&filter[account_id]=x`, 400, 'filter[account_id]'],
        [`/api/v1/customers?${o()}&filter[custom_fields][${FIELD_IDS.tier}]=gold`, 400, `filter[custom_fields][${FIELD_IDS.tier}]`],
      ];
      for (const [path, refusal, parameter] of beyond) {
        const answer = await vendor(path);
        expect(answer.status, path).toBe(mode === 'generous' ? 200 : refusal);
        if (mode === 'conservative') expect(answer.body.errors?.[0]?.source, path).toEqual(parameter ? { parameter } : undefined);
      }
      sandbox.settings.features.add('platform-bookings-route');
      expect((await vendor(`/api/v1/customers/${LUKASZ}/bookings?${o()}`)).status).toBe(200);
      const included = await vendor(`/api/v1/customers/${JOSE}?${o()}&include=custom_entries,custom_entries.field`);
      expect(included.status).toBe(200);
      expect((included.body.included ?? []).find((r) => r.id === FIELD_IDS.tier)?.attributes).toMatchObject({ label: 'Membership Tier' });
    });

    it('answers a collection with meta.page, links and resources', async () => {
      const page = await vendor(`/api/v1/customers?${o()}&page[number]=2&page[size]=10`);
      expect(page.headers.get('content-type')).toBe(MEDIA_TYPE);
      expect(page.body.meta).toEqual({ page: { currentPage: 2, from: 11, lastPage: 3, perPage: 10, to: 20, total: 30 } });
      expect(Object.keys(page.body.links ?? {})).toEqual(['first', 'last', 'prev', 'next']);
      expect(new URL(page.body.links?.next ?? '').searchParams.get('page[number]')).toBe('3');
      const resource = many(page.body)[0];
      const self = `${sandbox.server.url}/api/v1/customers/${SEEDED_IDS[10]}`;
      expect(resource).toMatchObject({ type: 'customers', id: SEEDED_IDS[10], links: { self } });
      expect(Object.keys(resource?.attributes ?? {}).sort()).toEqual(
        ['account_id', 'birth_date', 'company', 'custom_entry_map', 'email', 'family_name', 'given_name', 'locale'].concat([
          'mobile',
          'phone',
          'sex',
        ]),
      );
      const defaultPage = await vendor(`/api/v1/customers?${o()}`);
      expect(defaultPage.body.meta?.page.perPage).toBe(25);
    });

    it('seeds custom fields, linked accounts, unicode names and records missing optional fields', async () => {
      const all = (await source.listPage({ filter: {}, token: null, sizeHint: 100 }, call)).customers;
      const platform = all.flatMap((c) => (c.source === 'PLATFORM' ? [c.platform] : []));
      expect(platform.filter((p) => Object.keys(p.customEntryMap).length === 0).length).toBeGreaterThan(0);
      expect(platform.filter((p) => p.accountId !== null).length).toBeGreaterThan(0);
      expect(all.some((c) => c.email === null && c.phones.length === 0 && c.birthday === null)).toBe(true);
      const jose = all.find((c) => c.sourceId === JOSE);
      expect(jose?.phones).toEqual([{ raw: '0170 1234567', e164: null, country: null, kind: 'MOBILE' }]);
      expect(jose?.source === 'PLATFORM' && jose.platform.customEntryMap[FIELD_IDS.tier]).toEqual({
        value: 'Gold',
        label: 'Membership Tier',
        formatted_value: 'Gold',
        type: 'select',
      });
      expect(all.find((c) => c.firstName === 'Alex')?.gender).toBe('OTHER');
    });

    it('creates the documented customer, read back through the adapter, and refuses its email twice', async () => {
      const body = PLATFORM_CREATE_REQUEST_EXAMPLE;
      const created = await vendor(`/api/v1/customers?${o()}`, { method: 'POST', body });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe(one(created.body).links?.self);
      const [jane] = await foundByIds(source.getByIds([one(created.body).id], call));
      expect(jane).toMatchObject({
        firstName: 'Jane',
        lastName: 'Doe',
        email: 'jane@example.com',
        phones: [{ raw: '+49 170 1234567', e164: '+491701234567', country: 'DE', kind: 'MOBILE' }],
        company: 'Acme Corp',
        locale: 'de-DE',
        platform: { organizationId: sandbox.credentials.organization, accountId: null, customEntryMap: {} },
      });
      const again = await createCustomer({ ...body.data.attributes, email: 'JANE@example.com' });
      expect(again.status).toBe(422);
      expect(again.body.errors).toEqual([
        {
          status: '422',
          title: 'Unprocessable Entity',
          detail: 'The email has already been taken.',
          source: { pointer: '/data/attributes/email' },
        },
      ]);
      const noLocale = await createCustomer({ given_name: 'Ana' });
      expect(one(noLocale.body).attributes.locale).toBe('en-GB');
      const headers = { 'content-type': 'application/json' };
      const plainJson = await vendor(`/api/v1/customers?${o()}`, { method: 'POST', body, headers });
      expect(plainJson.status).toBe(415);
    });

    it('creates with custom fields, then PATCH upserts the map and deletes the fields left out', async () => {
      // platform-customers-jsonapi.txt, "Full Example", with the sandbox's field ids for the placeholders.
      const example = PLATFORM_FULL_EXAMPLE_TEXT.replace('{field_uuid_membership_tier}', FIELD_IDS.tier).replace(
        '{field_uuid_member_number}',
        FIELD_IDS.memberNumber,
      );
      const created = await vendor(`/api/v1/customers?${o()}`, { method: 'POST', body: JSON.parse(example) });
      const id: string = one(created.body).id;
      const read = await vendor(`/api/v1/customers/${id}?${o()}`);
      expect(one(read.body).attributes.custom_entry_map).toEqual({
        [FIELD_IDS.tier]: { value: 'Gold', label: 'Membership Tier', formatted_value: 'Gold', type: 'select' },
        [FIELD_IDS.memberNumber]: { value: '12345', label: 'Member Number', formatted_value: '12345', type: 'text' },
      });
      const entriesBefore = await vendor(`/api/v1/customers/${id}?${o()}&include=custom_entries,custom_entries.field`);
      const tierLinkage = { type: 'custom-fields', id: FIELD_IDS.tier };
      const tierEntry = (entriesBefore.body.included ?? []).find(
        (r) => r.type === 'custom-entries' && isDeepStrictEqual(r.relationships?.field?.data, tierLinkage),
      );
      expect(tierEntry?.attributes).toEqual({ value: 'Gold', formatted_value: 'Gold' });
      expect(
        (entriesBefore.body.included ?? [])
          .filter((r) => r.type === 'custom-fields')
          .map((r) => r.id)
          .sort(),
      ).toEqual([FIELD_IDS.tier, FIELD_IDS.memberNumber].sort());

      const patched = await patchCustomer(id, {
        custom_entry_map: { [FIELD_IDS.tier]: { value: 'silver' }, [FIELD_IDS.newsletter]: { value: '1' } },
      });
      expect(patched.status).toBe(200);
      expect(one(patched.body).attributes.custom_entry_map).toEqual({
        [FIELD_IDS.tier]: { value: 'silver', label: 'Membership Tier', formatted_value: 'Silver', type: 'select' },
        [FIELD_IDS.newsletter]: { value: true, label: 'Newsletter', formatted_value: 'Yes', type: 'checkbox' },
      });
      expect(one(patched.body).attributes.given_name).toBe('Jane');
      const entriesAfter = await vendor(`/api/v1/customers/${id}?${o()}&include=custom_entries`);
      const linkages = one(entriesAfter.body).relationships?.custom_entries?.data;
      expect(linkages).toContainEqual({ type: 'custom-entries', id: tierEntry?.id });
      expect((entriesAfter.body.included ?? []).every((r) => r.type === 'custom-entries')).toBe(true);

      const cleared = await patchCustomer(id, { custom_entry_map: {} });
      expect(one(cleared.body).attributes.custom_entry_map).toEqual({});
      const invalid = await patchCustomer(id, {
        birth_date: '15.06.1990',
        custom_entry_map: { [FIELD_IDS.memberSince]: { value: 'soon' } },
      });
      expect(invalid.status).toBe(422);
      expect(invalid.body.errors?.map((e) => e.source?.pointer)).toEqual([
        '/data/attributes/birth_date',
        `/data/attributes/custom_entry_map/${FIELD_IDS.memberSince}/value`,
      ]);
      const mismatch = await patchCustomer(id, {}, JOSE);
      expect(mismatch.status).toBe(409);
    });

    it('resolves codes, creates model identifiers, merges and removes from a community', async () => {
      const resolved = await vendor(`/api/v1/customers/resolve-code?${o()}&code=MEMBER-10000`);
      expect(one(resolved.body).id).toBe(JOSE);
      expect((await vendor(`/api/v1/customers/resolve-code?${o()}&code=NOPE`)).status).toBe(404);
      const identifier = await vendor(`/api/v1/model-identifiers?${o()}`, {
        method: 'POST',
        body: {
          data: {
            type: 'model-identifiers',
            attributes: { code: 'MEMBER-12345', type: 'custom' },
            relationships: { identifiable: { data: { type: 'customers', id: LUKASZ } } },
          },
        },
      });
      expect(identifier.status).toBe(201);
      expect(one((await vendor(`/api/v1/customers/resolve-code?${o()}&code=MEMBER-12345`)).body).id).toBe(LUKASZ);
      const listed = await vendor(`/api/v1/customers/${LUKASZ}/model-identifiers?${o()}`);
      expect(many(listed.body).map((r) => r.attributes.code)).toContain('MEMBER-12345');

      const merged = await vendor(`/api/v1/customers/${LUKASZ}/merge?${o()}`, { method: 'POST', body: { referenceId: JOSE } });
      expect(merged.status).toBe(200);
      expect(one(merged.body).attributes.given_name).toBe('José');
      expect(one((await vendor(`/api/v1/customers/resolve-code?${o()}&code=MEMBER-12345`)).body).id).toBe(JOSE);
      expect(await foundByIds(source.getByIds([LUKASZ], call))).toEqual([null]);
      const mergedAway = await vendor(`/api/v1/customers/${RENEE}/merge?${o()}`, { method: 'POST', body: { referenceId: LUKASZ } });
      expect(mergedAway.status).toBe(422);

      const member = SEEDED_IDS[5] ?? ''; // a Regulars member (the first, Łukasz, was merged away above)
      const removal = `/api/v1/customers/${member}/remove-from-community?${o()}&community_id=${REGULARS_COMMUNITY_ID}`;
      expect((await vendor(removal)).status).toBe(204);
      expect((await vendor(removal)).status).toBe(404);
    });

    it('exports customers in the background', async () => {
      const requested = await vendor(`/api/v1/exports?${o()}`, {
        method: 'POST',
        body: { data: { type: 'exports', attributes: { type: 'customers', filters: { search: 'jordan' } } } },
      });
      expect(requested.status).toBe(202);
      expect(one(requested.body).attributes).toMatchObject({ status: 'processing', url: null });
      const done = await vendor(`/api/v1/exports/${one(requested.body).id}?${o()}`);
      expect(one(done.body).attributes.status).toBe('completed');
      const authorization = `Bearer ${sandbox.credentials.token}`;
      const csv = await fetch(String(one(done.body).attributes.url), { headers: { authorization } });
      const lines = (await csv.text()).trim().split('\r\n');
      expect(lines).toHaveLength(3);
      expect(lines[1]).toContain('Jordan,Baptiste');
    });
  });
});
