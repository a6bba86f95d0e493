// @defer and @stream over a real socket: the first payload comes with the rest of the answer and the
// deferred or streamed parts after it (graphql-js 17's payloads), over multipart/mixed and over
// Server-Sent Events; a deferred field reads its vendor after the answer has started going out; a
// vendor failing in a part fails that part's field only; each part is bounded by the request budget.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { meros } from 'meros/browser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, createMetrics } from '../../src/observability/index.ts';
import { DEVELOPMENT_SECURITY } from '../../src/plugins/security.ts';
import type { SandboxRequest } from '../../src/sandbox/server.ts';
import { captureLog } from '../observability/support.ts';
import { openEventStream } from '../support/event-stream.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { type IndexedGateway, startIndexedGateway } from './indexed-setup.ts';

/** A budget short enough that a part past it is seen to fail. */
const BUDGET_MS = 1_500;

interface Payload {
  data?: Record<string, unknown>;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
  pending?: Array<{ id: string; path: Array<string | number>; label?: string }>;
  incremental?: Array<{
    id: string;
    data?: Record<string, unknown>;
    items?: unknown[];
    subPath?: Array<string | number>;
    errors?: Payload['errors'];
  }>;
  completed?: Array<{ id: string; errors?: Payload['errors'] }>;
  hasNext?: boolean;
}

const log = captureLog();
let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({
    requestBudgetMs: BUDGET_MS,
    observability: { logger: createLogger({ level: 'info', destination: log }), metrics: createMetrics({ processMetrics: false }) },
  });
});
afterAll(() => gateway.stop());
beforeEach(() => {
  gateway.reset();
  log.clear();
});

const requestLines = () => log.lines().filter((line) => line.msg === 'graphql request');

/** Each part of a multipart/mixed answer, as it comes. */
async function postMultipart(query: string, variables: Record<string, unknown> = {}) {
  return postMultipartBody(gateway.origin, { query, variables });
}

async function postMultipartBody(origin: string, body: Record<string, unknown>) {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    // A client that takes compressed answers: parts must still come as they are made.
    headers: { 'content-type': 'application/json', accept: 'multipart/mixed', 'accept-encoding': 'br, gzip' },
    body: JSON.stringify(body),
  });
  const parts = await meros<Payload>(response);
  if (parts instanceof Response) throw new Error(`not multipart: ${response.headers.get('content-type')} ${await parts.text()}`);
  const payloads: Payload[] = [];
  for await (const part of parts) payloads.push(part.body as Payload);
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    encoding: response.headers.get('content-encoding'),
    payloads,
  };
}

async function firstId(source: string): Promise<string> {
  const answer = await gateway.execute<{ customers: { edges: Array<{ node: { id: string } }> } }, Record<string, unknown>>(
    'query First($sources: [CustomerSource!]) { customers(first: 1, filter: { sources: $sources }) { edges { node { id } } } }',
    { sources: [source] },
  );
  return answer.data!.customers.edges[0]!.node.id;
}

const isEffectCall = (request: SandboxRequest) => (request.query.get('call') ?? '').includes('/users/customers/effect/');

const DEFERRED_CHECK = `query Check($id: ID!) {
  customer(id: $id) { id displayName ... @defer(label: "check") { deletionCheck { allowed checkedBySource futureAppointments } } }
}`;

/** The first payload has the customer without its check; the last part brings the check Amelia answered. */
function expectDeferredCheck(payloads: Payload[], id: string) {
  const [first, ...later] = payloads;
  expect(first).toMatchObject({ data: { customer: { id } }, pending: [{ id: '0', path: ['customer'], label: 'check' }], hasNext: true });
  expect(first?.data?.customer).not.toHaveProperty('deletionCheck');
  expect(later.at(-1)?.hasNext).toBe(false);
  const parts = later.flatMap((payload) => payload.incremental ?? []);
  expect(parts).toEqual([
    { id: '0', data: { deletionCheck: { allowed: expect.any(Boolean), checkedBySource: true, futureAppointments: expect.any(Number) } } },
  ]);
  expect(later.flatMap((payload) => payload.completed ?? [])).toEqual([{ id: '0' }]);
}

