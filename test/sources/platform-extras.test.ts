import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIELD_IDS, platformUuid, REGULARS_COMMUNITY_ID } from '../../src/sandbox/platform/data.ts';
import { createPlatformSandbox, type PlatformSandbox } from '../../src/sandbox/platform/server.ts';
import { SEED_SLICES } from '../../src/sandbox/seed.ts';
import { SandboxServer } from '../../src/sandbox/server.ts';
import {
  CustomFieldsNotListedError,
  MergeReferenceNotFoundError,
  NotFoundError,
  ValidationError,
  WriteOutcomeUnknownError,
} from '../../src/sources/errors.ts';
import type {
  Customer,
  CustomerDraft,
  CustomerOf,
  CustomFieldDefinition,
  CustomFieldWrite,
  JsonObject,
} from '../../src/sources/model/index.ts';
import { CommunityMembershipNotFoundError } from '../../src/sources/platform/refusals.ts';
import { createPlatformSource, type PlatformSource } from '../../src/sources/platform/source.ts';
import {
  PLATFORM_EXPORT_REQUEST_EXAMPLE,
  PLATFORM_MERGE_REQUEST_EXAMPLE,
  PLATFORM_MODEL_IDENTIFIER_REQUEST_EXAMPLE,
} from '../fixtures/platform-docs.ts';
import { learnVendor, PLATFORM_MODES, platformFeatures } from '../support/platform-modes.ts';
import { foundByIds, recordingCall, rejectionOf, TEST_HTTP_SETTINGS } from '../support/sources.ts';

const MEDIA_TYPE = 'application/vnd.api+json';
const SEEDED_IDS = SEED_SLICES.PLATFORM.map((_, index) => platformUuid('c0000000', index + 1));
const seeded = (index: number) => SEEDED_IDS[index] ?? 'missing';
// See src/sandbox/platform/data.ts for what each seeded customer holds.
const JOSE = seeded(0); // tier Gold, member number, member since, interests; account; identifier MEMBER-10000
const LUKASZ = seeded(1); // tier Silver, newsletter; a Regulars member; one booking
const SIOBHAN = seeded(2); // tier bronze, member number, newsletter false, an uploaded waiver
const THORUNN = seeded(3); // interests; account
const RENEE = seeded(6); // no custom data; account
const UNKNOWN_ID = platformUuid('c0000000', 9_999);
const JOSE_ACCOUNT = platformUuid('acc00000', 1);

let sandbox: PlatformSandbox;
let source: PlatformSource;
const call = recordingCall();

function adapter(url = sandbox.server.url): PlatformSource {
  return createPlatformSource({ url, ...sandbox.credentials, http: TEST_HTTP_SETTINGS });
}

const extras = () => source.extras;
const requests = (method?: string) => sandbox.server.requests.filter((request) => !method || request.method === method);

