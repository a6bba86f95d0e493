import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { crmSeedRecords } from '../../src/sandbox/crm/data.ts';
import { createCrmSandbox } from '../../src/sandbox/crm/server.ts';
import { type SandboxRequest, type SandboxResponse, SandboxServer } from '../../src/sandbox/server.ts';
import { crmEnvelopeSchema, crmExportDataSchema, crmUserDataSchema, crmWriteDataSchema } from '../../src/sources/crm/payloads.ts';
import { createCrmSource } from '../../src/sources/crm/source.ts';
import { InvalidPageTokenError, type SourceFailure } from '../../src/sources/errors.ts';
import type { Customer, CustomerListFilter, CustomerSource, PageToken } from '../../src/sources/model/index.ts';
import { foundByIds, recordingCall, sourceErrorOf, TEST_HTTP_SETTINGS } from '../support/sources.ts';

const sandbox = createCrmSandbox();
const seeded = crmSeedRecords();
const seededIds = seeded.map((record) => record.id);
let source: CustomerSource;

function idAt(index: number): string {
  const id = seededIds[index];
  if (!id) throw new Error(`no seeded CRM customer at ${index}`);
  return id;
}

function sourceFor(url: string, token = sandbox.credentials.token): CustomerSource {
  return createCrmSource({ url, token, http: TEST_HTTP_SETTINGS });
}

async function expectFailure(promise: Promise<unknown>, failure: SourceFailure): Promise<void> {
  const error = await sourceErrorOf(promise);
  expect(error.source).toBe('CRM');
  expect(error.failure).toBe(failure);
}

/** The pages `listPage` yields from token null to the end (bounded, in case next never ends). */
async function walk(filter: CustomerListFilter, from: CustomerSource = source): Promise<Customer[][]> {
  const pages: Customer[][] = [];
  let token: PageToken | null = null;
  do {
    const page = await from.listPage({ filter, token, sizeHint: 10 }, recordingCall());
    pages.push(page.customers);
    token = page.next;
  } while (token !== null && pages.length < 50);
  return pages;
}

beforeAll(async () => {
  await sandbox.server.start(0);
  source = sourceFor(sandbox.server.url);
});
afterAll(() => sandbox.server.stop());
beforeEach(() => sandbox.reset());

