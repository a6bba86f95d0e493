// The AMELIA adapter against its sandbox over real HTTP (amelia-customers.txt).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedAmeliaCustomers } from '../../src/sandbox/amelia/data.ts';
import { type AmeliaSandbox, createAmeliaSandbox } from '../../src/sandbox/amelia/server.ts';
import { type SandboxHandler, SandboxServer } from '../../src/sandbox/server.ts';
import { type AmeliaSource, createAmeliaSource } from '../../src/sources/amelia/source.ts';
import type { SourceFailure } from '../../src/sources/errors.ts';
import { foldText } from '../../src/sources/kit/customer-filter.ts';
import type { Customer, CustomerListFilter, CustomerOf, PageToken } from '../../src/sources/model/index.ts';
import { AMELIA_LIST_RESPONSE_EXAMPLE } from '../fixtures/amelia-docs.ts';
import { foundByIds, recordingCall, sourceErrorOf, TEST_HTTP_SETTINGS } from '../support/sources.ts';

const call = recordingCall();
const SEED = seedAmeliaCustomers();
const SEED_IDS = SEED.map((customer) => String(customer.id));

function sourceFor(sandbox: AmeliaSandbox, overrides: { apiKey?: string; url?: string } = {}): AmeliaSource {
  return createAmeliaSource({
    url: overrides.url ?? sandbox.server.url,
    apiKey: overrides.apiKey ?? sandbox.credentials.apiKey,
    timeZone: sandbox.timeZone,
    http: TEST_HTTP_SETTINGS,
  });
}

/** Every page from token null to the end: the ids in order, and the tokens used. */
async function walk(source: AmeliaSource, filter: CustomerListFilter): Promise<{ ids: string[]; tokens: PageToken[] }> {
  const ids: string[] = [];
  const tokens: PageToken[] = [];
  let token: PageToken | null = null;
  do {
    const page = await source.listPage({ filter, token, sizeHint: 10 }, call);
    ids.push(...page.customers.map((customer) => customer.sourceId));
    token = page.next;
    if (token !== null) tokens.push(token);
    expect(tokens.length).toBeLessThan(20);
  } while (token !== null);
  return { ids, tokens };
}

/** The seed customers whose first name, last name, email or note contain the term (our own reckoning). */
function seedIdsMatching(term: string): string[] {
  const needle = foldText(term);
  return SEED.filter((customer) =>
    [customer.firstName, customer.lastName, customer.email, customer.note].some((field) => field && foldText(field).includes(needle)),
  ).map((customer) => String(customer.id));
}

/** The adapter answers the shared Customer union; these tests only ever get AMELIA customers. */
function amelia(customer: Customer | null | undefined): CustomerOf<'AMELIA'> | null {
  if (!customer) return null;
  if (customer.source !== 'AMELIA') throw new Error(`expected an AMELIA customer, got ${customer.source}`);
  return customer;
}

async function failureOf(promise: Promise<unknown>): Promise<SourceFailure> {
  return (await sourceErrorOf(promise)).failure;
}

function customersPath(call: string): string {
  return `/wp-admin/admin-ajax.php?action=wpamelia_api&call=/api/v1/users/customers${call}`;
}

