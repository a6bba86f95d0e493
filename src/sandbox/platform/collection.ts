// One page of a PLATFORM sandbox collection (Laravel JSON:API `meta.page` and `links`), and the 400
// for a `filter[…]` or `page[…]` parameter a list does not know.
import type { SandboxResponse } from '../server.ts';
import type { PlatformContext } from './context.ts';
import { document, failure } from './jsonapi.ts';

const DEFAULT_PAGE_SIZE = 25;

const MAX_PAGE_SIZE = 100;

export const CUSTOM_FIELD_FILTER = /^filter\[custom_fields\]\[([^[\]]+)\]$/;

const PAGE_PARAMETERS = ['number', 'size'] as const;

/** A 400 for a `filter[…]` or `page[…]` parameter the route does not know. */
export function unsupportedParameter(
  query: URLSearchParams,
  filters: readonly string[],
  customFieldFilter: boolean,
): SandboxResponse | null {
  const families: Record<string, readonly string[]> = { filter: filters, page: PAGE_PARAMETERS };
  for (const key of new Set(query.keys())) {
    if (customFieldFilter && CUSTOM_FIELD_FILTER.test(key)) continue;
    const family = /^(\w+)\[(.*)\]$/.exec(key);
    const supported = family ? families[family[1] ?? ''] : undefined;
    if (family && supported && !supported.includes(family[2] ?? '')) {
      return failure(400, 'Bad Request', `The parameter ${key} is not supported.`, { parameter: key });
    }
  }
  return null;
}

/** One page of a collection, with Laravel JSON:API `meta.page` and `links`. */
export function collection<T>(context: PlatformContext, rows: readonly T[], toResource: (row: T) => unknown): SandboxResponse {
  const query = context.request.query;
  const number = positiveInteger(query.get('page[number]') ?? '1');
  if (number === null) {
    return failure(400, 'Bad Request', 'page[number] must be a positive integer.', { parameter: 'page[number]' });
  }
  const size = positiveInteger(query.get('page[size]') ?? String(DEFAULT_PAGE_SIZE));
  if (size === null || size > MAX_PAGE_SIZE) {
    return failure(400, 'Bad Request', `page[size] must be an integer from 1 to ${MAX_PAGE_SIZE}.`, { parameter: 'page[size]' });
  }
  const total = rows.length;
  const lastPage = Math.max(1, Math.ceil(total / size));
  const start = (number - 1) * size;
  const slice = rows.slice(start, start + size);
  const pageLink = (page: number) => {
    const params = new URLSearchParams(query);
    params.set('page[number]', String(page));
    params.set('page[size]', String(size));
    return `${context.origin}${context.request.path}?${params.toString()}`;
  };
  return document(200, {
    meta: {
      page: {
        currentPage: number,
        from: slice.length > 0 ? start + 1 : null,
        lastPage,
        perPage: size,
        to: slice.length > 0 ? start + slice.length : null,
        total,
      },
    },
    links: {
      first: pageLink(1),
      last: pageLink(lastPage),
      ...(number > 1 ? { prev: pageLink(number - 1) } : {}),
      ...(number < lastPage ? { next: pageLink(number + 1) } : {}),
    },
    data: slice.map(toResource),
  });
}

function positiveInteger(text: string): number | null {
  return /^[1-9]\d{0,8}$/.test(text) ? Number(text) : null;
}
