import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { crmSeedRecords } from '../../src/sandbox/crm/data.ts';
import { createCrmSandbox } from '../../src/sandbox/crm/server.ts';
import { type SandboxRequest, type SandboxResponse, SandboxServer } from '../../src/sandbox/server.ts';
import { WARNING_WITHOUT_MESSAGE } from '../../src/sources/crm/client.ts';
import { toCreateBody } from '../../src/sources/crm/map.ts';
import { type CrmSource, createCrmSource } from '../../src/sources/crm/source.ts';
import { EmailAlreadyInUseError, NotFoundError, ValidationError, WriteOutcomeUnknownError } from '../../src/sources/errors.ts';
import type { Customer, CustomerDraft, WriteMode } from '../../src/sources/model/index.ts';
import { CRM_EXAMPLE_DRAFT } from '../fixtures/crm-docs.ts';
import { foundByIds, recordingCall, rejectionOf, sourceErrorOf, TEST_HTTP_SETTINGS } from '../support/sources.ts';

const sandbox = createCrmSandbox();
const seeded = crmSeedRecords();
let source: CrmSource;

function seededAt(index: number) {
  const record = seeded[index];
  if (!record) throw new Error(`no seeded CRM customer at ${index}`);
  return record;
}

async function create(draft: CustomerDraft = CRM_EXAMPLE_DRAFT): Promise<Customer> {
  const customer = await source.writer.create(draft, recordingCall());
  sandbox.server.clearLog();
  return customer;
}

async function customersWithEmail(email: string): Promise<Customer[]> {
  return source.findByEmails([email], recordingCall());
}

beforeAll(async () => {
  await sandbox.server.start(0);
  source = createCrmSource({ url: sandbox.server.url, token: sandbox.credentials.token, http: TEST_HTTP_SETTINGS });
});
afterAll(() => sandbox.server.stop());
beforeEach(() => sandbox.reset());

describe('CRM writer: create', () => {
  it('creates with one POST of the mapped body and answers the record as re-read, every field round-tripping', async () => {
    const call = recordingCall();
    const created = await source.writer.create(CRM_EXAMPLE_DRAFT, call);
    expect(created).toMatchObject({
      source: 'CRM',
      firstName: 'Jonas',
      lastName: 'Berg',
      email: 'jonas.berg@example.test',
      phones: [{ raw: '7400123456', e164: '+447400123456', country: 'GB', kind: 'PRIMARY' }],
      birthday: '1987-06-21',
      gender: 'MALE',
      note: 'Prefers email over phone.',
      locale: null,
      company: null,
      crm: { number: 'C-20001', unsubscribed: true, cityId: 'city_gb_104', genderCode: 1, phoneCountryCalling: '44', createdVia: 'api' },
    });
    expect(created.sourceId).toMatch(/^cus_[0-9a-f]{12}$/);
    expect(sandbox.server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /v1/crm/customers',
      `GET /v1/crm/customers/${created.sourceId}`,
    ]);
    expect(sandbox.server.requests[0]?.body).toEqual(toCreateBody(CRM_EXAMPLE_DRAFT));
    expect(call.warnings).toEqual([]);
    expect(await foundByIds(source.getByIds([created.sourceId], recordingCall()))).toEqual([created]);
  });

  it('writes OTHER as code 9 and a customer with only a last name', async () => {
    const created = await source.writer.create({ lastName: 'Solo', gender: 'OTHER' }, recordingCall());
    expect(created).toMatchObject({ firstName: null, lastName: 'Solo', gender: 'OTHER', email: null, phones: [], crm: { genderCode: 9 } });
    expect(sandbox.server.requests[0]?.body).toEqual({ params: { lastName: 'Solo', gender: 9 } });
  });

  it('stores a possible number in an unassigned range as national number and calling code', async () => {
    const created = await source.writer.create({ firstName: 'Ada', phone: '+447700900123' }, recordingCall());
    expect(created.sourceRecord).toMatchObject({ phone: '7700900123', phoneCountryCalling: '44' });
  });

  it('answers EmailAlreadyInUse for an email the CRM has (in any case), creates nothing and does not repeat the warning', async () => {
    const holder = seededAt(19);
    expect(holder.email).toBe('Oscar.Wilde@Example.Test');
    const call = recordingCall();
    const error = await rejectionOf(source.writer.create({ ...CRM_EXAMPLE_DRAFT, email: 'oscar.wilde@example.test' }, call));
    expect(error).toEqual(new EmailAlreadyInUseError('CRM', 'oscar.wilde@example.test'));
    // The typed result says it; the CRM's EMAIL_TAKEN warning is not passed on beside it.
    expect(call.warnings).toEqual([]);
    expect(sandbox.server.requests).toHaveLength(1);
    expect(await source.count({}, recordingCall())).toBe(seeded.length);
  });
});

