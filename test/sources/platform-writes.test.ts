import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIELD_IDS, platformUuid } from '../../src/sandbox/platform/data.ts';
import { createPlatformSandbox, type PlatformSandbox } from '../../src/sandbox/platform/server.ts';
import { SEED_SLICES } from '../../src/sandbox/seed.ts';
import {
  EmailAlreadyInUseError,
  NotFoundError,
  NotSupportedBySourceError,
  ValidationError,
  WriteOutcomeUnknownError,
} from '../../src/sources/errors.ts';
import type { Customer, CustomerDraft, CustomerOf } from '../../src/sources/model/index.ts';
import { createPlatformSource, type PlatformSource } from '../../src/sources/platform/source.ts';
import { PLATFORM_CANNOT_DELETE } from '../../src/sources/platform/writer.ts';
import {
  PLATFORM_CREATE_EXAMPLE_DRAFT,
  PLATFORM_CREATE_REQUEST_EXAMPLE,
  PLATFORM_FULL_EXAMPLE_BODY_WITHOUT_CUSTOM_FIELDS,
  PLATFORM_FULL_EXAMPLE_DRAFT,
} from '../fixtures/platform-docs.ts';
import { learnVendor, PLATFORM_MODES, platformFeatures } from '../support/platform-modes.ts';
import { foundByIds, recordingCall, sourceErrorOf, TEST_HTTP_SETTINGS } from '../support/sources.ts';

const MEDIA_TYPE = 'application/vnd.api+json';
const SEEDED_IDS = SEED_SLICES.PLATFORM.map((_, index) => platformUuid('c0000000', index + 1));
const JOSE = SEEDED_IDS[0]!;
const JOSE_EMAIL = SEED_SLICES.PLATFORM[0]!.email!;
const UNKNOWN_ID = platformUuid('c0000000', 9_999);

let sandbox: PlatformSandbox;
let source: PlatformSource;
const call = recordingCall();

function adapter(overrides: { token?: string; organization?: string } = {}): PlatformSource {
  return createPlatformSource({ url: sandbox.server.url, ...sandbox.credentials, http: TEST_HTTP_SETTINGS, ...overrides });
}

const writer = () => source.writer;

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected the write to fail');
}

async function byEmail(email: string): Promise<Customer[]> {
  return source.findByEmails([email], call);
}

async function read(id: string): Promise<CustomerOf<'PLATFORM'>> {
  const [customer] = await foundByIds(source.getByIds([id], call));
  if (customer?.source !== 'PLATFORM') throw new Error(`no PLATFORM customer ${id}`);
  return customer;
}

const writes = () => sandbox.server.requests.filter((request) => request.method !== 'GET');

