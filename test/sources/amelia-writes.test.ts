// AMELIA writes against its sandbox over real HTTP (amelia-customers.txt).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedAmeliaCustomers } from '../../src/sandbox/amelia/data.ts';
import { createAmeliaSandbox } from '../../src/sandbox/amelia/server.ts';
import { type SandboxHandler, SandboxServer } from '../../src/sandbox/server.ts';
import { type AmeliaSource, createAmeliaSource } from '../../src/sources/amelia/source.ts';
import {
  DeletionBlockedError,
  EmailAlreadyInUseError,
  NotFoundError,
  SourceError,
  ValidationError,
  WriteOutcomeUnknownError,
} from '../../src/sources/errors.ts';
import type { Customer, CustomerDraft, CustomerOf, CustomerWriter } from '../../src/sources/model/index.ts';
import {
  AMELIA_CLEAR_OPTIONAL_PATCH,
  AMELIA_CLEAR_OPTIONAL_UPDATE_BODY,
  AMELIA_CREATE_EXAMPLE_DRAFT,
  AMELIA_CREATE_REQUEST_EXAMPLE,
  AMELIA_UPDATE_EXAMPLE_PATCH,
} from '../fixtures/amelia-docs.ts';
import { foundByIds, recordingCall, rejectionOf, TEST_HTTP_SETTINGS } from '../support/sources.ts';

const call = recordingCall();
const SEED = seedAmeliaCustomers();

const ADA: CustomerDraft = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.test' };

function amelia(customer: Customer | null | undefined): CustomerOf<'AMELIA'> {
  if (customer?.source !== 'AMELIA') throw new Error('expected an AMELIA customer');
  return customer;
}