describe('CRM writer: update', () => {
  it('sends only the mentioned fields: an untouched field stays, null clears', async () => {
    const { sourceId: id } = await create();
    const updated = await source.writer.update(id, { lastName: 'Byron', phone: null }, recordingCall());
    expect(sandbox.server.calls('/v1/crm/customers', 'PATCH').map((request) => request.body)).toEqual([
      { params: { id, lastName: 'Byron', phone: null, phoneCallingCode: null } },
    ]);
    expect(updated).toMatchObject({
      firstName: 'Jonas',
      lastName: 'Byron',
      phones: [],
      email: 'jonas.berg@example.test',
      birthday: '1987-06-21',
      gender: 'MALE',
      note: 'Prefers email over phone.',
      crm: { number: 'C-20001', unsubscribed: true, cityId: 'city_gb_104', updatedVia: 'api' },
    });
  });

  it('clears every optional field set to null', async () => {
    const { sourceId: id } = await create();
    const cleared = await source.writer.update(
      id,
      { email: null, birthday: null, gender: null, note: null, crm: { number: null, unsubscribed: null, cityId: null } },
      recordingCall(),
    );
    expect(cleared).toMatchObject({
      firstName: 'Jonas',
      lastName: 'Berg',
      email: null,
      birthday: null,
      gender: null,
      note: null,
      phones: [{ e164: '+447400123456' }],
      crm: { number: null, unsubscribed: null, cityId: null, genderCode: null },
    });
  });

  it('writes a new number as the create does, national number and calling code, and answers the re-read record', async () => {
    const yuki = seededAt(2);
    expect(yuki).toMatchObject({ phone: '090-1234-5678', phoneCountryCalling: '81' });
    const updated = await source.writer.update(yuki.id, { phone: '+447400123456', gender: 'FEMALE' }, recordingCall());
    expect(sandbox.server.requests[0]?.body).toEqual({
      params: { id: yuki.id, phone: '7400123456', phoneCallingCode: '44', gender: 2 },
    });
    expect(updated).toMatchObject({
      phones: [{ raw: '7400123456', e164: '+447400123456', country: 'GB' }],
      gender: 'FEMALE',
      crm: { phoneCountryCalling: '44' },
    });
    expect(sandbox.server.requests.map((request) => request.method)).toEqual(['PATCH', 'GET']);
    expect(await foundByIds(source.getByIds([yuki.id], recordingCall()))).toEqual([updated]);
  });

  it('moves a number from one country to another: the calling code and the number agree, read back, as after a create', async () => {
    const british = seeded.find((record) => record.phoneCountry === 'GB' && record.phoneCountryCalling === '44');
    if (!british) throw new Error('the seed has no British number');
    const updated = await source.writer.update(british.id, { phone: '+4915123456780' }, recordingCall());
    const [back] = await foundByIds(source.getByIds([british.id], recordingCall()));
    for (const customer of [updated, back]) {
      expect(customer).toMatchObject({ phones: [{ e164: '+4915123456780', country: 'DE' }], crm: { phoneCountryCalling: '49' } });
    }
    const stored = (customer: Customer | null | undefined) => {
      const { phone, phoneCountry, phoneCountryCalling } = (customer?.sourceRecord ?? {}) as Record<string, unknown>;
      return { phone, phoneCountry, phoneCountryCalling };
    };
    expect(stored(back)).toEqual({ phone: '15123456780', phoneCountry: undefined, phoneCountryCalling: '49' });
    // The same number created afresh is stored the same way.
    expect(stored(await source.writer.create({ firstName: 'Else', phone: '+4915123456780' }, recordingCall()))).toEqual(stored(back));
  });

  it('sends no PATCH when nothing the CRM holds is mentioned, and answers the record as it is', async () => {
    const yuki = seededAt(2);
    const same = await source.writer.update(yuki.id, { locale: null, company: null, crm: {} }, recordingCall());
    expect(same.sourceId).toBe(yuki.id);
    expect(sandbox.server.requests.map((request) => request.method)).toEqual(['GET']);
  });

  it('refuses to clear both names, sending nothing', async () => {
    const error = await rejectionOf(source.writer.update(seededAt(0).id, { firstName: null, lastName: null }, recordingCall()));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'firstName', message: expect.stringMatching(/cannot be cleared/) });
    expect(sandbox.server.requests).toHaveLength(0);
  });

  it('maps the CRM refusing to clear the only name left to a ValidationError on that field', async () => {
    const { sourceId: id } = await create({ lastName: 'Solo' });
    const call = recordingCall();
    const error = await rejectionOf(source.writer.update(id, { lastName: null }, call));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'lastName' });
    expect((error as Error).message).not.toContain('firstName or lastName is required');
    expect(call.warnings).toEqual([{ source: 'CRM', code: 'VALIDATION_FAILED', message: 'firstName or lastName is required' }]);
    expect(sandbox.server.requests).toHaveLength(1);
    expect((await foundByIds(source.getByIds([id], recordingCall())))[0]?.lastName).toBe('Solo');
  });

  it("answers EmailAlreadyInUse for another customer's email, leaving the record as it was", async () => {
    const [first, second] = [seededAt(0), seededAt(1)];
    const error = await rejectionOf(source.writer.update(first.id, { email: second.email?.toUpperCase(), lastName: 'X' }, recordingCall()));
    expect(error).toEqual(new EmailAlreadyInUseError('CRM', second.email?.toUpperCase() ?? ''));
    expect((await foundByIds(source.getByIds([first.id], recordingCall())))[0]).toMatchObject({
      email: first.email,
      lastName: first.lastName,
    });
  });

  it('keeps its own email without a duplicate refusal', async () => {
    const first = seededAt(0);
    await expect(source.writer.update(first.id, { email: first.email }, recordingCall())).resolves.toMatchObject({ email: first.email });
  });

  it("answers NotFound for an unknown id after one PATCH, without repeating the CRM's NOT_FOUND warning", async () => {
    const call = recordingCall();
    expect(await rejectionOf(source.writer.update('cus_000000000000', { note: 'x' }, call))).toEqual(
      new NotFoundError('CRM', 'cus_000000000000'),
    );
    expect(sandbox.server.requests.map((request) => request.method)).toEqual(['PATCH']);
    expect(call.warnings).toEqual([]);
  });
});

