// The questions the synced index's benchmark asks (bench/index.ts): each one GraphQL operation, asked
// with `consistency: INDEXED` or `LIVE`, about records found through the gateway when the run starts.
import { goodAnswer, send } from './measure.ts';
import { type BenchRequest, SEARCH_TERM } from './scenarios.ts';

export type Consistency = 'INDEXED' | 'LIVE';

export type QuestionKey = 'searchName' | 'search' | 'searchLong' | 'email' | 'sameAs' | 'sorted';

export const QUESTION_TITLES: Record<QuestionKey, string> = {
  searchName: `cross-source search "${SEARCH_TERM}"`,
  search: 'cross-source search, a short term',
  searchLong: 'cross-source search, a long term (one person’s whole email)',
  email: 'email lookup',
  sameAs: 'first page of 20 with `sameAs`',
  sorted: 'sorted page of 20 (`orderBy: LAST_NAME`)',
};

/** What the questions are about: found through the gateway's index once it is loaded. */
export interface IndexFixture {
  shortTerm: string;
  longTerm: string;
  email: string;
}

const PAGE = 20;

const NODE_FIELDS = 'id source sourceId displayName email';

const SEARCH_DOCUMENT = `query IndexBenchSearch($c: Consistency!, $term: String!) {
    customers(first: ${PAGE}, consistency: $c, filter: { search: $term }) { edges { node { ${NODE_FIELDS} } } }
  }`;

const DOCUMENTS: Record<QuestionKey, string> = {
  searchName: SEARCH_DOCUMENT,
  search: SEARCH_DOCUMENT,
  searchLong: SEARCH_DOCUMENT,
  email: `query IndexBenchEmail($c: Consistency!, $email: EmailAddress!) {
    customers(first: ${PAGE}, consistency: $c, filter: { email: $email }) { edges { node { ${NODE_FIELDS} } } }
  }`,
  sameAs: `query IndexBenchSameAs($c: Consistency!) {
    customers(first: ${PAGE}, consistency: $c) { edges { node { ${NODE_FIELDS} sameAs { id source } } } }
  }`,
  sorted: `query IndexBenchSorted($c: Consistency!) {
    customers(first: ${PAGE}, consistency: $c, orderBy: [{ field: LAST_NAME }]) { edges { node { ${NODE_FIELDS} lastName } } }
  }`,
};

function variables(key: QuestionKey, fixture: IndexFixture): Record<string, string> {
  switch (key) {
    case 'searchName':
      return { term: SEARCH_TERM };
    case 'search':
      return { term: fixture.shortTerm };
    case 'searchLong':
      return { term: fixture.longTerm };
    case 'email':
      return { email: fixture.email };
    default:
      return {};
  }
}

export function question(key: QuestionKey, consistency: Consistency, fixture: IndexFixture): BenchRequest[] {
  return [
    {
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: DOCUMENTS[key], variables: { c: consistency, ...variables(key, fixture) } }),
    },
  ];
}

export async function ask<T>(url: string, query: string, vars: Record<string, unknown> = {}): Promise<T> {
  const { status, text } = await send(url, {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables: vars }),
  });
  if (status !== 200 || !goodAnswer(text)) throw new Error(`the gateway answered ${status}: ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { data: T }).data;
}

/**
 * A person present in more than one source (the sandbox shares generated people across vendors by
 * email): the email lookup asks for them, the long search term is their whole address.
 */
export async function findFixture(url: string): Promise<IndexFixture> {
  const data = await ask<{ customers: { edges: Array<{ node: { email: string | null; sameAs: unknown[] } }> } }>(
    url,
    `{ customers(first: 50, filter: { sources: [CRM] }) { edges { node { email sameAs { id } } } } }`,
  );
  // An ASCII address, as most are (the sandbox also has internationalised ones).
  const shared = data.customers.edges
    .map((edge) => edge.node)
    .find((node) => node.email && /^[\x20-\x7e]+$/.test(node.email) && node.sameAs.length > 0);
  const email = shared?.email ?? data.customers.edges.find((edge) => edge.node.email)?.node.email;
  if (!email) throw new Error('no CRM customer with an email in the index');
  return { shortTerm: 'an', longTerm: email, email };
}

/** Questions answered at once (one request each): every answer must be good. */
export async function checkQuestions(url: string, keys: QuestionKey[], consistency: Consistency, fixture: IndexFixture): Promise<void> {
  for (const key of keys) {
    const [request] = question(key, consistency, fixture);
    if (!request) continue;
    const { status, text } = await send(url, request);
    if (status !== 200 || !goodAnswer(text)) throw new Error(`${key} (${consistency}) answered ${status}: ${text.slice(0, 400)}`);
  }
}