/** A draft with every field the PLATFORM holds. */
const FULL_DRAFT: CustomerDraft = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada.lovelace@example.test',
  phone: '+491701234567',
  platform: { landline: '+442079460958' },
  company: 'Analytical Engines Ltd',
  gender: 'OTHER',
  birthday: '1990-12-10',
  locale: 'en-GB',
};

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

  describe('PLATFORM create', () => {
    it('sends the document\'s "Creating a Customer" body once, and answers the customer as re-read', async () => {
      const created = await writer().create(PLATFORM_CREATE_EXAMPLE_DRAFT, call);
      const [post, ...rest] = sandbox.server.requests;
      expect(post?.method).toBe('POST');
      expect(post?.path).toBe('/api/v1/customers');
      expect(post?.query.get('o')).toBe(sandbox.credentials.organization);
      expect(post?.headers['content-type']).toBe(MEDIA_TYPE);
      expect(post?.body).toStrictEqual(PLATFORM_CREATE_REQUEST_EXAMPLE);
      expect(rest.map((request) => request.method)).toEqual(['GET']);
      // The read-back: by filter[id] where the list takes it; conservative, the document's single-customer read.
      if (mode === 'generous') expect(rest[0]?.query.get('filter[id]')).toBe(created.sourceId);
      else expect(rest[0]?.path).toBe(`/api/v1/customers/${created.sourceId}`);
      expect(created).toMatchObject({
        source: 'PLATFORM',
        firstName: 'Jane',
        lastName: 'Doe',
        email: 'jane@example.com',
        phones: [{ raw: '+49 170 1234567', e164: '+491701234567', kind: 'MOBILE' }],
        company: 'Acme Corp',
        locale: 'de-DE',
        platform: { organizationId: sandbox.credentials.organization, customEntryMap: {} },
      });
      expect(await read(created.sourceId)).toStrictEqual(created);
    });

    it('creates the document\'s "Full Example" customer (its non-custom attributes) and reads it back', async () => {
      const created = await writer().create(PLATFORM_FULL_EXAMPLE_DRAFT, call);
      expect(sandbox.server.calls('/api/v1/customers', 'POST')[0]?.body).toStrictEqual(PLATFORM_FULL_EXAMPLE_BODY_WITHOUT_CUSTOM_FIELDS);
      expect(await read(created.sourceId)).toMatchObject({
        firstName: 'Jane',
        lastName: 'Doe',
        email: 'jane@example.com',
        phones: [],
        // platform-customers-jsonapi.txt: locale "defaults to organization locale".
        locale: 'en-GB',
      });
    });

    it('round-trips every field the PLATFORM holds', async () => {
      const created = await writer().create(FULL_DRAFT, call);
      const reread = await read(created.sourceId);
      expect(reread).toStrictEqual(created);
      expect(reread).toMatchObject({
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada.lovelace@example.test',
        phones: [
          { e164: '+491701234567', kind: 'MOBILE' },
          { e164: '+442079460958', kind: 'LANDLINE' },
        ],
        company: 'Analytical Engines Ltd',
        gender: 'OTHER',
        birthday: '1990-12-10',
        locale: 'en-GB',
        note: null,
      });
      expect(reread.sourceRecord).toMatchObject({ attributes: { sex: 'diverse', birth_date: '1990-12-10' } });
    });

    it('answers EmailAlreadyInUse for an address another customer has (any case), and creates nothing', async () => {
      const taken = JOSE_EMAIL.toUpperCase();
      const error = await errorOf(writer().create({ firstName: 'José', email: taken }, call));
      expect(error).toBeInstanceOf(EmailAlreadyInUseError);
      expect(error).toMatchObject({ source: 'PLATFORM', email: taken });
      expect(writes()).toHaveLength(1);
      expect(await byEmail(JOSE_EMAIL)).toHaveLength(1);
    });

    it("answers the vendor's own refusal as a ValidationError on our field name, in our words", async () => {
      // An address without a dot in the domain: refused here now, before anything is sent (kit/email-address.ts).
      const email = await errorOf(writer().create({ firstName: 'Jane', email: 'jane@localhost' }, call));
      expect(email).toBeInstanceOf(ValidationError);
      expect(email).toMatchObject({ field: 'email' });
      expect(writes()).toHaveLength(0);
      // A landline sent as the mobile: the sandbox's `mobile` refuses it, `phone` → our `phone`.
      const mobile = await errorOf(writer().create({ firstName: 'Jane', phone: '+442079460958' }, call));
      expect(mobile).toMatchObject({ name: 'ValidationError', field: 'phone', message: 'the PLATFORM refused this mobile number' });
      const landline = await errorOf(writer().create({ firstName: 'Jane', platform: { landline: '+491701234567' } }, call));
      expect(landline).toMatchObject({ name: 'ValidationError', field: 'platform.landline' });
      expect(writes()).toHaveLength(2);
      expect(await source.count({}, call)).toBe(SEEDED_IDS.length);
    });

    it('answers REJECTED for a refusal it cannot read', async () => {
      sandbox.server.injectFault({ fault: { kind: 'status', status: 422 }, times: 1 });
      const error = await sourceErrorOf(writer().create({ firstName: 'Jane' }, call));
      expect(error).toMatchObject({ failure: 'REJECTED', status: 422 });
    });

    it('lets credential and organization problems through as SourceErrors, without the token', async () => {
      const badToken = await sourceErrorOf(adapter({ token: 'wrong-token' }).writer.create({ firstName: 'Jane' }, call));
      expect(badToken).toMatchObject({ failure: 'AUTH_REJECTED', status: 401 });
      expect(badToken.message).not.toContain('wrong-token');
      const unknownOrganization = adapter({ organization: 'no-such-organization' });
      const noOrganization = await sourceErrorOf(unknownOrganization.writer.create({ firstName: 'Jane' }, call));
      expect(noOrganization).toMatchObject({ failure: 'AUTH_REJECTED', status: 404 });
      const noOrganizationOnUpdate = await sourceErrorOf(unknownOrganization.writer.update(JOSE, { lastName: 'X' }, call));
      expect(noOrganizationOnUpdate).toMatchObject({ failure: 'AUTH_REJECTED', status: 404 });
    });
  });

  describe('PLATFORM update', () => {
    it('sends only the mentioned attributes; the rest stays, null clears', async () => {
      const created = await writer().create(FULL_DRAFT, call);
      sandbox.server.clearLog();
      const updated = await writer().update(created.sourceId, { lastName: 'Byron', phone: null, birthday: null }, call);
      const patches = sandbox.server.calls('/api/v1/customers', 'PATCH');
      expect(patches).toHaveLength(1);
      expect(patches[0]?.path).toBe(`/api/v1/customers/${created.sourceId}`);
      expect(patches[0]?.headers['content-type']).toBe(MEDIA_TYPE);
      expect(patches[0]?.body).toStrictEqual({
        data: { type: 'customers', id: created.sourceId, attributes: { family_name: 'Byron', mobile: null, birth_date: null } },
      });
      expect(updated).toStrictEqual(await read(created.sourceId));
      expect(updated).toMatchObject({
        firstName: 'Ada',
        lastName: 'Byron',
        email: 'ada.lovelace@example.test',
        phones: [{ e164: '+442079460958', kind: 'LANDLINE' }],
        company: 'Analytical Engines Ltd',
        gender: 'OTHER',
        birthday: null,
        locale: 'en-GB',
      });
      const cleared = await writer().update(
        created.sourceId,
        { lastName: null, email: null, platform: { landline: null }, company: null, gender: null, locale: null },
        call,
      );
      expect(cleared).toMatchObject({
        firstName: 'Ada',
        lastName: null,
        email: null,
        phones: [],
        company: null,
        gender: null,
        locale: null,
      });
    });

    it("never sends custom_entry_map, so the customer's custom fields stay as they were", async () => {
      const before = await read(JOSE);
      expect(Object.keys(before.platform.customEntryMap)).toContain(FIELD_IDS.tier);
      sandbox.server.clearLog();
      const updated = await writer().update(JOSE, { firstName: 'Joseph', company: null }, call);
      const [patch] = sandbox.server.calls('/api/v1/customers', 'PATCH');
      expect(JSON.stringify(patch?.body)).not.toContain('custom_entry_map');
      expect(updated.firstName).toBe('Joseph');
      if (updated.source !== 'PLATFORM') throw new Error('expected a PLATFORM customer');
      expect(updated.platform.customEntryMap).toStrictEqual(before.platform.customEntryMap);
      expect((await read(JOSE)).platform.customEntryMap).toStrictEqual(before.platform.customEntryMap);
    });

    it('takes an id in capitals, as isSourceId does', async () => {
      const updated = await writer().update(JOSE.toUpperCase(), { lastName: 'Müller-Lang' }, call);
      expect(updated).toMatchObject({ sourceId: JOSE, lastName: 'Müller-Lang' });
    });

    it('sends no write when the patch mentions nothing the PLATFORM holds', async () => {
      const answer = await writer().update(JOSE, { note: null }, call);
      expect(answer).toStrictEqual(await read(JOSE));
      expect(writes()).toHaveLength(0);
      expect(await errorOf(writer().update(UNKNOWN_ID, {}, call))).toBeInstanceOf(NotFoundError);
    });

    it('answers NotFound for an id the PLATFORM does not know, after one PATCH', async () => {
      const error = await errorOf(writer().update(UNKNOWN_ID, { lastName: 'Nobody' }, call));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ source: 'PLATFORM', id: UNKNOWN_ID });
      expect(sandbox.server.requests.map((request) => request.method)).toEqual(['PATCH']);
    });

    it('answers EmailAlreadyInUse when the new email belongs to another customer', async () => {
      const other = SEED_SLICES.PLATFORM[1]!.email!;
      const error = await errorOf(writer().update(JOSE, { email: other }, call));
      expect(error).toBeInstanceOf(EmailAlreadyInUseError);
      expect(error).toMatchObject({ email: other });
      expect((await read(JOSE)).email).toBe(JOSE_EMAIL);
    });

    it("answers the vendor's refusal of a value as a ValidationError on our field name", async () => {
      const error = await errorOf(writer().update(JOSE, { phone: '+442079460958', lastName: 'Kept?' }, call));
      expect(error).toMatchObject({ name: 'ValidationError', field: 'phone' });
      expect((await read(JOSE)).lastName).toBe('Müller');
    });
  });

  describe('PLATFORM validation: nothing is sent', () => {
    it.each([
      ['a create without a first name', 'create', { lastName: 'Doe' }, 'firstName'],
      ['a create with a note, which the PLATFORM has no field for', 'create', { firstName: 'Jane', note: 'VIP' }, 'note'],
      ['a create with a first name of 101 characters', 'create', { firstName: 'x'.repeat(101) }, 'firstName'],
      ['a create with a birthday in the future', 'create', { firstName: 'Jane', birthday: '2999-01-01' }, 'birthday'],
      ['a create with a birthday before 1900', 'create', { firstName: 'Jane', birthday: '1899-06-01' }, 'birthday'],
      ['a create with the amelia group', 'create', { firstName: 'Jane', amelia: { wordpressUserId: 3 } }, 'amelia'],
      ['a create with the crm group', 'create', { firstName: 'Jane', crm: { number: 'C-1' } }, 'crm'],
      ['an update clearing the first name', 'update', { firstName: null }, 'firstName'],
      ['an update with an empty first name', 'update', { firstName: '  ' }, 'firstName'],
      ['an update with a note', 'update', { note: 'x' }, 'note'],
      ['an update with a landline not in E.164', 'update', { platform: { landline: '020 7946 0958' } }, 'platform.landline'],
    ] as const)('refuses %s', async (_case, mode, draft, field) => {
      sandbox.server.clearLog();
      const attempt =
        mode === 'create' ? writer().create(draft as CustomerDraft, call) : writer().update(JOSE, draft as CustomerDraft, call);
      const error = await errorOf(attempt);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field });
      expect(sandbox.server.requests.length).toBe(0);
    });

    it('answers NotFound for an id that is not a PLATFORM id, without a call', async () => {
      sandbox.server.clearLog();
      const error = await errorOf(writer().update('42', { lastName: 'X' }, call));
      expect(error).toMatchObject({ name: 'NotFoundError', id: '42' });
      expect(sandbox.server.requests.length).toBe(0);
    });
  });

  describe('PLATFORM delete and deletionCheck', () => {
    it('refuses deletion as not supported, and explains why in the check, without a call', async () => {
      sandbox.server.clearLog();
      const error = await errorOf(writer().delete(JOSE, call));
      expect(error).toBeInstanceOf(NotSupportedBySourceError);
      expect(error).toMatchObject({ source: 'PLATFORM', operation: 'DELETE' });
      expect(await writer().deletionCheck(JOSE, call)).toStrictEqual({
        allowed: false,
        reason: PLATFORM_CANNOT_DELETE,
        futureAppointments: null,
        checkedBySource: false,
      });
      expect(PLATFORM_CANNOT_DELETE).toMatch(/cannot delete.*merge/i);
      expect(await errorOf(writer().delete('not-an-id', call))).toBeInstanceOf(NotFoundError);
      expect(sandbox.server.requests.length).toBe(0);
      expect(await read(JOSE)).toMatchObject({ sourceId: JOSE });
    });
  });

  describe('PLATFORM write faults: sent once, outcome unknown', () => {
    const isWrite = (request: { method: string }) => request.method !== 'GET';

    it('a create the vendor applied before dropping the connection: unknown, and the record exists', async () => {
      sandbox.server.injectFault({ fault: { kind: 'drop-after-handling' }, times: 1, when: isWrite });
      sandbox.server.clearLog();
      const error = await errorOf(writer().create({ firstName: 'Dropped', email: 'dropped@example.test' }, call));
      expect(error).toBeInstanceOf(WriteOutcomeUnknownError);
      expect(sandbox.server.requests).toHaveLength(1);
      expect(await byEmail('dropped@example.test')).toMatchObject([{ firstName: 'Dropped' }]);
    });

    it('an update the vendor applied before dropping the connection: unknown, and the change is there', async () => {
      sandbox.server.injectFault({ fault: { kind: 'drop-after-handling' }, times: 1, when: isWrite });
      sandbox.server.clearLog();
      const error = await errorOf(writer().update(JOSE, { lastName: 'Dropped' }, call));
      expect(error).toBeInstanceOf(WriteOutcomeUnknownError);
      expect(sandbox.server.requests).toHaveLength(1);
      expect((await read(JOSE)).lastName).toBe('Dropped');
    });

    it('a 500: unknown, sent once, and nothing was created', async () => {
      sandbox.server.injectFault({ fault: { kind: 'status', status: 500 }, when: isWrite });
      sandbox.server.clearLog();
      const error = await errorOf(writer().create({ firstName: 'Failed', email: 'failed@example.test' }, call));
      expect(error).toBeInstanceOf(WriteOutcomeUnknownError);
      expect(sandbox.server.requests).toHaveLength(1);
      sandbox.server.clearFaults();
      expect(await byEmail('failed@example.test')).toEqual([]);
    });

    it('a vendor that never answers: unknown, sent once', async () => {
      sandbox.server.injectFault({ fault: { kind: 'hang' }, times: 1, when: isWrite });
      sandbox.server.clearLog();
      const error = await errorOf(writer().create({ firstName: 'Hung', email: 'hung@example.test' }, call));
      expect(error).toBeInstanceOf(WriteOutcomeUnknownError);
      expect(sandbox.server.requests).toHaveLength(1);
    });

    it('a create the vendor applied whose read-back fails: unknown (never a plain failure), and the record exists once', async () => {
      sandbox.server.injectFault({ fault: { kind: 'status', status: 500 }, when: (request) => request.method === 'GET' });
      sandbox.server.clearLog();
      const error = await errorOf(writer().create({ firstName: 'Unread', email: 'unread@example.test' }, call));
      expect(error).toBeInstanceOf(WriteOutcomeUnknownError);
      expect(writes()).toHaveLength(1);
      sandbox.server.clearFaults();
      expect(await byEmail('unread@example.test')).toMatchObject([{ firstName: 'Unread' }]);
    });

    it('an update the vendor applied whose read-back fails: unknown, and the change is there', async () => {
      sandbox.server.injectFault({ fault: { kind: 'drop' }, when: (request) => request.method === 'GET' });
      sandbox.server.clearLog();
      const error = await errorOf(writer().update(JOSE, { lastName: 'Unread' }, call));
      expect(error).toBeInstanceOf(WriteOutcomeUnknownError);
      expect(writes()).toHaveLength(1);
      sandbox.server.clearFaults();
      expect((await read(JOSE)).lastName).toBe('Unread');
    });

    it('a 2xx without a readable body: unknown, sent once', async () => {
      sandbox.server.injectFault({ fault: { kind: 'malformed' }, times: 1, when: isWrite });
      sandbox.server.clearLog();
      const error = await errorOf(writer().update(JOSE, { lastName: 'Garbled' }, call));
      expect(error).toBeInstanceOf(WriteOutcomeUnknownError);
      expect(sandbox.server.requests).toHaveLength(1);
    });
  });

  describe('PLATFORM sandbox write rules the writer relies on', () => {
    async function send(method: 'POST' | 'PATCH', path: string, data: Record<string, unknown>) {
      const response = await fetch(`${sandbox.server.url}${path}?o=${sandbox.credentials.organization}`, {
        method,
        headers: { authorization: `Bearer ${sandbox.credentials.token}`, accept: MEDIA_TYPE, 'content-type': MEDIA_TYPE },
        body: JSON.stringify({ data: { type: 'customers', ...data } }),
      });
      return { status: response.status, body: (await response.json()) as { errors?: Array<{ source?: { pointer?: string } }> } };
    }
    const pointers = (body: { errors?: Array<{ source?: { pointer?: string } }> }) => body.errors?.map((e) => e.source?.pointer);

    it('requires a given name on create and refuses to clear it, but clears any other attribute', async () => {
      const nameless = await send('POST', '/api/v1/customers', { attributes: { family_name: 'Doe' } });
      expect(nameless.status).toBe(422);
      expect(pointers(nameless.body)).toEqual(['/data/attributes/given_name']);
      const cleared = await send('PATCH', `/api/v1/customers/${JOSE}`, { id: JOSE, attributes: { given_name: null } });
      expect(cleared.status).toBe(422);
      expect(pointers(cleared.body)).toEqual(['/data/attributes/given_name']);
      const others = await send('PATCH', `/api/v1/customers/${JOSE}`, { id: JOSE, attributes: { family_name: null, email: null } });
      expect(others.status).toBe(200);
      expect(await read(JOSE)).toMatchObject({ firstName: 'José', lastName: null, email: null });
    });

    it('refuses a known landline as `mobile` and a known mobile as `phone`', async () => {
      const swapped = await send('POST', '/api/v1/customers', {
        attributes: { given_name: 'Jane', mobile: '+44 20 7946 0958', phone: '+49 170 1234567' },
      });
      expect(swapped.status).toBe(422);
      expect(pointers(swapped.body)).toEqual(['/data/attributes/mobile', '/data/attributes/phone']);
    });
  });
});
