import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ClearCustomFieldValuesDocument,
  CreateCustomerDocument,
  CreateModelIdentifierDocument,
  CustomerByCodeDocument,
  CustomerPlatformDetailsDocument,
  type CustomerPlatformDetailsQuery,
  CustomersPageDocument,
  CustomFieldsDocument,
  ExportJobDocument,
  MergeCustomersDocument,
  RemoveCustomerFromCommunityDocument,
  SetCustomFieldValuesDocument,
  StartCustomerExportDocument,
} from '../../schema/generated/graphql.ts';
import { FIELD_IDS, REGULARS_COMMUNITY_ID } from '../../src/sandbox/platform/data.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.stop());
beforeEach(() => gateway.reset());

type Details = NonNullable<CustomerPlatformDetailsQuery['customer']>;

async function platformCustomers(count = 30): Promise<Details[]> {
  const page = await gateway.execute(CustomersPageDocument, { first: count, filter: { sources: ['PLATFORM'] } });
  const ids = page.data!.customers.edges.map((edge) => edge.node.id);
  const details = await Promise.all(ids.map((id) => gateway.execute(CustomerPlatformDetailsDocument, { id })));
  return details.map((answer) => answer.data!.customer!);
}

const entryOf = (customer: Pick<Details, 'customFields'>, fieldId: string) =>
  (customer.customFields ?? []).find((entry) => entry.fieldId === fieldId);
const patches = () => gateway.vendors.platform.server.requests.filter((request) => request.method === 'PATCH');

