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
import { PLATFORM_MODES, platformFeatures } from '../support/platform-modes.ts';

let gateway: TestGateway;

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
const platformRequests = () => gateway.vendors.platform.server.requests;

describe.each(PLATFORM_MODES)('against the %s PLATFORM sandbox', (mode) => {
  beforeAll(async () => {
    gateway = await startTestGateway({ sandbox: { undocumented: platformFeatures(mode) } });
  });
  afterAll(() => gateway.stop());
  beforeEach(() => gateway.reset());

  describe('custom fields', () => {
    it.runIf(mode === 'generous')("lists the organization's definitions with their options", async () => {
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

    it.runIf(mode === 'conservative')(
      'answers CUSTOM_FIELDS_NOT_LISTED where the PLATFORM does not list its definitions (its document names no such list)',
      async () => {
        const answer = await gateway.execute(CustomFieldsDocument, {});
        expect(answer.data?.customFields).toBeNull();
        expect(answer.errors).toHaveLength(1);
        expect(answer.errors?.[0]).toMatchObject({
          path: ['customFields'],
          message: expect.stringMatching(/does not list its custom field definitions/),
          extensions: { code: 'CUSTOM_FIELDS_NOT_LISTED', source: 'PLATFORM' },
        });
        // Asked beside it, the customers' own values still come, with their labels and types.
        type Both = { customFields: unknown; customers: { edges: Array<{ node: Pick<Details, 'customFields'> }> } };
        const both = await gateway.execute<Both, Record<string, never>>(
          '{ customFields { id } customers(first: 5, filter: { sources: [PLATFORM] }) { edges { node { customFields { fieldId label type formattedValue } } } } }',
        );
        expect(both.data?.customFields).toBeNull();
        expect(both.errors?.map((error) => error.extensions?.code)).toEqual(['CUSTOM_FIELDS_NOT_LISTED']);
        const values = both.data!.customers.edges.flatMap((edge) => edge.node.customFields ?? []);
        expect(values.length).toBeGreaterThan(5);
        expect(values.every((value) => value.label !== null && value.type !== null)).toBe(true);
      },
    );

    it("types each customer's values by their field (or, where the definitions are not listed, by the values' own labels and types), reading the definitions once for the whole page", async () => {
      const query = `{ customers(first: 30, filter: { sources: [PLATFORM] }) { edges { node { customFields { fieldId label type formattedValue option { key label } field { label } } } } } }`;
      type Page = { customers: { edges: Array<{ node: Pick<Details, 'customFields'> }> } };
      const definitionReads = () => platformRequests().filter((request) => request.path.endsWith('/custom-fields'));
      for (const round of [1, 2]) {
        gateway.reset();
        const page = await gateway.execute<Page, Record<string, never>>(query);
        expect(page.errors).toBeUndefined();
        const customers = page.data!.customers.edges.map((edge) => edge.node);
        expect(customers).toHaveLength(30);
        const withTier = customers.find((customer) => entryOf(customer, FIELD_IDS.tier))!;
        expect(entryOf(withTier, FIELD_IDS.tier)).toMatchObject({
          label: 'Membership Tier',
          type: 'SELECT',
          option: { key: expect.any(String), label: expect.any(String) },
          field: mode === 'generous' ? { label: 'Membership Tier' } : null,
        });
        expect(platformRequests().filter((request) => request.query.has('include'))).toHaveLength(0);
        // Generous: once a request. Conservative: the absent route is probed at most once, then remembered.
        if (mode === 'generous') expect(definitionReads()).toHaveLength(1);
        else expect(definitionReads().length).toBeLessThanOrEqual(round === 1 ? 1 : 0);
      }
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

    // The last column: the customer (the first, José) holds no entry of that field. Where the PLATFORM does not
    // list its definitions nothing documented tells what it takes: the value is sent, the PLATFORM refuses it
    // (422) and that refusal is the ValidationError; nothing is written.
    it.each([
      ['an option the field does not have', FIELD_IDS.tier, { option: 'platinum' }, 'held'],
      ['a number that is not one', FIELD_IDS.memberSince, { number: 3 }, 'held'],
      ['a date that is not one', FIELD_IDS.memberSince, { text: 'next Tuesday' }, 'held'],
      ['a file, which is uploaded another way', FIELD_IDS.waiver, { text: 'waiver.pdf' }, 'not held'],
      ['a field of another organization', FIELD_IDS.locker, { number: 12 }, 'not held'],
    ])('refuses %s with a ValidationError naming the value, and writes nothing', async (_case, fieldId, value, held) => {
      const [customer] = await platformCustomers(1);
      gateway.reset();
      const answer = await gateway.execute(SetCustomFieldValuesDocument, { customerId: customer!.id, values: [{ fieldId, value }] });
      expect(answer.data!.setCustomFieldValues).toMatchObject({
        __typename: 'ValidationError',
        field: expect.stringMatching(/^values\.0\./),
      });
      const byVendor = mode === 'conservative' && held === 'not held';
      expect(patches()).toHaveLength(byVendor ? 1 : 0);
      const after = (await gateway.execute(CustomerPlatformDetailsDocument, { id: customer!.id })).data!.customer!;
      expect(after.customFields).toEqual(customer!.customFields);
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
      // By its display value: without the definitions (conservative) an option's key is the value as stored.
      const gold = customers.filter((c) => entryOf(c, FIELD_IDS.tier)?.option?.label === 'Gold');
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
        customers.map((c) =>
          gateway.execute(RemoveCustomerFromCommunityDocument, { customerId: c.id, communityId: REGULARS_COMMUNITY_ID }),
        ),
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

    it('answers an export status word it does not know as UNKNOWN with the word, after a start the vendor accepted', async () => {
      gateway.vendors.platform.settings.exportStatusWords = { processing: 'warming-up', completed: 'ready' };
      type Job = { id: string; status: string; vendorStatus: string | null; downloadUrl: string | null };
      const started = await gateway.execute<{ startCustomerExport: { __typename: string; job?: Job } }, Record<string, never>>(
        'mutation { startCustomerExport(filter: { search: "jo" }) { __typename ... on StartCustomerExportSuccess { job { id status vendorStatus downloadUrl } } } }',
      );
      expect(started.data!.startCustomerExport).toMatchObject({
        __typename: 'StartCustomerExportSuccess',
        job: { status: 'UNKNOWN', vendorStatus: 'warming-up', downloadUrl: null },
      });
      const id = started.data!.startCustomerExport.job!.id;
      const polled = await gateway.execute<{ exportJob: Job }, { id: string }>(
        'query ($id: ID!) { exportJob(id: $id) { status vendorStatus downloadUrl } }',
        { id },
      );
      expect(polled.data!.exportJob).toMatchObject({
        status: 'UNKNOWN',
        vendorStatus: 'ready',
        downloadUrl: expect.stringMatching(/^https?:\/\//),
      });
    });
  });
});
