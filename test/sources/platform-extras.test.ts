import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIELD_IDS, platformUuid, REGULARS_COMMUNITY_ID } from '../../src/sandbox/platform/data.ts';
import { createPlatformSandbox, type PlatformSandbox } from '../../src/sandbox/platform/server.ts';
import { SEED_SLICES } from '../../src/sandbox/seed.ts';
import { SandboxServer } from '../../src/sandbox/server.ts';
import { MergeReferenceNotFoundError, NotFoundError, ValidationError, WriteOutcomeUnknownError } from '../../src/sources/errors.ts';
import type {
  Customer,
  CustomerDraft,
  CustomerOf,
  CustomFieldDefinition,
  CustomFieldWrite,
  JsonObject,
} from '../../src/sources/model/index.ts';
import { CommunityMembershipNotFoundError } from '../../src/sources/platform/client.ts';
import { createPlatformSource, type PlatformSource } from '../../src/sources/platform/source.ts';
import {
  PLATFORM_EXPORT_REQUEST_EXAMPLE,
  PLATFORM_MERGE_REQUEST_EXAMPLE,
  PLATFORM_MODEL_IDENTIFIER_REQUEST_EXAMPLE,
} from '../fixtures/platform-docs.ts';
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

beforeAll(async () => {
  sandbox = createPlatformSandbox();
  await sandbox.server.start(0);
  source = adapter();
});

afterAll(async () => {
  await sandbox.server.stop();
});

beforeEach(() => {
  sandbox.reset();
});

