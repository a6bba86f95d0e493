// PLATFORM merges (platform-customers-jsonapi.txt, "Merging Duplicate Customers"): irreversible; the
// source customer is deleted and the target survives, answered as re-read.
import { rereadAfterWrite } from '../kit/reread.ts';
import { byIdOrThrow, MergeReferenceNotFoundError, NotFoundError, SourceError, ValidationError, WriteOutcomeUnknownError } from '../errors.ts';
import { isPlatformId } from './ids.ts';
import type { PlatformExtras } from '../model/index.ts';
import { sameId } from './custom-field-write.ts';
import type { PlatformExtrasAnswer, PlatformExtrasClient } from './extras-client.ts';
import { platformCustomerDocumentSchema } from './payloads.ts';
import type { PlatformReader } from './writer.ts';

export interface MergeDeps {
  extrasClient: PlatformExtrasClient;
  reader: PlatformReader;
}

export function createMerge({ extrasClient, reader }: MergeDeps): PlatformExtras['merge'] {
  return async (sourceId, targetId, scope) => {
    if (!isPlatformId(sourceId)) throw new NotFoundError('PLATFORM', sourceId);
    if (!isPlatformId(targetId)) throw new MergeReferenceNotFoundError(targetId);
    const source = sourceId.toLowerCase();
    const target = targetId.toLowerCase();
    if (source === target) throw new ValidationError('targetId', 'a customer cannot be merged into itself');
    const answer = await extrasClient.merge(source, target, scope);
    if (answer.kind === 'refused') throw refusal(answer, source, target);
    const echoed = platformCustomerDocumentSchema.safeParse(answer.body);
    if (echoed.success && !sameId(echoed.data.data.id, target)) throw new WriteOutcomeUnknownError('PLATFORM');
    return rereadAfterWrite('PLATFORM', async (id: string) => byIdOrThrow((await reader.getByIds([id], scope))[0]), target);
  };
}

// platform-customers-jsonapi.txt, "Common Errors": "422 — merge reference not found".
const ABOUT_REFERENCE = /reference/i;

function refusal(answer: Extract<PlatformExtrasAnswer, { kind: 'refused' }>, source: string, target: string): Error {
  if (answer.status === 404) return new NotFoundError('PLATFORM', source);
  const aboutReference = answer.errors.some(
    (error) => error.source?.pointer === '/referenceId' || ABOUT_REFERENCE.test(`${error.title ?? ''} ${error.detail ?? ''}`),
  );
  if (answer.status === 422 && aboutReference) return new MergeReferenceNotFoundError(target);
  return new SourceError('PLATFORM', 'REJECTED', answer.status);
}
