// The customers connection: every selected source in enum order, through the generic pager.
import type { CursorSeal } from '../connections/cursor-seal.ts';
import { SourceError } from '../sources/errors.ts';
import type { Customer, CustomerListFilter, CustomerSourceName } from '../sources/model.ts';
import { cursorScope } from './cursor.ts';
import type { Loaders } from './index.ts';
import { pageAcrossSources, type Paged } from './paging.ts';

export interface CustomerPageQuestion {
  /** Selected sources, in enum order. */
  sources: CustomerSourceName[];
  filter: CustomerListFilter;
  first: number;
  after: string | null;
}

export function pageCustomers(question: CustomerPageQuestion, loaders: Loaders, cursors: CursorSeal): Promise<Paged<Customer>> {
  const { sources, filter } = question;
  const scope = cursorScope({
    sources,
    search: filter.search ?? null,
    email: filter.email ?? null,
    customField: filter.customField ? [filter.customField.fieldId, filter.customField.value] : null,
  });
  return pageAcrossSources({ ...question, scope, cursors }, async (source, token, sizeHint) => {
    const page = await loaders.page(source, { filter, token, sizeHint });
    return { items: page.customers, next: page.next };
  });
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
