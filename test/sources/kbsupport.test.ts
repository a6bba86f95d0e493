import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { kbSupportSeed } from '../../src/sandbox/kbsupport/data.ts';
import { createKbSupportSandbox, type KbSupportBehaviour, type KbSupportSandbox } from '../../src/sandbox/kbsupport/server.ts';
import { type RecordedRequest, SandboxServer } from '../../src/sandbox/server.ts';
import { InvalidPageTokenError } from '../../src/sources/errors.ts';
import { createKbSupportSource } from '../../src/sources/kbsupport/source.ts';
import { customerMatchesSearch } from '../../src/sources/kit/customer-filter.ts';
import type { Customer, CustomerListFilter, CustomerSource, PageToken } from '../../src/sources/model/index.ts';
import { foundByIds, recordingCall, sourceErrorOf, TEST_HTTP_SETTINGS } from '../support/sources.ts';

const SEED = kbSupportSeed();
const ALL_IDS = SEED.map((customer) => customer.id)
  .sort((a, b) => b - a)
  .map(String);
/** kbsupport-observed.md: the list only ever shows the 20 highest ids. */
const LOWEST_LISTED = Number(ALL_IDS[19]);
const call = recordingCall();

function idOf(email: string): string {
  const found = SEED.find((customer) => customer.email.toLowerCase() === email);
  if (!found) throw new Error(`no seeded customer ${email}`);
  return String(found.id);
}

function idsNamed(word: string): string[] {
  return ALL_IDS.filter((id) => SEED.find((customer) => String(customer.id) === id)?.name.includes(word));
}

/** The REST route of a recorded request, whichever link style it came through. */
function restRoute(request: RecordedRequest): string {
  return request.path.startsWith('/wp-json/') ? request.path.slice('/wp-json'.length) : (request.query.get('rest_route') ?? request.path);
}
const singleCalls = (sandbox: KbSupportSandbox) => sandbox.server.requests.filter((r) => /^\/kbs\/v1\/customers\/\d+$/.test(restRoute(r)));
const listCalls = (sandbox: KbSupportSandbox) => sandbox.server.requests.filter((r) => restRoute(r) === '/kbs/v1/customers');
const paramOf = (request: RecordedRequest, name: string) => request.query.get(name);

interface Walk {
  ids: string[];
  pages: Array<{ token: PageToken | null; ids: string[] }>;
  customers: Customer[];
}

async function walk(source: CustomerSource, filter: CustomerListFilter, sizeHint: number): Promise<Walk> {
  const result: Walk = { ids: [], pages: [], customers: [] };
  let token: PageToken | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = await source.listPage({ filter, token, sizeHint }, call);
    expect(JSON.parse(JSON.stringify(page.next)), 'tokens are plain JSON').toEqual(page.next);
    const ids = page.customers.map((customer) => customer.sourceId);
    result.pages.push({ token, ids });
    result.ids.push(...ids);
    result.customers.push(...page.customers);
    if (page.next === null) return result;
    token = page.next;
  }
  throw new Error('listPage never reached the end');
}

const SETUPS = [
  { behaviour: 'documented', prettyLinks: true },
  { behaviour: 'documented', prettyLinks: false },
  { behaviour: 'observed', prettyLinks: true },
  { behaviour: 'observed', prettyLinks: false },
] as const satisfies ReadonlyArray<{ behaviour: KbSupportBehaviour; prettyLinks: boolean }>;

