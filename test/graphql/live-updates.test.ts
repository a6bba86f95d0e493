// Live updates over Server-Sent Events, through the yoga server on a real socket: a subscriber hears
// of the gateway's own writes at once and of a change at a vendor once the sync found it; an event id
// resumes the stream with what was missed first; bad input is refused before anything is opened.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/auth/authenticate.ts';
import { MAX_SUBSCRIPTIONS_PER_CLIENT } from '../../src/live/change-events.ts';
import { DEVELOPMENT_SECURITY } from '../../src/plugins/security.ts';
import { openEventStream } from '../support/event-stream.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { type IndexedGateway, startIndexedGateway } from './indexed-setup.ts';

interface ChangeEvent {
  id: string;
  kind: string;
  origin: string;
  source: string;
  customerId: string;
  customer: { email: string | null } | null;
}

const SUBSCRIPTION = `subscription Live($filter: CustomerChangedFilter, $after: String) {
  customerChanged(filter: $filter, after: $after) { id kind origin source customerId customer { email } }
}`;

let gateway: IndexedGateway;
beforeAll(async () => {
  gateway = await startIndexedGateway();
});
afterAll(() => gateway.stop());

type ChangeResult = { data?: { customerChanged: ChangeEvent }; errors?: Array<{ message: string; extensions?: { code?: string } }> };

/** A subscription over SSE: its events as they come, and its end. */
function subscribe(
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
  query = SUBSCRIPTION,
  target: Pick<TestGateway, 'origin'> = gateway,
) {
  return openEventStream<ChangeResult>(target.origin, { query, variables }, headers);
}

const create = (email: string) =>
  gateway.execute<{ createCustomer: { customer?: { id: string } } }, Record<string, unknown>>(
    'mutation New($input: CreateCustomerInput!) { createCustomer(input: $input) { ... on CreateCustomerSuccess { customer { id } } } }',
    { input: { source: 'CRM', firstName: 'Live', lastName: 'Event', email } },
  );