describe('CRM writer: passcode (write only)', () => {
  const PASSCODE = 'Zq8-pass!word';

  it('sends the passcode on create, which the CRM stores; it is never answered', async () => {
    const created = await source.writer.create(
      { ...CRM_EXAMPLE_DRAFT, crm: { ...CRM_EXAMPLE_DRAFT.crm, passcode: PASSCODE } },
      recordingCall(),
    );
    expect(sandbox.server.calls('/v1/crm/customers', 'POST').map((request) => request.body)).toEqual([
      { params: expect.objectContaining({ passcode: PASSCODE }) },
    ]);
    expect(sandbox.passcodeOf(created.sourceId)).toBe(PASSCODE);
    expect(JSON.stringify(created)).not.toContain(PASSCODE);
    expect(JSON.stringify(await foundByIds(source.getByIds([created.sourceId], recordingCall())))).not.toContain(PASSCODE);
  });

  it('changes it on update, sending it exactly as given, and null clears it', async () => {
    const { id } = seededAt(0);
    expect(sandbox.passcodeOf(id)).toBeNull();
    const updated = await source.writer.update(id, { crm: { passcode: ` ${PASSCODE} ` } }, recordingCall());
    expect(sandbox.server.calls('/v1/crm/customers', 'PATCH').map((request) => request.body)).toEqual([
      { params: { id, passcode: ` ${PASSCODE} ` } },
    ]);
    expect(sandbox.passcodeOf(id)).toBe(` ${PASSCODE} `);
    expect(JSON.stringify(updated)).not.toContain(PASSCODE);
    await source.writer.update(id, { crm: { passcode: null } }, recordingCall());
    expect(sandbox.passcodeOf(id)).toBeNull();
  });

  it.each([
    ['an empty passcode', ''],
    ['a passcode of 129 characters', 'p'.repeat(129)],
  ])('refuses %s naming crm.passcode, without quoting it, and sends nothing', async (_case, passcode) => {
    for (const attempt of [
      source.writer.create({ firstName: 'A', crm: { passcode } }, recordingCall()),
      source.writer.update(seededAt(0).id, { crm: { passcode } }, recordingCall()),
    ]) {
      const error = await rejectionOf(attempt);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field: 'crm.passcode' });
      if (passcode !== '') expect((error as Error).message).not.toContain(passcode);
    }
    expect(sandbox.server.requests).toHaveLength(0);
  });
});

