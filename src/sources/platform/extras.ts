// Everything the PLATFORM offers beyond plain customer records, as one PlatformExtras.
import type { CustomerOf, PlatformExtras, RequestScope } from '../model/index.ts';
import type { PlatformClient } from './client.ts';
import { createCommunityRemoval } from './community.ts';
import { createCustomFieldOperations } from './custom-fields.ts';
import { createExportOperations } from './exports.ts';
import type { PlatformExtrasClient } from './extras-client.ts';
import { createIdentifierOperations } from './identifiers.ts';
import type { PlatformListFilter } from './list-filter.ts';
import { createMerge } from './merge.ts';
import type { PlatformReader } from './writer.ts';

export interface PlatformExtrasDeps {
  client: PlatformClient;
  extrasClient: PlatformExtrasClient;
  organization: string;
  reader: PlatformReader;
  /** Every customer of a filtered list, each checked against the filter. */
  collect(filter: PlatformListFilter, scope: RequestScope): Promise<Array<CustomerOf<'PLATFORM'>>>;
}

export function createPlatformExtras(deps: PlatformExtrasDeps): PlatformExtras {
  return {
    ...createCustomFieldOperations(deps),
    ...createIdentifierOperations(deps),
    // `filter[account_id]`: our choice of name; the document only says customers link to accounts "via account_id".
    customersOfAccount: async (accountId, scope) => (accountId.trim() === '' ? [] : deps.collect({ accountId }, scope)),
    merge: createMerge(deps),
    removeFromCommunity: createCommunityRemoval(deps.extrasClient),
    ...createExportOperations(deps.extrasClient),
  };
}
