// A client that retries a write with the same key never creates a duplicate, whatever the vendor did
// with the first attempt: answered, dropped the connection after writing, failed or hung (before or
// after applying the write), or applied it and then failed to read it back.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CreateCustomerDocument,
  CustomerByIdDocument,
  type CustomerSource,
  CustomersPageDocument,
  DeleteCustomerDocument,
  UpdateCustomerDocument,
} from '../../schema/generated/graphql.ts';
import type { Fault, SandboxServer } from '../../src/sandbox/server.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.stop());
beforeEach(() => gateway.reset());

type WritableSource = 'AMELIA' | 'PLATFORM' | 'CRM';

function vendorOf(source: WritableSource): SandboxServer {
  return { AMELIA: gateway.vendors.amelia, PLATFORM: gateway.vendors.platform, CRM: gateway.vendors.crm }[source].server;
}

const isWrite = (request: { method: string }) => request.method !== 'GET';

function create(source: WritableSource, email: string, key: string) {
  const input = { source, firstName: 'Grace', lastName: 'Hopper', email };
  return gateway.execute(CreateCustomerDocument, { input }, { 'Idempotency-Key': key });
}

async function recordsWithEmail(source: CustomerSource, email: string): Promise<number> {
  const page = await gateway.execute(CustomersPageDocument, { first: 10, filter: { sources: [source], email } });
  return page.data!.customers.totalCount!;
}

const FAULTS: Array<[string, Fault]> = [
  ['accepts the write, then drops the connection', { kind: 'drop-after-handling' }],
  ['answers 500', { kind: 'status', status: 500 }],
  ['applies the write, then answers 500', { kind: 'status-after-handling', status: 500 }],
  ['hangs past the timeout', { kind: 'hang' }],
  ['applies the write, then hangs past the timeout', { kind: 'hang-after-handling' }],
];

describe.each<WritableSource>(['AMELIA', 'PLATFORM', 'CRM'])('createCustomer on %s with an Idempotency-Key', (source) => {
  it.each(FAULTS)('when the vendor %s, a retry with the same key leaves exactly one record', async (_case, fault) => {
    const email = `grace.${source.toLowerCase()}.${fault.kind}@example.test`;
    const key = `create-${source}-${fault.kind}`;
    const vendor = vendorOf(source);
    vendor.injectFault({ fault, times: 1, when: (request) => isWrite(request) });

    const first = await create(source, email, key);
    expect(first.data!.createCustomer).toMatchObject({ __typename: 'WriteOutcomeUnknown', source });
    expect(vendor.requests.filter(isWrite)).toHaveLength(1);

    const retry = await create(source, email, key);
    expect(retry.data!.createCustomer).toMatchObject({ __typename: 'CreateCustomerSuccess', customer: { email, source } });
    expect(await recordsWithEmail(source, email)).toBe(1);

    vendor.clearLog();
    const again = await create(source, email, key);
    expect(again.data!.createCustomer).toEqual(retry.data!.createCustomer);
    expect(vendor.requests).toHaveLength(0);
  });
});

describe.each<WritableSource>(['PLATFORM', 'CRM'])('createCustomer on %s whose read-back fails', (source) => {
  it('answers WriteOutcomeUnknown, never SourceUnavailable; a retry with the same key finds the record and sends no second create', async () => {
    const email = `reread.${source.toLowerCase()}@example.test`;
    const key = `reread-${source}`;
    const vendor = vendorOf(source);
    vendor.injectFault({ fault: { kind: 'status', status: 500 }, when: (request) => request.method === 'GET' });

    const first = await create(source, email, key);
    expect(first.data!.createCustomer).toMatchObject({ __typename: 'WriteOutcomeUnknown', source });
    expect(vendor.requests.filter(isWrite)).toHaveLength(1);
    vendor.clearFaults();

    const retry = await create(source, email, key);
    expect(retry.data!.createCustomer).toMatchObject({ __typename: 'CreateCustomerSuccess', customer: { email, source } });
    expect(vendor.requests.filter(isWrite)).toHaveLength(1);
    expect(await recordsWithEmail(source, email)).toBe(1);
  });
});