describe('CRM source: listing', () => {
  it('pages from null to the end, visiting every seeded customer once, in list order', async () => {
    const pages = await walk({});
    expect(pages.map((page) => page.length)).toEqual([10, 10, 8]);
    expect(pages.flat().map((customer) => customer.sourceId)).toEqual(seededIds);
    const offsets = sandbox.server.calls('/v1/crm/customers', 'GET').map((request) => request.query.get('offset'));
    expect(offsets[0]).toBeNull();
    expect(offsets.slice(1).every((offset) => typeof offset === 'string' && offset !== '')).toBe(true);
    expect(await source.count({}, recordingCall())).toBe(seeded.length);
  });

  it('re-fetches exactly the same page when a token is reused', async () => {
    const first = await source.listPage({ filter: {}, token: null, sizeHint: 10 }, recordingCall());
    const token = JSON.parse(JSON.stringify(first.next)) as PageToken;
    const second = await source.listPage({ filter: {}, token, sizeHint: 10 }, recordingCall());
    const again = await source.listPage({ filter: {}, token, sizeHint: 10 }, recordingCall());
    expect(second.customers.map((customer) => customer.sourceId)).toEqual(seededIds.slice(10, 20));
    expect(again.customers.map((customer) => customer.sourceId)).toEqual(seededIds.slice(10, 20));
    expect(again.next).toEqual(second.next);
  });

  it('filters a search locally, page by page, keeping empty pages with a next token', async () => {
    const pages = await walk({ search: 'ma' });
    expect(pages).toHaveLength(3);
    expect(pages[2]).toEqual([]);
    expect(pages.flat().map((customer) => customer.sourceId)).toEqual([0, 1, 3, 6, 12].map(idAt));
    expect(pages.flat().map((customer) => customer.lastName)).toEqual(['Okafor', 'García', 'Raman', 'Al-Sayed', 'Yılmaz']);
    expect(await source.count({ search: 'ma' }, recordingCall())).toBe(5);
  });

  it('matches accented and unicode searches either way', async () => {
    for (const search of ['lefevre', 'Lefèvre', 'CHLOÉ']) {
      const found = (await walk({ search })).flat();
      expect(found.map((customer) => `${customer.firstName} ${customer.lastName}`)).toEqual(['Chloé Lefèvre']);
    }
    expect((await walk({ search: 'ólafsson' })).flat().map((customer) => customer.sourceId)).toEqual([idAt(25)]);
    expect(await source.count({ search: 'bergstrom' }, recordingCall())).toBe(1);
    expect(await source.count({ search: 'no such person' }, recordingCall())).toBe(0);
  });

  it('filters by exact normalised email (the CRM stores this one with capitals)', async () => {
    const pages = await walk({ email: 'oscar.wilde@example.test' });
    expect(pages.map((page) => page.map((customer) => customer.sourceId))).toEqual([[], [idAt(19)], []]);
    expect(pages[1]?.[0]?.email).toBe('Oscar.Wilde@Example.Test');
    expect(await source.count({ email: 'oscar.wilde@example.test' }, recordingCall())).toBe(1);
    expect(await source.count({ email: 'oscarwilde@example.test' }, recordingCall())).toBe(0);
    expect(await source.count({ email: 'oscar.wilde@example' }, recordingCall())).toBe(0);
  });

  it('combines search and email filters', async () => {
    expect(await source.count({ search: 'mia', email: 'mia.rossi@example.test' }, recordingCall())).toBe(1);
    expect(await source.count({ search: 'oscar', email: 'mia.rossi@example.test' }, recordingCall())).toBe(0);
  });
});

describe('CRM source: lookups', () => {
  it('finds customers by email, enumerating the pages once', async () => {
    const found = await source.findByEmails(['mia.rossi@example.test', 'oscar.wilde@example.test', 'nobody@example.test'], recordingCall());
    expect(found.map((customer) => customer.sourceId)).toEqual([idAt(16), idAt(19)]);
    expect(sandbox.server.calls('/v1/crm/customers', 'GET')).toHaveLength(3);
  });

  it('makes no call for no emails', async () => {
    expect(await source.findByEmails([], recordingCall())).toEqual([]);
    expect(sandbox.server.requests).toHaveLength(0);
  });

  it('gets many ids with one parallel call per distinct id, in order, unknown → null', async () => {
    const result = await foundByIds(source.getByIds([idAt(3), 'cus_000000000000', idAt(0), idAt(3)], recordingCall()));
    expect(result.map((customer) => customer?.sourceId ?? null)).toEqual([idAt(3), null, idAt(0), idAt(3)]);
    expect(result[0]).toMatchObject({ source: 'CRM', firstName: 'Priya', lastName: 'Raman', email: 'priya.raman@example.test' });
    const paths = sandbox.server.requests.map((request) => request.path).sort();
    expect(paths).toEqual([idAt(0), idAt(3), 'cus_000000000000'].map((id) => `/v1/crm/customers/${id}`).sort());
  });

  it('maps a seeded record completely', async () => {
    const [yuki, soren] = await foundByIds(source.getByIds([idAt(2), idAt(5)], recordingCall()));
    expect(yuki).toMatchObject({
      firstName: 'Yuki',
      lastName: 'Tanaka',
      phones: [{ raw: '090-1234-5678', e164: '+819012345678', country: 'JP', kind: 'PRIMARY' }],
      birthday: '1999-04-01',
      gender: null,
      crm: { genderCode: null, phoneCountryCalling: '81', unsubscribed: false, archivedAt: null },
    });
    expect(soren).toMatchObject({
      gender: 'MALE',
      crm: {
        genderCode: 1,
        archivedAt: new Date('2023-03-07T05:00:00Z'),
        archivedBy: 'usr_support_02',
        archivedVia: 'backoffice',
      },
      createdAt: new Date(seeded[5]?.createdAt ?? ''),
    });
  });

  it('answers null without a call for ids that are not CRM ids', async () => {
    const ids = ['../secret', 'a b', 'cus_1?x=1', 'x'.repeat(65), '', 'export'];
    expect(await foundByIds(source.getByIds(ids, recordingCall()))).toEqual(ids.map(() => null));
    expect(sandbox.server.requests).toHaveLength(0);
  });
});