describe.each(SETUPS)('KB Support adapter, $behaviour installation, pretty links $prettyLinks', ({ behaviour, prettyLinks }) => {
  const sandbox = createKbSupportSandbox({ behaviour, prettyLinks });
  let source: CustomerSource;
  const adapter = (credentials = sandbox.credentials, url = sandbox.server.url) =>
    createKbSupportSource({ url, ...credentials, timeZone: sandbox.timeZone, http: TEST_HTTP_SETTINGS });

  beforeAll(async () => {
    await sandbox.server.start(0);
  });
  afterAll(() => sandbox.server.stop());
  beforeEach(() => {
    sandbox.reset();
    source = adapter();
  });

  it('pages from the first token to the end: every customer once, newest first, as many as count()', async () => {
    const { ids } = await walk(source, {}, 7);
    expect(ids).toEqual(ALL_IDS);
    expect(await source.count({}, call)).toBe(SEED.length);
  });

  it('refuses a walk that starts above every id the list shows, before its single reads', async () => {
    const far = source.listPage({ filter: {}, token: { below: 2_000_000_000, size: 20 }, sizeHint: 20 }, call);
    await expect(far).rejects.toBeInstanceOf(InvalidPageTokenError);
    expect(singleCalls(sandbox)).toHaveLength(0);
  });

  it('re-fetches exactly the same page when a token is used again', async () => {
    const { pages } = await walk(source, {}, 7);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      const again = await source.listPage({ filter: {}, token: page.token, sizeHint: 60 }, call);
      expect(again.customers.map((customer) => customer.sourceId)).toEqual(page.ids);
    }
  });

  it('filters a search locally, with the count to match', async () => {
    const { ids, customers } = await walk(source, { search: 'jordan' }, 5);
    expect(ids).toEqual(idsNamed('Jordan'));
    expect(ids).toHaveLength(2);
    expect(customers.every((customer) => customerMatchesSearch(customer, 'jordan'))).toBe(true);
    expect(await source.count({ search: 'jordan' }, call)).toBe(2);
  });

  it('searches accent- and case-insensitively, reaching customers the observed list hides', async () => {
    const tran = await walk(source, { search: 'TRẦN' }, 10);
    expect(tran.ids).toEqual([idOf('ngoc.tran@example.test')]);
    expect(Number(tran.ids[0])).toBeLessThan(LOWEST_LISTED);
    const chloe = await walk(source, { search: 'lefevre' }, 10);
    expect(chloe.customers.map((customer) => customer.displayName)).toEqual(['Chloé Lefèvre']);
  });

  it('filters by exact email (a mixed-case mailbox too), never passing other records on', async () => {
    const hana = await walk(source, { email: 'hana.novak@example.test' }, 10);
    expect(hana.ids).toEqual([idOf('hana.novak@example.test')]);
    expect(hana.customers[0]?.email).toBe('Hana.Novak@Example.test');
    const hidden = await walk(source, { email: 'ngoc.tran@example.test' }, 10);
    expect(hidden.ids).toEqual([idOf('ngoc.tran@example.test')]);
    expect(await source.count({ email: 'mia.rossi@example.test' }, call)).toBe(1);
    expect(await source.count({ email: 'nobody@example.test' }, call)).toBe(0);
  });

  it('matches an additional email only with emailMatch ANY, the primary one either way', async () => {
    const primary = 'priya.raman@example.test';
    const additional = 'billing@raman-analytics.example.com';
    const any = await walk(source, { email: additional, emailMatch: 'ANY' }, 10);
    expect(any.ids).toEqual([idOf(primary)]);
    expect(any.customers[0]?.email).toBe(primary);
    // Whatever the installation's own lookup answers for it, the primary address alone is matched by default.
    expect((await walk(source, { email: additional }, 10)).ids).toEqual([]);
    expect((await walk(source, { email: additional, emailMatch: 'PRIMARY' }, 10)).ids).toEqual([]);
    expect((await walk(source, { email: primary, emailMatch: 'ANY' }, 10)).ids).toEqual([idOf(primary)]);
    expect(await source.count({ email: additional, emailMatch: 'ANY' }, call)).toBe(1);
    expect(await source.count({ email: additional }, call)).toBe(0);
    // Hidden below the observed list too.
    const hidden = await walk(source, { email: 'ngoc.tran@work.example.org', emailMatch: 'ANY' }, 10);
    expect(hidden.ids).toEqual([idOf('ngoc.tran@example.test')]);
  });

  it('gets customers by id in order: unknown ids and non-ids are null', async () => {
    const [high, low] = [idOf('oscar.wilde@example.test'), idOf('ngoc.tran@example.test')];
    const found = await foundByIds(source.getByIds([high, '999999', low, 'abc', '0', '00001', high], call));
    expect(found.map((customer) => customer?.sourceId ?? null)).toEqual([high, null, low, null, null, null, high]);
    expect(found[0]?.email).toBe('oscar.wilde@example.test');
  });

  it('finds customers by email, the hidden and the mixed-case ones included', async () => {
    const emails = ['mia.rossi@example.test', 'hana.novak@example.test', 'ngoc.tran@example.test', 'nobody@example.test'];
    const found = await source.findByEmails(emails, call);
    expect(found.map((customer) => customer.sourceId).sort()).toEqual(
      ['mia.rossi@example.test', 'hana.novak@example.test', 'ngoc.tran@example.test'].map(idOf).sort(),
    );
    expect(await source.findByEmails([], call)).toEqual([]);
  });

  it('maps the vendor record, times in the site zone', async () => {
    const [priya] = await foundByIds(source.getByIds([idOf('priya.raman@example.test')], call));
    expect(priya).toMatchObject({
      displayName: 'Priya Raman',
      firstName: 'Priya',
      lastName: 'Raman',
      additionalEmails: ['priya@raman-analytics.example.com', 'billing@raman-analytics.example.com'],
      phones: [{ raw: '+91 98765 43210', e164: '+919876543210', country: 'IN', kind: 'PRIMARY' }],
    });
    const stored = SEED.find((customer) => customer.email === 'priya.raman@example.test');
    expect(priya?.createdAt?.toISOString()).toBe(new Date(stored?.createdAt ?? '').toISOString());
    expect(priya?.source === 'KB_SUPPORT' && priya.kbSupport.companyId).toBe('27');
  });

  it('talks through the route style the site answers, found out once', async () => {
    await source.count({}, call);
    await foundByIds(source.getByIds(['1', '2'], call));
    const pretty = sandbox.server.requests.filter((r) => r.path.startsWith('/wp-json/'));
    const plain = sandbox.server.requests.filter((r) => r.query.has('rest_route'));
    if (prettyLinks) expect(plain).toHaveLength(0);
    else expect(pretty).toHaveLength(1);
    expect(pretty.length + plain.length).toBe(sandbox.server.requests.length);
  });

  it('probes with the configured credentials', async () => {
    await expect(source.probe(call)).resolves.toBeUndefined();
  });

  it('reports wrong credentials and a Support Agent user as AUTH_REJECTED', async () => {
    const wrong = await sourceErrorOf(adapter({ ...sandbox.credentials, appPassword: 'wrong' }).count({}, call));
    expect([wrong.failure, wrong.status]).toEqual(['AUTH_REJECTED', 401]);
    const agent = await sourceErrorOf(foundByIds(adapter(sandbox.agentCredentials).getByIds(['1'], call)));
    expect([agent.failure, agent.status]).toEqual(['AUTH_REJECTED', 403]);
    expect(wrong.message).not.toContain('wrong');
  });

  it('reports a 500 as VENDOR_ERROR', async () => {
    await source.probe(call);
    sandbox.server.injectFault({ fault: { kind: 'status', status: 500 } });
    expect((await sourceErrorOf(source.listPage({ filter: {}, token: null, sizeHint: 10 }, call))).failure).toBe('VENDOR_ERROR');
  });

  it('reports a vendor that hangs as TIMEOUT', async () => {
    sandbox.server.injectFault({ fault: { kind: 'hang' } });
    expect((await sourceErrorOf(foundByIds(source.getByIds(['1'], call)))).failure).toBe('TIMEOUT');
  });

  it('reports malformed JSON as BAD_RESPONSE', async () => {
    await source.probe(call);
    sandbox.server.injectFault({ fault: { kind: 'malformed' } });
    expect((await sourceErrorOf(source.count({}, call))).failure).toBe('BAD_RESPONSE');
  });

  if (behaviour === 'documented') {
    it('gets 5 customers with ONE include= call, verified', async () => {
      await source.probe(call);
      await source.count({}, call);
      sandbox.server.clearLog();
      const ids = ['3', '30', '12', '25', '4'];
      const found = await foundByIds(source.getByIds(ids, call));
      expect(found.map((customer) => customer?.sourceId ?? null)).toEqual(['3', '30', '12', '25', null]);
      expect(sandbox.server.requests).toHaveLength(1);
      expect(paramOf(sandbox.server.requests[0] as RecordedRequest, 'include')).toBe('3,30,12,25,4');
    });

    it('finds several emails with ONE list call', async () => {
      await source.count({}, call);
      sandbox.server.clearLog();
      const found = await source.findByEmails(['mia.rossi@example.test', 'hana.novak@example.test', 'elif.demir@example.test'], call);
      expect(found).toHaveLength(3);
      expect(sandbox.server.requests).toHaveLength(1);
      expect(paramOf(sandbox.server.requests[0] as RecordedRequest, 'email')).toContain('mia.rossi@example.test');
    });

    it('counts with X-WP-Total and pages with offset/per_page below the last id seen, no single-route calls', async () => {
      await source.count({}, call);
      sandbox.server.clearLog();
      expect(await source.count({}, call)).toBe(SEED.length);
      expect(sandbox.server.requests).toHaveLength(1);
      await walk(source, {}, 10);
      expect(singleCalls(sandbox)).toHaveLength(0);
      // The count's call, then 20 from the top, then a window from the 20th on (one item of overlap, checked).
      expect(listCalls(sandbox).map((r) => [paramOf(r, 'offset'), paramOf(r, 'per_page')])).toEqual([
        [null, '1'],
        ['0', '20'],
        ['19', '21'],
      ]);
    });

    it('finishes a walk, each customer once, when the installation stops honouring paging half-way', async () => {
      const first = await source.listPage({ filter: {}, token: null, sizeHint: 10 }, call);
      sandbox.behaviour = 'observed';
      try {
        const ids = first.customers.map((customer) => customer.sourceId);
        let token = first.next;
        while (token !== null) {
          const page = await source.listPage({ filter: {}, token, sizeHint: 10 }, call);
          ids.push(...page.customers.map((customer) => customer.sourceId));
          token = page.next;
        }
        expect(ids).toEqual(ALL_IDS);
        expect(singleCalls(sandbox).length).toBeGreaterThan(0);
      } finally {
        sandbox.behaviour = behaviour;
      }
    });
  }

  if (behaviour === 'observed') {
    it('reaches the customers the list hides, asking each lower id once through the single route', async () => {
      const { ids } = await walk(source, {}, 10);
      expect(ids.filter((id) => Number(id) < LOWEST_LISTED)).toHaveLength(SEED.length - 20);
      const asked = singleCalls(sandbox).map((r) => Number(restRoute(r).split('/').at(-1)));
      expect(asked.sort((a, b) => b - a)).toEqual(Array.from({ length: LOWEST_LISTED - 1 }, (_, index) => LOWEST_LISTED - 1 - index));
    });

    it('never passes unfiltered records on as filtered (email, search), on any page', async () => {
      const email = 'oscar.wilde@example.test';
      const byEmail = await walk(source, { email }, 10);
      expect(byEmail.customers.map((customer) => customer.email)).toEqual([email]);
      const bySearch = await walk(source, { search: 'Ólafsson' }, 10);
      expect(bySearch.customers.map((customer) => customer.displayName)).toEqual(['Björn Ólafsson']);
      // The vendor answered 20 records to every list call; the filters kept one.
      expect(listCalls(sandbox).length).toBeGreaterThan(0);
    });

    it('gets one customer by id with one single-route call', async () => {
      await source.listPage({ filter: {}, token: null, sizeHint: 1 }, call);
      sandbox.server.clearLog();
      expect((await foundByIds(source.getByIds(['5', 'x'], call))).map((customer) => customer?.sourceId ?? null)).toEqual(['5', null]);
      expect(singleCalls(sandbox).map(restRoute)).toEqual(['/kbs/v1/customers/5']);
      expect(listCalls(sandbox)).toHaveLength(0);
    });

    it('gets several by id from the list where it shows them, the rest with one single-route call per distinct id', async () => {
      const listedId = ALL_IDS[3] as string;
      await source.listPage({ filter: {}, token: null, sizeHint: 1 }, call);
      sandbox.server.clearLog();
      const found = await foundByIds(source.getByIds(['5', '999999', '5', listedId, ALL_IDS[0] as string, 'x'], call));
      expect(found.map((customer) => customer?.sourceId ?? null)).toEqual(['5', null, '5', listedId, ALL_IDS[0], null]);
      // 999999 is above the lowest listed id but not in the list: asked once more, one by one.
      expect(singleCalls(sandbox).map(restRoute).sort()).toEqual(['/kbs/v1/customers/5', '/kbs/v1/customers/999999']);
      expect(listCalls(sandbox)).toHaveLength(1);
    });

    it('finds emails by enumerating once, each id asked at most once', async () => {
      await source.probe(call);
      sandbox.server.clearLog();
      const found = await source.findByEmails(['mia.rossi@example.test', 'ngoc.tran@example.test'], call);
      expect(found).toHaveLength(2);
      const asked = singleCalls(sandbox).map(restRoute);
      expect(new Set(asked).size).toBe(asked.length);
      expect(asked).toHaveLength(LOWEST_LISTED - 1);
    });
  }
});

