import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateCustomerDocument,
  type CreateCustomerInput,
  CustomerByIdDocument,
  CustomerDeletionCheckDocument,
  type CustomerSource,
  CustomersPageDocument,
  DeleteCustomerDocument,
  UpdateCustomerDocument,
} from '../../schema/generated/graphql.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.stop());
beforeEach(() => gateway.reset());

type WritableSource = Extract<CustomerSource, 'AMELIA' | 'PLATFORM' | 'CRM'>;
const WRITABLE: WritableSource[] = ['AMELIA', 'PLATFORM', 'CRM'];

/** What every writable source can hold. */
function newCustomer(source: WritableSource, email: string): CreateCustomerInput {
  return { source, firstName: 'Ada', lastName: 'Lovelace', email, phone: '+447911123456', birthday: '1990-12-10', gender: 'FEMALE' };
}

async function firstId(source: CustomerSource): Promise<string> {
  const page = await gateway.execute(CustomersPageDocument, { first: 1, filter: { sources: [source] } });
  return page.data!.customers.edges[0]!.node.id;
}

function globalId(source: CustomerSource, sourceId: string): string {
  return Buffer.from(`Customer:${source}:${sourceId}`).toString('base64');
}

/** Runs `during` with the vendor's server stopped (connections refused), then starts it again on its port. */
async function whileStopped(source: WritableSource, during: () => Promise<void>): Promise<void> {
  const vendor = { AMELIA: gateway.vendors.amelia, PLATFORM: gateway.vendors.platform, CRM: gateway.vendors.crm }[source].server;
  const port = Number(new URL(vendor.url).port);
  await vendor.stop();
  try {
    await during();
  } finally {
    await vendor.start(port);
  }
}

async function countByEmail(source: CustomerSource, email: string): Promise<number> {
  const page = await gateway.execute(CustomersPageDocument, { first: 10, filter: { sources: [source], email } });
  return page.data!.customers.totalCount!;
}

