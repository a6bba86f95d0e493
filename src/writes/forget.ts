// Erasure requests (forgetCustomer): a person's record is erased from every store the gateway keeps —
// the synced index (row, lookups, tombstone, then the store's files), the idempotency records whose
// outcome names them, and every cached answer read from their source. Nothing is sent to the vendor:
// the record stays there (deleteCustomer deletes it), and a sync brings it back while it does.
import { indexKeyOf } from '../index/answers.ts';
import { normalizeEmail } from '../sources/kit/normalize.ts';
import type { CustomerKey } from '../sources/model/index.ts';
import { forgetReads } from '../sources/request-scope.ts';
import type { IdempotencyRecord } from './idempotency.ts';
import type { WriteContext } from './write-context.ts';

/** The stores forgetCustomer answers in `erasedFrom`, as named there. */
export const ERASED_FROM = { index: 'INDEX', idempotency: 'IDEMPOTENCY_RECORDS', cache: 'RESPONSE_CACHE' } as const;

/** Who is erased: the record's ids, and its addresses (held by the index, or found in an outcome naming the record). */
interface Person {
  key: CustomerKey;
  emails: Set<string>;
}

/**
 * Erases the person from each store and answers the stores it erased them from (the same on a repeat,
 * when nothing of them is left). A store that fails makes the whole call fail: the client repeats it.
 */
export async function forgetCustomer(ctx: WriteContext, key: CustomerKey): Promise<string[]> {
  const erasedFrom: string[] = [];
  const emails = new Set<string>();
  const rowKey = indexKeyOf(ctx.index, key.source, key.id);
  if (ctx.index && rowKey) {
    const [row] = await ctx.index.store.get([rowKey]);
    for (const email of [row?.customer.email, ...(row?.customer.additionalEmails ?? [])]) if (email) emails.add(normalizeEmail(email));
    await ctx.index.store.forget(rowKey);
    erasedFrom.push(ERASED_FROM.index);
  }
  if (ctx.idempotency.eraseWhere) {
    const person: Person = { key, emails };
    const known = emails.size;
    await ctx.idempotency.eraseWhere((record) => recordNames(record, person));
    // An outcome naming the record told of an address the index did not hold (INDEX=off, say): once
    // more for the outcomes that name only the address (a refused create).
    if (person.emails.size > known) await ctx.idempotency.eraseWhere((record) => recordNames(record, person));
    erasedFrom.push(ERASED_FROM.idempotency);
  }
  // The response cache drops every answer read from the source once the mutation is done (response-cache.ts).
  forgetReads(ctx.scope, key.source);
  ctx.loaders.customers.byId.clear(key);
  erasedFrom.push(ERASED_FROM.cache);
  return erasedFrom;
}

/** Whether a stored outcome holds the record (by source and vendor id) or mentions one of its addresses, anywhere in it. */
function recordNames(record: IdempotencyRecord, person: Person): boolean {
  const { outcome } = record;
  if (!outcome) return false;
  return holds(outcome.ok ? outcome.value : { ...outcome.error, message: outcome.error.message }, person, 0);
}

const DEEPEST = 32;

/** A message (EmailAlreadyInUse's) or a field that holds one of the addresses. */
function mentionsAny(text: string, emails: ReadonlySet<string>): boolean {
  if (emails.size === 0) return false;
  const folded = text.toLowerCase();
  for (const email of emails) if (folded.includes(email)) return true;
  return false;
}

function holds(value: unknown, person: Person, depth: number): boolean {
  if (typeof value === 'string') return mentionsAny(value, person.emails);
  if (typeof value !== 'object' || value === null || depth > DEEPEST) return false;
  if (Array.isArray(value)) return value.some((item) => holds(item, person, depth + 1));
  const object = value as Record<string, unknown>;
  // A customer (`sourceId`) or an error naming one (NotFound's `id`).
  if (object.source === person.key.source && (object.sourceId === person.key.id || object.id === person.key.id)) {
    for (const email of [object.email, ...(Array.isArray(object.additionalEmails) ? object.additionalEmails : [])]) {
      if (typeof email === 'string' && email) person.emails.add(normalizeEmail(email));
    }
    return true;
  }
  return Object.values(object).some((item) => holds(item, person, depth + 1));
}