describe('@defer', () => {
  it('over multipart/mixed: the customer first, its deletion check read from Amelia after the answer started', async () => {
    const id = await firstId('AMELIA');
    gateway.reset();
    // Slower than the rest: the first payload has gone out before Amelia answers.
    gateway.vendors.amelia.server.injectFault({ fault: { kind: 'delay', ms: 400 }, when: isEffectCall });
    const answer = await postMultipart(DEFERRED_CHECK, { id });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^multipart\/mixed/);
    expect(answer.encoding).toBeNull();
    expectDeferredCheck(answer.payloads, id);
    expect(gateway.vendors.amelia.server.requests.filter((request) => isEffectCall({ ...request, invalidJson: false }))).toHaveLength(1);
    // One log line, written once the last part went out: it counts the deferred part's call too.
    const lines = requestLines().filter((line) => line.operationName === 'Check');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ operationType: 'query', status: 200, vendorCalls: { AMELIA: 2 }, errorCodes: [] });
  });

  it('over Server-Sent Events, the same payloads', async () => {
    const id = await firstId('AMELIA');
    gateway.vendors.amelia.server.injectFault({ fault: { kind: 'delay', ms: 400 }, when: isEffectCall });
    const stream = await openEventStream<Payload>(gateway.origin, { query: DEFERRED_CHECK, variables: { id } });
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    const payloads = await stream.next(2);
    await stream.close();
    expectDeferredCheck(payloads, id);
  });

  it('a vendor failing in a deferred part fails that field only, with its error in the part', async () => {
    const id = await firstId('AMELIA');
    gateway.vendors.amelia.server.injectFault({ fault: { kind: 'status', status: 503 }, when: isEffectCall });
    const { payloads } = await postMultipart(DEFERRED_CHECK, { id });
    expect(payloads[0]).toMatchObject({ data: { customer: { id, displayName: expect.any(String) } }, hasNext: true });
    expect(payloads[0]?.errors).toBeUndefined();
    const [part] = payloads.flatMap((payload) => payload.incremental ?? []);
    expect(part?.data).toEqual({ deletionCheck: null });
    expect(part?.errors).toEqual([
      expect.objectContaining({
        path: ['customer', 'deletionCheck'],
        extensions: expect.objectContaining({ code: 'SOURCE_UNAVAILABLE', source: 'AMELIA' }),
      }),
    ]);
    // Masked as a first payload's error is: no vendor body, URL or credential.
    expect(JSON.stringify(part?.errors)).not.toMatch(/Injected fault|http:\/\//);
    expect(requestLines().filter((line) => line.operationName === 'Check')).toEqual([
      expect.objectContaining({ errorCodes: ['SOURCE_UNAVAILABLE'], failedSources: ['AMELIA'] }),
    ]);
  });

  it('refuses a client that accepts no stream, before anything is sent to a vendor', async () => {
    const answer = await gateway.execute(DEFERRED_CHECK, { id: await firstId('AMELIA') }, { accept: 'application/json' });
    gateway.reset();
    const again = await gateway.execute(DEFERRED_CHECK, { id: 'x' }, { accept: 'application/graphql-response+json, application/json' });
    for (const refused of [answer, again]) {
      expect(refused.status).toBe(406);
      expect(refused.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/multipart\/mixed or text\/event-stream/),
        extensions: { code: 'STREAM_NOT_ACCEPTED' },
      });
    }
    expect(gateway.vendorCalls()).toBe(0);
  });
});

