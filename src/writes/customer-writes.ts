// Creating, changing and deleting customers: the source's writer behind an idempotency key, with
// validation before anything is sent and the vendor asked first when an earlier outcome was unknown.
// What the vendor then holds goes into the synced index before the mutation answers (read-your-writes),
// stamped with the write's start: a sync read that began earlier cannot overwrite it.

import { byIdOrThrow, NotFoundError, NotSupportedBySourceError, type WriteOperation, WriteOutcomeUnknownError } from '../sources/errors.ts';
import { configured } from '../sources/index.ts';
import { normalizeEmail } from '../sources/kit/normalize.ts';
import type { Customer, CustomerDraft, CustomerKey, CustomerSource, CustomerSourceName, CustomerWriter } from '../sources/model/index.ts';
import { runIdempotent } from './idempotency.ts';
import { indexDeleted, indexWritten } from './index-updates.ts';
import { inInput } from './input-fields.ts';
import type { WriteContext } from './write-context.ts';

/** Where a mutation's idempotency key came from and what the request asked. */
export interface WriteRequest {
  key: string | null;
  keyField: string;
  fingerprint: string;
}

export async function createCustomer(
  ctx: WriteContext,
  sourceName: CustomerSourceName,
  draft: CustomerDraft,
  request: WriteRequest,
): Promise<Customer> {
  const { source, writer } = writerFor(ctx, sourceName, 'CREATE');
  await inInput(() => writer.validate(draft, 'create'));
  const startedAt = new Date();
  let sent = false;
  const customer = await runIdempotent({
    store: ctx.idempotency,
    source: sourceName,
    ...request,
    attempt: () => {
      sent = true;
      return inInput(() => writer.create(draft, ctx.scope));
    },
    applied: async () => {
      sent = true;
      return createdEarlier(ctx, source, draft);
    },
  });
  if (sent) await indexWritten(ctx, [customer], startedAt);
  return customer;
}

export async function updateCustomer(ctx: WriteContext, key: CustomerKey, patch: CustomerDraft, request: WriteRequest): Promise<Customer> {
  const { writer } = writerFor(ctx, key.source, 'UPDATE');
  ownedByUs(ctx, key);
  await inInput(() => writer.validate(patch, 'update'));
  const startedAt = new Date();
  let sent = false;
  const customer = await runIdempotent({
    store: ctx.idempotency,
    source: key.source,
    ...request,
    attempt: () => {
      sent = true;
      return inInput(() => writer.update(key.id, patch, ctx.scope));
    },
    // Sending the same changes again leaves the record as the first attempt would have.
    applied: async () => null,
  });
  ctx.loaders.customers.byId.clear(key).prime(key, customer);
  if (sent) await indexWritten(ctx, [customer], startedAt);
  return customer;
}

export async function deleteCustomer(ctx: WriteContext, key: CustomerKey, request: WriteRequest): Promise<true> {
  const { source, writer } = writerFor(ctx, key.source, 'DELETE');
  ownedByUs(ctx, key);
  const startedAt = new Date();
  const deleted = await runIdempotent<true>({
    store: ctx.idempotency,
    source: key.source,
    ...request,
    attempt: async () => {
      await writer.delete(key.id, ctx.scope);
      return true;
    },
    applied: async () => (byIdOrThrow((await source.getByIds([key.id], ctx.scope))[0]) ? null : true),
  });
  ctx.loaders.customers.byId.clear(key);
  await indexDeleted(ctx, key.source, key.id, startedAt);
  return deleted;
}

function writerFor(
  ctx: WriteContext,
  name: CustomerSourceName,
  operation: WriteOperation,
): { source: CustomerSource; writer: CustomerWriter } {
  const source: CustomerSource = configured(ctx.sources, name);
  if (!source.writer) throw new NotSupportedBySourceError(name, operation);
  return { source, writer: source.writer };
}

/** A PLATFORM id of another organization names no record of ours. */
function ownedByUs(ctx: WriteContext, key: CustomerKey): void {
  if (key.source === 'PLATFORM' && key.organization !== ctx.sources.PLATFORM?.organization) {
    throw new NotFoundError('PLATFORM', key.id);
  }
}

/**
 * After a create whose answer was lost: the record with the draft's email and names, if the vendor
 * has it. Without an email nothing identifies the record, so the outcome stays unknown.
 */
async function createdEarlier(ctx: WriteContext, source: CustomerSource, draft: CustomerDraft): Promise<Customer | null> {
  if (!draft.email) throw new WriteOutcomeUnknownError(source.source);
  const sameText = (a: string | null | undefined, b: string | null | undefined) =>
    (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();
  const candidates = await source.findByEmails([normalizeEmail(draft.email)], ctx.scope);
  const match = candidates.find(
    (customer) =>
      (draft.firstName === undefined || sameText(customer.firstName, draft.firstName)) &&
      (draft.lastName === undefined || sameText(customer.lastName, draft.lastName)),
  );
  if (!match) return null;
  const fresh = byIdOrThrow((await source.getByIds([match.sourceId], ctx.scope))[0]);
  return fresh ?? match;
}
