// The benchmark's scenarios: the GraphQL operation sent to the gateway, the equivalent request to the
// baseline (bench/baseline.ts), and the fewest vendor calls the answer can be had with.
//
// The records a scenario names (customer ids) are found when the benchmark starts (see Fixture), in
// the sandbox's seed data (src/sandbox/seed.ts): Amelia 30 customers (10 a list page), KB Support 32
// (ids 1–35, the list shows the 20 newest), the PLATFORM 30 (up to 100 a page), the CRM 28 (10 a
// page, cursor paging), Amelia 12 employees (10 a list page).

export const SCENARIO_KEYS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
export type ScenarioKey = (typeof SCENARIO_KEYS)[number];

export type SourceName = 'AMELIA' | 'KB_SUPPORT' | 'PLATFORM' | 'CRM';
export const SOURCE_NAMES: readonly SourceName[] = ['AMELIA', 'KB_SUPPORT', 'PLATFORM', 'CRM'];

/** Vendor ids of each source, in the gateway's list order; found at start-up. */
export interface Fixture {
  ids: Record<SourceName, string[]>;
  platformOrganization: string;
}

/** How many of each source's first customers scenario (b) asks for: 50 in all. */
export const BATCH_PER_SOURCE: Record<SourceName, number> = { AMELIA: 13, KB_SUPPORT: 13, PLATFORM: 12, CRM: 12 };

export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Scenario {
  key: ScenarioKey;
  title: string;
  /** The fewest vendor calls per operation this answer can be had with, and why. */
  minimum: { calls: number; why: string };
  /** One autocannon cycle (each connection repeats it). */
  gateway(fixture: Fixture): BenchRequest[];
  baseline(fixture: Fixture): BenchRequest[];
  /** The same answer from the peer gateway (GraphQL Mesh, `--peer mesh`), where it can give it. */
  peer?(): BenchRequest[];
  /** The vendor ids an answer holds, source by source: gateway, baseline and peer must hold the same. */
  records?: { gateway(text: string): string[]; baseline(text: string): string[]; peer(text: string): string[] };
}

export const SEARCH_TERM = 'jordan';
export const NOTE_TEXT = 'Benchmark note: call back in the morning.';

export const CUSTOMER_BY_ID = /* GraphQL */ `
  query BenchCustomerById($id: ID!) {
    customer(id: $id) {
      id source sourceId displayName firstName lastName email phone birthday gender note locale createdAt updatedAt
    }
  }
`;

export const CUSTOMERS_BY_IDS = /* GraphQL */ `
  query BenchCustomersByIds($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Customer {
        id source sourceId displayName email
        sameAs { id source email }
        customFields { fieldId label formattedValue }
        identifiers { code type }
      }
    }
  }
`;

export const SEARCH_CUSTOMERS = /* GraphQL */ `
  query BenchSearchCustomers($search: String!, $first: Int!) {
    customers(first: $first, filter: { search: $search }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id source sourceId displayName email phone } }
    }
  }
`;

export const EMPLOYEE_SCHEDULES = /* GraphQL */ `
  query BenchEmployeeSchedules($first: Int!) {
    employees(first: $first) {
      totalCount
      edges {
        node {
          id sourceId displayName
          weeklySchedule { day start end breaks { start end } periods { start end locationIds serviceIds } }
        }
      }
    }
  }
`;

export const UPDATE_NOTE = /* GraphQL */ `
  mutation BenchUpdateNote($id: ID!, $note: String!) {
    updateCustomer(id: $id, input: { note: $note }) {
      __typename
      ... on UpdateCustomerSuccess { customer { id note updatedAt } }
      ... on Error { message }
    }
  }
`;

/** (f): the everyday list — the first page of three sources, one field each. */
export const FIRST_PAGES = /* GraphQL */ `
  query BenchFirstPages($first: Int!) {
    amelia: customers(first: $first, filter: { sources: [AMELIA] }) { ...Page }
    platform: customers(first: $first, filter: { sources: [PLATFORM] }) { ...Page }
    crm: customers(first: $first, filter: { sources: [CRM] }) { ...Page }
  }
  fragment Page on CustomerConnection {
    pageInfo { hasNextPage endCursor }
    edges { node { id sourceId firstName lastName email } }
  }
`;