describe('trusted documents', () => {
  it('runs a deferred document of the manifest by its id', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'deferred-documents-'));
    const manifest = join(directory, 'persisted-documents.json');
    const documentId = `sha256:${createHash('sha256').update(DEFERRED_CHECK).digest('hex')}`;
    writeFileSync(manifest, JSON.stringify({ [documentId]: DEFERRED_CHECK }));
    const trusted = await startTestGateway({ security: { ...DEVELOPMENT_SECURITY, trustedDocuments: manifest } });
    try {
      const id = await firstId('AMELIA');
      const { payloads } = await postMultipartBody(trusted.origin, { documentId, variables: { id } });
      expectDeferredCheck(payloads, id);
    } finally {
      await trusted.stop();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('@stream', () => {
  it('streams the edges of a customers page after the first two', async () => {
    const query = `query Page($sources: [CustomerSource!]) {
      customers(first: 5, filter: { sources: $sources }) { edges @stream(initialCount: 2) { node { id displayName } } }
    }`;
    const whole = await gateway.execute<{ customers: { edges: Array<{ node: { id: string } }> } }, Record<string, unknown>>(
      query.replace(' @stream(initialCount: 2)', ''),
      { sources: ['CRM'] },
    );
    const ids = whole.data!.customers.edges.map((edge) => edge.node.id);
    expect(ids).toHaveLength(5);
    const { payloads } = await postMultipart(query, { sources: ['CRM'] });
    const [first, ...later] = payloads;
    const firstEdges = (first!.data!.customers as { edges: Array<{ node: { id: string } }> }).edges;
    expect(firstEdges.map((edge) => edge.node.id)).toEqual(ids.slice(0, 2));
    expect(first?.pending).toEqual([{ id: '0', path: ['customers', 'edges'] }]);
    const streamed = later
      .flatMap((payload) => payload.incremental ?? [])
      .flatMap((part) => (part.items ?? []) as Array<{ node: { id: string } }>);
    expect(streamed.map((edge) => edge.node.id)).toEqual(ids.slice(2));
    expect(later.at(-1)?.hasNext).toBe(false);
  });
});

describe('a stream outlives the request budget, each of its payloads bounded by it', () => {
  let indexed: IndexedGateway;
  beforeAll(async () => {
    // Vendor timeouts far past the budget: a call cut off at the budget was cut off by the budget.
    indexed = await startIndexedGateway({ requestBudgetMs: BUDGET_MS, http: { responseTimeoutMs: 20_000, totalTimeoutMs: 20_000 } });
  });
  afterAll(() => indexed.stop());

  const createAmelia = (email: string) =>
    indexed.execute('mutation New($input: CreateCustomerInput!) { createCustomer(input: $input) { __typename } }', {
      input: { source: 'AMELIA', firstName: 'Deferred', lastName: 'Stream', email },
    });

  it('a subscription event reads a vendor live, after the budget and again for each event; one event past it fails alone', async () => {
    const stream = await openEventStream<{ data?: { customerChanged: { customer: { email: string; deletionCheck: unknown } | null } } }>(
      indexed.origin,
      { query: 'subscription { customerChanged(filter: { sources: [AMELIA] }) { customer { email deletionCheck { checkedBySource } } } }' },
    );
    await new Promise((resolve) => setTimeout(resolve, BUDGET_MS + 300));
    await createAmelia('after.budget@defer.example.test');
    const [late] = await stream.next(1);
    expect(late?.data?.customerChanged.customer).toEqual({
      email: 'after.budget@defer.example.test',
      deletionCheck: { checkedBySource: true },
    });

    indexed.vendors.amelia.server.injectFault({ fault: { kind: 'hang' }, when: isEffectCall, times: 1 });
    await createAmelia('hung.check@defer.example.test');
    const [, hung] = (await stream.next(2)) as Array<Payload & { data?: { customerChanged: { customer: { deletionCheck: unknown } } } }>;
    expect(hung?.data?.customerChanged.customer.deletionCheck).toBeNull();
    expect(hung?.errors?.[0]?.extensions).toMatchObject({ code: 'SOURCE_UNAVAILABLE', source: 'AMELIA', reason: 'TIMEOUT' });

    await createAmelia('next.event@defer.example.test');
    const [, , next] = await stream.next(3);
    expect(next?.data?.customerChanged.customer).toEqual({
      email: 'next.event@defer.example.test',
      deletionCheck: { checkedBySource: true },
    });
    await stream.close();
  }, 30_000);

  it('a deferred part whose vendor never answers fails its field with TIMEOUT once the budget is spent', async () => {
    const id = (
      await indexed.execute<{ customers: { edges: Array<{ node: { id: string } }> } }, Record<string, unknown>>(
        'query { customers(first: 1, filter: { sources: [AMELIA] }) { edges { node { id } } } }',
      )
    ).data!.customers.edges[0]!.node.id;
    indexed.vendors.amelia.server.injectFault({ fault: { kind: 'hang' }, when: isEffectCall, times: 1 });
    const stream = await openEventStream<Payload>(indexed.origin, { query: DEFERRED_CHECK, variables: { id } });
    const [first, part] = await stream.next(2);
    await stream.close();
    expect(first).toMatchObject({ data: { customer: { id } }, hasNext: true });
    expect(part?.incremental?.[0]?.errors?.[0]?.extensions).toMatchObject({
      code: 'SOURCE_UNAVAILABLE',
      source: 'AMELIA',
      reason: 'TIMEOUT',
    });
  });
});
