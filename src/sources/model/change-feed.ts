// The CRM change feed: customers changed since a moment, page by page.
import type { RequestScope } from '../request-scope.ts';
import type { PageToken } from './common.ts';
import type { CustomerOf } from './customer.ts';

export interface CustomerChange {
  customer: CustomerOf<'CRM'>;
  /** The change's time (`updatedAt`, else `createdAt`). */
  changedAt: Date | null;
  archived: boolean;
}

export interface ChangePage {
  changes: CustomerChange[];
  /** The vendor cursor of the following page; null at the end (for now). */
  next: PageToken | null;
}

export interface ChangeFeed {
  /** One page of changes since `since`, oldest first; `token` null for the first page. */
  changesSince(since: Date, token: PageToken | null, scope: RequestScope): Promise<ChangePage>;
}