describe('createCustomer', () => {
  it.each(WRITABLE)('creates a %s customer and answers it as re-read from the vendor', async (source) => {
    const email = `ada.${source.toLowerCase()}@example.test`;
    const answer = await gateway.execute(CreateCustomerDocument, { input: newCustomer(source, email) });
    expect(answer.errors).toBeUndefined();
    const result = answer.data!.createCustomer;
    if (result.__typename !== 'CreateCustomerSuccess') throw new Error(`expected success, got ${JSON.stringify(result)}`);
    expect(result.customer).toMatchObject({
      source,
      firstName: 'Ada',
      lastName: 'Lovelace',
      email,
      phone: '+447911123456',
      birthday: '1990-12-10',
      gender: 'FEMALE',
    });
    const reread = await gateway.execute(CustomerByIdDocument, { id: result.customer.id });
    expect(reread.data!.customer).toMatchObject({ email, firstName: 'Ada', birthday: '1990-12-10' });
  });

  it('writes the fields only one vendor has', async () => {
    const amelia = await gateway.execute(CreateCustomerDocument, {
      input: {
        ...newCustomer('AMELIA', 'ada.wp@example.test'),
        amelia: { wordpressUserId: 77 },
        note: 'Prefers mornings.',
        locale: 'en-GB',
      },
    });
    expect(amelia.data!.createCustomer).toMatchObject({
      customer: { amelia: { wordpressUserId: 77 }, note: 'Prefers mornings.', locale: 'en-GB' },
    });
    const crm = await gateway.execute(CreateCustomerDocument, {
      input: { ...newCustomer('CRM', 'ada.crm2@example.test'), crm: { number: 'C-0099', unsubscribed: true, cityId: 'city_42' } },
    });
    expect(crm.data!.createCustomer).toMatchObject({
      customer: { crm: { number: 'C-0099', unsubscribed: true, cityId: 'city_42', genderCode: 2 } },
    });
    const platform = await gateway.execute(CreateCustomerDocument, {
      input: {
        ...newCustomer('PLATFORM', 'ada.platform2@example.test'),
        company: 'Analytical Engines Ltd',
        platform: { landline: '+442079460000' },
      },
    });
    expect(platform.data!.createCustomer).toMatchObject({ customer: { company: 'Analytical Engines Ltd' } });
  });

  it.each([
    ['an empty first name', { firstName: '   ' }, 'input.firstName'],
    ['a birthday in the future', { birthday: '2999-01-01' }, 'input.birthday'],
    ['a gender Amelia cannot hold', { gender: 'OTHER' }, 'input.gender'],
    ['a company, which Amelia has no field for', { company: 'Acme' }, 'input.company'],
    ["another source's group", { crm: { number: 'C-1' } }, 'input.crm'],
    ['a first name of 101 characters', { firstName: 'x'.repeat(101) }, 'input.firstName'],
  ])('refuses %s with a ValidationError naming the field, and sends nothing', async (_case, change, field) => {
    const answer = await gateway.execute(CreateCustomerDocument, {
      input: { ...newCustomer('AMELIA', 'v@example.test'), ...change } as CreateCustomerInput,
    });
    expect(answer.data!.createCustomer).toMatchObject({ __typename: 'ValidationError', field });
    expect(gateway.vendorCalls()).toBe(0);
  });

  it('refuses a malformed email before execution, naming the field, and sends nothing', async () => {
    const answer = await gateway.execute(CreateCustomerDocument, {
      input: { ...newCustomer('CRM', 'x@example.test'), email: 'not an email' },
    });
    expect(answer.errors?.[0]?.message).toMatch(/input\.email/);
    expect(gateway.vendorCalls()).toBe(0);
  });

  it.each(WRITABLE)('answers EmailAlreadyInUse with the %s customer that has the email', async (source) => {
    const page = await gateway.execute(CustomersPageDocument, { first: 5, filter: { sources: [source] } });
    const holder = page.data!.customers.edges.map((edge) => edge.node).find((node) => node.email)!;
    const answer = await gateway.execute(CreateCustomerDocument, { input: newCustomer(source, holder.email!) });
    expect(answer.data!.createCustomer).toMatchObject({
      __typename: 'EmailAlreadyInUse',
      existingCustomer: { id: holder.id },
    });
    expect(await countByEmail(source, holder.email!)).toBe(1);
  });

  it('answers NotSupportedBySource for KB Support, which is read only, and sends nothing', async () => {
    const answer = await gateway.execute(CreateCustomerDocument, { input: { source: 'KB_SUPPORT', firstName: 'Ada', lastName: 'L' } });
    expect(answer.data!.createCustomer).toMatchObject({ __typename: 'NotSupportedBySource', source: 'KB_SUPPORT', operation: 'CREATE' });
    expect(gateway.vendorCalls()).toBe(0);
  });

  it('answers SourceUnavailable when the vendor rejects our credentials', async () => {
    gateway.vendors.crm.server.injectFault({ fault: { kind: 'status', status: 401 } });
    const answer = await gateway.execute(CreateCustomerDocument, { input: newCustomer('CRM', 'ada.401@example.test') });
    expect(answer.data!.createCustomer).toMatchObject({ __typename: 'SourceUnavailable', source: 'CRM', reason: 'AUTH_REJECTED' });
  });

  it("does not repeat the CRM's EMAIL_TAKEN warning beside EmailAlreadyInUse", async () => {
    const page = await gateway.execute(CustomersPageDocument, { first: 5, filter: { sources: ['CRM'] } });
    const holder = page.data!.customers.edges.map((edge) => edge.node).find((node) => node.email)!;
    const answer = await gateway.execute(CreateCustomerDocument, { input: newCustomer('CRM', holder.email!) });
    expect(answer.data!.createCustomer.__typename).toBe('EmailAlreadyInUse');
    const warnings = (answer.extensions?.warnings ?? []) as Array<{ code: string | null }>;
    expect(warnings.map((warning) => warning.code)).not.toContain('EMAIL_TAKEN');
  });

  it('sends a CRM passcode, which the CRM stores, and never answers it', async () => {
    const passcode = 'Zq8-pass!word';
    const answer = await gateway.execute(CreateCustomerDocument, {
      input: { ...newCustomer('CRM', 'ada.passcode@example.test'), crm: { passcode } },
    });
    const result = answer.data!.createCustomer;
    if (result.__typename !== 'CreateCustomerSuccess') throw new Error(`expected success, got ${JSON.stringify(result)}`);
    const sourceId = Buffer.from(result.customer.id, 'base64').toString('utf8').split(':').at(-1)!;
    expect(gateway.vendors.crm.passcodeOf(sourceId)).toBe(passcode);
    const record = await gateway.execute<{ customer: { sourceRecord: unknown } }, { id: string }>(
      'query ($id: ID!) { customer(id: $id) { sourceRecord } }',
      { id: result.customer.id },
    );
    expect(record.data!.customer.sourceRecord).toMatchObject({ email: 'ada.passcode@example.test' });
    expect(JSON.stringify([answer, record])).not.toContain(passcode);
  });

  it('refuses an empty CRM passcode naming the field, and sends nothing', async () => {
    const answer = await gateway.execute(CreateCustomerDocument, {
      input: { ...newCustomer('CRM', 'ada.nopass@example.test'), crm: { passcode: '' } },
    });
    expect(answer.data!.createCustomer).toMatchObject({ __typename: 'ValidationError', field: 'input.crm.passcode' });
    expect(gateway.vendorCalls()).toBe(0);
  });
});

