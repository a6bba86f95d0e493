// PLATFORM merges (platform-customers-jsonapi.txt, "Merging Duplicate Customers"): irreversible; the
// source customer is deleted and the target survives, answered as re-read.
import { MergeReferenceNotFoundError, ValidationError, WriteOutcomeUnknownError } from '../../errors.ts';
import { rereadAfterWrite } from '../../kit/reread.ts';
import type { Customer, PlatformExtras, RequestScope } from '../../model/index.ts';
import type { PlatformClient } from '../client.ts';
import { isPlatformId, platformCustomerId, sameId } from '../ids.ts';
import { platformCustomerDocumentSchema } from '../payloads.ts';
import { merge } from './client.ts';

type ReadById = (id: string, scope: RequestScope) => Promise<Customer | null>;

/** `getById` is the read path the merge answers through: the target as the vendor has it afterwards. */
export function createMerge(client: PlatformClient, getById: ReadById): PlatformExtras['merge'] {
  return async (sourceId, targetId, scope) => {
    const source = platformCustomerId(sourceId);
    if (!isPlatformId(targetId)) throw new MergeReferenceNotFoundError(targetId);
    const target = targetId.toLowerCase();
    if (source === target) throw new ValidationError('targetId', 'a customer cannot be merged into itself');
    const answer = await merge(client, source, target, scope);
    const echoed = platformCustomerDocumentSchema.safeParse(answer.body);
    if (echoed.success && !sameId(echoed.data.data.id, target)) throw new WriteOutcomeUnknownError('PLATFORM');
    return rereadAfterWrite('PLATFORM', (id: string) => getById(id, scope), target);
  };
}