describe('CRM source: warnings', () => {
  it('passes on the warning of a page with archived customers', async () => {
    const call = recordingCall();
    const first = await source.listPage({ filter: {}, token: null, sizeHint: 10 }, call);
    expect(call.warnings).toEqual([{ source: 'CRM', code: 'ARCHIVED_CUSTOMERS', message: 'This page includes 1 archived customer(s)' }]);
    const second = await source.listPage({ filter: {}, token: first.next, sizeHint: 10 }, recordingCall());
    const third = recordingCall();
    await source.listPage({ filter: {}, token: second.next, sizeHint: 10 }, third);
    expect(third.warnings).toEqual([]);
  });

  it('passes on the warning of a 404', async () => {
    const call = recordingCall();
    expect(await foundByIds(source.getByIds(['cus_000000000000'], call))).toEqual([null]);
    // Said of the one record read: the gateway tells it only to the fields that asked for that record.
    expect(call.warnings).toEqual([{ source: 'CRM', code: 'NOT_FOUND', message: 'Customer not found', about: 'cus_000000000000' }]);
  });

  it('rejects an unknown cursor and still passes on its warning', async () => {
    const call = recordingCall();
    const error = await sourceErrorOf(source.listPage({ filter: {}, token: 'bm90LWEtY3Vyc29y', sizeHint: 10 }, call));
    expect(error.failure).toBe('BAD_RESPONSE');
    expect(error.status).toBe(400);
    expect(call.warnings.map((warning) => warning.code)).toEqual(['INVALID_OFFSET']);
  });
});

describe('CRM source: failures', () => {
  it('reports wrong credentials as AUTH_REJECTED', async () => {
    const wrong = sourceFor(sandbox.server.url, 'not-the-token');
    await expectFailure(wrong.listPage({ filter: {}, token: null, sizeHint: 10 }, recordingCall()), 'AUTH_REJECTED');
    await expectFailure(foundByIds(wrong.getByIds([idAt(0)], recordingCall())), 'AUTH_REJECTED');
    await expectFailure(wrong.probe(recordingCall()), 'AUTH_REJECTED');
    await expect(source.probe(recordingCall())).resolves.toBeUndefined();
  });

  it('reports a stopped vendor as UNREACHABLE', async () => {
    const stopped = createCrmSandbox();
    const url = await stopped.server.start(0);
    await stopped.server.stop();
    await expectFailure(sourceFor(url).listPage({ filter: {}, token: null, sizeHint: 10 }, recordingCall()), 'UNREACHABLE');
  });

  it('reports a 500 as VENDOR_ERROR', async () => {
    sandbox.server.injectFault({ fault: { kind: 'status', status: 500 } });
    await expectFailure(foundByIds(source.getByIds([idAt(0)], recordingCall())), 'VENDOR_ERROR');
    await expectFailure(source.count({}, recordingCall()), 'VENDOR_ERROR');
  });

  it('reports a vendor that hangs as TIMEOUT', async () => {
    sandbox.server.injectFault({ fault: { kind: 'hang' } });
    await expectFailure(source.listPage({ filter: {}, token: null, sizeHint: 10 }, recordingCall()), 'TIMEOUT');
  });

  it('reports malformed JSON as BAD_RESPONSE', async () => {
    sandbox.server.injectFault({ fault: { kind: 'malformed' } });
    await expectFailure(foundByIds(source.getByIds([idAt(0)], recordingCall())), 'BAD_RESPONSE');
  });

  it('rejects a page token that is not a CRM cursor', async () => {
    await expect(source.listPage({ filter: {}, token: 7, sizeHint: 10 }, recordingCall())).rejects.toThrow(InvalidPageTokenError);
    expect(sandbox.server.requests).toHaveLength(0);
  });
});

