// PLATFORM communities (platform-customers-jsonapi.txt, "Removing a Customer from a Community").
import type { PlatformExtras } from '../../model/index.ts';
import type { PlatformClient } from '../client.ts';
import { isCommunityId, platformCustomerId } from '../ids.ts';
import { CommunityMembershipNotFoundError } from '../refusals.ts';
import { removeFromCommunity } from './client.ts';

export function createCommunityRemoval(client: PlatformClient): PlatformExtras['removeFromCommunity'] {
  return async (customerId, communityId, scope) => {
    const id = platformCustomerId(customerId);
    if (!isCommunityId(communityId)) throw new CommunityMembershipNotFoundError(id, communityId);
    await removeFromCommunity(client, id, communityId, scope);
  };
}