describe('CRM writer: delete and deletion check', () => {
  it('deletes with one DELETE; the customer is gone; a second delete answers NotFound', async () => {
    const { id } = seededAt(4);
    await source.writer.delete(id, recordingCall());
    expect(sandbox.server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`DELETE /v1/crm/customers/${id}`]);
    expect(await foundByIds(source.getByIds([id], recordingCall()))).toEqual([null]);
    expect(await rejectionOf(source.writer.delete(id, recordingCall()))).toEqual(new NotFoundError('CRM', id));
  });

  it('answers, without a call, that the CRM has no deletion check', async () => {
    const check = await source.writer.deletionCheck(seededAt(4).id, recordingCall());
    expect(check).toEqual({ allowed: true, reason: null, futureAppointments: null, checkedBySource: false });
    expect(sandbox.server.requests).toHaveLength(0);
  });

  it.each(['../secret', 'a b', 'export', '', 'x'.repeat(65)])('answers NotFound for the malformed id %j without a call', async (id) => {
    const call = recordingCall();
    for (const attempt of [
      source.writer.update(id, { note: 'x' }, call),
      source.writer.delete(id, call),
      source.writer.deletionCheck(id, call),
    ]) {
      expect(await rejectionOf(attempt)).toEqual(new NotFoundError('CRM', id));
    }
    expect(sandbox.server.requests).toHaveLength(0);
  });
});