describe('CRM source: a vendor that misbehaves', () => {
  let answer: (request: SandboxRequest) => SandboxResponse = () => ({ status: 500 });
  const rogue = new SandboxServer('crm-rogue', (request) => answer(request));
  let rogueSource: CustomerSource;

  const wrap = (data: unknown, warnings: unknown[] = []): SandboxResponse => ({
    status: 200,
    body: { app: 'crm', service: 'customers', warnings, instanceId: 'rogue', requestId: 'r', data },
  });
  const users = (offset: string | null) => [{ id: `cus_${offset ?? 'first'}`, firstName: 'Loop' }];

  beforeAll(async () => {
    rogueSource = sourceFor(await rogue.start(0), 'rogue');
  });
  afterAll(() => rogue.stop());
  beforeEach(() => rogue.clearLog());

  it('detects a cursor that points at its own page', async () => {
    answer = (request) => wrap({ users: users(request.query.get('offset')), next: 'A', query: {} });
    const first = await rogueSource.listPage({ filter: {}, token: null, sizeHint: 10 }, recordingCall());
    expect(first.next).toBe('A');
    await expectFailure(rogueSource.listPage({ filter: {}, token: 'A', sizeHint: 10 }, recordingCall()), 'BAD_RESPONSE');
  });

  it('detects a cursor loop while enumerating, after one visit of each page', async () => {
    const nextOf: Record<string, string> = { first: 'A', A: 'B', B: 'A' };
    answer = (request) => {
      const offset = request.query.get('offset');
      return wrap({ users: users(offset), next: nextOf[offset ?? 'first'], query: {} }, [{ code: 'W', message: 'seen' }]);
    };
    const call = recordingCall();
    await expectFailure(rogueSource.count({}, call), 'BAD_RESPONSE');
    await expectFailure(rogueSource.findByEmails(['a@example.test'], recordingCall()), 'BAD_RESPONSE');
    expect(rogue.requests).toHaveLength(6);
    expect(call.warnings).toHaveLength(3);
  });

  it('accepts "" and an absent next as the end', async () => {
    answer = (request) =>
      request.query.get('offset') === 'A'
        ? wrap({ users: users('A') })
        : wrap({ users: users(null), next: request.query.get('offset') === null ? 'A' : '' });
    expect(await rogueSource.count({}, recordingCall())).toBe(2);
  });

  it('rejects a page whose query echo names another cursor', async () => {
    answer = () => wrap({ users: users(null), next: null, query: { offset: 'Z' } });
    await expectFailure(rogueSource.listPage({ filter: {}, token: 'A', sizeHint: 10 }, recordingCall()), 'BAD_RESPONSE');
  });

  it('rejects a customer answered for another id', async () => {
    answer = () => wrap({ user: { id: 'cus_other', firstName: 'Someone' } });
    await expectFailure(foundByIds(rogueSource.getByIds(['cus_asked'], recordingCall())), 'BAD_RESPONSE');
  });

  it('rejects an answer outside the envelope, or a 404 that is not the CRM speaking', async () => {
    answer = () => ({ status: 200, body: { users: [] } });
    await expectFailure(rogueSource.listPage({ filter: {}, token: null, sizeHint: 10 }, recordingCall()), 'BAD_RESPONSE');
    answer = () => ({ status: 404, raw: '<html>Not Found</html>' });
    await expectFailure(foundByIds(rogueSource.getByIds(['cus_1'], recordingCall())), 'BAD_RESPONSE');
  });
});