/** A direct call to the sandbox, as a vendor client would make it. */
async function vendor(
  path: string,
): Promise<{ status: number; body: { data?: { id: string; attributes: JsonObject } | Array<{ id: string }> } }> {
  const response = await fetch(`${sandbox.server.url}${path}`, {
    headers: { authorization: `Bearer ${sandbox.credentials.token}`, accept: MEDIA_TYPE },
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

const o = () => `o=${sandbox.credentials.organization}`;

/** The custom_entry_map the sandbox holds for a customer now. */
async function storedMap(id: string): Promise<JsonObject> {
  const { body } = await vendor(`/api/v1/customers/${id}?${o()}`);
  if (!body.data || Array.isArray(body.data)) throw new Error(`no customer ${id}`);
  return body.data.attributes.custom_entry_map as JsonObject;
}

const valuesOf = (map: JsonObject) => Object.fromEntries(Object.entries(map).map(([id, entry]) => [id, (entry as JsonObject).value]));

async function read(id: string): Promise<CustomerOf<'PLATFORM'>> {
  const [customer] = await foundByIds(source.getByIds([id], call));
  if (customer?.source !== 'PLATFORM') throw new Error(`no PLATFORM customer ${id}`);
  return customer;
}

function asPlatform(customer: Customer): CustomerOf<'PLATFORM'> {
  if (customer.source !== 'PLATFORM') throw new Error('not a PLATFORM customer');
  return customer;
}

async function create(draft: CustomerDraft): Promise<CustomerOf<'PLATFORM'>> {
  return asPlatform(await source.writer.create(draft, call));
}

/** A sandbox in front of the real one that rewrites each query before passing it on (a vendor that ignores a filter). */
function proxy(name: string, rewrite: (query: URLSearchParams, path: string) => void): SandboxServer {
  return new SandboxServer(name, async (request) => {
    const query = new URLSearchParams(request.query);
    rewrite(query, request.path);
    const response = await fetch(`${sandbox.server.url}${request.path}?${query.toString()}`, {
      method: request.method,
      headers: {
        authorization: request.headers.authorization ?? '',
        accept: request.headers.accept ?? MEDIA_TYPE,
        ...(request.body === undefined ? {} : { 'content-type': MEDIA_TYPE }),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
    return {
      status: response.status,
      headers: { 'content-type': response.headers.get('content-type') ?? MEDIA_TYPE },
      raw: await response.text(),
    };
  });
}

async function withProxy<T>(
  rewrite: (query: URLSearchParams, path: string) => void,
  run: (proxied: PlatformSource, front: SandboxServer) => Promise<T>,
): Promise<T> {
  const front = proxy('platform-rewriting', rewrite);
  await front.start(0);
  try {
    return await run(adapter(front.url), front);
  } finally {
    await front.stop();
  }
}

/** Requests for one customer (`GET /api/v1/customers/{id}`), with the include asked, since the log was cleared. */
const customerReads = (id: string) =>
  requests('GET')
    .filter((r) => r.path === `/api/v1/customers/${id}`)
    .map((r) => r.query.get('include'));

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

  describe('PLATFORM custom field definitions', () => {
    it.runIf(mode === 'generous')("lists the organization's fields with their types and options, in one call", async () => {
      const definitions = await extras().customFields(call);
      expect(definitions.map((d) => [d.id, d.label, d.type])).toEqual([
        [FIELD_IDS.tier, 'Membership Tier', 'SELECT'],
        [FIELD_IDS.memberNumber, 'Member Number', 'TEXT'],
        [FIELD_IDS.newsletter, 'Newsletter', 'CHECKBOX'],
        [FIELD_IDS.memberSince, 'Member Since', 'DATE'],
        [FIELD_IDS.interests, 'Interests', 'MULTISELECT'],
        [FIELD_IDS.waiver, 'Signed Waiver', 'FILE'],
      ]);
      expect(definitions[0]?.options).toEqual([
        { key: 'bronze', label: 'Bronze' },
        { key: 'silver', label: 'Silver' },
        { key: 'gold', label: 'Gold' },
      ]);
      expect(definitions[0]?.sourceRecord).toMatchObject({ type: 'custom-fields', id: FIELD_IDS.tier });
      const [list] = requests();
      expect(requests()).toHaveLength(1);
      expect([list?.path, list?.query.get('o'), list?.query.get('page[size]')]).toEqual([
        '/api/v1/custom-fields',
        sandbox.credentials.organization,
        '100',
      ]);
    });

    it.runIf(mode === 'generous')('pages through every definition when the vendor pages them', async () => {
      const definitions = await withProxy(
        (query, path) => (path === '/api/v1/custom-fields' ? query.set('page[size]', '2') : undefined),
        (proxied) => proxied.extras.customFields(call),
      );
      expect(definitions).toHaveLength(6);
      expect(requests().map((r) => r.query.get('page[number]'))).toEqual(['1', '2', '3']);
    });

    it.runIf(mode === 'conservative')(
      'answers CustomFieldsNotListed where the route the document does not name is absent: probed once, remembered',
      async () => {
        const fresh = adapter();
        expect(await rejectionOf(fresh.extras.customFields(call))).toBeInstanceOf(CustomFieldsNotListedError);
        expect(requests().map((r) => [r.path, r.query.get('o')])).toEqual([['/api/v1/custom-fields', sandbox.credentials.organization]]);
        sandbox.server.clearLog();
        expect(await rejectionOf(fresh.extras.customFields(call))).toMatchObject({
          source: 'PLATFORM',
          name: 'CustomFieldsNotListedError',
        });
        expect(requests()).toHaveLength(0);
      },
    );
  });

  describe('PLATFORM custom field entries', () => {
    /** The organization's definitions where the sandbox lists them; null where it does not (the conservative one). */
    let definitions: CustomFieldDefinition[] | null;
    beforeEach(async () => {
      definitions = mode === 'generous' ? await extras().customFields(call) : null;
      sandbox.server.clearLog();
    });

    it("types a customer's map by the definitions, or by the map alone without them, without asking the vendor again", async () => {
      const jose = await read(JOSE);
      sandbox.server.clearLog();
      const entries = await extras().customFieldEntries(jose, definitions, call);
      expect(requests()).toHaveLength(0);
      const byField = new Map(entries.map((entry) => [entry.fieldId, entry]));
      expect(byField.get(FIELD_IDS.tier)).toMatchObject({
        type: 'SELECT',
        label: 'Membership Tier',
        value: 'Gold',
        formattedValue: 'Gold',
        // Without the definitions, the option is the stored value with its formatted_value as label.
        options: [{ key: mode === 'generous' ? 'gold' : 'Gold', label: 'Gold' }],
      });
      expect(byField.get(FIELD_IDS.memberNumber)).toMatchObject({ type: 'TEXT', label: 'Member Number', text: '10000' });
      expect(byField.get(FIELD_IDS.memberSince)).toMatchObject({ type: 'DATE', label: 'Member Since', date: '2010-01-15' });
      expect(byField.get(FIELD_IDS.interests)?.options.map((option) => option.key)).toEqual(['yoga', 'pilates']);
      if (mode === 'generous') {
        expect(byField.get(FIELD_IDS.interests)?.options.map((option) => option.label)).toEqual(['Yoga', 'Pilates']);
      }
      expect(byField.get(FIELD_IDS.tier)?.field).toBe(definitions?.[0] ?? null);
    });

    it('types checkboxes and uploaded files', async () => {
      const entries = await extras().customFieldEntries(await read(SIOBHAN), definitions, call);
      const byField = new Map(entries.map((entry) => [entry.fieldId, entry]));
      expect(byField.get(FIELD_IDS.newsletter)).toMatchObject({ type: 'CHECKBOX', boolean: false, formattedValue: 'No' });
      expect(byField.get(FIELD_IDS.waiver)).toMatchObject({
        type: 'FILE',
        value: { name: 'waiver-3.pdf', url: 'https://files.platform.invalid/waivers/3.pdf' },
        formattedValue: 'waiver-3.pdf',
      });
    });

    it.runIf(mode === 'conservative')(
      'without the definitions, reads the include form only for an entry whose type the map does not say',
      async () => {
        const jose = await read(JOSE);
        const untyped = {
          ...jose,
          platform: { ...jose.platform, customEntryMap: { ...jose.platform.customEntryMap, [FIELD_IDS.tier]: { value: 'Gold' } } },
        };
        sandbox.server.clearLog();
        const entries = await extras().customFieldEntries(untyped, null, call);
        expect(customerReads(JOSE)).toEqual(['custom_entries,custom_entries.field']);
        expect(requests()).toHaveLength(1);
        expect(entries.find((entry) => entry.fieldId === FIELD_IDS.tier)).toMatchObject({
          type: 'SELECT',
          field: { id: FIELD_IDS.tier, label: 'Membership Tier' },
          options: [{ key: 'gold', label: 'Gold' }],
        });
        expect(entries.find((entry) => entry.fieldId === FIELD_IDS.memberNumber)).toMatchObject({ field: null, type: 'TEXT' });
      },
    );

    it.runIf(mode === 'generous')('reads the include form once, only for entries whose field the definitions lack', async () => {
      const jose = await read(JOSE);
      sandbox.server.clearLog();
      const withoutTier = (definitions ?? []).filter((definition) => definition.id !== FIELD_IDS.tier);
      const entries = await extras().customFieldEntries(jose, withoutTier, call);
      expect(requests().map((r) => [r.path, r.query.get('include')])).toEqual([
        [`/api/v1/customers/${JOSE}`, 'custom_entries,custom_entries.field'],
      ]);
      const tier = entries.find((entry) => entry.fieldId === FIELD_IDS.tier);
      expect(tier).toMatchObject({
        type: 'SELECT',
        field: { id: FIELD_IDS.tier, label: 'Membership Tier' },
        options: [{ key: 'gold', label: 'Gold' }],
      });
      expect(entries.find((entry) => entry.fieldId === FIELD_IDS.memberNumber)?.field).toBe(definitions?.[1]);
    });
  });

  describe('PLATFORM setCustomFieldValues and clearCustomFieldValues', () => {
    it('MERGE re-sends the whole map, so every untouched field (and the uploaded file) survives', async () => {
      const before = await storedMap(SIOBHAN);
      sandbox.server.clearLog();
      const values: CustomFieldWrite[] = [
        { fieldId: FIELD_IDS.tier, value: 'Gold' },
        { fieldId: FIELD_IDS.memberSince, value: '2020-05-01' },
      ];
      const updated = asPlatform(await extras().setCustomFieldValues(SIOBHAN, values, 'MERGE', call));
      // Conservative: no definitions route; the customer's include form shows its fields (and its map), and
      // the read-back is a single read (filter[id] is refused there).
      expect(requests().map((r) => [r.method, r.path, r.query.get('include')])).toEqual(
        mode === 'generous'
          ? [
              ['GET', '/api/v1/custom-fields', null],
              ['GET', `/api/v1/customers/${SIOBHAN}`, null],
              ['PATCH', `/api/v1/customers/${SIOBHAN}`, null],
              ['GET', '/api/v1/customers', null],
            ]
          : [
              ['GET', `/api/v1/customers/${SIOBHAN}`, 'custom_entries,custom_entries.field'],
              ['PATCH', `/api/v1/customers/${SIOBHAN}`, null],
              ['GET', `/api/v1/customers/${SIOBHAN}`, null],
            ],
      );
      const after = await storedMap(SIOBHAN);
      expect(valuesOf(after)).toEqual({
        ...valuesOf(before),
        [FIELD_IDS.tier]: 'gold',
        [FIELD_IDS.memberSince]: '2020-05-01',
      });
      expect(after[FIELD_IDS.waiver]).toEqual(before[FIELD_IDS.waiver]);
      expect(after[FIELD_IDS.memberNumber]).toEqual(before[FIELD_IDS.memberNumber]);
      expect(updated.platform.customEntryMap).toEqual(after);
    });

    it('REPLACE sends only the given values: the others are cleared', async () => {
      await extras().setCustomFieldValues(JOSE, [{ fieldId: FIELD_IDS.newsletter, value: true }], 'REPLACE', call);
      const [patch] = requests('PATCH');
      expect(patch?.body).toEqual({
        data: { type: 'customers', id: JOSE, attributes: { custom_entry_map: { [FIELD_IDS.newsletter]: { value: true } } } },
      });
      // Conservative: the include form is read for the fields, and the customer read back on its own.
      expect(customerReads(JOSE)).toEqual(mode === 'generous' ? [] : ['custom_entries,custom_entries.field', null]);
      expect(valuesOf(await storedMap(JOSE))).toEqual({ [FIELD_IDS.newsletter]: true });
    });

    it('clears the named fields and keeps every other one', async () => {
      const cleared = asPlatform(await extras().clearCustomFieldValues(JOSE, [FIELD_IDS.tier, FIELD_IDS.memberSince], call));
      expect(requests('PATCH')).toHaveLength(1);
      expect(valuesOf(await storedMap(JOSE))).toEqual({ [FIELD_IDS.memberNumber]: '10000', [FIELD_IDS.interests]: ['yoga', 'pilates'] });
      expect(Object.keys(cleared.platform.customEntryMap).sort()).toEqual([FIELD_IDS.interests, FIELD_IDS.memberNumber].sort());
    });

    it('sends nothing when no named field is held, and refuses a field the organization does not have', async () => {
      const unchanged = asPlatform(await extras().clearCustomFieldValues(JOSE, [FIELD_IDS.newsletter], call));
      expect(unchanged.platform.customEntryMap).toEqual(await storedMap(JOSE));
      expect(await rejectionOf(extras().clearCustomFieldValues(JOSE, [FIELD_IDS.tier, 'not-a-field'], call))).toMatchObject({
        name: 'ValidationError',
        field: 'fieldIds.1',
      });
      expect(requests('PATCH')).toHaveLength(0);
      const otherOrganization = extras().clearCustomFieldValues(JOSE, [FIELD_IDS.tier, FIELD_IDS.locker], call);
      if (mode === 'generous') {
        const unknown = await rejectionOf(otherOrganization);
        expect(unknown).toBeInstanceOf(ValidationError);
        expect(unknown).toMatchObject({ field: 'fieldIds.1' });
        expect(requests('PATCH')).toHaveLength(0);
      } else {
        // Without the organization's list nothing tells the locker field is not its own: it is not held, so clearing it changes nothing.
        expect(Object.keys(asPlatform(await otherOrganization).platform.customEntryMap)).not.toContain(FIELD_IDS.tier);
        expect(requests('PATCH')).toHaveLength(1);
      }
    });

    // The last column: Siobhán holds no entry of that field, so without the organization's list (the
    // conservative sandbox) nothing documented can tell the value is wrong: it is sent, and the vendor's
    // 422 answered as a ValidationError naming the value (nothing is written).
    const refused: Array<[string, CustomFieldWrite[], string, RegExp, 'by the vendor' | 'here']> = [
      ['a number as text', [{ fieldId: FIELD_IDS.memberNumber, value: 5 }], 'values.0.value', /takes text/, 'here'],
      ['an unknown option', [{ fieldId: FIELD_IDS.tier, value: 'platinum' }], 'values.0.value', /one of its options/, 'here'],
      [
        'an unknown option in a list',
        [{ fieldId: FIELD_IDS.interests, value: ['yoga', 'boxing'] }],
        'values.0.value',
        /list of its options/,
        'by the vendor',
      ],
      ['a checkbox word', [{ fieldId: FIELD_IDS.newsletter, value: 'yes' }], 'values.0.value', /true or false/, 'here'],
      [
        'a date that does not exist',
        [{ fieldId: FIELD_IDS.memberSince, value: '2020-13-01' }],
        'values.0.value',
        /YYYY-MM-DD/,
        'by the vendor',
      ],
      ['a file', [{ fieldId: FIELD_IDS.waiver, value: 'waiver.pdf' }], 'values.0.value', /upload flow/, 'here'],
      ['an unknown field', [{ fieldId: platformUuid('f0000000', 99), value: 'x' }], 'values.0.fieldId', /no custom field/, 'by the vendor'],
      ["another organization's field", [{ fieldId: FIELD_IDS.locker, value: 7 }], 'values.0.fieldId', /no custom field/, 'by the vendor'],
      ['a field id that is no UUID', [{ fieldId: 'member-number', value: 'x' }], 'values.0.fieldId', /no custom field/, 'here'],
      [
        'a field named twice',
        [
          { fieldId: FIELD_IDS.tier, value: 'gold' },
          { fieldId: FIELD_IDS.tier, value: 'silver' },
        ],
        'values.1.fieldId',
        /more than once/,
        'here',
      ],
    ];
    it.each(refused)('refuses %s with a ValidationError, and writes nothing', async (_case, values, field, message, where) => {
      const before = await storedMap(SIOBHAN);
      sandbox.server.clearLog();
      const byVendor = mode === 'conservative' && where === 'by the vendor';
      for (const writeMode of ['MERGE', 'REPLACE'] as const) {
        const error = await rejectionOf(extras().setCustomFieldValues(SIOBHAN, values, writeMode, call));
        expect(error).toBeInstanceOf(ValidationError);
        if (byVendor) expect(error).toMatchObject({ field: 'values.0.value', message: 'the PLATFORM refused this value' });
        else expect(error).toMatchObject({ field, message: expect.stringMatching(message) });
      }
      expect(requests('PATCH')).toHaveLength(byVendor ? 2 : 0);
      expect(await storedMap(SIOBHAN)).toEqual(before);
    });

    it('answers NotFound for a customer the vendor does not have, and for what is not a PLATFORM id without a call', async () => {
      expect(
        await rejectionOf(extras().setCustomFieldValues(UNKNOWN_ID, [{ fieldId: FIELD_IDS.tier, value: 'gold' }], 'MERGE', call)),
      ).toBeInstanceOf(NotFoundError);
      expect(requests('PATCH')).toHaveLength(0);
      expect(await rejectionOf(extras().setCustomFieldValues(UNKNOWN_ID, [], 'REPLACE', call))).toBeInstanceOf(NotFoundError);
      expect(requests('PATCH')).toHaveLength(1);
      sandbox.server.clearLog();
      expect(await rejectionOf(extras().clearCustomFieldValues('42', [FIELD_IDS.tier], call))).toBeInstanceOf(NotFoundError);
      expect(requests()).toHaveLength(0);
    });

    it('sends the PATCH once: a lost answer is an unknown outcome', async () => {
      sandbox.server.injectFault({ fault: { kind: 'drop-after-handling' }, when: (request) => request.method === 'PATCH' });
      const error = await rejectionOf(extras().setCustomFieldValues(JOSE, [{ fieldId: FIELD_IDS.tier, value: 'silver' }], 'MERGE', call));
      expect(error).toBeInstanceOf(WriteOutcomeUnknownError);
      expect(requests('PATCH')).toHaveLength(1);
      expect(valuesOf(await storedMap(JOSE))[FIELD_IDS.tier]).toBe('silver');
    });
  });

  describe('PLATFORM create with custom fields', () => {
    const draft = (customFields: CustomFieldWrite[]): CustomerDraft => ({
      firstName: 'Jane',
      lastName: 'Doe',
      email: 'jane@example.com',
      platform: { customFields },
    });

    it("sends the checked values in the create body's custom_entry_map, as the document's Full Example does", async () => {
      const created = await create(
        draft([
          { fieldId: FIELD_IDS.tier, value: 'Gold' },
          { fieldId: FIELD_IDS.memberNumber, value: '12345' },
        ]),
      );
      // Checked against the definitions, an option goes as its key; without them (conservative), as given,
      // which the document's example and "option key or label" allow.
      const tier = mode === 'generous' ? 'gold' : 'Gold';
      const [post] = requests('POST');
      expect(post?.body).toEqual({
        data: {
          type: 'customers',
          attributes: {
            given_name: 'Jane',
            family_name: 'Doe',
            email: 'jane@example.com',
            custom_entry_map: { [FIELD_IDS.tier]: { value: tier }, [FIELD_IDS.memberNumber]: { value: '12345' } },
          },
        },
      });
      expect(created.platform.customEntryMap).toEqual({
        [FIELD_IDS.tier]: { value: tier, label: 'Membership Tier', formatted_value: 'Gold', type: 'select' },
        [FIELD_IDS.memberNumber]: { value: '12345', label: 'Member Number', formatted_value: '12345', type: 'text' },
      });
    });

    it('refuses an invalid value before anything is created (or, knowing no fields, with the vendor), and custom fields on an update', async () => {
      const error = await rejectionOf(source.writer.create(draft([{ fieldId: FIELD_IDS.newsletter, value: 'maybe' }]), call));
      expect(error).toMatchObject({ name: 'ValidationError', field: 'platform.customFields.0.value' });
      // Conservative: a new customer has no fields to show; the value is sent and the vendor's 422 names it.
      expect(requests('POST')).toHaveLength(mode === 'generous' ? 0 : 1);
      expect(await source.count({}, call)).toBe(SEEDED_IDS.length);
      expect(await rejectionOf(source.writer.create(draft([{ fieldId: 'tier', value: 'gold' }]), call))).toMatchObject({
        name: 'ValidationError',
        field: 'platform.customFields.0.fieldId',
      });
      expect(requests('POST')).toHaveLength(mode === 'generous' ? 0 : 1);
      const update = await rejectionOf(source.writer.update(JOSE, { platform: { customFields: [] } }, call));
      expect(update).toMatchObject({ name: 'ValidationError', field: 'platform.customFields' });
      expect(requests('PATCH')).toHaveLength(0);
    });
  });

  describe('PLATFORM customers filtered by a custom field', () => {
    const tierOf = (customer: Customer) => asPlatform(customer).platform.customEntryMap[FIELD_IDS.tier] as JsonObject | undefined;

    async function goldCustomers(): Promise<string[]> {
      const all = (await source.listPage({ filter: {}, token: null, sizeHint: 100 }, call)).customers;
      return all.filter((customer) => ['gold', 'Gold'].includes(String(tierOf(customer)?.value))).map((c) => c.sourceId);
    }

    it('asks with filter[custom_fields][<field uuid>] where the vendor takes it, and every customer it answers holds the value', async () => {
      const expected = await goldCustomers();
      sandbox.server.clearLog();
      const filter = { customField: { fieldId: FIELD_IDS.tier, value: 'gold' } };
      const page = await source.listPage({ filter, token: null, sizeHint: 100 }, call);
      const list = requests().find((r) => r.path === '/api/v1/customers');
      // Conservative: the refusal was learned (learnVendor); the whole list is read and filtered here.
      expect(list?.query.get(`filter[custom_fields][${FIELD_IDS.tier}]`)).toBe(mode === 'generous' ? 'gold' : null);
      expect(page.customers.map((c) => c.sourceId)).toEqual(expected);
      expect(expected.length).toBeGreaterThan(3);
      expect(await source.count(filter, call)).toBe(expected.length);
      const checked = await source.listPage(
        { filter: { customField: { fieldId: FIELD_IDS.newsletter, value: '1' } }, token: null, sizeHint: 100 },
        call,
      );
      expect(checked.customers.every((c) => asPlatform(c).platform.customEntryMap[FIELD_IDS.newsletter] !== undefined)).toBe(true);
    });

    it('does not pass on the records of a vendor that ignores the filter', async () => {
      const expected = await goldCustomers();
      const filter = { customField: { fieldId: FIELD_IDS.tier, value: 'Gold' } };
      const [page, count] = await withProxy(
        (query) => query.delete(`filter[custom_fields][${FIELD_IDS.tier}]`),
        async (proxied) =>
          [await proxied.listPage({ filter, token: null, sizeHint: 100 }, call), await proxied.count(filter, call)] as const,
      );
      const lists = requests().filter((r) => r.path === '/api/v1/customers' && r.query.get('page[size]') === '100');
      expect(lists.length).toBeGreaterThan(0);
      expect(lists.every((r) => ![...r.query.keys()].some((key) => key.startsWith('filter[custom_fields]')))).toBe(true);
      expect(page.customers.map((c) => c.sourceId)).toEqual(expected);
      expect(count).toBe(expected.length);
    });

    it('tries the filter once where the vendor refuses it (400), remembers, and filters the whole list here: the same answers', async () => {
      const expected = await goldCustomers();
      sandbox.settings.features.delete('platform-custom-field-filter');
      const fresh = adapter();
      sandbox.server.clearLog();
      const filter = { customField: { fieldId: FIELD_IDS.tier, value: 'Gold' } };
      const page = await fresh.listPage({ filter, token: null, sizeHint: 10 }, call);
      expect(page).toEqual({ customers: page.customers, next: null, total: expected.length });
      expect(page.customers.map((c) => c.sourceId)).toEqual(expected);
      const carried = () => requests().filter((r) => [...r.query.keys()].some((key) => key.startsWith('filter[custom_fields]')));
      expect(carried()).toHaveLength(1);
      expect(await fresh.count(filter, call)).toBe(expected.length);
      expect(await fresh.count({ customField: { fieldId: FIELD_IDS.interests, value: 'Yoga' } }, call)).toBeGreaterThan(0);
      expect(carried()).toHaveLength(1);
    });

    it('walks a long list filtered here page by page, each page of the whole list, and counts it', async () => {
      const expected = (await goldCustomers()).length + 40;
      for (let serial = 0; serial < 80; serial++) {
        const fields = [{ fieldId: FIELD_IDS.tier, value: serial % 2 === 0 ? 'gold' : 'silver' }];
        await source.writer.create({ firstName: `Extra${serial}`, platform: { customFields: fields } }, call);
      }
      sandbox.settings.features.delete('platform-custom-field-filter');
      const fresh = adapter();
      const filter = { customField: { fieldId: FIELD_IDS.tier, value: 'gold' } };
      const first = await fresh.listPage({ filter, token: null, sizeHint: 10 }, call);
      expect(first.next).toEqual({ number: 2, size: 100, local: true });
      const second = await fresh.listPage({ filter, token: first.next, sizeHint: 10 }, call);
      expect(second.next).toBeNull();
      const ids = [...first.customers, ...second.customers].map((c) => c.sourceId);
      expect(new Set(ids).size).toBe(expected);
      expect(await fresh.count(filter, call)).toBe(expected);
    });
  });

  describe('PLATFORM model identifiers', () => {
    it("lists each customer's identifiers with one call per distinct customer, in order", async () => {
      const lists = await extras().identifiers([JOSE, UNKNOWN_ID, 'not-an-id', LUKASZ, JOSE], call);
      expect(lists.map((list) => list.map((identifier) => identifier.code))).toEqual([['MEMBER-10000'], [], [], [], ['MEMBER-10000']]);
      expect(lists[0]?.[0]).toMatchObject({ type: 'custom', createdAt: new Date('2024-01-15T09:30:00Z') });
      expect(
        requests()
          .map((r) => r.path)
          .sort(),
      ).toEqual([JOSE, UNKNOWN_ID, LUKASZ].map((id) => `/api/v1/customers/${id}/model-identifiers`).sort());
    });

    it("creates an identifier with the document's body, which then resolves to the customer", async () => {
      const identifier = await extras().createModelIdentifier(LUKASZ, 'MEMBER-12345', 'custom', call);
      const [post] = requests('POST');
      expect(post?.path).toBe('/api/v1/model-identifiers');
      expect(JSON.stringify(post?.body)).toBe(JSON.stringify(PLATFORM_MODEL_IDENTIFIER_REQUEST_EXAMPLE).replace('{customer_uuid}', LUKASZ));
      expect(identifier).toMatchObject({ code: 'MEMBER-12345', type: 'custom' });
      expect((await extras().resolveCode('MEMBER-12345', call))?.sourceId).toBe(LUKASZ);
      expect((await extras().identifiers([LUKASZ], call))[0]?.map((i) => i.code)).toEqual(['MEMBER-12345']);
    });

    it('resolves a code with characters that need encoding, and answers null for an unknown code', async () => {
      await extras().createModelIdentifier(THORUNN, 'PASS #7&x=1 ü', 'pass', call);
      sandbox.server.clearLog();
      expect((await extras().resolveCode('PASS #7&x=1 ü', call))?.sourceId).toBe(THORUNN);
      expect(requests()[0]?.query.get('code')).toBe('PASS #7&x=1 ü');
      expect(await extras().resolveCode('NOPE', call)).toBeNull();
    });

    it('checks the code and type before sending, and names a taken code or an unknown customer', async () => {
      for (const [code, type, field] of [
        ['', 'custom', 'code'],
        ['x'.repeat(256), 'custom', 'code'],
        ['OK-1', ' ', 'type'],
      ]) {
        expect(await rejectionOf(extras().createModelIdentifier(JOSE, code ?? '', type ?? '', call))).toMatchObject({
          name: 'ValidationError',
          field,
        });
      }
      expect(requests()).toHaveLength(0);
      const taken = await rejectionOf(extras().createModelIdentifier(LUKASZ, 'MEMBER-10000', 'custom', call));
      expect(taken).toMatchObject({ name: 'ValidationError', field: 'code', message: expect.stringMatching(/already/) });
      expect(await rejectionOf(extras().createModelIdentifier(UNKNOWN_ID, 'NEW-1', 'custom', call))).toBeInstanceOf(NotFoundError);
      expect(requests('POST')).toHaveLength(2);
    });
  });

  describe('PLATFORM customers of a global account', () => {
    it("answers this organization's customers with the account_id, asked by filter[account_id] where the vendor takes it", async () => {
      const customers = await extras().customersOfAccount(JOSE_ACCOUNT, call);
      expect(customers.map((c) => c.sourceId)).toEqual([JOSE]);
      // Conservative: the refusal was learned (learnVendor); the whole list is read and filtered here.
      expect(requests().map((r) => r.query.get('filter[account_id]'))).toEqual([mode === 'generous' ? JOSE_ACCOUNT : null]);
      expect(await extras().customersOfAccount(platformUuid('acc00000', 999), call)).toEqual([]);
    });

    it('does not pass on the records of a vendor that ignores the filter, and then leaves it out', async () => {
      const [customers, again, sent] = await withProxy(
        (query) => query.delete('filter[account_id]'),
        async (proxied, front) => {
          const first = await proxied.extras.customersOfAccount(JOSE_ACCOUNT, call);
          const second = await proxied.extras.customersOfAccount(platformUuid('acc00000', 4), call);
          return [first, second, front.requests.filter((r) => r.query.has('filter[account_id]')).length] as const;
        },
      );
      expect(customers.map((c) => c.sourceId)).toEqual([JOSE]);
      expect(again.map((c) => c.sourceId)).toEqual([THORUNN]);
      expect(sent).toBe(1);
    });

    it('tries the filter once where the vendor refuses it (400), remembers, and filters the whole list here: the same answers', async () => {
      sandbox.settings.features.delete('platform-account-filter');
      const fresh = adapter();
      expect((await fresh.extras.customersOfAccount(JOSE_ACCOUNT, call)).map((c) => c.sourceId)).toEqual([JOSE]);
      const asked = () => requests().filter((r) => r.query.has('filter[account_id]'));
      expect(asked()).toHaveLength(1);
      expect((await fresh.extras.customersOfAccount(platformUuid('acc00000', 4), call)).map((c) => c.sourceId)).toEqual([THORUNN]);
      expect(asked()).toHaveLength(1);
    });
  });

  describe("PLATFORM merge: the document's five rules", () => {
    const merge = (sourceId: string, targetId: string) => extras().merge(sourceId, targetId, call).then(asPlatform);

    it("posts the document's body once and answers the surviving target as re-read", async () => {
      const target = await create({ firstName: 'Tara' });
      sandbox.server.clearLog();
      const survivor = await merge(RENEE, target.sourceId);
      const posts = requests('POST');
      expect(posts.map((r) => r.path)).toEqual([`/api/v1/customers/${RENEE}/merge`]);
      expect(posts[0]?.body).toEqual({ ...PLATFORM_MERGE_REQUEST_EXAMPLE, referenceId: target.sourceId });
      expect(survivor.sourceId).toBe(target.sourceId);
    });

    it("1. fills the target's empty fields from the source, and keeps the ones it has", async () => {
      const target = await create({ firstName: 'Tara', email: 'tara@example.test' });
      const source1 = await create({
        firstName: 'Sam',
        lastName: 'Source',
        phone: '+491701234567',
        birthday: '1990-06-15',
        company: 'Acme',
        email: 'sam@example.test',
      });
      const survivor = await merge(source1.sourceId, target.sourceId);
      expect(survivor).toMatchObject({
        firstName: 'Tara',
        email: 'tara@example.test',
        lastName: 'Source',
        birthday: '1990-06-15',
        company: 'Acme',
        phones: [{ e164: '+491701234567', kind: 'MOBILE' }],
      });
    });

    it('2. merges custom field data, the target winning conflicts', async () => {
      const target = await create({ firstName: 'Tara', platform: { customFields: [{ fieldId: FIELD_IDS.tier, value: 'gold' }] } });
      const fields = [
        { fieldId: FIELD_IDS.tier, value: 'silver' },
        { fieldId: FIELD_IDS.memberNumber, value: '111' },
      ];
      const source2 = await create({ firstName: 'Sam', platform: { customFields: fields } });
      const survivor = await merge(source2.sourceId, target.sourceId);
      expect(valuesOf(survivor.platform.customEntryMap)).toEqual({ [FIELD_IDS.tier]: 'gold', [FIELD_IDS.memberNumber]: '111' });
    });

    it('3. moves relationships to the target: bookings, identifiers, community memberships', async () => {
      // The bookings route is not in the document; this test inspects the merge through it.
      sandbox.settings.features.add('platform-bookings-route');
      const target = await create({ firstName: 'Tara' });
      await extras().createModelIdentifier(LUKASZ, 'LUKASZ-PASS', 'pass', call);
      const bookings = async (id: string) =>
        ((await vendor(`/api/v1/customers/${id}/bookings?${o()}`)).body.data as Array<{ id: string }>).map((b) => b.id);
      const lukaszBookings = await bookings(LUKASZ);
      expect(lukaszBookings).toHaveLength(1);
      await merge(LUKASZ, target.sourceId);
      expect(await bookings(target.sourceId)).toEqual(lukaszBookings);
      expect((await extras().identifiers([target.sourceId], call))[0]?.map((i) => i.code)).toEqual(['LUKASZ-PASS']);
      expect((await extras().resolveCode('LUKASZ-PASS', call))?.sourceId).toBe(target.sourceId);
      await extras().removeFromCommunity(target.sourceId, REGULARS_COMMUNITY_ID, call);
    });

    it("4. links the source's global account when the target has none, and never replaces the target's", async () => {
      const target = await create({ firstName: 'Tara' });
      expect((await merge(JOSE, target.sourceId)).platform.accountId).toBe(JOSE_ACCOUNT);
      const reneeAccount = (await read(RENEE)).platform.accountId;
      expect(reneeAccount).not.toBeNull();
      expect((await merge(THORUNN, RENEE)).platform.accountId).toBe(reneeAccount);
    });

    it('5. deletes the source', async () => {
      const target = await create({ firstName: 'Tara' });
      await merge(RENEE, target.sourceId);
      expect(await foundByIds(source.getByIds([RENEE], call))).toEqual([null]);
      expect((await vendor(`/api/v1/customers/${RENEE}?${o()}`)).status).toBe(404);
      expect(await rejectionOf(extras().merge(RENEE, target.sourceId, call))).toBeInstanceOf(NotFoundError);
    });

    it('answers NotFound for an unknown source and MergeReferenceNotFound for an unknown target, each sent once', async () => {
      const noSource = await rejectionOf(extras().merge(UNKNOWN_ID, JOSE, call));
      expect(noSource).toBeInstanceOf(NotFoundError);
      expect(noSource).toMatchObject({ id: UNKNOWN_ID });
      const noTarget = await rejectionOf(extras().merge(JOSE, UNKNOWN_ID, call));
      expect(noTarget).toBeInstanceOf(MergeReferenceNotFoundError);
      expect(noTarget).toMatchObject({ targetId: UNKNOWN_ID });
      expect(requests('POST')).toHaveLength(2);
      expect((await read(JOSE)).sourceId).toBe(JOSE);
      sandbox.server.clearLog();
      expect(await rejectionOf(extras().merge(JOSE, 'not-a-uuid', call))).toBeInstanceOf(MergeReferenceNotFoundError);
      expect(await rejectionOf(extras().merge(JOSE, JOSE.toUpperCase(), call))).toBeInstanceOf(ValidationError);
      expect(requests()).toHaveLength(0);
    });
  });

  describe('PLATFORM communities', () => {
    it('removes a member with the documented GET, and answers NotFound once the membership is gone', async () => {
      await extras().removeFromCommunity(LUKASZ, REGULARS_COMMUNITY_ID, call);
      const [removal] = requests();
      expect([removal?.method, removal?.path, removal?.query.get('community_id')]).toEqual([
        'GET',
        `/api/v1/customers/${LUKASZ}/remove-from-community`,
        REGULARS_COMMUNITY_ID,
      ]);
      const again = await rejectionOf(extras().removeFromCommunity(LUKASZ, REGULARS_COMMUNITY_ID, call));
      expect(again).toBeInstanceOf(CommunityMembershipNotFoundError);
      expect(again).toBeInstanceOf(NotFoundError);
      expect(await rejectionOf(extras().removeFromCommunity(LUKASZ, platformUuid('b0000000', 99), call))).toBeInstanceOf(
        CommunityMembershipNotFoundError,
      );
      const noCustomer = await rejectionOf(extras().removeFromCommunity(UNKNOWN_ID, REGULARS_COMMUNITY_ID, call));
      expect(noCustomer).toBeInstanceOf(NotFoundError);
      expect(noCustomer).not.toBeInstanceOf(CommunityMembershipNotFoundError);
    });

    it('never repeats the state-changing GET: a server error is an unknown outcome, sent once', async () => {
      sandbox.server.injectFault({
        fault: { kind: 'status', status: 503 },
        when: (request) => request.path.endsWith('/remove-from-community'),
      });
      expect(await rejectionOf(extras().removeFromCommunity(LUKASZ, REGULARS_COMMUNITY_ID, call))).toBeInstanceOf(WriteOutcomeUnknownError);
      expect(requests()).toHaveLength(1);
    });
  });

  describe('PLATFORM exports', () => {
    it("starts an export with the document's body and polls it to COMPLETED with a download URL that needs no token", async () => {
      const started = await extras().startExport({ search: 'jordan' }, call);
      const [post] = requests('POST');
      expect(post?.path).toBe('/api/v1/exports');
      expect(post?.body).toEqual({
        data: { ...PLATFORM_EXPORT_REQUEST_EXAMPLE.data, attributes: { type: 'customers', filters: { search: 'jordan' } } },
      });
      expect(started).toMatchObject({ status: 'PROCESSING', downloadUrl: null });
      const done = await extras().exportJob(started.id, call);
      expect(done).toMatchObject({
        id: started.id,
        status: 'COMPLETED',
        downloadUrl: expect.stringContaining(`/api/v1/exports/${started.id}/download`),
      });
      const csv = await fetch(done?.downloadUrl ?? '');
      expect(csv.status).toBe(200);
      const lines = (await csv.text()).trim().split('\r\n');
      expect(lines).toHaveLength(3);
      expect(lines[1]).toContain('Jordan,Baptiste');
      expect(done?.downloadUrl).not.toContain(sandbox.credentials.token);
    });

    it('sends an email filter, answers null for an unknown export, and refuses a custom field filter without a call', async () => {
      await extras().startExport({ email: 'jose.muller@example.test' }, call);
      expect(requests('POST')[0]?.body).toMatchObject({ data: { attributes: { filters: { email: 'jose.muller@example.test' } } } });
      sandbox.server.clearLog();
      expect(await extras().exportJob(platformUuid('e5000000', 99), call)).toBeNull();
      expect(await extras().exportJob('not an id', call)).toBeNull();
      expect(requests()).toHaveLength(1);
      const error = await rejectionOf(extras().startExport({ customField: { fieldId: FIELD_IDS.tier, value: 'gold' } }, call));
      expect(error).toMatchObject({ name: 'ValidationError', field: 'filter.customField' });
      expect(requests()).toHaveLength(1);
    });

    it('answers a status word it does not know as UNKNOWN with the word, never as an unknown outcome of a start', async () => {
      // The document names no statuses: a vendor may use any words.
      sandbox.settings.exportStatusWords = { processing: 'warming-up', completed: 'ready' };
      const started = await extras().startExport({ search: 'jordan' }, call);
      expect(started).toMatchObject({ status: 'UNKNOWN', vendorStatus: 'warming-up', downloadUrl: null });
      expect(requests('POST')).toHaveLength(1);
      const done = await extras().exportJob(started.id, call);
      expect(done).toMatchObject({
        id: started.id,
        status: 'UNKNOWN',
        vendorStatus: 'ready',
        downloadUrl: expect.stringContaining(`/api/v1/exports/${started.id}/download`),
      });
      expect((await fetch(done?.downloadUrl ?? '')).status).toBe(200);
    });
  });
});