describe('CRM writer: validation before anything is sent', () => {
  const cases: Array<[string, WriteMode, CustomerDraft, string]> = [
    ['no name at all', 'create', { email: 'a@example.test' }, 'firstName'],
    ['a blank first name', 'create', { firstName: '   ' }, 'firstName'],
    ['an empty last name', 'update', { lastName: '' }, 'lastName'],
    ['a first name of 101 characters', 'create', { firstName: 'x'.repeat(101) }, 'firstName'],
    ['both names cleared', 'update', { firstName: null, lastName: null }, 'firstName'],
    ['a malformed email', 'create', { firstName: 'A', email: 'not an email' }, 'email'],
    ['a national phone number', 'update', { phone: '07400123456' }, 'phone'],
    ['a birthday in the future', 'create', { firstName: 'A', birthday: '2999-01-01' }, 'birthday'],
    ['a birthday before 1900', 'update', { birthday: '1899-12-31' }, 'birthday'],
    ['a date that does not exist', 'update', { birthday: '2023-02-30' }, 'birthday'],
    ['a gender the CRM has no code for', 'update', { gender: 'UNKNOWN' as 'OTHER' }, 'gender'],
    ['a locale, which the CRM has no field for', 'create', { firstName: 'A', locale: 'en-GB' }, 'locale'],
    ['a company, which the CRM has no field for', 'update', { company: 'Acme' }, 'company'],
    ['the amelia group', 'create', { firstName: 'A', amelia: { wordpressUserId: 7 } }, 'amelia'],
    ['the platform group', 'update', { platform: { landline: '+442079460000' } }, 'platform'],
    ['an empty customer number', 'update', { crm: { number: '  ' } }, 'crm.number'],
    ['a city id with spaces', 'create', { firstName: 'A', crm: { cityId: 'city 1' } }, 'crm.cityId'],
    ['a field no input has', 'update', { nickname: 'Al' } as CustomerDraft, 'nickname'],
  ];

  it.each(cases)('refuses %s (%s) naming %s, and sends nothing', async (_case, mode, draft, field) => {
    expect(() => source.writer.validate(draft, mode)).toThrow(ValidationError);
    const attempt =
      mode === 'create' ? source.writer.create(draft, recordingCall()) : source.writer.update(seededAt(0).id, draft, recordingCall());
    const error = await rejectionOf(attempt);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field });
    expect(sandbox.server.requests.length).toBe(0);
  });

  it('accepts what the CRM can hold, and null for fields it does not have', () => {
    expect(() => source.writer.validate(CRM_EXAMPLE_DRAFT, 'create')).not.toThrow();
    expect(() => source.writer.validate({ lastName: 'Solo', locale: null, company: null }, 'create')).not.toThrow();
    expect(() => source.writer.validate({ firstName: null, phone: null, crm: { number: null } }, 'update')).not.toThrow();
    expect(() => source.writer.validate({ birthday: new Date().toISOString().slice(0, 10) }, 'update')).not.toThrow();
  });
});

describe('CRM writer: write faults (sent once, never retried)', () => {
  it('answers WriteOutcomeUnknown when the CRM applies a create and drops the connection; the record exists', async () => {
    sandbox.server.injectFault({ fault: { kind: 'drop-after-handling' }, times: 1 });
    expect(await rejectionOf(source.writer.create(CRM_EXAMPLE_DRAFT, recordingCall()))).toBeInstanceOf(WriteOutcomeUnknownError);
    expect(sandbox.server.requests).toHaveLength(1);
    expect((await customersWithEmail('jonas.berg@example.test')).map((customer) => customer.lastName)).toEqual(['Berg']);
  });

  it('answers WriteOutcomeUnknown for a 500 on create; nothing was created', async () => {
    sandbox.server.injectFault({ fault: { kind: 'status', status: 500 }, times: 1 });
    expect(await rejectionOf(source.writer.create(CRM_EXAMPLE_DRAFT, recordingCall()))).toBeInstanceOf(WriteOutcomeUnknownError);
    expect(sandbox.server.requests).toHaveLength(1);
    expect(await customersWithEmail('jonas.berg@example.test')).toEqual([]);
  });

  it('answers WriteOutcomeUnknown when the CRM never answers a create', async () => {
    sandbox.server.injectFault({ fault: { kind: 'hang' } });
    expect(await rejectionOf(source.writer.create(CRM_EXAMPLE_DRAFT, recordingCall()))).toBeInstanceOf(WriteOutcomeUnknownError);
    expect(sandbox.server.requests).toHaveLength(1);
  });

  it('answers WriteOutcomeUnknown for an update or delete applied behind a dropped connection', async () => {
    const { id } = seededAt(3);
    sandbox.server.injectFault({ fault: { kind: 'drop-after-handling' }, times: 1 });
    expect(await rejectionOf(source.writer.update(id, { note: 'Changed' }, recordingCall()))).toBeInstanceOf(WriteOutcomeUnknownError);
    expect((await foundByIds(source.getByIds([id], recordingCall())))[0]?.note).toBe('Changed');
    sandbox.server.clearLog();
    sandbox.server.injectFault({ fault: { kind: 'drop-after-handling' }, times: 1 });
    expect(await rejectionOf(source.writer.delete(id, recordingCall()))).toBeInstanceOf(WriteOutcomeUnknownError);
    expect(sandbox.server.requests).toHaveLength(1);
    expect(await foundByIds(source.getByIds([id], recordingCall()))).toEqual([null]);
  });

  it('answers WriteOutcomeUnknown for an unreadable answer to a write', async () => {
    sandbox.server.injectFault({ fault: { kind: 'malformed' } });
    expect(await rejectionOf(source.writer.delete(seededAt(3).id, recordingCall()))).toBeInstanceOf(WriteOutcomeUnknownError);
    expect(sandbox.server.requests).toHaveLength(1);
  });

  it('answers WriteOutcomeUnknown when the CRM applied a create and reading it back fails; the record exists once', async () => {
    sandbox.server.injectFault({ fault: { kind: 'status', status: 500 }, when: (request) => request.method === 'GET' });
    expect(await rejectionOf(source.writer.create(CRM_EXAMPLE_DRAFT, recordingCall()))).toBeInstanceOf(WriteOutcomeUnknownError);
    expect(sandbox.server.calls('/v1/crm/customers', 'POST')).toHaveLength(1);
    sandbox.server.clearFaults();
    expect((await customersWithEmail('jonas.berg@example.test')).map((customer) => customer.lastName)).toEqual(['Berg']);
  });

  it('answers WriteOutcomeUnknown when the CRM applied an update and reading it back fails; the change is there', async () => {
    const { id } = seededAt(3);
    sandbox.server.injectFault({ fault: { kind: 'drop' }, when: (request) => request.method === 'GET' });
    expect(await rejectionOf(source.writer.update(id, { note: 'Read back failed' }, recordingCall()))).toBeInstanceOf(
      WriteOutcomeUnknownError,
    );
    expect(sandbox.server.calls('/v1/crm/customers', 'PATCH')).toHaveLength(1);
    sandbox.server.clearFaults();
    expect((await foundByIds(source.getByIds([id], recordingCall())))[0]?.note).toBe('Read back failed');
  });

  it('lets a rejected token through as AUTH_REJECTED, sent once', async () => {
    sandbox.server.injectFault({ fault: { kind: 'status', status: 401 } });
    const error = await sourceErrorOf(source.writer.create(CRM_EXAMPLE_DRAFT, recordingCall()));
    expect(error).toMatchObject({ source: 'CRM', failure: 'AUTH_REJECTED' });
    expect(error.message).not.toContain(sandbox.credentials.token);
    expect(sandbox.server.requests).toHaveLength(1);
  });
});