describe('updateCustomer', () => {
  it.each(WRITABLE)('changes only what is mentioned on %s, and null clears', async (source) => {
    const created = await gateway.execute(CreateCustomerDocument, {
      input: newCustomer(source, `patch.${source.toLowerCase()}@example.test`),
    });
    const { id } = (created.data!.createCustomer as { customer: { id: string } }).customer;
    const answer = await gateway.execute(UpdateCustomerDocument, { id, input: { lastName: 'Byron', phone: null } });
    expect(answer.data!.updateCustomer).toMatchObject({
      __typename: 'UpdateCustomerSuccess',
      customer: {
        firstName: 'Ada',
        lastName: 'Byron',
        phone: null,
        birthday: '1990-12-10',
        email: `patch.${source.toLowerCase()}@example.test`,
      },
    });
  });

  it('moves a CRM phone to another country: written as on create, the calling code and the number agree, read back', async () => {
    const id = await firstId('CRM');
    const answer = await gateway.execute(UpdateCustomerDocument, { id, input: { phone: '+4915123456780' } });
    expect(answer.data!.updateCustomer).toMatchObject({ __typename: 'UpdateCustomerSuccess', customer: { phone: '+4915123456780' } });
    const patch = gateway.vendors.crm.server.requests.find((request) => request.method === 'PATCH');
    expect(patch?.body).toMatchObject({ params: { phone: '15123456780', phoneCallingCode: '49' } });
    const back = await gateway.execute<
      { customer: { phone: string; phones: Array<{ number: string; country: string }>; crm: { phoneCountryCalling: string } } },
      { id: string }
    >('query ($id: ID!) { customer(id: $id) { phone phones { number country } crm { phoneCountryCalling } } }', { id });
    expect(back.errors).toBeUndefined();
    expect(back.data!.customer).toEqual({
      phone: '+4915123456780',
      phones: [{ number: '+4915123456780', country: 'DE' }],
      crm: { phoneCountryCalling: '49' },
    });
  });

  it('refuses to clear a name a vendor requires, naming it, and sends nothing', async () => {
    const id = await firstId('AMELIA');
    gateway.reset();
    const answer = await gateway.execute(UpdateCustomerDocument, { id, input: { firstName: null } });
    expect(answer.data!.updateCustomer).toMatchObject({ __typename: 'ValidationError', field: 'input.firstName' });
    expect(gateway.vendorCalls()).toBe(0);
  });

  it('answers NotFound for an id the vendor does not know, and ValidationError for one that is not an id', async () => {
    const unknown = Buffer.from('Customer:CRM:cus_nobody').toString('base64');
    expect((await gateway.execute(UpdateCustomerDocument, { id: unknown, input: { note: 'x' } })).data!.updateCustomer).toMatchObject({
      __typename: 'NotFound',
      source: 'CRM',
      sourceId: 'cus_nobody',
    });
    expect((await gateway.execute(UpdateCustomerDocument, { id: 'garbage', input: { note: 'x' } })).data!.updateCustomer).toMatchObject({
      __typename: 'ValidationError',
      field: 'id',
    });
  });

  it('answers NotSupportedBySource for KB Support, which is read only, and sends nothing', async () => {
    const id = await firstId('KB_SUPPORT');
    gateway.reset();
    const answer = await gateway.execute(UpdateCustomerDocument, { id, input: { note: 'x' } });
    expect(answer.data!.updateCustomer).toMatchObject({ __typename: 'NotSupportedBySource', source: 'KB_SUPPORT', operation: 'UPDATE' });
    expect(gateway.vendorCalls()).toBe(0);
  });

  it('answers SourceUnavailable when the vendor cannot be reached, and nothing changed', async () => {
    const id = await firstId('PLATFORM');
    await whileStopped('PLATFORM', async () => {
      const answer = await gateway.execute(UpdateCustomerDocument, { id, input: { lastName: 'Unsent' } });
      expect(answer.data!.updateCustomer).toMatchObject({ __typename: 'SourceUnavailable', source: 'PLATFORM', reason: 'UNREACHABLE' });
    });
    expect((await gateway.execute(CustomerByIdDocument, { id })).data!.customer!.lastName).not.toBe('Unsent');
  });

  it('answers SourceUnavailable when the vendor rejects our credentials', async () => {
    const id = await firstId('CRM');
    gateway.vendors.crm.server.injectFault({ fault: { kind: 'status', status: 401 }, when: (request) => request.method === 'PATCH' });
    const answer = await gateway.execute(UpdateCustomerDocument, { id, input: { note: 'x' } });
    expect(answer.data!.updateCustomer).toMatchObject({ __typename: 'SourceUnavailable', source: 'CRM', reason: 'AUTH_REJECTED' });
  });

  it('answers EmailAlreadyInUse when the new email belongs to another customer', async () => {
    const page = await gateway.execute(CustomersPageDocument, { first: 2, filter: { sources: ['CRM'] } });
    const [first, second] = page.data!.customers.edges.map((edge) => edge.node);
    const answer = await gateway.execute(UpdateCustomerDocument, { id: first!.id, input: { email: second!.email } });
    expect(answer.data!.updateCustomer).toMatchObject({ __typename: 'EmailAlreadyInUse', existingCustomer: { id: second!.id } });
  });

  it('never sends PLATFORM custom fields on an update, so none are lost', async () => {
    const page = await gateway.execute(CustomersPageDocument, { first: 30, filter: { sources: ['PLATFORM'] } });
    const ids = page.data!.customers.edges.map((edge) => edge.node.id);
    const before = await Promise.all(ids.map((id) => gateway.execute(CustomerByIdDocument, { id })));
    const withFields = before.find((answer) => Object.keys(answer.data!.customer!.platform!.customEntryMap as object).length > 0)!.data!
      .customer!;
    gateway.reset();
    const answer = await gateway.execute(UpdateCustomerDocument, { id: withFields.id, input: { lastName: 'Renamed' } });
    expect(answer.data!.updateCustomer).toMatchObject({
      customer: { lastName: 'Renamed', platform: { customEntryMap: withFields.platform!.customEntryMap } },
    });
    const patches = gateway.vendors.platform.server.requests.filter((request) => request.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(JSON.stringify(patches[0]!.body)).not.toContain('custom_entry_map');
  });
});

describe('deleteCustomer and deletionCheck', () => {
  async function ameliaByDeletability() {
    const page = await gateway.execute(CustomersPageDocument, { first: 30, filter: { sources: ['AMELIA'] } });
    const checks = await Promise.all(
      page.data!.customers.edges.map((edge) => gateway.execute(CustomerDeletionCheckDocument, { id: edge.node.id })),
    );
    const blocked = checks.find((check) => check.data!.customer!.deletionCheck!.allowed === false)!.data!.customer!;
    const free = checks.find((check) => check.data!.customer!.deletionCheck!.allowed)!.data!.customer!;
    return { blocked, free };
  }

  it("refuses to delete an Amelia customer with appointments ahead, with the count from the vendor's message", async () => {
    const { blocked } = await ameliaByDeletability();
    expect(blocked.deletionCheck).toMatchObject({ checkedBySource: true, futureAppointments: expect.any(Number) });
    gateway.reset();
    const answer = await gateway.execute(DeleteCustomerDocument, { id: blocked.id });
    expect(answer.data!.deleteCustomer).toMatchObject({
      __typename: 'DeletionBlocked',
      futureAppointments: blocked.deletionCheck!.futureAppointments,
    });
    expect(gateway.vendors.amelia.server.requests.map((request) => request.query.get('call'))).toEqual([
      expect.stringMatching(/\/users\/customers\/effect\/\d+$/),
    ]);
    expect((await gateway.execute(CustomerByIdDocument, { id: blocked.id })).data!.customer).not.toBeNull();
  });

  it("deletes an Amelia customer the vendor's check allows, after asking it", async () => {
    const { free } = await ameliaByDeletability();
    const answer = await gateway.execute(DeleteCustomerDocument, { id: free.id });
    expect(answer.data!.deleteCustomer).toMatchObject({ __typename: 'DeleteCustomerSuccess', deleted: { id: free.id, source: 'AMELIA' } });
    expect((await gateway.execute(CustomerByIdDocument, { id: free.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('answers deletionCheck for a CRM page of 20 without a call of its own: the CRM has no check to ask', async () => {
    const page = (fields: string) => `{ customers(first: 20, filter: { sources: [CRM] }) { edges { node { id ${fields} } } } }`;
    const plain = await gateway.execute(page(''));
    expect(plain.errors).toBeUndefined();
    const pageCalls = gateway.vendorCalls();
    gateway.reset();
    const checked = await gateway.execute<{ customers: { edges: Array<{ node: { deletionCheck: unknown } }> } }, Record<string, never>>(
      page('deletionCheck { allowed reason futureAppointments checkedBySource }'),
    );
    expect(checked.errors).toBeUndefined();
    const checks = checked.data!.customers.edges.map((edge) => edge.node.deletionCheck);
    expect(checks).toHaveLength(20);
    for (const check of checks) expect(check).toEqual({ allowed: true, reason: null, futureAppointments: null, checkedBySource: false });
    expect(gateway.vendorCalls()).toBe(pageCalls);
  });

  it('deletes a CRM customer (which has no deletion check)', async () => {
    const id = await firstId('CRM');
    const check = await gateway.execute(CustomerDeletionCheckDocument, { id });
    expect(check.data!.customer!.deletionCheck).toEqual({ allowed: true, reason: null, futureAppointments: null, checkedBySource: false });
    expect((await gateway.execute(DeleteCustomerDocument, { id })).data!.deleteCustomer.__typename).toBe('DeleteCustomerSuccess');
  });

  it.each<[WritableSource, string]>([
    ['AMELIA', '987654'],
    ['CRM', 'cus_000000000000'],
  ])('answers NotFound for a %s id the vendor does not know, with no vendor warning beside it', async (source, sourceId) => {
    const answer = await gateway.execute(DeleteCustomerDocument, { id: globalId(source, sourceId) });
    expect(answer.data!.deleteCustomer).toMatchObject({ __typename: 'NotFound', source, sourceId });
    expect(answer.extensions?.warnings).toBeUndefined();
  });

  it('answers SourceUnavailable when the vendor cannot be reached, and deletes nothing', async () => {
    const id = await firstId('CRM');
    await whileStopped('CRM', async () => {
      const answer = await gateway.execute(DeleteCustomerDocument, { id });
      expect(answer.data!.deleteCustomer).toMatchObject({ __typename: 'SourceUnavailable', source: 'CRM', reason: 'UNREACHABLE' });
    });
    expect((await gateway.execute(CustomerByIdDocument, { id })).data!.customer).toMatchObject({ id });
  });

  it('answers SourceUnavailable when the vendor rejects our credentials', async () => {
    const id = await firstId('AMELIA');
    gateway.vendors.amelia.server.injectFault({ fault: { kind: 'status', status: 401 } });
    const answer = await gateway.execute(DeleteCustomerDocument, { id });
    expect(answer.data!.deleteCustomer).toMatchObject({ __typename: 'SourceUnavailable', source: 'AMELIA', reason: 'AUTH_REJECTED' });
  });

  it.each<CustomerSource>(['PLATFORM', 'KB_SUPPORT'])('answers NotSupportedBySource for %s, and sends no write', async (source) => {
    const id = await firstId(source);
    gateway.reset();
    const answer = await gateway.execute(DeleteCustomerDocument, { id });
    expect(answer.data!.deleteCustomer).toMatchObject({ __typename: 'NotSupportedBySource', source, operation: 'DELETE' });
    expect(gateway.vendorCalls()).toBe(0);
  });
});