/** (f) through GraphQL Mesh (../shared/peers/mesh): its mirror of each vendor's list, the same records and fields. */
export const MESH_FIRST_PAGES = /* GraphQL */ `
  query MeshFirstPages {
    amelia: ameliaCustomers(page: 1) { data { users { id firstName lastName email } filteredCount } }
    platform: platformCustomers(page: { size: 10, number: 1 }) { data { id attributes { given_name family_name email } } links { next } }
    crm: crmCustomers { data { users { id firstName lastName email } next } }
  }
`;

export const FIRST_PAGE_SIZE = 10;

type Answer = { data?: Record<string, unknown> };
const idsOf = (list: unknown, pick: (item: Record<string, unknown>) => unknown): string[] =>
  Array.isArray(list) ? list.map((item: Record<string, unknown>) => String(pick(item))) : [];

/** The global id the gateway hands out for a customer (src/schema/global-id.ts). */
export function customerGlobalId(source: SourceName, id: string, fixture: Fixture): string {
  const local = source === 'PLATFORM' ? `PLATFORM:${fixture.platformOrganization}:${id}` : `${source}:${id}`;
  return Buffer.from(`Customer:${local}`, 'utf8').toString('base64');
}

function firstId(fixture: Fixture, source: SourceName): string {
  const id = fixture.ids[source][0];
  if (id === undefined) throw new Error(`the sandbox has no ${source} customer`);
  return id;
}

/** The 50 customers of scenario (b): the first of each source, in enum order. */
export function batchKeys(fixture: Fixture): Array<{ source: SourceName; id: string }> {
  return SOURCE_NAMES.flatMap((source) => {
    const ids = fixture.ids[source].slice(0, BATCH_PER_SOURCE[source]);
    if (ids.length < BATCH_PER_SOURCE[source])
      throw new Error(`the sandbox has fewer than ${BATCH_PER_SOURCE[source]} ${source} customers`);
    return ids.map((id) => ({ source, id }));
  });
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };

function graphql(query: string, variables: Record<string, unknown>): BenchRequest {
  return { method: 'POST', path: '/graphql', headers: JSON_HEADERS, body: JSON.stringify({ query, variables }) };
}

