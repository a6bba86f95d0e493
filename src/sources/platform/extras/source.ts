// Everything the PLATFORM offers beyond plain customer records (platform-customers-jsonapi.txt, from
// "Custom Fields" to "Exporting Customers"), as one PlatformExtras.
import type { Customer, CustomerOf, PlatformExtras, RequestScope } from '../../model/index.ts';
import type { PlatformClient } from '../client.ts';
import type { CustomFieldDefinitions } from '../custom-fields/definitions.ts';
import { createCustomFieldReads } from '../custom-fields/source.ts';
import { createCustomFieldWrites } from '../custom-fields/writer.ts';
import type { PlatformListFilter } from '../list-filter.ts';
import { createCommunityRemoval } from './community.ts';
import { createExportOperations } from './exports.ts';
import { createIdentifierOperations } from './identifiers.ts';
import { createMerge } from './merge.ts';

export interface PlatformExtrasDeps {
  client: PlatformClient;
  organization: string;
  /** The organization's custom field definitions, where this PLATFORM lists them. */
  definitions: CustomFieldDefinitions;
  /** The read path a write answers through: the customer as the vendor has it after the write. */
  getById(id: string, scope: RequestScope): Promise<Customer | null>;
  /** Every customer of a filtered list, each checked against the filter (on our side alone where the vendor does not filter so). */
  collect(filter: PlatformListFilter, scope: RequestScope): Promise<Array<CustomerOf<'PLATFORM'>>>;
}

export function createPlatformExtras(deps: PlatformExtrasDeps): PlatformExtras {
  const { client, organization, definitions, getById, collect } = deps;
  return {
    ...createCustomFieldReads(client, definitions),
    ...createCustomFieldWrites({ client, organization, definitions, getById }),
    ...createIdentifierOperations(client, organization),
    // The document only says customers link to accounts "via account_id": list-filter.ts tries `filter[account_id]`.
    customersOfAccount: async (accountId, scope) => (accountId.trim() === '' ? [] : collect({ accountId }, scope)),
    merge: createMerge(client, getById),
    removeFromCommunity: createCommunityRemoval(client),
    ...createExportOperations(client),
  };
}