describe('KB Support adapter against a vendor that is gone', () => {
  it('reports UNREACHABLE', async () => {
    const sandbox = createKbSupportSandbox();
    const url = await sandbox.server.start(0);
    await sandbox.server.stop();
    const source = createKbSupportSource({ url, ...sandbox.credentials, timeZone: sandbox.timeZone, http: TEST_HTTP_SETTINGS });
    expect((await sourceErrorOf(source.probe(call))).failure).toBe('UNREACHABLE');
  });
});

// An installation that pages as documented but ignores `include` and `email`: the adapter must
// notice from the answers and fall back, never passing the unfiltered records on.
describe('KB Support adapter, an installation that pages but ignores include= and email=', () => {
  const backend = createKbSupportSandbox({ behaviour: 'documented' });
  const front = new SandboxServer('kbsupport-filterless', async (request) => {
    const query = new URLSearchParams(request.query);
    for (const name of ['include', 'include[]', 'email', 'email[]']) query.delete(name);
    const response = await fetch(`${backend.server.url}${request.path}?${query.toString()}`, {
      headers: { authorization: request.headers.authorization ?? '' },
    });
    const headers = Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('x-wp-') || name === 'content-type'));
    return { status: response.status, headers, raw: await response.text() };
  });
  let source: CustomerSource;

  beforeAll(async () => {
    await Promise.all([backend.server.start(0), front.start(0)]);
  });
  afterAll(async () => {
    await Promise.all([backend.server.stop(), front.stop()]);
  });
  beforeEach(() => {
    backend.reset();
    front.clearLog();
    source = createKbSupportSource({ url: front.url, ...backend.credentials, timeZone: backend.timeZone, http: TEST_HTTP_SETTINGS });
  });

  it('falls back to the newest-first list and single GETs when include= brings back other ids', async () => {
    const found = await foundByIds(source.getByIds(['3', '30', '4'], call));
    expect(found.map((customer) => customer?.sourceId ?? null)).toEqual(['3', '30', null]);
    // The list (100 newest, which hold 30 and 3), then 4, which is not there, on its own.
    const singles = front.requests.filter((r) => /customers\/\d+$/.test(r.path)).map((r) => r.path.split('/').at(-1));
    expect(singles).toEqual(['4']);
    front.clearLog();
    await foundByIds(source.getByIds(['5', '6'], call));
    expect(
      front.requests.filter((r) => r.query.has('include')),
      'remembered',
    ).toHaveLength(0);
  });

  it('filters email pages and lookups locally when email= is ignored', async () => {
    const { customers } = await walk(source, { email: 'mia.rossi@example.test' }, 10);
    expect(customers.map((customer) => customer.email)).toEqual(['mia.rossi@example.test']);
    const found = await source.findByEmails(['hana.novak@example.test', 'elif.demir@example.test'], call);
    expect(found.map((customer) => customer.sourceId).sort()).toEqual(
      [idOf('elif.demir@example.test'), idOf('hana.novak@example.test')].sort(),
    );
    expect(await source.count({ email: 'mia.rossi@example.test' }, call)).toBe(1);
  });
});