describe('PLATFORM custom field definitions', () => {
  it("lists the organization's fields with their types and options, in one call", async () => {
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

  it('pages through every definition when the vendor pages them', async () => {
    const definitions = await withProxy(
      (query, path) => (path === '/api/v1/custom-fields' ? query.set('page[size]', '2') : undefined),
      (proxied) => proxied.extras.customFields(call),
    );
    expect(definitions).toHaveLength(6);
    expect(requests().map((r) => r.query.get('page[number]'))).toEqual(['1', '2', '3']);
  });
});

describe('PLATFORM custom field entries', () => {
  let definitions: CustomFieldDefinition[];
  beforeEach(async () => {
    definitions = await extras().customFields(call);
    sandbox.server.clearLog();
  });

  it("types a customer's map by the definitions, without asking the vendor again", async () => {
    const jose = await read(JOSE);
    sandbox.server.clearLog();
    const entries = await extras().customFieldEntries(jose, definitions, call);
    expect(requests()).toHaveLength(0);
    const byField = new Map(entries.map((entry) => [entry.fieldId, entry]));
    expect(byField.get(FIELD_IDS.tier)).toMatchObject({
      type: 'SELECT',
      label: 'Membership Tier',
      value: 'Gold',
      options: [{ key: 'gold', label: 'Gold' }],
    });
    expect(byField.get(FIELD_IDS.memberNumber)).toMatchObject({ type: 'TEXT', text: '10000' });
    expect(byField.get(FIELD_IDS.memberSince)).toMatchObject({ type: 'DATE', date: '2010-01-15' });
    expect(byField.get(FIELD_IDS.interests)?.options).toEqual([
      { key: 'yoga', label: 'Yoga' },
      { key: 'pilates', label: 'Pilates' },
    ]);
    expect(byField.get(FIELD_IDS.tier)?.field).toBe(definitions[0]);
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

  it('reads the include form once, only for entries whose field the definitions lack', async () => {
    const jose = await read(JOSE);
    sandbox.server.clearLog();
    const withoutTier = definitions.filter((definition) => definition.id !== FIELD_IDS.tier);
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
    expect(entries.find((entry) => entry.fieldId === FIELD_IDS.memberNumber)?.field).toBe(definitions[1]);
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
    expect(requests().map((r) => [r.method, r.path])).toEqual([
      ['GET', '/api/v1/custom-fields'],
      ['GET', `/api/v1/customers/${SIOBHAN}`],
      ['PATCH', `/api/v1/customers/${SIOBHAN}`],
      ['GET', '/api/v1/customers'],
    ]);
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
    expect(requests('GET').filter((r) => r.path === `/api/v1/customers/${JOSE}`)).toHaveLength(0);
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
    const unknown = await rejectionOf(extras().clearCustomFieldValues(JOSE, [FIELD_IDS.tier, FIELD_IDS.locker], call));
    expect(unknown).toBeInstanceOf(ValidationError);
    expect(unknown).toMatchObject({ field: 'fieldIds.1' });
    expect(requests('PATCH')).toHaveLength(0);
  });

  const refused: Array<[string, CustomFieldWrite[], string, RegExp]> = [
    ['a number as text', [{ fieldId: FIELD_IDS.memberNumber, value: 5 }], 'values.0.value', /takes text/],
    ['an unknown option', [{ fieldId: FIELD_IDS.tier, value: 'platinum' }], 'values.0.value', /one of its options/],
    ['an unknown option in a list', [{ fieldId: FIELD_IDS.interests, value: ['yoga', 'boxing'] }], 'values.0.value', /list of its options/],
    ['a checkbox word', [{ fieldId: FIELD_IDS.newsletter, value: 'yes' }], 'values.0.value', /true or false/],
    ['a date that does not exist', [{ fieldId: FIELD_IDS.memberSince, value: '2020-13-01' }], 'values.0.value', /YYYY-MM-DD/],
    ['a file', [{ fieldId: FIELD_IDS.waiver, value: 'waiver.pdf' }], 'values.0.value', /upload flow/],
    ['an unknown field', [{ fieldId: platformUuid('f0000000', 99), value: 'x' }], 'values.0.fieldId', /no custom field/],
    ["another organization's field", [{ fieldId: FIELD_IDS.locker, value: 7 }], 'values.0.fieldId', /no custom field/],
    [
      'a field named twice',
      [
        { fieldId: FIELD_IDS.tier, value: 'gold' },
        { fieldId: FIELD_IDS.tier, value: 'silver' },
      ],
      'values.1.fieldId',
      /more than once/,
    ],
  ];
  it.each(refused)('refuses %s with a ValidationError, and sends no PATCH', async (_case, values, field, message) => {
    for (const mode of ['MERGE', 'REPLACE'] as const) {
      const error = await rejectionOf(extras().setCustomFieldValues(SIOBHAN, values, mode, call));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field, message: expect.stringMatching(message) });
    }
    expect(requests('PATCH')).toHaveLength(0);
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
    const [post] = requests('POST');
    expect(post?.body).toEqual({
      data: {
        type: 'customers',
        attributes: {
          given_name: 'Jane',
          family_name: 'Doe',
          email: 'jane@example.com',
          custom_entry_map: { [FIELD_IDS.tier]: { value: 'gold' }, [FIELD_IDS.memberNumber]: { value: '12345' } },
        },
      },
    });
    expect(created.platform.customEntryMap).toEqual({
      [FIELD_IDS.tier]: { value: 'gold', label: 'Membership Tier', formatted_value: 'Gold', type: 'select' },
      [FIELD_IDS.memberNumber]: { value: '12345', label: 'Member Number', formatted_value: '12345', type: 'text' },
    });
  });

  it('refuses an invalid value before anything is created, and custom fields on an update', async () => {
    const error = await rejectionOf(source.writer.create(draft([{ fieldId: FIELD_IDS.newsletter, value: 'maybe' }]), call));
    expect(error).toMatchObject({ name: 'ValidationError', field: 'platform.customFields.0.value' });
    expect(requests('POST')).toHaveLength(0);
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

  it('asks with filter[custom_fields][<field uuid>], and every customer it answers holds the value', async () => {
    const expected = await goldCustomers();
    sandbox.server.clearLog();
    const filter = { customField: { fieldId: FIELD_IDS.tier, value: 'gold' } };
    const page = await source.listPage({ filter, token: null, sizeHint: 100 }, call);
    const list = requests().find((r) => r.path === '/api/v1/customers');
    expect(list?.query.get(`filter[custom_fields][${FIELD_IDS.tier}]`)).toBe('gold');
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
      async (proxied) => [await proxied.listPage({ filter, token: null, sizeHint: 100 }, call), await proxied.count(filter, call)] as const,
    );
    const lists = requests().filter((r) => r.path === '/api/v1/customers' && r.query.get('page[size]') === '100');
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((r) => ![...r.query.keys()].some((key) => key.startsWith('filter[custom_fields]')))).toBe(true);
    expect(page.customers.map((c) => c.sourceId)).toEqual(expected);
    expect(count).toBe(expected.length);
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
  it("answers this organization's customers with the account_id, asked by filter[account_id]", async () => {
    const customers = await extras().customersOfAccount(JOSE_ACCOUNT, call);
    expect(customers.map((c) => c.sourceId)).toEqual([JOSE]);
    expect(requests()[0]?.query.get('filter[account_id]')).toBe(JOSE_ACCOUNT);
    expect(await extras().customersOfAccount(platformUuid('acc00000', 999), call)).toEqual([]);
  });

  it('does not pass on the records of a vendor that ignores the filter', async () => {
    const customers = await withProxy(
      (query) => query.delete('filter[account_id]'),
      (proxied) => proxied.extras.customersOfAccount(JOSE_ACCOUNT, call),
    );
    expect(customers.map((c) => c.sourceId)).toEqual([JOSE]);
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
});