describe('custom fields', () => {
  it("lists the organization's definitions with their options", async () => {
    const answer = await gateway.execute(CustomFieldsDocument, {});
    const fields = answer.data!.customFields!;
    expect(fields.find((field) => field.id === FIELD_IDS.tier)).toMatchObject({
      label: 'Membership Tier',
      type: 'SELECT',
      options: [
        { key: 'bronze', label: 'Bronze' },
        { key: 'silver', label: 'Silver' },
        { key: 'gold', label: 'Gold' },
      ],
    });
    expect(fields.some((field) => field.type === 'FILE')).toBe(true);
    expect(fields.some((field) => field.id === FIELD_IDS.locker)).toBe(false);
  });

  it("types each customer's values by their field, reading the definitions once for the whole page", async () => {
    const page = await gateway.execute<{ customers: { edges: Array<{ node: Pick<Details, 'customFields'> }> } }, Record<string, never>>(
      `{ customers(first: 30, filter: { sources: [PLATFORM] }) { edges { node { customFields { fieldId type formattedValue option { key } field { label } } } } } }`,
    );
    expect(page.errors).toBeUndefined();
    const customers = page.data!.customers.edges.map((edge) => edge.node);
    expect(customers).toHaveLength(30);
    const withTier = customers.find((customer) => entryOf(customer, FIELD_IDS.tier))!;
    expect(entryOf(withTier, FIELD_IDS.tier)).toMatchObject({
      type: 'SELECT',
      option: { key: expect.any(String) },
      field: { label: 'Membership Tier' },
    });
    const requests = gateway.vendors.platform.server.requests;
    expect(requests.filter((request) => request.path.endsWith('/custom-fields'))).toHaveLength(1);
    expect(requests.filter((request) => request.query.has('include'))).toHaveLength(0);
  });

  it('MERGE keeps every field it does not name: the vendor would delete them, the gateway re-sends them', async () => {
    const customers = await platformCustomers();
    const customer = customers.find((c) => entryOf(c, FIELD_IDS.tier) && entryOf(c, FIELD_IDS.memberNumber))!;
    const before = customer.customFields ?? [];
    gateway.reset();
    const answer = await gateway.execute(SetCustomFieldValuesDocument, {
      customerId: customer.id,
      values: [{ fieldId: FIELD_IDS.tier, value: { option: 'Silver' } }],
    });
    expect(answer.data!.setCustomFieldValues.__typename).toBe('SetCustomFieldValuesSuccess');
    const after = (await gateway.execute(CustomerPlatformDetailsDocument, { id: customer.id })).data!.customer!;
    expect(entryOf(after, FIELD_IDS.tier)).toMatchObject({ option: { key: 'silver', label: 'Silver' } });
    for (const entry of before.filter((e) => e.fieldId !== FIELD_IDS.tier)) {
      expect(entryOf(after, entry.fieldId)?.value, entry.fieldId).toEqual(entry.value);
    }
    expect(patches()).toHaveLength(1);
  });

  it('REPLACE clears what it does not name, and clearCustomFieldValues clears only what it names', async () => {
    const customers = await platformCustomers();
    const customer = customers.find((c) => (c.customFields ?? []).length >= 2)!;
    const replaced = await gateway.execute(SetCustomFieldValuesDocument, {
      customerId: customer.id,
      values: [
        { fieldId: FIELD_IDS.newsletter, value: { boolean: true } },
        { fieldId: FIELD_IDS.memberSince, value: { date: '2020-02-29' } },
      ],
      mode: 'REPLACE',
    });
    expect(replaced.data!.setCustomFieldValues).toMatchObject({
      customer: { customFields: expect.arrayContaining([expect.objectContaining({ fieldId: FIELD_IDS.newsletter, boolean: true })]) },
    });
    const after = (await gateway.execute(CustomerPlatformDetailsDocument, { id: customer.id })).data!.customer!;
    expect((after.customFields ?? []).map((entry) => entry.fieldId).sort()).toEqual([FIELD_IDS.newsletter, FIELD_IDS.memberSince].sort());

    const cleared = await gateway.execute(ClearCustomFieldValuesDocument, { customerId: customer.id, fieldIds: [FIELD_IDS.newsletter] });
    expect(cleared.data!.clearCustomFieldValues.__typename).toBe('ClearCustomFieldValuesSuccess');
    const last = (await gateway.execute(CustomerPlatformDetailsDocument, { id: customer.id })).data!.customer!;
    expect((last.customFields ?? []).map((entry) => entry.fieldId)).toEqual([FIELD_IDS.memberSince]);
  });

  it.each([
    ['an option the field does not have', FIELD_IDS.tier, { option: 'platinum' }],
    ['a number that is not one', FIELD_IDS.memberSince, { number: 3 }],
    ['a date that is not one', FIELD_IDS.memberSince, { text: 'next Tuesday' }],
    ['a file, which is uploaded another way', FIELD_IDS.waiver, { text: 'waiver.pdf' }],
    ['a field of another organization', FIELD_IDS.locker, { number: 12 }],
  ])('refuses %s with a ValidationError naming the value, and writes nothing', async (_case, fieldId, value) => {
    const [customer] = await platformCustomers(1);
    gateway.reset();
    const answer = await gateway.execute(SetCustomFieldValuesDocument, { customerId: customer!.id, values: [{ fieldId, value }] });
    expect(answer.data!.setCustomFieldValues).toMatchObject({
      __typename: 'ValidationError',
      field: expect.stringMatching(/^values\.0\./),
    });
    expect(patches()).toHaveLength(0);
  });

  it('refuses a calendar date that does not exist before execution, naming the argument', async () => {
    const [customer] = await platformCustomers(1);
    gateway.reset();
    const answer = await gateway.execute(SetCustomFieldValuesDocument, {
      customerId: customer!.id,
      values: [{ fieldId: FIELD_IDS.memberSince, value: { date: '2021-02-29' } }],
    });
    expect(answer.errors?.[0]?.message).toMatch(/values/);
    expect(gateway.vendorCalls()).toBe(0);
  });

  it('creates a PLATFORM customer with custom field values', async () => {
    const answer = await gateway.execute(CreateCustomerDocument, {
      input: {
        source: 'PLATFORM',
        firstName: 'Jane',
        lastName: 'Doe',
        email: 'jane.doe.cf@example.test',
        platform: {
          customFields: [
            { fieldId: FIELD_IDS.tier, value: { option: 'gold' } },
            { fieldId: FIELD_IDS.memberNumber, value: { text: '12345' } },
          ],
        },
      },
    });
    const created = answer.data!.createCustomer as { customer: { id: string } };
    const back = (await gateway.execute(CustomerPlatformDetailsDocument, { id: created.customer.id })).data!.customer!;
    expect(entryOf(back, FIELD_IDS.tier)).toMatchObject({ option: { key: 'gold' } });
    expect(entryOf(back, FIELD_IDS.memberNumber)).toMatchObject({ text: '12345' });
  });

  it('filters customers by a custom field value, and only PLATFORM customers have one', async () => {
    const customers = await platformCustomers();
    const gold = customers.filter((c) => entryOf(c, FIELD_IDS.tier)?.option?.key === 'gold');
    const page = await gateway.execute(CustomersPageDocument, {
      first: 50,
      filter: { customField: { fieldId: FIELD_IDS.tier, value: 'Gold' } },
    });
    expect(page.data!.customers.edges.map((edge) => edge.node.id).sort()).toEqual(gold.map((c) => c.id).sort());
    expect(page.data!.customers.totalCount).toBe(gold.length);
  });
});