describe('AMELIA writer', () => {
  const sandbox = createAmeliaSandbox();
  let source: AmeliaSource;
  let writer: CustomerWriter;

  beforeAll(async () => {
    await sandbox.server.start(0);
    source = createAmeliaSource({
      url: sandbox.server.url,
      apiKey: sandbox.credentials.apiKey,
      timeZone: sandbox.timeZone,
      http: TEST_HTTP_SETTINGS,
    });
    writer = source.writer;
  });
  afterAll(() => sandbox.server.stop());
  beforeEach(() => sandbox.reset());

  const calls = () => sandbox.server.requests.map((request) => `${request.method} ${request.query.get('call')}`);
  const writes = () => sandbox.server.requests.filter((request) => request.method === 'POST');
  const customerCount = async () => {
    const count = await source.count({}, call);
    sandbox.server.clearLog();
    return count;
  };

  /** Frees the document example's email, which seed customer 10 (Jordan Reed) holds. */
  async function freeExampleEmail(): Promise<void> {
    await writer.update('10', { email: 'jordan.reed.old@example.test' }, call);
    sandbox.server.clearLog();
  }

  describe('create', () => {
    it("sends the document's example body, and answers the customer re-read: every field round-trips", async () => {
      await freeExampleEmail();
      const created = amelia(await writer.create(AMELIA_CREATE_EXAMPLE_DRAFT, call));
      const [post, reread] = sandbox.server.requests;
      expect(JSON.stringify(post?.body)).toBe(JSON.stringify(AMELIA_CREATE_REQUEST_EXAMPLE));
      expect(calls()).toEqual(['POST /api/v1/users/customers', `GET /api/v1/users/customers/${created.sourceId}`]);
      expect(reread?.headers.amelia).toBe(sandbox.credentials.apiKey);
      expect(created).toMatchObject({
        firstName: 'Jordan',
        lastName: 'Reed',
        email: 'jordan.reed@example.test',
        phones: [{ raw: '+381601234567', e164: '+381601234567', country: 'RS', kind: 'PRIMARY' }],
        birthday: '1990-05-17',
        gender: 'FEMALE',
        note: 'Prefers morning appointments.',
        locale: 'en-GB',
        company: null,
        amelia: { status: 'visible', type: 'customer', wordpressUserId: 16, countryPhoneIso: 'rs', language: 'en_GB' },
      });
      expect(created.sourceRecord).toMatchObject({ translations: '{"defaultLanguage":"en_GB"}' });
      expect(await foundByIds(source.getByIds([created.sourceId], call))).toEqual([created]);
    });

    it('creates with the names alone', async () => {
      const created = await writer.create({ firstName: '  Ada ', lastName: 'Lovelace' }, call);
      expect(writes()[0]?.body).toEqual({ firstName: 'Ada', lastName: 'Lovelace' });
      expect(created).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', email: null, phones: [], birthday: null, gender: null });
      expect(await customerCount()).toBe(SEED.length + 1);
    });

    it("refuses the document's example while seed customer 10 has its email: EmailAlreadyInUse, nothing created", async () => {
      const error = await rejectionOf(writer.create(AMELIA_CREATE_EXAMPLE_DRAFT, call));
      expect(error).toBeInstanceOf(EmailAlreadyInUseError);
      expect(error).toMatchObject({ source: 'AMELIA', email: 'jordan.reed@example.test' });
      expect(writes()).toHaveLength(1);
      expect(await customerCount()).toBe(SEED.length);
    });

    it("maps Amelia's validation answer to the field: a WordPress user linked to another customer", async () => {
      const linked = SEED.find((customer) => customer.externalId !== null);
      const error = await rejectionOf(writer.create({ ...ADA, amelia: { wordpressUserId: linked?.externalId ?? 0 } }, call));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field: 'amelia.wordpressUserId' });
      expect((error as Error).message).not.toContain('Could not');
      expect(writes()).toHaveLength(1);
      expect(await customerCount()).toBe(SEED.length);
    });
  });

  describe('update', () => {
    it("sends only the document's update example, keeps the rest, and answers the customer re-read", async () => {
      await freeExampleEmail();
      const created = amelia(await writer.create(AMELIA_CREATE_EXAMPLE_DRAFT, call));
      sandbox.server.clearLog();
      const patch = AMELIA_UPDATE_EXAMPLE_PATCH;
      const updated = amelia(await writer.update(created.sourceId, patch, call));
      expect(JSON.stringify(writes()[0]?.body)).toBe(JSON.stringify(patch));
      expect(calls()).toEqual([`POST /api/v1/users/customers/${created.sourceId}`, `GET /api/v1/users/customers/${created.sourceId}`]);
      // The update answer carries only names, email and status: the rest comes from the re-read.
      expect(updated).toEqual({
        ...created,
        lastName: 'Miller',
        email: 'jordan.miller@example.test',
        note: 'Prefers late afternoon appointments.',
        sourceRecord: { ...created.sourceRecord, ...patch },
      });
    });

    it('clears optional fields sent as null, and leaves the names alone', async () => {
      await freeExampleEmail();
      const created = await writer.create(AMELIA_CREATE_EXAMPLE_DRAFT, call);
      sandbox.server.clearLog();
      const cleared = amelia(await writer.update(created.sourceId, AMELIA_CLEAR_OPTIONAL_PATCH, call));
      expect(writes()[0]?.body).toEqual(AMELIA_CLEAR_OPTIONAL_UPDATE_BODY);
      expect(cleared).toMatchObject({
        firstName: 'Jordan',
        lastName: 'Reed',
        email: null,
        phones: [],
        birthday: null,
        gender: null,
        note: null,
        locale: null,
        amelia: { wordpressUserId: null, countryPhoneIso: null, language: null },
      });
    });

    it('sets a phone with its country, and changes one field of a seed customer only', async () => {
      const [before] = await foundByIds(source.getByIds(['22'], call));
      sandbox.server.clearLog();
      const updated = amelia(await writer.update('22', { phone: '+12025550123' }, call));
      expect(writes()[0]?.body).toEqual({ phone: '+12025550123', countryPhoneIso: 'us' });
      expect(updated).toMatchObject({ phones: [{ e164: '+12025550123', country: 'US' }], amelia: { countryPhoneIso: 'us' } });
      expect({ ...updated, phones: [], sourceRecord: {}, amelia: {} }).toEqual({
        ...amelia(before),
        phones: [],
        sourceRecord: {},
        amelia: {},
      });
    });

    it('sends nothing for an empty patch, and answers the customer as it is', async () => {
      const unchanged = await writer.update('23', { amelia: {} }, call);
      expect(unchanged.lastName).toBe('Baptiste');
      expect(calls()).toEqual(['GET /api/v1/users/customers/23']);
    });

    it('refuses to clear a required name, and sends nothing', async () => {
      for (const patch of [{ firstName: null }, { lastName: null }, { lastName: '   ' }] satisfies CustomerDraft[]) {
        const error = await rejectionOf(writer.update('23', patch, call));
        expect(error).toBeInstanceOf(ValidationError);
        expect(error).toMatchObject({ field: Object.keys(patch)[0] });
      }
      expect(((await rejectionOf(writer.update('23', { firstName: null }, call))) as Error).message).toMatch(/cannot be cleared/);
      expect(sandbox.server.requests).toHaveLength(0);
    });

    it("answers EmailAlreadyInUse for another customer's email", async () => {
      const error = await rejectionOf(writer.update('23', { email: 'JORDAN.REED@example.test' }, call));
      expect(error).toBeInstanceOf(EmailAlreadyInUseError);
      expect(error).toMatchObject({ email: 'JORDAN.REED@example.test' });
      expect((await foundByIds(source.getByIds(['23'], call)))[0]?.email).toBe('jordan.baptiste@example.test');
    });

    it("maps Amelia's validation answer on update too", async () => {
      const linked = SEED.find((customer) => customer.externalId !== null && customer.id !== 23);
      const error = await rejectionOf(writer.update('23', { amelia: { wordpressUserId: linked?.externalId ?? 0 } }, call));
      expect(error).toMatchObject({ name: 'ValidationError', field: 'amelia.wordpressUserId' });
    });

    it('answers NotFound for an unknown id, and for a malformed one without a call', async () => {
      const unknown = await rejectionOf(writer.update('999', { note: 'x' }, call));
      expect(unknown).toBeInstanceOf(NotFoundError);
      expect(unknown).toMatchObject({ source: 'AMELIA', id: '999' });
      expect(calls()).toEqual(['POST /api/v1/users/customers/999']);
      sandbox.server.clearLog();
      for (const id of ['abc', '0', '-4', '12abc', '1e3', '99999999999']) {
        expect(await rejectionOf(writer.update(id, { note: 'x' }, call))).toBeInstanceOf(NotFoundError);
        expect(await rejectionOf(writer.delete(id, call))).toBeInstanceOf(NotFoundError);
        expect(await rejectionOf(writer.deletionCheck(id, call))).toBeInstanceOf(NotFoundError);
      }
      expect(sandbox.server.requests).toHaveLength(0);
    });
  });

  describe('delete and deletionCheck', () => {
    it("asks Amelia's check first, then deletes", async () => {
      const free = SEED.find((customer) => customer.futureAppointments === 0);
      const id = String(free?.id);
      expect(await writer.deletionCheck(id, call)).toEqual({
        allowed: true,
        reason: null,
        futureAppointments: null,
        checkedBySource: true,
      });
      sandbox.server.clearLog();
      await expect(writer.delete(id, call)).resolves.toBeUndefined();
      expect(calls()).toEqual([`GET /api/v1/users/customers/effect/${id}`, `POST /api/v1/users/customers/delete/${id}`]);
      expect(await foundByIds(source.getByIds([id], call))).toEqual([null]);
      expect(await rejectionOf(writer.delete(id, call))).toBeInstanceOf(NotFoundError);
    });

    it('refuses while appointments are ahead, with the count from the message, and deletes nothing', async () => {
      const blocked = SEED.find((customer) => customer.futureAppointments > 0);
      const id = String(blocked?.id);
      const check = await writer.deletionCheck(id, call);
      expect(check).toEqual({
        allowed: false,
        reason: `Could not delete user. This user has ${blocked?.futureAppointments} appointments in the future.`,
        futureAppointments: blocked?.futureAppointments,
        checkedBySource: true,
      });
      sandbox.server.clearLog();
      const error = await rejectionOf(writer.delete(id, call));
      expect(error).toBeInstanceOf(DeletionBlockedError);
      expect(error).toMatchObject({ futureAppointments: blocked?.futureAppointments, reason: check.reason });
      expect(calls()).toEqual([`GET /api/v1/users/customers/effect/${id}`]);
      expect((await foundByIds(source.getByIds([id], call)))[0]?.sourceId).toBe(id);
    });

    it('answers NotFound for an unknown id without deleting anything', async () => {
      expect(await rejectionOf(writer.deletionCheck('999', call))).toBeInstanceOf(NotFoundError);
      expect(await rejectionOf(writer.delete('999', call))).toBeInstanceOf(NotFoundError);
      expect(writes()).toHaveLength(0);
      expect(await customerCount()).toBe(SEED.length);
    });
  });

  describe('validation before anything is sent', () => {
    it.each<[string, CustomerDraft, string]>([
      ['no first name', { lastName: 'Lovelace' }, 'firstName'],
      ['no last name', { firstName: 'Ada' }, 'lastName'],
      ['a null first name', { ...ADA, firstName: null }, 'firstName'],
      ['a blank first name', { ...ADA, firstName: '   ' }, 'firstName'],
      ['a last name of 101 characters', { ...ADA, lastName: 'x'.repeat(101) }, 'lastName'],
      ['gender OTHER', { ...ADA, gender: 'OTHER' }, 'gender'],
      ['a company', { ...ADA, company: 'Acme' }, 'company'],
      ['the crm group', { ...ADA, crm: {} }, 'crm'],
      ['the platform group', { ...ADA, platform: { landline: '+442079460000' } }, 'platform'],
      ['a birthday in the future', { ...ADA, birthday: '2999-01-01' }, 'birthday'],
      ['a birthday before 1900', { ...ADA, birthday: '1899-12-31' }, 'birthday'],
      ['a birthday that is no date', { ...ADA, birthday: '2023-02-30' }, 'birthday'],
      ['a locale Amelia cannot hold', { ...ADA, locale: 'sr-Latn-RS' }, 'locale'],
      ['a blank note', { ...ADA, note: '  ' }, 'note'],
      ['a phone not in E.164', { ...ADA, phone: '0601234567' }, 'phone'],
      ['an invalid email', { ...ADA, email: 'not an email' }, 'email'],
      ['a WordPress user id of 0', { ...ADA, amelia: { wordpressUserId: 0 } }, 'amelia.wordpressUserId'],
      ['a fractional WordPress user id', { ...ADA, amelia: { wordpressUserId: 1.5 } }, 'amelia.wordpressUserId'],
      ['an unknown Amelia field', { ...ADA, amelia: { wordpressUserId: 1, userName: 'x' } as CustomerDraft['amelia'] }, 'amelia'],
    ])('refuses %s on create', async (_case, draft, field) => {
      expect(() => writer.validate(draft, 'create')).toThrow(ValidationError);
      const error = await rejectionOf(writer.create(draft, call));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field });
      expect(sandbox.server.requests).toHaveLength(0);
    });

    it('accepts what Amelia can hold, company and other groups only as null', () => {
      expect(() => writer.validate({ ...AMELIA_CREATE_EXAMPLE_DRAFT, company: null, birthday: '1900-01-01' }, 'create')).not.toThrow();
      expect(() => writer.validate({ note: 'x', locale: 'de', phone: '+447700900123' }, 'update')).not.toThrow();
      expect(() => writer.validate({}, 'update')).not.toThrow();
    });
  });

  describe('write faults: sent once, outcome unknown', () => {
    const onWrite = { when: (request: { method: string }) => request.method === 'POST' };

    it('the connection drops after Amelia created the customer: unknown, and the customer exists', async () => {
      sandbox.server.injectFault({ fault: { kind: 'drop-after-handling' }, ...onWrite });
      expect(await rejectionOf(writer.create(ADA, call))).toBeInstanceOf(WriteOutcomeUnknownError);
      expect(sandbox.server.requests).toHaveLength(1);
      const found = await source.findByEmails(['ada@example.test'], call);
      expect(found.map((customer) => customer.lastName)).toEqual(['Lovelace']);
    });

    it('a 500: unknown, nothing created', async () => {
      sandbox.server.injectFault({ fault: { kind: 'status', status: 500 }, ...onWrite });
      expect(await rejectionOf(writer.create(ADA, call))).toBeInstanceOf(WriteOutcomeUnknownError);
      expect(sandbox.server.requests).toHaveLength(1);
      expect(await customerCount()).toBe(SEED.length);
    });

    it('a hang: unknown', async () => {
      sandbox.server.injectFault({ fault: { kind: 'hang' }, ...onWrite });
      expect(await rejectionOf(writer.create(ADA, call))).toBeInstanceOf(WriteOutcomeUnknownError);
      expect(sandbox.server.requests).toHaveLength(1);
    });

    it('an update whose answer is lost: unknown, and the change is there', async () => {
      sandbox.server.injectFault({ fault: { kind: 'drop-after-handling' }, ...onWrite });
      expect(await rejectionOf(writer.update('23', { note: 'Changed.' }, call))).toBeInstanceOf(WriteOutcomeUnknownError);
      expect(sandbox.server.requests).toHaveLength(1);
      expect((await foundByIds(source.getByIds(['23'], call)))[0]?.note).toBe('Changed.');
    });

    it('a delete whose answer is lost: unknown, one delete sent, and the customer is gone', async () => {
      const free = String(SEED.find((customer) => customer.futureAppointments === 0)?.id);
      sandbox.server.injectFault({ fault: { kind: 'drop-after-handling' }, ...onWrite });
      expect(await rejectionOf(writer.delete(free, call))).toBeInstanceOf(WriteOutcomeUnknownError);
      expect(calls()).toEqual([`GET /api/v1/users/customers/effect/${free}`, `POST /api/v1/users/customers/delete/${free}`]);
      expect(await foundByIds(source.getByIds([free], call))).toEqual([null]);
    });

    it('rejected credentials pass through as a SourceError, without the key', async () => {
      const wrong = createAmeliaSource({ url: sandbox.server.url, apiKey: 'not-the-key', timeZone: 'UTC', http: TEST_HTTP_SETTINGS });
      const error = await rejectionOf(wrong.writer.create(ADA, call));
      expect(error).toBeInstanceOf(SourceError);
      expect(error).toMatchObject({ failure: 'AUTH_REJECTED', status: 401 });
      expect((error as Error).message).not.toContain('not-the-key');
      expect(sandbox.server.requests).toHaveLength(1);
    });
  });
});

