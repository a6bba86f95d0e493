// KB Support pages by id in both installation shapes: customers created or deleted between pages are
// neither repeated nor skipped, and what the observed list cannot show is read once per request.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { kbSupportSeed } from '../../src/sandbox/kbsupport/data.ts';
import { createKbSupportSandbox, type KbSupportBehaviour } from '../../src/sandbox/kbsupport/server.ts';
import type { RecordedRequest } from '../../src/sandbox/server.ts';
import { createKbSupportSource } from '../../src/sources/kbsupport/source.ts';
import type { CustomerSource, PageToken } from '../../src/sources/model/index.ts';
import { createRequestScope, type RequestScope } from '../../src/sources/request-scope.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { recordingCall, TEST_HTTP_SETTINGS } from '../support/sources.ts';

const SEED_IDS = kbSupportSeed()
  .map((customer) => customer.id)
  .sort((a, b) => b - a)
  .map(String);
/** kbsupport-observed.md: the list only ever shows the 20 highest ids. */
const LOWEST_LISTED = Number(SEED_IDS[19]);
const call = recordingCall();

/** One request's scope: its reads shared, as a GraphQL request's are. */
function requestScope(): RequestScope {
  return createRequestScope({ requestId: 'one-request', signal: new AbortController().signal, deadlineAt: Date.now() + 60_000 });
}

const restRoute = (request: RecordedRequest) =>
  request.path.startsWith('/wp-json/') ? request.path.slice('/wp-json'.length) : (request.query.get('rest_route') ?? request.path);
const singleIds = (requests: readonly RecordedRequest[]) =>
  requests.flatMap((r) => /^\/kbs\/v1\/customers\/(\d+)$/.exec(restRoute(r))?.[1] ?? []);

/** Every page from the first; `between` runs after each page but the last. */
async function walk(source: CustomerSource, sizeHint: number, between: (page: number) => void, scope = call): Promise<string[]> {
  const ids: string[] = [];
  let token: PageToken | null = null;
  for (let page = 1; page < 100; page++) {
    const answer = await source.listPage({ filter: {}, token, sizeHint }, scope);
    ids.push(...answer.customers.map((customer) => customer.sourceId));
    if (answer.next === null) return ids;
    token = answer.next;
    between(page);
  }
  throw new Error('listPage never reached the end');
}

describe.each(['observed', 'documented'] as const satisfies readonly KbSupportBehaviour[])(
  'KB Support pages by id, %s installation',
  (behaviour) => {
    const sandbox = createKbSupportSandbox({ behaviour });
    let source: CustomerSource;
    /** The seed and 28 customers more: documented pages (20 each) take three, the observed list hides more. */
    let atStart: string[];

    beforeAll(async () => {
      await sandbox.server.start(0);
    });
    afterAll(() => sandbox.server.stop());
    beforeEach(() => {
      sandbox.reset();
      const added = Array.from({ length: 28 }, () => String(sandbox.addCustomer())).reverse();
      atStart = [...added, ...SEED_IDS];
      source = createKbSupportSource({
        url: sandbox.server.url,
        ...sandbox.credentials,
        timeZone: sandbox.timeZone,
        http: TEST_HTTP_SETTINGS,
      });
    });

    it('shows every customer exactly once when customers are created between pages (the new ones are above the walk)', async () => {
      const created: string[] = [];
      const ids = await walk(source, 7, () => created.push(String(sandbox.addCustomer())));
      expect(created.length).toBeGreaterThan(1);
      expect(ids).toEqual(atStart);
    });

    it('shows every customer exactly once when customers already shown are deleted between pages', async () => {
      const deleted: string[] = [];
      const ids = await walk(source, 7, (page) => {
        // One of the newest (shown on page 1): every later position moves up by one.
        const id = atStart[page - 1] as string;
        deleted.push(id);
        sandbox.deleteCustomer(Number(id));
      });
      expect(deleted.length).toBeGreaterThan(1);
      expect(ids).toEqual(atStart);
    });

    it('drops a customer deleted before its page came, and no other', async () => {
      const later = atStart.at(-3) as string;
      const ids = await walk(source, 7, (page) => {
        if (page === 1) sandbox.deleteCustomer(Number(later));
        // And the list keeps changing above: one created, one shown deleted.
        sandbox.addCustomer();
        sandbox.deleteCustomer(Number(atStart[page]));
      });
      expect(ids).toEqual(atStart.filter((id) => id !== later));
    });

    it('reads what the list cannot show once per request, however many pages and counts ask', async () => {
      const scope = requestScope();
      await source.probe(call);
      sandbox.server.clearLog();
      const ids = await walk(
        source,
        7,
        () => {
          void source.count({}, scope);
        },
        scope,
      );
      expect(ids).toEqual(atStart);
      expect(await source.count({}, scope)).toBe(atStart.length);
      expect(await source.count({ search: 'jordan' }, scope)).toBe(2);
      const asked = singleIds(sandbox.server.requests);
      expect(new Set(asked).size).toBe(asked.length);
      // Observed: every id below the 20 listed, once; documented: the list shows them all.
      if (behaviour === 'observed') expect(asked).toHaveLength(Number(atStart[19]) - 1);
      else expect(asked).toHaveLength(0);
    });
  },
);

describe('KB Support totalCount in one GraphQL request over several pages (observed installation)', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(() => gateway.stop());
  beforeEach(() => gateway.reset());

  it('costs each id below the list one read', async () => {
    const answer = await gateway.execute<{ customers: { totalCount: number; edges: unknown[] } }, Record<string, never>>(
      '{ customers(first: 45, filter: { sources: [KB_SUPPORT] }) { totalCount edges { node { id } } } }',
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.customers.totalCount).toBe(SEED_IDS.length);
    expect(answer.data?.customers.edges).toHaveLength(SEED_IDS.length);
    const asked = singleIds(gateway.vendors.kbSupport.server.requests);
    expect(asked).toHaveLength(LOWEST_LISTED - 1);
    expect(new Set(asked).size).toBe(asked.length);
  });
});