describe('identifiers, accounts, merges, communities, exports', () => {
  it('lists identifiers, resolves a code to its customer, and creates one that resolves', async () => {
    const customers = await platformCustomers();
    const withCode = customers.find((c) => c.identifiers!.length > 0)!;
    const resolved = await gateway.execute(CustomerByCodeDocument, { code: withCode.identifiers![0]!.code });
    expect(resolved.data!.customerByCode).toMatchObject({ __typename: 'Customer', id: withCode.id });
    const unknown = await gateway.execute(CustomerByCodeDocument, { code: 'NO-SUCH-CODE' });
    expect(unknown.data!.customerByCode.__typename).toBe('NotFound');

    const target = customers.find((c) => c.identifiers!.length === 0)!;
    const created = await gateway.execute(CreateModelIdentifierDocument, { customerId: target.id, code: 'QR-NEW-1', type: 'qr' });
    expect(created.data!.createModelIdentifier).toMatchObject({ identifier: { code: 'QR-NEW-1', type: 'qr' } });
    expect((await gateway.execute(CustomerByCodeDocument, { code: 'QR-NEW-1' })).data!.customerByCode).toMatchObject({ id: target.id });
  });

  it('links a customer to its global account and back', async () => {
    const customers = await platformCustomers();
    const linked = customers.find((c) => c.account)!;
    expect(linked.account!.customers!.map((c) => c.id)).toContain(linked.id);
    expect(customers.some((c) => c.account === null)).toBe(true);
  });

  it('merges only with confirm: true', async () => {
    const [a, b] = await platformCustomers(2);
    gateway.reset();
    const answer = await gateway.execute(MergeCustomersDocument, { input: { sourceId: a!.id, targetId: b!.id, confirm: false } });
    expect(answer.data!.mergeCustomers).toMatchObject({ __typename: 'ValidationError', field: 'input.confirm' });
    expect(gateway.vendorCalls()).toBe(0);
  });

  it('merges two customers by the documented rules and answers the survivor', async () => {
    const customers = await platformCustomers();
    const source = customers.find((c) => c.account && c.identifiers!.length > 0)!;
    const target = customers.find((c) => c !== source && !c.account)!;
    const answer = await gateway.execute(MergeCustomersDocument, { input: { sourceId: source.id, targetId: target.id, confirm: true } });
    const result = answer.data!.mergeCustomers;
    if (result.__typename !== 'MergeCustomersSuccess') throw new Error(JSON.stringify(result));
    const survivor = result.customer;
    expect(survivor.id).toBe(target.id);
    expect(survivor.account?.id).toBe(source.account!.id);
    expect(survivor.identifiers!.map((i) => i.code)).toEqual(expect.arrayContaining(source.identifiers!.map((i) => i.code)));
    for (const entry of target.customFields ?? []) expect(entryOf(survivor, entry.fieldId)?.value).toEqual(entry.value);
    const gone = await gateway.execute(CustomerPlatformDetailsDocument, { id: source.id });
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('answers MergeReferenceNotFound for a target that does not exist, and NotFound for a source that does not', async () => {
    const [existing] = await platformCustomers(1);
    const organization = gateway.vendors.settings.PLATFORM.organization;
    const missing = Buffer.from(`Customer:PLATFORM:${organization}:00000000-0000-4000-8000-00000000dead`).toString('base64');
    const toMissing = await gateway.execute(MergeCustomersDocument, {
      input: { sourceId: existing!.id, targetId: missing, confirm: true },
    });
    expect(toMissing.data!.mergeCustomers.__typename).toBe('MergeReferenceNotFound');
    const fromMissing = await gateway.execute(MergeCustomersDocument, {
      input: { sourceId: missing, targetId: existing!.id, confirm: true },
    });
    expect(fromMissing.data!.mergeCustomers.__typename).toBe('NotFound');
  });

  it('removes a customer from a community once', async () => {
    const customers = await platformCustomers();
    const results = await Promise.all(
      customers.map((c) => gateway.execute(RemoveCustomerFromCommunityDocument, { customerId: c.id, communityId: REGULARS_COMMUNITY_ID })),
    );
    const removed = results.filter((r) => r.data!.removeCustomerFromCommunity.__typename === 'RemoveCustomerFromCommunitySuccess');
    expect(removed.length).toBeGreaterThan(0);
    const again = await gateway.execute(RemoveCustomerFromCommunityDocument, {
      customerId: customers[0]!.id,
      communityId: REGULARS_COMMUNITY_ID,
    });
    expect(again.data!.removeCustomerFromCommunity.__typename).toBe('NotFound');
  });

  it('starts an export and polls it to completion with a download URL', async () => {
    const started = await gateway.execute(StartCustomerExportDocument, { filter: { search: 'jo' } });
    const job = (started.data!.startCustomerExport as { job: { id: string; status: string } }).job;
    expect(['PENDING', 'PROCESSING', 'COMPLETED']).toContain(job.status);
    let polled = (await gateway.execute(ExportJobDocument, { id: job.id })).data!.exportJob!;
    for (let polls = 0; polled.status !== 'COMPLETED' && polls < 5; polls++) {
      polled = (await gateway.execute(ExportJobDocument, { id: job.id })).data!.exportJob!;
    }
    expect(polled).toMatchObject({ status: 'COMPLETED', downloadUrl: expect.stringMatching(/^https?:\/\//) });
    const unknown = await gateway.execute(ExportJobDocument, { id: 'nope' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