describe('AMELIA writer against a vendor that does not keep its word', () => {
  let answer: SandboxHandler = () => ({ status: 200, body: {} });
  const liar = new SandboxServer('amelia-liar', (request) => answer(request));
  let writer: CustomerWriter;
  beforeAll(async () => {
    await liar.start(0);
    writer = createAmeliaSource({ url: liar.url, apiKey: 'key', timeZone: 'UTC', http: TEST_HTTP_SETTINGS }).writer;
  });
  afterAll(() => liar.stop());
  beforeEach(() => liar.clearLog());

  it('a delete refused after the check allowed it (appointments booked in between): DeletionBlocked', async () => {
    answer = (request) =>
      request.method === 'GET'
        ? { status: 200, body: { message: 'Successfully retrieved message.', data: { valid: true, message: '' } } }
        : { status: 409, body: { message: 'Could not delete user.', data: [] } };
    const error = await rejectionOf(writer.delete('23', call));
    expect(error).toBeInstanceOf(DeletionBlockedError);
    expect(error).toMatchObject({ futureAppointments: null });
    expect(liar.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('a 200 that is not the documented write answer: unknown, never sent again', async () => {
    answer = () => ({ status: 200, body: { message: 'ok', data: [] } });
    expect(await rejectionOf(writer.create(ADA, call))).toBeInstanceOf(WriteOutcomeUnknownError);
    expect(liar.requests).toHaveLength(1);
  });

  it('a refusal it does not explain: REJECTED, with no vendor text in the message', async () => {
    answer = () => ({ status: 422, body: { message: 'Secret internal detail', data: { whatever: true } } });
    const error = await rejectionOf(writer.create(ADA, call));
    expect(error).toMatchObject({ name: 'SourceError', failure: 'REJECTED', status: 422 });
    expect((error as Error).message).not.toContain('Secret');
    answer = () => ({ status: 400, body: { message: 'Could not add user.', data: { invalidFields: ['mysteryField'] } } });
    expect(await rejectionOf(writer.create(ADA, call))).toMatchObject({ failure: 'REJECTED', status: 400 });
  });

  it('an applied write whose re-read fails: unknown, not a write that never happened', async () => {
    answer = (request) =>
      request.method === 'POST'
        ? {
            status: 200,
            body: { message: 'Successfully added new user.', data: { user: { id: 77, firstName: 'Ada', lastName: 'Lovelace' } } },
          }
        : { status: 404, body: { message: 'Could not retrieve user', data: [] } };
    expect(await rejectionOf(writer.create(ADA, call))).toBeInstanceOf(WriteOutcomeUnknownError);
    expect(liar.requests.map((request) => request.method)).toEqual(['POST', 'GET']);
  });
});