describe('AMELIA adapter', () => {
  const sandbox = createAmeliaSandbox();
  let source: AmeliaSource;

  beforeAll(async () => {
    await sandbox.server.start(0);
    source = sourceFor(sandbox);
  });
  afterAll(() => sandbox.server.stop());
  beforeEach(() => sandbox.reset());

  async function vendor(method: 'GET' | 'POST', call: string, body?: unknown, apiKey = sandbox.credentials.apiKey) {
    const response = await fetch(`${sandbox.server.url}${customersPath(call)}`, {
      method,
      headers: { Amelia: apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as { message: string; data: unknown } };
  }

  describe('listPage', () => {
    it('visits every seeded customer exactly once, and count() agrees', async () => {
      const { ids, tokens } = await walk(source, {});
      expect(ids).toEqual(SEED_IDS);
      expect(tokens).toEqual([2, 3]);
      expect(SEED.length).toBeGreaterThanOrEqual(25);
      expect(await source.count({}, call)).toBe(ids.length);
    });

    it('visits every match of a search exactly once, and count() agrees', async () => {
      const expected = seedIdsMatching('o');
      expect(expected.length).toBeGreaterThan(10);
      expect(expected.length).toBeLessThan(SEED.length);
      const { ids, tokens } = await walk(source, { search: 'o' });
      expect(ids).toEqual(expected);
      expect(tokens).toEqual([2, 3]);
      expect(await source.count({ search: 'o' }, call)).toBe(expected.length);
    });

    it('re-fetches the same page when a token is reused', async () => {
      const first = await source.listPage({ filter: {}, token: 2, sizeHint: 5 }, call);
      const again = await source.listPage({ filter: {}, token: 2, sizeHint: 5 }, call);
      expect(again.customers.map((c) => c.sourceId)).toEqual(first.customers.map((c) => c.sourceId));
      expect(first.customers.map((c) => c.sourceId)).toEqual(SEED_IDS.slice(10, 20));
      expect(first.next).toBe(3);
    });

    it('searches first name, last name, email and note', async () => {
      expect((await walk(source, { search: 'jordan' })).ids).toEqual(['10', '23', '42']);
      expect((await walk(source, { search: 'LATEX' })).ids).toEqual(['12']);
      expect((await walk(source, { search: 'soren.k@' })).ids).toEqual(['30']);
      expect(await source.count({ search: 'jordan' }, call)).toBe(3);
    });

    it('finds accented and other unicode names, accent- and case-insensitively', async () => {
      expect((await walk(source, { search: 'kierkegard' })).ids).toEqual(['30']);
      expect((await walk(source, { search: 'Ångström' })).ids).toEqual(['13']);
      expect((await walk(source, { search: 'GARCÍA' })).ids).toEqual(['25']);
      const [li] = (await source.listPage({ filter: { search: '李' }, token: null, sizeHint: 10 }, call)).customers;
      expect(li?.lastName).toBe('李');
      expect(li?.firstName).toBe('娜');
    });

    it('sends the documented URL form: page and search as their own parameters after call', async () => {
      await source.listPage({ filter: { search: 'Zoë Å' }, token: 2, sizeHint: 10 }, call);
      const [request] = sandbox.server.requests;
      expect(request?.path).toBe('/wp-admin/admin-ajax.php');
      expect(request?.method).toBe('GET');
      expect([...(request?.query.keys() ?? [])]).toEqual(['action', 'call', 'page', 'search']);
      expect(request?.query.get('action')).toBe('wpamelia_api');
      expect(request?.query.get('call')).toBe('/api/v1/users/customers');
      expect(request?.query.get('page')).toBe('2');
      expect(request?.query.get('search')).toBe('Zoë Å');
      expect(request?.headers.amelia).toBe(sandbox.credentials.apiKey);
    });

    it('filters by exact email only, though Amelia searches for it', async () => {
      // A note that mentions Jordan's address: Amelia's search finds it, the email filter must not.
      await vendor('POST', '', { firstName: 'Robin', lastName: 'Hale', note: 'Referred by jordan.reed@example.test' });
      expect(seedIdsMatching('jordan.reed@example.test')).toEqual(['10']);
      const page = await source.listPage({ filter: { email: 'jordan.reed@example.test' }, token: null, sizeHint: 10 }, call);
      expect(page.customers.map((customer) => customer.sourceId)).toEqual(['10']);
      expect(page.next).toBeNull();
      expect(sandbox.server.requests.at(-1)?.query.get('search')).toBe('jordan.reed@example.test');
      expect(await source.count({ email: 'jordan.reed@example.test' }, call)).toBe(1);
      expect(await source.count({ email: 'nobody@example.test' }, call)).toBe(0);
    });

    it('converts lastAppointment from the site time zone', async () => {
      const page = await source.listPage({ filter: {}, token: null, sizeHint: 10 }, call);
      const reed = page.customers.find((customer) => customer.sourceId === '10');
      // Belgrade is UTC+1 in January: 08:00 there is 07:00 UTC.
      expect(reed?.sourceRecord.lastAppointment).toBe('2026-01-03 08:00:00');
      expect(amelia(reed)?.amelia.appointmentStats?.lastAppointmentAt).toEqual(new Date('2026-01-03T07:00:00Z'));
      const garcia = (await source.listPage({ filter: {}, token: 2, sizeHint: 10 }, call)).customers.find(
        (customer) => customer.sourceId === '25',
      );
      // ... and UTC+2 in May.
      expect(garcia?.sourceRecord.lastAppointment).toBe('2026-05-26 10:00:00');
      expect(amelia(garcia)?.amelia.appointmentStats?.lastAppointmentAt).toEqual(new Date('2026-05-26T08:00:00Z'));
    });

    it('maps a seeded customer with string counts, translations and a national phone', async () => {
      const page = await source.listPage({ filter: { search: 'renee' }, token: null, sizeHint: 10 }, call);
      expect(page.customers).toHaveLength(1);
      const [renee] = page.customers;
      expect(renee?.sourceRecord.countPendingAppointments).toBe('2');
      expect(renee?.sourceRecord.translations).toBe('{"defaultLanguage":"fr_FR"}');
      expect(amelia(renee)?.amelia.appointmentStats?.pending).toBe(2);
      expect(amelia(renee)?.amelia.appointmentStats?.total).toBe(12);
      expect(renee?.locale).toBe('fr-FR');
      expect(renee?.phones[0]?.e164).toBe('+33612345678');
      expect(renee?.birthday).toBe('1983-12-24');
      expect(renee?.gender).toBe('FEMALE');
    });

    it('keeps customers without optional fields', async () => {
      const [olusegun] = (await source.listPage({ filter: { search: 'adeyemi' }, token: null, sizeHint: 10 }, call)).customers;
      expect(olusegun?.email).toBeNull();
      expect(olusegun?.phones).toEqual([]);
      expect(olusegun?.locale).toBeNull();
      expect(olusegun?.note).toBeNull();
      expect(olusegun?.gender).toBe('MALE');
    });
  });

  describe('getByIds', () => {
    it('fetches in parallel, keeps order, answers null for unknown and malformed ids', async () => {
      const fresh = sourceFor(sandbox); // has not seen how long the list is
      const found = await foundByIds(fresh.getByIds(['23', '10', '999', 'abc', '0', '-4', '10'], call));
      expect(found.map((customer) => customer?.sourceId ?? null)).toEqual(['23', '10', null, null, null, null, '10']);
      expect(found[0]?.firstName).toBe('Jordan');
      expect(found[0]?.lastName).toBe('Baptiste');
      expect(amelia(found[1])?.amelia.appointmentStats).toBeNull();
      expect(amelia(found[1])?.amelia.type).toBe('customer');
      const calls = sandbox.server.requests.map((request) => request.query.get('call'));
      expect(calls.sort()).toEqual(['/api/v1/users/customers/10', '/api/v1/users/customers/23', '/api/v1/users/customers/999']);
    });

    it('reads the pages of a short list instead when asked for more ids than it has pages, the rest one by one', async () => {
      const fresh = sourceFor(sandbox);
      const first = await fresh.listPage({ filter: {}, token: null, sizeHint: 1 }, call);
      const pageCount = Math.ceil(SEED.length / first.customers.length);
      sandbox.server.clearLog();
      const listedIds = SEED.slice(0, pageCount).map((customer) => String(customer.id));
      const found = await foundByIds(fresh.getByIds([...listedIds, '999', listedIds[0] as string], call));
      expect(found.map((customer) => customer?.sourceId ?? null)).toEqual([...listedIds, null, listedIds[0]]);
      expect(amelia(found[0])?.amelia.appointmentStats).not.toBeNull();
      const calls = sandbox.server.requests.map((request) => `${request.query.get('call')} ${request.query.get('page') ?? ''}`.trim());
      expect(calls.sort()).toEqual(
        [...Array.from({ length: pageCount }, (_, index) => `/api/v1/users/customers ${index + 1}`), '/api/v1/users/customers/999'].sort(),
      );
    });
  });

  describe('findByEmails', () => {
    it('reads how many pages the list has, then searches each email when that is fewer calls, keeping exact matches', async () => {
      await vendor('POST', '', { firstName: 'Mixed', lastName: 'Case', email: 'Mixed.Case@Example.test' });
      await vendor('POST', '', { firstName: 'Robin', lastName: 'Hale', email: 'xli.na@example.test' });
      sandbox.server.clearLog();
      const found = await source.findByEmails(
        ['li.na@example.test', 'mixed.case@example.test', 'nobody@example.test', 'li.na@example.test'],
        call,
      );
      expect(found.map((customer) => customer.email).sort()).toEqual(['Mixed.Case@Example.test', 'li.na@example.test']);
      expect(sandbox.server.requests.map((request) => request.query.get('search') ?? '(page count)').sort()).toEqual([
        '(page count)',
        'li.na@example.test',
        'mixed.case@example.test',
        'nobody@example.test',
      ]);
    });

    it('reads the whole list instead when it has fewer pages than there are emails', async () => {
      const emails = SEED.flatMap((customer) => (customer.email ? [customer.email.toLowerCase()] : [])).slice(0, 8);
      sandbox.server.clearLog();
      const found = await source.findByEmails(emails, call);
      expect(found.map((customer) => customer.email?.toLowerCase()).sort()).toEqual([...emails].sort());
      expect(sandbox.server.requests.every((request) => request.query.get('search') === null)).toBe(true);
      expect(sandbox.server.requests.length).toBeLessThan(emails.length);
    });
  });

  describe('appointmentStats', () => {
    it('looks up the stats of customers fetched by id, one list search each', async () => {
      const byId = await foundByIds(source.getByIds(['10', '22', '28'], call));
      const listed = (await source.listPage({ filter: { search: 'latex' }, token: null, sizeHint: 1 }, call)).customers;
      sandbox.server.clearLog();
      const customers = [...byId, ...listed].map(amelia).filter((customer) => customer !== null);
      const stats = await source.appointmentStats(customers, call);
      expect(stats).toEqual([
        { total: 11, pending: 0, lastAppointmentAt: new Date('2026-01-03T07:00:00Z') },
        { total: 12, pending: 2, lastAppointmentAt: new Date('2026-04-23T11:00:00Z') },
        { total: 8, pending: 0, lastAppointmentAt: new Date('2026-06-28T11:00:00Z') },
        { total: 2, pending: 3, lastAppointmentAt: new Date('2026-01-25T09:00:00Z') },
      ]);
      // Taylor came from the list with her stats: no call for her; Olusegun has no email: found by last name.
      expect(sandbox.server.requests.map((request) => request.query.get('search')).sort()).toEqual([
        'Adeyemi',
        'jordan.reed@example.test',
        'renee.dubois@example.test',
      ]);
    });

    it('answers null for a customer Amelia no longer lists', async () => {
      const [casey] = await foundByIds(source.getByIds(['11'], call));
      expect(casey).not.toBeNull();
      expect((await vendor('POST', '/delete/11')).status).toBe(200);
      expect(
        await source.appointmentStats(
          [amelia(casey)].filter((customer) => customer !== null),
          call,
        ),
      ).toEqual([null]);
    });
  });

  describe('failures', () => {
    it('rejects wrong credentials', async () => {
      const wrong = sourceFor(sandbox, { apiKey: 'not-the-key' });
      expect(await failureOf(wrong.probe(call))).toBe('AUTH_REJECTED');
      expect(await failureOf(foundByIds(wrong.getByIds(['10'], call)))).toBe('AUTH_REJECTED');
      expect(sandbox.server.requests.every((request) => request.headers.amelia === 'not-the-key')).toBe(true);
    });

    it('answers probe with our credentials', async () => {
      await expect(source.probe(call)).resolves.toBeUndefined();
    });

    it('reports a stopped vendor as unreachable', async () => {
      const stopped = createAmeliaSandbox();
      const url = await stopped.server.start(0);
      await stopped.server.stop();
      expect(await failureOf(sourceFor(stopped, { url }).listPage({ filter: {}, token: null, sizeHint: 10 }, call))).toBe('UNREACHABLE');
    });

    it('reports a 500 as a vendor error', async () => {
      sandbox.server.injectFault({ fault: { kind: 'status', status: 500 } });
      expect(await failureOf(source.count({}, call))).toBe('VENDOR_ERROR');
    });

    it('reports a hang past the timeout', async () => {
      sandbox.server.injectFault({ fault: { kind: 'hang' } });
      expect(await failureOf(foundByIds(source.getByIds(['10'], call)))).toBe('TIMEOUT');
    });

    it('reports malformed JSON as a bad response', async () => {
      sandbox.server.injectFault({ fault: { kind: 'malformed' } });
      expect(await failureOf(source.listPage({ filter: {}, token: null, sizeHint: 10 }, call))).toBe('BAD_RESPONSE');
    });
  });

  describe('sandbox write routes', () => {
    it('creates a customer and answers with translations as a JSON string', async () => {
      const created = await vendor('POST', '', {
        firstName: 'Jordan',
        lastName: 'Reed',
        externalId: 16,
        phone: '+381601234567',
        countryPhoneIso: 'rs',
        email: 'jordan.reed2@example.test',
        gender: 'female',
        birthday: '1990-05-17',
        note: 'Prefers morning appointments.',
        language: 'en_GB',
      });
      expect(created.status).toBe(200);
      expect(created.body.message).toBe('Successfully added new user.');
      const user = (created.body.data as { user: Record<string, unknown> }).user;
      expect(user).toMatchObject({ type: 'customer', status: 'visible', translations: '{"defaultLanguage":"en_GB"}' });
      const [fetched] = await foundByIds(source.getByIds([String(user.id)], call));
      expect(fetched?.locale).toBe('en-GB');
      expect(amelia(fetched)?.amelia.wordpressUserId).toBe(16);
      expect(await source.count({}, call)).toBe(SEED.length + 1);
    });

    it('refuses a duplicate email and a missing last name', async () => {
      expect((await vendor('POST', '', { firstName: 'A', lastName: 'B', email: 'JORDAN.REED@example.test' })).status).toBe(409);
      const missing = await vendor('POST', '', { firstName: 'A' });
      expect(missing.status).toBe(400);
      expect(missing.body.data).toEqual({ invalidFields: ['lastName'] });
    });

    it('updates a customer and answers as the document shows', async () => {
      const updated = await vendor('POST', '/23', { lastName: 'Miller', note: 'Prefers late afternoon appointments.' });
      expect(updated.body).toEqual({
        message: 'Successfully updated user',
        data: {
          user: {
            id: 23,
            firstName: 'Jordan',
            lastName: 'Miller',
            email: 'jordan.baptiste@example.test',
            type: 'customer',
            status: 'blocked',
          },
          is_wp_user: false,
        },
      });
      const [fetched] = await foundByIds(source.getByIds(['23'], call));
      expect(fetched?.lastName).toBe('Miller');
      expect(fetched?.note).toBe('Prefers late afternoon appointments.');
    });

    it('checks whether a customer can be deleted, and refuses while appointments are ahead', async () => {
      const blocked = await vendor('GET', '/effect/10');
      expect(blocked.body).toEqual({
        message: 'Successfully retrieved message.',
        data: { valid: false, message: 'Could not delete user.\n This user has 2 appointments in the future.' },
      });
      expect((await vendor('POST', '/delete/10')).status).toBe(409);
      expect((await vendor('GET', '/effect/11')).body.data).toEqual({ valid: true, message: '' });
      expect(await vendor('POST', '/delete/11')).toEqual({ status: 200, body: { message: 'Successfully deleted user.', data: [] } });
      expect(await foundByIds(source.getByIds(['11', '10'], call))).toMatchObject([null, { sourceId: '10' }]);
    });

    it('answers 401 with an Amelia body to a wrong key, and 404 to an unknown id', async () => {
      expect(await vendor('GET', '', undefined, 'wrong')).toEqual({ status: 401, body: { message: 'Unauthorized', data: [] } });
      expect((await vendor('GET', '/404')).status).toBe(404);
      expect((await vendor('GET', '/effect/404')).status).toBe(404);
    });

    it('restores the seed on reset', async () => {
      await vendor('POST', '/delete/11');
      sandbox.reset();
      expect((await walk(source, {})).ids).toEqual(SEED_IDS);
    });
  });
});

describe('AMELIA adapter with another page size and time zone', () => {
  const sandbox = createAmeliaSandbox({ pageSize: 7, timeZone: 'America/New_York' });
  beforeAll(() => sandbox.server.start(0));
  afterAll(() => sandbox.server.stop());

  it('learns the page size and ends on a short last page', async () => {
    const source = sourceFor(sandbox);
    const { ids, tokens } = await walk(source, {});
    expect(ids).toEqual(SEED_IDS);
    expect(tokens).toEqual([2, 3, 4, 5]);
    const filtered = await walk(source, { search: 'i' });
    expect(filtered.ids).toEqual(seedIdsMatching('i'));
    expect(filtered.tokens).toEqual([2, 3]);
    expect(await source.count({ search: 'i' }, call)).toBe(filtered.ids.length);
  });

  it('without a learned page size, a short last page leads to one empty page', async () => {
    const fresh = sourceFor(sandbox);
    const last = await fresh.listPage({ filter: {}, token: 5, sizeHint: 10 }, call);
    expect(last.customers.map((customer) => customer.sourceId)).toEqual(SEED_IDS.slice(28));
    expect(last.next).toBe(6);
    expect(await fresh.listPage({ filter: {}, token: 6, sizeHint: 10 }, call)).toEqual({
      customers: [],
      next: null,
      total: SEED_IDS.length,
    });
  });

  it('reads lastAppointment in the site zone', async () => {
    const [reed] = (await sourceFor(sandbox).listPage({ filter: { search: 'reed' }, token: null, sizeHint: 10 }, call)).customers;
    expect(reed?.sourceRecord.lastAppointment).toBe('2026-01-03 02:00:00');
    expect(amelia(reed)?.amelia.appointmentStats?.lastAppointmentAt).toEqual(new Date('2026-01-03T07:00:00Z'));
  });
});

describe('AMELIA adapter against a vendor that does not keep its word', () => {
  let answer: SandboxHandler = () => ({ status: 200, body: {} });
  const liar = new SandboxServer('amelia-liar', (request) => answer(request));
  let source: AmeliaSource;
  beforeAll(async () => {
    await liar.start(0);
    source = createAmeliaSource({ url: liar.url, apiKey: 'key', timeZone: 'Europe/Belgrade', http: TEST_HTTP_SETTINGS });
  });
  afterAll(() => liar.stop());

  it("reads the document's list example over HTTP", async () => {
    answer = () => ({ status: 200, body: AMELIA_LIST_RESPONSE_EXAMPLE });
    const page = await source.listPage({ filter: {}, token: null, sizeHint: 10 }, call);
    expect(page.customers.map((customer) => customer.sourceId)).toEqual(['10', '11', '16']);
    expect(page.customers.map((customer) => amelia(customer)?.amelia.appointmentStats?.pending)).toEqual([0, 0, 1]);
    expect(page.next).toBeNull();
    expect(await source.count({}, call)).toBe(16);
    expect(await source.count({ search: 'jordan' }, call)).toBe(3);
  });

  it('drops records that do not mention the search term', async () => {
    answer = () => ({ status: 200, body: AMELIA_LIST_RESPONSE_EXAMPLE });
    const page = await source.listPage({ filter: { search: 'casey' }, token: null, sizeHint: 10 }, call);
    expect(page.customers.map((customer) => customer.sourceId)).toEqual(['11']);
    expect(await source.findByEmails(['taylor.brooks@example.test'], call)).toMatchObject([{ sourceId: '16' }]);
  });

  it('refuses a single customer with another id than asked', async () => {
    answer = () => ({ status: 200, body: { message: 'Successfully retrieved user', data: { user: { id: 24, firstName: 'Other' } } } });
    expect(await failureOf(foundByIds(source.getByIds(['23'], call)))).toBe('BAD_RESPONSE');
  });

  it('refuses a list that breaks the documented shape', async () => {
    answer = () => ({ status: 200, body: { message: 'Successfully retrieved users.', data: { users: 'none' } } });
    expect(await failureOf(source.listPage({ filter: {}, token: null, sizeHint: 10 }, call))).toBe('BAD_RESPONSE');
  });

  it('tells a WordPress 404 page from an unknown customer', async () => {
    answer = () => ({ status: 404, raw: '<!DOCTYPE html><title>Not found</title>' });
    expect(await failureOf(foundByIds(source.getByIds(['23'], call)))).toBe('BAD_RESPONSE');
    answer = () => ({ status: 404, body: { message: 'Could not retrieve user', data: [] } });
    expect(await foundByIds(source.getByIds(['23'], call))).toEqual([null]);
  });
});
