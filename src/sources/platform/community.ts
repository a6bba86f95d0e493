// PLATFORM communities (platform-customers-jsonapi.txt, "Removing a Customer from a Community").
import { NotFoundError, SourceError } from '../errors.ts';
import type { PlatformExtras } from '../model/index.ts';
import { vendorId } from './custom-fields.ts';
import type { PlatformExtrasClient } from './extras-client.ts';

const COMMUNITY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A NotFound about the membership: the community is unknown, or the customer is not in it. */
export class CommunityMembershipNotFoundError extends NotFoundError {
  readonly communityId: string;

  constructor(customerId: string, communityId: string) {
    super('PLATFORM', customerId);
    this.message = `PLATFORM customer ${customerId} is not a member of community ${communityId}`;
    this.communityId = communityId;
  }
}

export function createCommunityRemoval(extrasClient: PlatformExtrasClient): PlatformExtras['removeFromCommunity'] {
  return async (customerId, communityId, scope) => {
    const id = vendorId(customerId);
    if (!COMMUNITY_ID.test(communityId)) throw new CommunityMembershipNotFoundError(id, communityId);
    const answer = await extrasClient.removeFromCommunity(id, communityId, scope);
    if (answer.kind === 'done') return;
    if (answer.status !== 404) throw new SourceError('PLATFORM', 'REJECTED', answer.status);
    const aboutCommunity = answer.errors.some((error) => error.source?.parameter === 'community_id');
    throw aboutCommunity ? new CommunityMembershipNotFoundError(id, communityId) : new NotFoundError('PLATFORM', id);
  };
}
