// The CRM change feed over `GET /v1/crm/customers/export?updatedSince=&offset=` (crm-customers.txt):
// one vendor page per call, its page token the vendor cursor that fetched it. Pages are checked, never trusted.
import { InvalidPageTokenError, SourceError } from '../errors.ts';
import type { ChangeFeed, ChangePage, CustomerChange, PageToken } from '../model/index.ts';
import type { CrmClient } from './client.ts';
import { toCrmCustomer } from './map.ts';
import type { CrmCustomerRecord } from './payloads.ts';

export function createCrmChangeFeed(client: CrmClient): ChangeFeed {
  return {
    async changesSince(since, token, scope): Promise<ChangePage> {
      if (Number.isNaN(since.getTime())) throw new RangeError('`since` is not a valid date');
      const offset = toExportOffset(token);
      const data = await client.exportCustomers(since.toISOString(), offset, scope);
      const next = data.next || null;
      // A cursor naming the page it came with would fetch that page forever.
      if (next !== null && next === offset) throw new SourceError('CRM', 'BAD_RESPONSE');
      const changes = data.items.map(toChange).filter((change) => !isBefore(change, since));
      return { changes, next };
    },
  };
}

/** An export item as a change: `changedAt` is `updatedAt`, else `createdAt`; archived when `archivedAt` is set. */
export function toChange(record: CrmCustomerRecord): CustomerChange {
  const customer = toCrmCustomer(record);
  return {
    customer,
    changedAt: customer.updatedAt ?? customer.createdAt,
    archived: !!record.archivedAt?.trim(),
  };
}

/**
 * An item the CRM should not have sent (changed before `since`). One without a readable time cannot
 * be shown to be early: it is kept, as missing a change is worse than seeing one twice.
 */
function isBefore(change: CustomerChange, since: Date): boolean {
  return change.changedAt !== null && change.changedAt.getTime() < since.getTime();
}

/** The vendor cursor a token carries (null: the first page); anything else was not handed out by us. */
function toExportOffset(token: PageToken | null): string | null {
  if (token === null) return null;
  // A lone surrogate cannot be put in a URL; no vendor cursor has one.
  if (typeof token === 'string' && token !== '' && token.isWellFormed()) return token;
  throw new InvalidPageTokenError('CRM');
}