describe('CRM sandbox', () => {
  const headers = () => ({ authorization: `Bearer ${sandbox.credentials.token}`, 'content-type': 'application/json' });

  async function crm(path: string, init: RequestInit = {}) {
    const response = await fetch(`${sandbox.server.url}${path}`, { ...init, headers: { ...headers(), ...init.headers } });
    return { status: response.status, envelope: crmEnvelopeSchema.parse(await response.json()) };
  }

  it('answers every route with the envelope, a stable instanceId and unique requestIds', async () => {
    const a = await crm('/v1/crm/customers');
    const b = await crm(`/v1/crm/customers/${idAt(0)}`);
    expect(a.envelope).toMatchObject({ app: 'crm', service: 'customers' });
    expect(a.envelope.instanceId).toBe(b.envelope.instanceId);
    expect(a.envelope.requestId).not.toBe(b.envelope.requestId);
  });

  it('checks the token on every route first', async () => {
    for (const [path, method] of [
      ['/v1/crm/customers', 'GET'],
      ['/v1/crm/customers', 'POST'],
      ['/v1/crm/customers/export?updatedSince=2020-01-01T00:00:00Z', 'GET'],
      [`/v1/crm/customers/${idAt(0)}`, 'DELETE'],
      ['/v1/crm/nowhere', 'GET'],
    ] as const) {
      const { status, envelope } = await crm(path, { method, headers: { authorization: 'Bearer wrong' } });
      expect(status).toBe(401);
      expect(envelope.data).toBeNull();
      expect(envelope.warnings).toEqual([{ code: 'UNAUTHORIZED', message: 'Missing or invalid access token' }]);
    }
    expect(sandbox.server.requests).toHaveLength(5);
    expect((await crm(`/v1/crm/customers/${idAt(0)}`)).status).toBe(200);
  });

  it('exports the customers changed since a time, oldest first, paging by next', async () => {
    const since = '2023-10-01T00:00:00Z';
    const expected = seeded
      .filter((record) => Date.parse(record.updatedAt ?? '') >= Date.parse(since))
      .sort((a, b) => Date.parse(a.updatedAt ?? '') - Date.parse(b.updatedAt ?? ''))
      .map((record) => record.id);
    const seen: string[] = [];
    let offset = '';
    let pages = 0;
    do {
      const { status, envelope } = await crm(
        `/v1/crm/customers/export?updatedSince=${encodeURIComponent(since)}&offset=${encodeURIComponent(offset)}`,
      );
      expect(status).toBe(200);
      const data = crmExportDataSchema.parse(envelope.data);
      seen.push(...data.items.map((item) => String(item.id)));
      offset = data.next ?? '';
      pages += 1;
    } while (offset !== '' && pages < 10);
    expect(pages).toBe(2);
    expect(seen).toEqual(expected);
    expect((await crm('/v1/crm/customers/export?offset=')).status).toBe(400);
    expect((await crm('/v1/crm/customers/export?updatedSince=2020-01-01T00:00:00Z&offset=junk')).status).toBe(400);
  });

  it('creates, refuses a duplicate email, updates and deletes', async () => {
    const params = {
      firstName: 'Zoë',
      lastName: 'Ångström',
      email: 'zoe.new@example.test',
      gender: 2,
      phone: '070 123 45 67',
      phoneCallingCode: '46',
      passcode: '1234',
    };
    const created = await crm('/v1/crm/customers', { method: 'POST', body: JSON.stringify({ params }) });
    const { succeed, id } = crmWriteDataSchema.parse(created.envelope.data);
    expect(succeed).toBe(true);
    if (!id) throw new Error('no id for the created customer');

    const read = await foundByIds(source.getByIds([id], recordingCall()));
    expect(read[0]).toMatchObject({
      firstName: 'Zoë',
      gender: 'FEMALE',
      phones: [{ e164: '+46701234567' }],
      crm: { genderCode: 2, phoneCountryCalling: '46' },
    });
    expect(read[0]?.sourceRecord).not.toHaveProperty('passcode');

    const duplicateBody = JSON.stringify({ params: { ...params, email: ' ZOE.NEW@example.test' } });
    const duplicate = await crm('/v1/crm/customers', { method: 'POST', body: duplicateBody });
    expect(duplicate.envelope.data).toEqual({ succeed: false });
    expect(duplicate.envelope.warnings).toEqual([{ code: 'EMAIL_TAKEN', message: 'A customer with this email already exists' }]);

    const patch = (params: unknown) => crm(`/v1/crm/customers/${id}`, { method: 'PATCH', body: JSON.stringify({ params }) });
    const badGender = await patch({ gender: 3 });
    expect(badGender.envelope.data).toEqual({ succeed: false });

    const updated = await patch({ id, internalNote: 'Moved', gender: 9 });
    expect(updated.envelope.data).toEqual({ succeed: true });
    const after = crmUserDataSchema.parse((await crm(`/v1/crm/customers/${id}`)).envelope.data).user;
    expect(after).toMatchObject({ internalNote: 'Moved', gender: { code: 9 }, updatedVia: 'api', email: 'zoe.new@example.test' });

    expect((await crm(`/v1/crm/customers/${id}`, { method: 'DELETE' })).envelope.data).toEqual({ succeed: true });
    expect((await crm(`/v1/crm/customers/${id}`)).status).toBe(404);
    expect((await crm(`/v1/crm/customers/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await crm('/v1/crm/customers', { method: 'POST', body: '{"firstName":"x"}' })).status).toBe(400);
  });

  it('stores a phone sent on PATCH as a create stores it: the number replaced whole, never half of the old one kept', async () => {
    const user = async (id: string) => crmUserDataSchema.parse((await crm(`/v1/crm/customers/${id}`)).envelope.data).user;
    const phoneOf = ({ phone, phoneCountry, phoneCountryCalling }: Awaited<ReturnType<typeof user>>) => ({
      phone,
      phoneCountry,
      phoneCountryCalling,
    });
    const patch = (id: string, params: unknown) => crm(`/v1/crm/customers/${id}`, { method: 'PATCH', body: JSON.stringify({ params }) });
    const created = await crm('/v1/crm/customers', {
      method: 'POST',
      body: JSON.stringify({ params: { firstName: 'Else', phone: '30901820', phoneCallingCode: '49' } }),
    });
    const fromCreate = phoneOf(await user(String(crmWriteDataSchema.parse(created.envelope.data).id)));
    expect(fromCreate).toEqual({ phone: '30901820', phoneCountry: undefined, phoneCountryCalling: '49' });

    const withCountry = seeded.find((record) => record.phoneCountry && record.phoneCountryCalling);
    if (!withCountry) throw new Error('the seed has no phone with its country');
    expect((await patch(withCountry.id, { phone: '30901820', phoneCallingCode: '49' })).envelope.data).toEqual({ succeed: true });
    expect(phoneOf(await user(withCountry.id))).toEqual(fromCreate);
    // Without a calling code none is kept: not the old country's beside the new number.
    await patch(withCountry.id, { phone: '030 901820' });
    expect(phoneOf(await user(withCountry.id))).toEqual({ phone: '030 901820', phoneCountry: undefined, phoneCountryCalling: undefined });
    const alone = await patch(withCountry.id, { phoneCallingCode: '44' });
    expect(alone.envelope).toMatchObject({ data: { succeed: false }, warnings: [{ code: 'VALIDATION_FAILED' }] });
    expect((await user(withCountry.id)).phone).toBe('030 901820');
  });

  it('restores the seed on reset', async () => {
    await crm(`/v1/crm/customers/${idAt(0)}`, { method: 'DELETE' });
    expect(await source.count({}, recordingCall())).toBe(seeded.length - 1);
    sandbox.reset();
    expect(sandbox.server.requests).toHaveLength(0);
    expect(await source.count({}, recordingCall())).toBe(seeded.length);
  });
});
