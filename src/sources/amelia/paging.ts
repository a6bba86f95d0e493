// Amelia's page-number paging, shared by the customer and the provider lists (amelia-customers.txt,
// amelia-employees.txt: `page`, `filteredCount`/`countFiltered`).
import { InvalidPageTokenError } from '../errors.ts';
import type { PageToken } from '../model/index.ts';

/** The page a token names: a page number this adapter handed out; null is the first page. */
export function pageFromToken(token: PageToken | null): number {
  if (token === null) return 1;
  if (typeof token === 'number' && Number.isSafeInteger(token) && token >= 1) return token;
  throw new InvalidPageTokenError('AMELIA');
}

export interface PageTracker {
  /** The page after `page`, or null when `page` was the last. */
  following(page: number, received: number, filteredCount: number): number | null;
}

/**
 * Amelia's page size is a site setting: learned from the answers, never assumed. A first page
 * shorter than `filteredCount` shows it; a later page is the last when the records seen reach
 * `filteredCount` (or it is empty). Without a learned size a short last page looks like a full one,
 * so `next` may then lead to one empty page.
 */
export function createPageTracker(): PageTracker {
  let pageSize: number | null = null;
  return {
    following(page, received, filteredCount) {
      if (received === 0) return null;
      if (page === 1 && received < filteredCount) pageSize = received;
      else if (pageSize !== null && received > pageSize) pageSize = null;
      // Every earlier page held at least `received` records.
      if (page * received >= filteredCount) return null;
      if (pageSize !== null && received < pageSize && (page - 1) * pageSize + received === filteredCount) return null;
      return page + 1;
    },
  };
}