describe('KB Support sandbox answers as the documents say', () => {
  const sandbox = createKbSupportSandbox();
  const basic = (credentials: { username: string; appPassword: string }) =>
    `Basic ${Buffer.from(`${credentials.username}:${credentials.appPassword}`).toString('base64')}`;
  const get = (path: string, authorization = basic(sandbox.credentials)) =>
    fetch(`${sandbox.server.url}${path}`, { headers: { authorization } });

  beforeAll(async () => {
    await sandbox.server.start(0);
  });
  afterAll(() => sandbox.server.stop());
  beforeEach(() => {
    sandbox.reset();
    sandbox.behaviour = 'observed';
    sandbox.prettyLinks = true;
  });

  it('observed: ignores list parameters, string ids, id 0 for unknown ids, no route for emails', async () => {
    const list = await get('/wp-json/kbs/v1/customers?per_page=2&page=3&include=1&email=mia.rossi@example.test');
    const body = (await list.json()) as Array<{ id: string }>;
    expect(body.map((item) => item.id)).toEqual(ALL_IDS.slice(0, 20));
    expect(list.headers.get('x-wp-total')).toBeNull();
    expect(await (await get('/wp-json/kbs/v1/customers/00001')).json()).toMatchObject({ id: '1' });
    expect(await (await get('/?rest_route=/kbs/v1/customers/999999')).json()).toMatchObject({ id: 0, ticket_count: false });
    const byEmail = await get('/wp-json/kbs/v1/customers/mia.rossi@example.test');
    expect([byEmail.status, ((await byEmail.json()) as { code: string }).code]).toEqual([404, 'rest_no_route']);
    const trimmed = (await (await get('/wp-json/kbs/v1/customers?_fields=id,name')).json()) as object[];
    expect(trimmed).toHaveLength(20);
    expect(Object.keys(trimmed[0] ?? {})).toEqual(['id', 'name']);
  });

  it('validates list parameters in both behaviours', async () => {
    for (const behaviour of ['observed', 'documented'] as const) {
      sandbox.behaviour = behaviour;
      for (const query of ['order=DESC', 'orderby=nope', 'per_page=101', 'per_page=0', 'page=0', 'offset=x', 'include=1,a']) {
        const answer = await get(`/wp-json/kbs/v1/customers?${query}`);
        expect(answer.status, query).toBe(400);
        expect(((await answer.json()) as { code: string }).code).toBe('rest_invalid_param');
      }
      expect((await get('/wp-json/kbs/v1/customers?search=x&unknown=1')).status).toBe(200);
    }
  });

  it('documented: paging, totals, Link, integer ids, 404 for unknown ids, lookup by email', async () => {
    sandbox.behaviour = 'documented';
    const page = await get('/wp-json/kbs/v1/customers?per_page=5&page=2');
    expect(page.headers.get('x-wp-total')).toBe(String(SEED.length));
    expect(page.headers.get('x-wp-totalpages')).toBe(String(Math.ceil(SEED.length / 5)));
    expect(page.headers.get('link')).toMatch(/page=1>; rel="prev".*page=3>; rel="next"/);
    expect(((await page.json()) as Array<{ id: number }>).map((item) => item.id)).toEqual(ALL_IDS.slice(5, 10).map(Number));
    expect(((await (await get('/wp-json/kbs/v1/customers')).json()) as unknown[]).length).toBe(10);
    expect((await get('/wp-json/kbs/v1/customers/999999')).status).toBe(404);
    expect(await (await get('/wp-json/kbs/v1/customers/mia.rossi@example.test')).json()).toMatchObject({
      id: Number(idOf('mia.rossi@example.test')),
    });
  });

  it('answers 401 without WWW-Authenticate, 403 for an agent, HTML 404 without pretty links, no write routes', async () => {
    const anonymous = await fetch(`${sandbox.server.url}/wp-json/kbs/v1/customers`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBeNull();
    expect(await anonymous.json()).toEqual({ code: 'rest_forbidden_context', message: 'Authentication failed.', data: { status: 401 } });
    const agent = await get('/wp-json/kbs/v1/customers', basic(sandbox.agentCredentials));
    expect([agent.status, ((await agent.json()) as { code: string }).code]).toEqual([403, 'rest_forbidden']);
    sandbox.prettyLinks = false;
    const html = await get('/wp-json/kbs/v1/customers');
    expect([html.status, html.headers.get('content-type')]).toEqual([404, 'text/html; charset=UTF-8']);
    expect((await get('/?rest_route=/kbs/v1/customers')).status).toBe(200);
    const post = await fetch(`${sandbox.server.url}/?rest_route=/kbs/v1/customers`, {
      method: 'POST',
      headers: { authorization: basic(sandbox.credentials) },
    });
    expect([post.status, ((await post.json()) as { code: string }).code]).toEqual([404, 'rest_no_route']);
  });
});
