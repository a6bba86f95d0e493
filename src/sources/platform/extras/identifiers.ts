// PLATFORM model identifiers (platform-customers-jsonapi.txt, "Resolving a Customer by Code", "Creating
// Custom Model Identifiers"): codes such as QR codes or member numbers that name a customer.
import { ValidationError, WriteOutcomeUnknownError } from '../../errors.ts';
import { isoToDate } from '../../kit/normalize.ts';
import type { ModelIdentifier, PlatformExtras, RequestScope } from '../../model/index.ts';
import { allPages } from '../all-pages.ts';
import type { PlatformClient } from '../client.ts';
import { distinctPlatformIds, platformCustomerId, sameId } from '../ids.ts';
import { toPlatformCustomer } from '../map.ts';
import { createIdentifier, listIdentifiers, resolveCode } from './client.ts';
import { type PlatformModelIdentifierResource, platformModelIdentifierDocumentSchema } from './payloads.ts';

export const IDENTIFIER_CODE_MAX = 255;

type IdentifierOperations = Pick<PlatformExtras, 'identifiers' | 'createModelIdentifier' | 'resolveCode'>;

export function toModelIdentifier(resource: PlatformModelIdentifierResource): ModelIdentifier {
  return {
    id: resource.id,
    code: resource.attributes.code,
    type: resource.attributes.type,
    createdAt: isoToDate(resource.attributes.created_at),
    sourceRecord: resource,
  };
}

export function createIdentifierOperations(client: PlatformClient, organization: string): IdentifierOperations {
  /** Every identifier of one customer; only those the vendor links to that customer (or to none named). */
  async function identifiersOf(customerId: string, scope: RequestScope): Promise<ModelIdentifier[]> {
    const resources = (await allPages((page) => listIdentifiers(client, customerId, page, scope))) ?? [];
    return resources.filter((resource) => belongsTo(resource, customerId)).map(toModelIdentifier);
  }

  return {
    async identifiers(customerIds, scope) {
      const wanted = distinctPlatformIds(customerIds);
      const lists = new Map(await Promise.all(wanted.map(async (id) => [id, await identifiersOf(id, scope)] as const)));
      return customerIds.map((id) => lists.get(id.toLowerCase()) ?? []);
    },

    async createModelIdentifier(customerId, code, type, scope) {
      if (code.trim() === '' || code.length > IDENTIFIER_CODE_MAX) {
        throw new ValidationError('code', `a code has 1 to ${IDENTIFIER_CODE_MAX} characters`);
      }
      if (type.trim() === '') throw new ValidationError('type', 'the type cannot be empty');
      const id = platformCustomerId(customerId);
      const answer = await createIdentifier(client, id, code, type, scope);
      const created = platformModelIdentifierDocumentSchema.safeParse(answer.body);
      if (!created.success || created.data.data.attributes.code !== code || !belongsTo(created.data.data, id)) {
        throw new WriteOutcomeUnknownError('PLATFORM');
      }
      return toModelIdentifier(created.data.data);
    },

    async resolveCode(code, scope) {
      if (code.trim() === '' || code.length > IDENTIFIER_CODE_MAX) return null;
      const resource = await resolveCode(client, code, scope);
      return resource === null ? null : toPlatformCustomer(resource, organization);
    },
  };
}

function belongsTo(resource: PlatformModelIdentifierResource, customerId: string): boolean {
  const linkage = resource.relationships?.identifiable?.data;
  return linkage == null || (linkage.type === 'customers' && sameId(linkage.id, customerId));
}
