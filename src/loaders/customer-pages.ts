// One Relay connection over several sources: sources in enum order, each in its own order, each
// cursor carrying its source's own paging position. A failing source is skipped and reported.
import { badUserInput } from '../errors.ts';
import { SourceError } from '../sources/errors.ts';
import type { Customer, CustomerListFilter, CustomerSourceName, PageToken } from '../sources/model.ts';
import { cursorScope, decodeCursor, encodeCursor } from './cursor.ts';
import type { Loaders } from './index.ts';

export interface CustomerEdge {
  cursor: string;
  node: Customer;
}

export interface CustomerPageResult {
  edges: CustomerEdge[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Sources that failed; their records are missing from this page. */
  failures: SourceError[];
}

export interface CustomerPageQuestion {
  /** Selected sources, in enum order. */
  sources: CustomerSourceName[];
  filter: CustomerListFilter;
  first: number;
  after: string | null;
}

export function questionScope(question: Pick<CustomerPageQuestion, 'sources' | 'filter'>): string {
  return cursorScope({ sources: question.sources, search: question.filter.search ?? null, email: question.filter.email ?? null });
}

export async function pageCustomers(question: CustomerPageQuestion, loaders: Loaders): Promise<CustomerPageResult> {
  const { sources, filter, first } = question;
  const scope = questionScope(question);
  let sourceIndex = 0;
  let token: PageToken | null = null;
  let skip = 0;
  if (question.after !== null) {
    const cursor = decodeCursor(question.after, scope);
    sourceIndex = sources.indexOf(cursor.source);
    if (sourceIndex < 0) throw badUserInput('`after` points into a source this filter does not select', 'after');
    token = cursor.token;
    skip = cursor.index + 1;
  }

  const edges: CustomerEdge[] = [];
  const failures: SourceError[] = [];
  let hasNextPage = false;
  // Read one record past `first`: that is how we know, exactly, whether a next page exists.
  while (sourceIndex < sources.length && !hasNextPage) {
    const source = sources[sourceIndex] as CustomerSourceName;
    try {
      const page = await loaders.page(source, { filter, token, sizeHint: first - edges.length + 1 });
      for (let index = skip; index < page.customers.length; index++) {
        if (edges.length === first) {
          hasNextPage = true;
          break;
        }
        edges.push({ cursor: encodeCursor({ source, token, index, scope }), node: page.customers[index] as Customer });
      }
      if (page.next !== null) {
        token = page.next;
        skip = 0;
        continue;
      }
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      failures.push(error);
    }
    sourceIndex += 1;
    token = null;
    skip = 0;
  }
  return { edges, hasNextPage, hasPreviousPage: question.after !== null, failures };
}

export interface CustomerCount {
  total: number;
  failures: SourceError[];
}

export async function countCustomers(
  sources: CustomerSourceName[],
  filter: CustomerListFilter,
  loaders: Loaders,
): Promise<CustomerCount> {
  const settled = await Promise.allSettled(sources.map((source) => loaders.count(source, filter)));
  const failures: SourceError[] = [];
  let total = 0;
  for (const result of settled) {
    if (result.status === 'fulfilled') total += result.value;
    else if (result.reason instanceof SourceError) failures.push(result.reason);
    else throw result.reason;
  }
  return { total, failures };
}
