// PLATFORM model identifiers (platform-customers-jsonapi.txt, "Resolving a Customer by Code",
// "Creating Custom Model Identifiers"): codes such as QR codes or member numbers that name a customer.
import { NotFoundError, SourceError, ValidationError, WriteOutcomeUnknownError } from '../errors.ts';
import { isPlatformId } from './ids.ts';
import type { ModelIdentifier, PlatformExtras, RequestScope } from '../model/index.ts';
import { isoToDate } from '../kit/normalize.ts';
import { allPages } from './all-pages.ts';
import { sameId } from './custom-field-write.ts';
import { vendorId } from './custom-fields.ts';
import type { PlatformExtrasAnswer, PlatformExtrasClient } from './extras-client.ts';
import { platformModelIdentifierDocumentSchema, type PlatformModelIdentifierResource } from './extras-payloads.ts';
import { toPlatformCustomer } from './map.ts';

export const IDENTIFIER_CODE_MAX = 255;

export interface IdentifierDeps {
  extrasClient: PlatformExtrasClient;
  organization: string;
}

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

export function createIdentifierOperations({ extrasClient, organization }: IdentifierDeps): IdentifierOperations {
  /** Every identifier of one customer; only those the vendor links to that customer (or to none named). */
  async function identifiersOf(customerId: string, scope: RequestScope): Promise<ModelIdentifier[]> {
    const resources = (await allPages((page) => extrasClient.listIdentifiers(customerId, page, scope))) ?? [];
    return resources.filter((resource) => belongsTo(resource, customerId)).map(toModelIdentifier);
  }

  return {
    async identifiers(customerIds, scope) {
      const wanted = [...new Set(customerIds.filter((id) => isPlatformId(id)).map((id) => id.toLowerCase()))];
      const lists = new Map(await Promise.all(wanted.map(async (id) => [id, await identifiersOf(id, scope)] as const)));
      return customerIds.map((id) => lists.get(id.toLowerCase()) ?? []);
    },

    async createModelIdentifier(customerId, code, type, scope) {
      if (code.trim() === '' || code.length > IDENTIFIER_CODE_MAX) {
        throw new ValidationError('code', `a code has 1 to ${IDENTIFIER_CODE_MAX} characters`);
      }
      if (type.trim() === '') throw new ValidationError('type', 'the type cannot be empty');
      const id = vendorId(customerId);
      const answer = await extrasClient.createIdentifier(id, code, type, scope);
      if (answer.kind === 'refused') throw refusal(answer, id);
      const created = platformModelIdentifierDocumentSchema.safeParse(answer.body);
      if (!created.success || created.data.data.attributes.code !== code || !belongsTo(created.data.data, id)) {
        throw new WriteOutcomeUnknownError('PLATFORM');
      }
      return toModelIdentifier(created.data.data);
    },

    async resolveCode(code, scope) {
      if (code.trim() === '' || code.length > IDENTIFIER_CODE_MAX) return null;
      const resource = await extrasClient.resolveCode(code, scope);
      return resource === null ? null : toPlatformCustomer(resource, organization);
    },
  };
}

function belongsTo(resource: PlatformModelIdentifierResource, customerId: string): boolean {
  const linkage = resource.relationships?.identifiable?.data;
  return linkage == null || (linkage.type === 'customers' && sameId(linkage.id, customerId));
}

const CODE_TAKEN = /already (been taken|exists)/i;

function refusal(answer: Extract<PlatformExtrasAnswer, { kind: 'refused' }>, customerId: string): Error {
  const pointers = answer.errors.map((error) => error.source?.pointer ?? '');
  if (answer.status === 404 || pointers.includes('/data/relationships/identifiable')) return new NotFoundError('PLATFORM', customerId);
  if (answer.status === 422) {
    const codeError = answer.errors.find((error) => error.source?.pointer === '/data/attributes/code');
    if (codeError) {
      const taken = CODE_TAKEN.test(codeError.detail ?? codeError.title ?? '');
      return new ValidationError('code', taken ? 'this code already names a customer of the organization' : 'the PLATFORM refused this code');
    }
    if (pointers.includes('/data/attributes/type')) return new ValidationError('type', 'the PLATFORM refused this type');
  }
  return new SourceError('PLATFORM', 'REJECTED', answer.status);
}
