// Writes drop the cached answers they made stale: those holding the record written, and, when records
// come or go, every answer that could have listed them. (The response cache drops a record on its own only when the
// mutation's answer selects its id, which a client need not do.)
import type { GatewayContext } from '../context.ts';
import { type CustomerKey, customerKeyString } from '../sources/model/index.ts';
import { encodeGlobalId } from './global-id.ts';

export async function dropStaleAnswers(ctx: GatewayContext, entities: Array<{ typename: string; id?: string }>): Promise<void> {
  await ctx.responseCache?.invalidate(entities);
}

/**
 * Every cached answer holding a customer: what a new, deleted or merged customer makes stale (a list
 * has no id of its own to drop it by, so all answers with customers go).
 */
export const ANY_CUSTOMER = [{ typename: 'Customer' }];

export function customerEntity(key: CustomerKey): { typename: string; id: string } {
  return { typename: 'Customer', id: encodeGlobalId('Customer', customerKeyString(key)) };
}

/** A PLATFORM customer of this gateway's organization, by vendor id. */
export function platformCustomerEntity(ctx: GatewayContext, id: string): { typename: string; id: string } {
  return customerEntity({ source: 'PLATFORM', organization: ctx.loaders.platform.organization ?? '', id });
}

export function employeeEntity(sourceId: string): { typename: string; id: string } {
  return { typename: 'Employee', id: encodeGlobalId('Employee', `AMELIA:${sourceId}`) };
}