describe('CRM writer: a CRM that answers otherwise', () => {
  let answer: (request: SandboxRequest) => SandboxResponse = () => ({ status: 500 });
  const rogue = new SandboxServer('crm-rogue-writes', (request) => answer(request));
  let rogueSource: CrmSource;
  const wrap = (data: unknown, warnings: unknown[] = [], status = 200): SandboxResponse => ({
    status,
    body: { app: 'crm', service: 'customers', warnings, instanceId: 'rogue', requestId: 'r', data },
  });

  beforeAll(async () => {
    rogueSource = createCrmSource({ url: await rogue.start(0), token: 'rogue', http: TEST_HTTP_SETTINGS });
  });
  afterAll(() => rogue.stop());
  beforeEach(() => rogue.clearLog());

  it('answers REJECTED for a succeed: false it cannot classify, passing every warning on', async () => {
    answer = () => wrap({ succeed: false }, [{ code: 'ACCOUNT_LOCKED', message: 'Customer is locked' }, 'note']);
    const call = recordingCall();
    const error = await sourceErrorOf(rogueSource.writer.update('cus_1', { note: 'x' }, call));
    expect(error).toMatchObject({ source: 'CRM', failure: 'REJECTED', status: null });
    expect(call.warnings).toEqual([
      { source: 'CRM', code: 'ACCOUNT_LOCKED', message: 'Customer is locked' },
      { source: 'CRM', code: null, message: 'note' },
    ]);
    expect(rogue.requests).toHaveLength(1);
  });

  it("passes on only a warning's code and message, never its other contents, with the token and the passcode blanked out", async () => {
    const passcode = 'Zq8-pass!word';
    answer = (request) =>
      request.method === 'PATCH'
        ? wrap({ succeed: true }, [
            { code: 'NOTE', detail: { header: 'Bearer rogue', passcode } },
            { code: 'WEAK_PASSCODE', message: `passcode ${passcode} is weak (token rogue)` },
            { message: { nested: 'object' } },
          ])
        : wrap({ user: { id: 'cus_1', firstName: 'A' } });
    const call = recordingCall();
    await rogueSource.writer.update('cus_1', { crm: { passcode } }, call);
    expect(call.warnings).toEqual([
      { source: 'CRM', code: 'NOTE', message: WARNING_WITHOUT_MESSAGE },
      { source: 'CRM', code: 'WEAK_PASSCODE', message: 'passcode [redacted] is weak (token [redacted])' },
      { source: 'CRM', code: null, message: WARNING_WITHOUT_MESSAGE },
    ]);
  });

  it('answers REJECTED with the status for an error status, enveloped or not', async () => {
    answer = () => wrap(null, [{ code: 'BAD_REQUEST', message: 'Body must be { "params": { … } }' }], 400);
    expect(await sourceErrorOf(rogueSource.writer.create({ firstName: 'A' }, recordingCall()))).toMatchObject({
      failure: 'REJECTED',
      status: 400,
    });
    answer = () => ({ status: 404, raw: '<html>Not Found</html>' });
    expect(await sourceErrorOf(rogueSource.writer.create({ firstName: 'A' }, recordingCall()))).toMatchObject({
      failure: 'REJECTED',
      status: 404,
    });
  });

  it('answers WriteOutcomeUnknown for a success it cannot read, or a created id it cannot find', async () => {
    answer = () => ({ status: 200, body: { succeed: true, id: 'cus_1' } });
    expect(await rejectionOf(rogueSource.writer.create({ firstName: 'A' }, recordingCall()))).toBeInstanceOf(WriteOutcomeUnknownError);
    answer = () => wrap({ succeed: true });
    expect(await rejectionOf(rogueSource.writer.create({ firstName: 'A' }, recordingCall()))).toBeInstanceOf(WriteOutcomeUnknownError);
    answer = () => wrap({ succeed: true, id: '../cus_1' });
    expect(await rejectionOf(rogueSource.writer.create({ firstName: 'A' }, recordingCall()))).toBeInstanceOf(WriteOutcomeUnknownError);
    rogue.clearLog();
    answer = (request) =>
      request.method === 'POST'
        ? wrap({ succeed: true, id: 'cus_new' })
        : wrap(null, [{ code: 'NOT_FOUND', message: 'Customer not found' }], 404);
    expect(await rejectionOf(rogueSource.writer.create({ firstName: 'A' }, recordingCall()))).toBeInstanceOf(WriteOutcomeUnknownError);
    expect(rogue.requests.map((request) => request.method)).toEqual(['POST', 'GET']);
  });

  it('accepts a numeric id for the created customer', async () => {
    answer = (request) => (request.method === 'POST' ? wrap({ succeed: true, id: 42 }) : wrap({ user: { id: 42, firstName: 'A' } }));
    await expect(rogueSource.writer.create({ firstName: 'A' }, recordingCall())).resolves.toMatchObject({ sourceId: '42', firstName: 'A' });
  });

  it('reads a NOT_FOUND refusal at HTTP 200 as NotFound', async () => {
    answer = () => wrap({ succeed: false }, [{ code: 'NOT_FOUND', message: 'Customer not found' }]);
    expect(await rejectionOf(rogueSource.writer.delete('cus_1', recordingCall()))).toEqual(new NotFoundError('CRM', 'cus_1'));
  });

  it('never retries a write the CRM failed to answer', async () => {
    answer = () => ({ status: 503, raw: 'busy' });
    expect(await rejectionOf(rogueSource.writer.update('cus_1', { note: 'x' }, recordingCall()))).toBeInstanceOf(WriteOutcomeUnknownError);
    expect(await rejectionOf(rogueSource.writer.create({ firstName: 'A' }, recordingCall()))).toBeInstanceOf(WriteOutcomeUnknownError);
    expect(rogue.requests.map((request) => request.method)).toEqual(['PATCH', 'POST']);
  });
});