describe('updateCustomer whose read-back fails', () => {
  it('answers WriteOutcomeUnknown; the change is there, and a retry with the same key answers the record', async () => {
    const page = await gateway.execute(CustomersPageDocument, { first: 1, filter: { sources: ['PLATFORM'] } });
    const id = page.data!.customers.edges[0]!.node.id;
    const vendor = vendorOf('PLATFORM');
    vendor.injectFault({ fault: { kind: 'drop' }, when: (request) => request.method === 'GET' });
    const headers = { 'Idempotency-Key': 'reread-update-1' };
    const input = { lastName: 'Reread' };
    expect((await gateway.execute(UpdateCustomerDocument, { id, input }, headers)).data!.updateCustomer).toMatchObject({
      __typename: 'WriteOutcomeUnknown',
      source: 'PLATFORM',
    });
    expect(vendor.requests.filter(isWrite)).toHaveLength(1);
    vendor.clearFaults();
    expect((await gateway.execute(CustomerByIdDocument, { id })).data!.customer!.lastName).toBe('Reread');
    const retry = await gateway.execute(UpdateCustomerDocument, { id, input }, headers);
    expect(retry.data!.updateCustomer).toMatchObject({ __typename: 'UpdateCustomerSuccess', customer: { id, lastName: 'Reread' } });
  });
});