function post(path: string, body: unknown): BenchRequest {
  return { method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

const readA = (fixture: Fixture): BenchRequest =>
  graphql(CUSTOMER_BY_ID, { id: customerGlobalId('AMELIA', firstId(fixture, 'AMELIA'), fixture) });
const baselineA = (fixture: Fixture): BenchRequest => ({
  method: 'GET',
  path: `/customer?source=AMELIA&id=${encodeURIComponent(firstId(fixture, 'AMELIA'))}`,
});

/** (e): reads of (a) to each write. */
export const MIX_READS = 9;

const FIRST_PAGE_SOURCES = ['amelia', 'platform', 'crm'] as const;

export const SCENARIOS: Record<ScenarioKey, Scenario> = {
  a: {
    key: 'a',
    title: 'one customer by id (Amelia)',
    minimum: { calls: 1, why: 'one Amelia `GET …/users/customers/{id}`.' },
    gateway: (fixture) => [readA(fixture)],
    baseline: (fixture) => [baselineA(fixture)],
  },
  b: {
    key: 'b',
    title: '50 customers by id (13 Amelia, 13 KB Support, 12 PLATFORM, 12 CRM) with sameAs, customFields, identifiers',
    minimum: {
      calls: 47,
      why:
        'Amelia 3 (its whole list, 3 pages of 10 read in parallel once its length is known, holds the 13 asked for and every ' +
        'address sameAs needs), KB Support 15 (the list — the 20 newest, holding the 13 asked for — and ids 14…1 one by one: ' +
        'no filter works), PLATFORM 14 (one page of 100 holds all 30 customers, 1 for the custom field definitions, 12 ' +
        '`model-identifiers`: there is no batch route), CRM 15 (12 by id: no batch route; its whole list, 3 pages, for sameAs: ' +
        'no email filter). The CRM pages come one after another (an offset cursor): taking the 12 from them would make 35 ' +
        'calls, but every by-id answer would then wait three round trips instead of one, so 47 is the minimum that keeps ' +
        'each read at its shortest. Item by item, as the baseline asks (Amelia 13 by id + a search per address; KB Support ' +
        '13 by id + list + 14; PLATFORM 1 batch + definitions + a `filter[email]` per address + 12; CRM 12 by id + 3 list ' +
        'pages), it takes 136.',
    },
    gateway: (fixture) => [
      graphql(CUSTOMERS_BY_IDS, { ids: batchKeys(fixture).map((key) => customerGlobalId(key.source, key.id, fixture)) }),
    ],
    baseline: (fixture) => [post('/customers/by-ids', { ids: batchKeys(fixture) })],
  },
  c: {
    key: 'c',
    title: `search "${SEARCH_TERM}" across all four sources, first 20, with totalCount`,
    minimum: {
      calls: 20,
      why:
        'Amelia 1 (its search; 3 matches fit one page, `filteredCount` is the total), KB Support 15 (list + ids 14…1: ' +
        'no search), PLATFORM 1 (`filter[search]`, one page of 100 gives page and total), CRM 3 (no search: the whole list). ' +
        'The page and `totalCount` can share every call.',
    },
    gateway: () => [graphql(SEARCH_CUSTOMERS, { search: SEARCH_TERM, first: 20 })],
    baseline: () => [{ method: 'GET', path: `/customers/search?search=${encodeURIComponent(SEARCH_TERM)}&first=20` }],
  },
  d: {
    key: 'd',
    title: '20 employees with their weekly schedules (Amelia has 12)',
    minimum: {
      calls: 14,
      why: 'Amelia 2 provider list pages (12 providers, 10 a page) + 12 `GET …/providers/{id}` (the list carries no schedule).',
    },
    gateway: () => [graphql(EMPLOYEE_SCHEDULES, { first: 20 })],
    baseline: () => [{ method: 'GET', path: '/employees?first=20' }],
  },
  e: {
    key: 'e',
    title: `read/write mix: ${MIX_READS} × (a), 1 × updateCustomer (CRM note)`,
    minimum: {
      calls: (MIX_READS + 2) / (MIX_READS + 1),
      why: `${MIX_READS} × 1 for the reads; the write is a CRM \`PATCH\` and a \`GET\` (the PATCH answers only \`succeed\`), so ${MIX_READS + 2} calls every ${MIX_READS + 1} operations.`,
    },
    gateway: (fixture) => [
      ...Array.from({ length: MIX_READS }, () => readA(fixture)),
      graphql(UPDATE_NOTE, { id: customerGlobalId('CRM', firstId(fixture, 'CRM'), fixture), note: NOTE_TEXT }),
    ],
    baseline: (fixture) => [
      ...Array.from({ length: MIX_READS }, () => baselineA(fixture)),
      post('/customer/note', { source: 'CRM', id: firstId(fixture, 'CRM'), note: NOTE_TEXT }),
    ],
  },
  f: {
    key: 'f',
    title: `the everyday list: the first page (${FIRST_PAGE_SIZE}) of Amelia, the PLATFORM and the CRM in one operation, one field each`,
    minimum: {
      calls: 3,
      why: "one list call per vendor: each answer says whether a next page exists (Amelia `filteredCount`, JSON:API `links.next`, the CRM's `next`).",
    },
    gateway: () => [graphql(FIRST_PAGES, { first: FIRST_PAGE_SIZE })],
    baseline: () => [{ method: 'GET', path: `/customers/first-pages?first=${FIRST_PAGE_SIZE}` }],
    peer: () => [graphql(MESH_FIRST_PAGES, {})],
    records: {
      gateway: (text) => {
        const data = (JSON.parse(text) as Answer).data ?? {};
        return FIRST_PAGE_SOURCES.flatMap((alias) =>
          idsOf((data[alias] as { edges?: unknown } | undefined)?.edges, (edge) => (edge.node as Record<string, unknown>).sourceId),
        );
      },
      baseline: (text) => {
        const data = (JSON.parse(text) as Answer).data ?? {};
        return FIRST_PAGE_SOURCES.flatMap((alias) =>
          idsOf((data[alias] as { edges?: unknown } | undefined)?.edges, (edge) => (edge.node as Record<string, unknown>).sourceId),
        );
      },
      peer: (text) => {
        const data = (JSON.parse(text) as Answer).data ?? {};
        const users = (alias: string) => (data[alias] as { data?: { users?: unknown } } | undefined)?.data?.users;
        return [
          ...idsOf(users('amelia'), (user) => user.id),
          ...idsOf((data.platform as { data?: unknown } | undefined)?.data, (resource) => resource.id),
          ...idsOf(users('crm'), (user) => user.id),
        ];
      },
    },
  },
};

/** A query that lists a source's first customers' vendor ids (for the Fixture). */
export const DISCOVER_IDS = /* GraphQL */ `
  query BenchDiscover($sources: [CustomerSource!]!, $first: Int!) {
    customers(first: $first, filter: { sources: $sources }) { edges { node { sourceId } } }
  }
`;
