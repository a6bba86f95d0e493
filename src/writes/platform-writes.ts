// PLATFORM-only writes: custom field values, model identifiers, merges, community memberships and
// exports. Each is sent once; a merge runs behind an idempotency key like every customer write.

import { byIdOrThrow, NotFoundError } from '../sources/errors.ts';
import { configured } from '../sources/index.ts';
import { normalizeEmail } from '../sources/kit/normalize.ts';
import type {
  Customer,
  CustomerListFilter,
  CustomFieldWrite,
  CustomFieldWriteMode,
  ExportJob,
  ModelIdentifier,
} from '../sources/model/index.ts';
import type { PlatformSource } from '../sources/platform/source.ts';
import type { WriteRequest } from './customer-writes.ts';
import { runIdempotent } from './idempotency.ts';
import { indexDeleted, indexWritten } from './index-updates.ts';
import type { WriteContext } from './write-context.ts';

const platform = (ctx: WriteContext): PlatformSource => configured(ctx.sources, 'PLATFORM');

export async function setCustomFieldValues(
  ctx: WriteContext,
  customerId: string,
  values: CustomFieldWrite[],
  mode: CustomFieldWriteMode,
): Promise<Customer> {
  const startedAt = new Date();
  const customer = await platform(ctx).extras.setCustomFieldValues(customerId, values, mode, ctx.scope);
  await indexWritten(ctx, [customer], startedAt);
  return customer;
}

export async function clearCustomFieldValues(ctx: WriteContext, customerId: string, fieldIds: string[]): Promise<Customer> {
  const startedAt = new Date();
  const customer = await platform(ctx).extras.clearCustomFieldValues(customerId, fieldIds, ctx.scope);
  await indexWritten(ctx, [customer], startedAt);
  return customer;
}

export async function createModelIdentifier(ctx: WriteContext, customerId: string, code: string, type: string): Promise<ModelIdentifier> {
  const identifier = await platform(ctx).extras.createModelIdentifier(customerId, code, type, ctx.scope);
  ctx.loaders.platform.identifiers.clear(customerId);
  return identifier;
}

export async function mergeCustomers(ctx: WriteContext, sourceId: string, targetId: string, request: WriteRequest): Promise<Customer> {
  const source = platform(ctx);
  const startedAt = new Date();
  const target = await runIdempotent({
    store: ctx.idempotency,
    source: 'PLATFORM',
    ...request,
    attempt: () => source.extras.merge(sourceId, targetId, ctx.scope),
    // After a lost answer: the source gone and the target there means the merge happened.
    applied: async () => {
      const [merged, target] = (await source.getByIds([sourceId, targetId], ctx.scope)).map(byIdOrThrow);
      return merged === null && target ? target : null;
    },
  });
  // The merged-away record is gone, the survivor changed: both as the index must now show them.
  await indexDeleted(ctx, 'PLATFORM', sourceId, startedAt);
  await indexWritten(ctx, [target], startedAt);
  return target;
}

/** Ends the membership and answers the customer as the PLATFORM now has it. */
export async function removeFromCommunity(ctx: WriteContext, customerId: string, communityId: string): Promise<Customer> {
  const source = platform(ctx);
  const startedAt = new Date();
  await source.extras.removeFromCommunity(customerId, communityId, ctx.scope);
  const customer = byIdOrThrow((await source.getByIds([customerId], ctx.scope))[0]);
  if (!customer) throw new NotFoundError('PLATFORM', customerId);
  await indexWritten(ctx, [customer], startedAt);
  return customer;
}

export function startCustomerExport(
  ctx: WriteContext,
  filter: { search?: string | null; email?: string | null } | null | undefined,
): Promise<ExportJob> {
  const search = filter?.search?.trim();
  const question: CustomerListFilter = { ...(search ? { search } : {}), ...(filter?.email ? { email: normalizeEmail(filter.email) } : {}) };
  return platform(ctx).extras.startExport(question, ctx.scope);
}