describe('customerChanged over SSE', () => {
  it("tells of the gateway's writes at once, and of a vendor's change once the sync found it; an id resumes after it", async () => {
    const stream = await subscribe({ filter: { sources: ['CRM', 'KB_SUPPORT'] } });
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    // The stream is open once the server answered; a write after it is heard.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const created = (await create('live.one@events.example.test')).data!.createCustomer.customer!;
    const [first] = await stream.next(1);
    expect(first?.data?.customerChanged).toMatchObject({
      kind: 'CREATED',
      origin: 'GATEWAY_WRITE',
      source: 'CRM',
      customerId: created.id,
      customer: { email: 'live.one@events.example.test' },
    });

    await gateway.execute('mutation Gone($id: ID!) { deleteCustomer(id: $id) { __typename } }', { id: created.id });
    gateway.vendors.kbSupport.addCustomer({ name: 'Vendor Live', email: 'vendor.live@events.example.test' });
    await gateway.sync();
    const [, deleted, found] = await stream.next(3);
    expect(deleted?.data?.customerChanged).toMatchObject({
      kind: 'DELETED',
      origin: 'GATEWAY_WRITE',
      customerId: created.id,
      customer: null,
    });
    expect(found?.data?.customerChanged).toMatchObject({
      kind: 'CREATED',
      origin: 'VENDOR',
      source: 'KB_SUPPORT',
      customer: { email: 'vendor.live@events.example.test' },
    });
    await stream.close();

    // Back with the first event's id: what came after it first, in order.
    const resumed = await subscribe({ filter: { sources: ['CRM', 'KB_SUPPORT'] }, after: first?.data?.customerChanged.id });
    const missed = await resumed.next(2);
    expect(missed.map((event) => event.data?.customerChanged.id)).toEqual([
      deleted?.data?.customerChanged.id,
      found?.data?.customerChanged.id,
    ]);
    await resumed.close();
  });

  it("names each event on its SSE `id:` line; a reconnect's Last-Event-ID resumes after it, over an older `after`", async () => {
    const filter = { sources: ['CRM'] };
    const stream = await subscribe({ filter });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await create('live.sse.one@events.example.test');
    await create('live.sse.two@events.example.test');
    const [one, two] = await stream.next(2);
    // As an EventSource keeps it: the id line of each message is the event's id.
    expect(stream.ids()).toEqual([one?.data?.customerChanged.id, two?.data?.customerChanged.id]);
    await stream.close();
    await create('live.sse.three@events.example.test');

    // Reconnecting, the browser sends the same request (with its first `after`) and the last id it saw.
    const resumed = await subscribe({ filter, after: one?.data?.customerChanged.id }, { 'last-event-id': stream.ids()[1] as string });
    const [missed] = await resumed.next(1);
    expect(missed?.data?.customerChanged.customer?.email).toBe('live.sse.three@events.example.test');
    await resumed.close();
  });

  it('refuses a forged event id and a malformed customer id, naming the field', async () => {
    for (const [variables, field, headers] of [
      [{ after: 'eyJsaXZlIjp7fX0.forged' }, 'after', {}],
      [{}, 'Last-Event-ID', { 'last-event-id': 'eyJsaXZlIjp7fX0.forged' }],
      [{ filter: { ids: ['not-an-id'] } }, 'filter.ids', {}],
    ] as const) {
      const stream = await subscribe(variables, headers);
      const [answer] = await stream.next(1);
      expect(answer?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      await stream.close();
    }
  });
});

describe('without the synced index', () => {
  it('refuses to open a subscription, saying why', async () => {
    const passThrough = await startTestGateway();
    try {
      const stream = await subscribe({}, {}, SUBSCRIPTION, passThrough);
      const [answer] = await stream.next(1);
      expect(answer?.errors?.[0]).toMatchObject({ message: expect.stringMatching(/synced index/), extensions: { code: 'INDEX_OFF' } });
      await stream.close();
    } finally {
      await passThrough.stop();
    }
  });
});

describe('limits', () => {
  it(`refuses a client's subscription beyond ${MAX_SUBSCRIPTIONS_PER_CLIENT} open at once, and counts closed ones off at once`, async () => {
    const streams = await Promise.all(Array.from({ length: MAX_SUBSCRIPTIONS_PER_CLIENT }, () => subscribe({})));
    const refused = await subscribe({});
    const [answer] = await refused.next(1);
    expect(answer?.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS' });
    await refused.close();
    // A stream closed is counted off as soon as the server sees its connection go.
    await Promise.all(streams.map((stream) => stream.close()));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const again = await Promise.all(Array.from({ length: MAX_SUBSCRIPTIONS_PER_CLIENT }, () => subscribe({})));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await create(`live.again.${Date.now()}@events.example.test`);
    const first = await Promise.all(again.map((stream) => stream.next(1)));
    expect(first.map(([event]) => event?.data?.customerChanged.kind)).toEqual(Array(MAX_SUBSCRIPTIONS_PER_CLIENT).fill('CREATED'));
    await Promise.all(again.map((stream) => stream.close()));
  }, 30_000);
});

describe('scopes', () => {
  const READER = 'sbk_live_reader_key_1234567890';
  const STAFF = 'sbk_live_staff_key_0987654321';
  let secured: IndexedGateway;
  beforeAll(async () => {
    secured = await startIndexedGateway({
      security: {
        ...DEVELOPMENT_SECURITY,
        auth: {
          allowAnonymous: false,
          apiKeys: [
            { clientId: 'reader', sha256: sha256Hex(READER), scopes: ['customers:read', 'customers:write'] },
            { clientId: 'staff', sha256: sha256Hex(STAFF), scopes: ['employees:read'] },
          ],
          jwt: null,
        },
      },
    });
  });
  afterAll(() => secured.stop());

  it('apply to the subscription and to every field of every event', async () => {
    const refused = await subscribe({}, { authorization: `Bearer ${STAFF}` }, SUBSCRIPTION, secured);
    const [answer] = await refused.next(1);
    expect(answer?.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    await refused.close();

    const query = 'subscription { customerChanged(filter: { sources: [CRM] }) { kind customer { email phones { raw } } } }';
    const reader = await subscribe({}, { authorization: `Bearer ${READER}` }, query, secured);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const created = await fetch(`${secured.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${READER}` },
      body: JSON.stringify({
        query: 'mutation New($input: CreateCustomerInput!) { createCustomer(input: $input) { __typename } }',
        variables: {
          input: { source: 'CRM', firstName: 'Scoped', lastName: 'Event', email: 'scoped@events.example.test', phone: '+381601234567' },
        },
      }),
    });
    expect(((await created.json()) as { data: { createCustomer: { __typename: string } } }).data.createCustomer.__typename).toBe(
      'CreateCustomerSuccess',
    );
    const [event] = await reader.next(1);
    expect(event?.data?.customerChanged).toMatchObject({
      kind: 'CREATED',
      customer: { email: 'scoped@events.example.test', phones: null },
    });
    expect(event?.errors?.[0]).toMatchObject({ path: ['customerChanged', 'customer', 'phones'], extensions: { code: 'FORBIDDEN' } });
    await reader.close();
  });
});

describe('in trusted-documents mode', () => {
  let trusted: IndexedGateway;
  const manifest = JSON.parse(readFileSync('schema/generated/persisted-documents.json', 'utf8')) as Record<string, string>;
  const documentId = Object.keys(manifest).find((id) => manifest[id]?.includes('subscription CustomerChanged')) as string;
  beforeAll(async () => {
    trusted = await startIndexedGateway({
      security: { ...DEVELOPMENT_SECURITY, trustedDocuments: 'schema/generated/persisted-documents.json' },
    });
  });
  afterAll(() => trusted.stop());

  it('runs the generated subscription by its id, refuses any other text, and pings an idle stream', async () => {
    const refused = await openEventStream<ChangeResult>(trusted.origin, { query: SUBSCRIPTION });
    const [answer] = await refused.next(1);
    expect(answer?.errors?.[0]?.extensions).toMatchObject({ code: 'PERSISTED_QUERY_ONLY' });
    await refused.close();

    // An idle stream is kept open by comments: yoga pings every 12 s, every 300 ms under NODE_ENV=test (read as each stream opens).
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'test';
    const controller = new AbortController();
    const response = await fetch(`${trusted.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ documentId, variables: { filter: { sources: ['CRM'] } } }),
      signal: controller.signal,
    });
    process.env.NODE_ENV = nodeEnv;
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    const until = Date.now() + 1_500;
    while (Date.now() < until && (text.match(/^:\n\n/gm) ?? []).length < 3) text += new TextDecoder().decode((await reader.read()).value);
    expect((text.match(/^:\n\n/gm) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(text).not.toContain('event: next');
    controller.abort();
  });
});
