// Reading a whole PLATFORM collection (paged as platform-customers-jsonapi.txt's "JSON-API Conventions"
// say): the first page tells how many follow, those come in parallel, each checked against the page asked.
import { SourceError } from '../errors.ts';
import type { PageRequest } from './client.ts';
import type { PlatformPageMeta } from './payloads.ts';

/** The largest page the PLATFORM serves, and the one a whole-collection read asks for. */
export const PAGE_SIZE = 100;
// Bounds one enumeration (100 000 records); only a vendor whose page count is broken reaches it.
const MAX_PAGES = 1_000;

export interface PagedCollection<T> {
  data: T[];
  /** Absent: the vendor sent the whole collection at once. */
  meta?: { page: PlatformPageMeta } | undefined;
}

/** Every item of the collection; null when the first page answered 404 (the owner is unknown). */
export async function allPages<T>(fetchPage: (page: PageRequest) => Promise<PagedCollection<T> | null>): Promise<T[] | null> {
  const first = await fetchPage({ number: 1, size: PAGE_SIZE });
  if (first === null) return null;
  const lastPage = checked(first, 1)?.lastPage ?? 1;
  if (lastPage > MAX_PAGES) throw badResponse();
  const rest = await Promise.all(
    laterPages(lastPage).map(async (number) => {
      const page = await fetchPage({ number, size: PAGE_SIZE });
      if (page === null || !checked(page, number)) throw badResponse();
      return page.data;
    }),
  );
  return [first.data, ...rest].flat();
}

/** The numbers of the pages after the first, up to `lastPage`. */
export function laterPages(lastPage: number): number[] {
  return Array.from({ length: Math.max(0, lastPage - 1) }, (_, index) => index + 2);
}

function checked<T>(page: PagedCollection<T>, number: number): PlatformPageMeta | undefined {
  const meta = page.meta?.page;
  if (meta !== undefined && (page.data.length > PAGE_SIZE || meta.currentPage !== number)) throw badResponse();
  return meta;
}

function badResponse(): SourceError {
  return new SourceError('PLATFORM', 'BAD_RESPONSE');
}