describe('idempotency keys', () => {
  it('replays the first outcome and sends nothing again', async () => {
    const first = await create('CRM', 'once@example.test', 'replay-1');
    expect(first.data!.createCustomer.__typename).toBe('CreateCustomerSuccess');
    gateway.reset();
    const second = await create('CRM', 'once@example.test', 'replay-1');
    expect(second.data!.createCustomer).toEqual(first.data!.createCustomer);
    expect(gateway.vendorCalls()).toBe(0);
  });

  it('replays a definite refusal too (EmailAlreadyInUse), without asking again', async () => {
    const page = await gateway.execute(CustomersPageDocument, { first: 1, filter: { sources: ['AMELIA'] } });
    const taken = page.data!.customers.edges[0]!.node.email!;
    expect((await create('AMELIA', taken, 'taken-1')).data!.createCustomer.__typename).toBe('EmailAlreadyInUse');
    gateway.reset();
    expect((await create('AMELIA', taken, 'taken-1')).data!.createCustomer.__typename).toBe('EmailAlreadyInUse');
    expect(gateway.vendors.amelia.server.requests.filter(isWrite)).toHaveLength(0);
  });

  it('refuses a key reused for a different request', async () => {
    await create('CRM', 'first@example.test', 'reused-1');
    const other = await create('CRM', 'second@example.test', 'reused-1');
    expect(other.data!.createCustomer).toMatchObject({ __typename: 'ValidationError', field: 'Idempotency-Key' });
  });

  it('takes clientMutationId in the input as the key', async () => {
    const input = {
      source: 'PLATFORM' as const,
      firstName: 'Katherine',
      lastName: 'Johnson',
      email: 'kj@example.test',
      clientMutationId: 'cm-1',
    };
    gateway.vendors.platform.server.injectFault({ fault: { kind: 'drop-after-handling' }, times: 1, when: isWrite });
    expect((await gateway.execute(CreateCustomerDocument, { input })).data!.createCustomer.__typename).toBe('WriteOutcomeUnknown');
    expect((await gateway.execute(CreateCustomerDocument, { input })).data!.createCustomer.__typename).toBe('CreateCustomerSuccess');
    expect(await recordsWithEmail('PLATFORM', 'kj@example.test')).toBe(1);
  });

  it('tries again after a vendor that could not be reached: nothing was written then', async () => {
    const vendor = vendorOf('CRM');
    const port = Number(new URL(vendor.url).port);
    await vendor.stop();
    try {
      expect((await create('CRM', 'later@example.test', 'down-1')).data!.createCustomer).toMatchObject({
        __typename: 'SourceUnavailable',
        reason: 'UNREACHABLE',
      });
    } finally {
      await vendor.start(port);
    }
    expect((await create('CRM', 'later@example.test', 'down-1')).data!.createCustomer.__typename).toBe('CreateCustomerSuccess');
    expect(await recordsWithEmail('CRM', 'later@example.test')).toBe(1);
  });

  it('keeps saying WriteOutcomeUnknown for a lost create without an email: nothing could tell a duplicate', async () => {
    const input = { source: 'CRM' as const, firstName: 'No', lastName: 'Email' };
    gateway.vendors.crm.server.injectFault({ fault: { kind: 'drop-after-handling' }, times: 1, when: isWrite });
    const headers = { 'Idempotency-Key': 'no-email-1' };
    expect((await gateway.execute(CreateCustomerDocument, { input }, headers)).data!.createCustomer.__typename).toBe('WriteOutcomeUnknown');
    gateway.reset();
    expect((await gateway.execute(CreateCustomerDocument, { input }, headers)).data!.createCustomer.__typename).toBe('WriteOutcomeUnknown');
    expect(gateway.vendors.crm.server.requests.filter(isWrite)).toHaveLength(0);
  });

  it('sends a lost update again: the same changes leave the record as one update would', async () => {
    const page = await gateway.execute(CustomersPageDocument, { first: 1, filter: { sources: ['AMELIA'] } });
    const id = page.data!.customers.edges[0]!.node.id;
    gateway.vendors.amelia.server.injectFault({ fault: { kind: 'drop-after-handling' }, times: 1, when: isWrite });
    const headers = { 'Idempotency-Key': 'update-1' };
    const input = { note: 'Moved to evenings.' };
    expect((await gateway.execute(UpdateCustomerDocument, { id, input }, headers)).data!.updateCustomer.__typename).toBe(
      'WriteOutcomeUnknown',
    );
    const retry = await gateway.execute(UpdateCustomerDocument, { id, input }, headers);
    expect(retry.data!.updateCustomer).toMatchObject({ __typename: 'UpdateCustomerSuccess', customer: { id, note: 'Moved to evenings.' } });
    expect((await gateway.execute(CustomerByIdDocument, { id })).data!.customer!.note).toBe('Moved to evenings.');
  });

  it('refuses an Idempotency-Key that is not 1 to 255 visible characters, and sends nothing', async () => {
    const answer = await gateway.execute(
      CreateCustomerDocument,
      { input: { source: 'CRM', firstName: 'A', lastName: 'B' } },
      { 'Idempotency-Key': 'x'.repeat(256) },
    );
    expect(answer.data!.createCustomer).toMatchObject({ __typename: 'ValidationError', field: 'Idempotency-Key' });
    expect(gateway.vendorCalls()).toBe(0);
  });

  it('resolves a lost delete by asking whether the customer still exists', async () => {
    const page = await gateway.execute(CustomersPageDocument, { first: 1, filter: { sources: ['CRM'] } });
    const id = page.data!.customers.edges[0]!.node.id;
    gateway.vendors.crm.server.injectFault({ fault: { kind: 'drop-after-handling' }, times: 1, when: isWrite });
    const headers = { 'Idempotency-Key': 'delete-1' };
    expect((await gateway.execute(DeleteCustomerDocument, { id }, headers)).data!.deleteCustomer.__typename).toBe('WriteOutcomeUnknown');
    const retry = await gateway.execute(DeleteCustomerDocument, { id }, headers);
    expect(retry.data!.deleteCustomer).toMatchObject({ __typename: 'DeleteCustomerSuccess', deleted: { id } });
    expect(gateway.vendors.crm.server.requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
  });
});
