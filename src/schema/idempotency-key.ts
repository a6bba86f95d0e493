// Which idempotency key a mutation runs under: the `Idempotency-Key` header (per mutation field of
// the request) or the input's `clientMutationId`, and the fingerprint of what it asked.
import { type GraphQLResolveInfo, responsePathAsArray } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { ValidationError } from '../sources/errors.ts';
import type { WriteRequest } from '../writes/customer-writes.ts';
import { fingerprintOf } from '../writes/idempotency.ts';

const HEADER = 'Idempotency-Key';
const KEY_SYNTAX = /^[\x21-\x7E]{1,255}$/;

/** `asked`: the mutation's arguments without the clientMutationId. */
export function writeRequest(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  asked: unknown,
  clientMutationId: string | null | undefined,
): WriteRequest {
  const fingerprint = fingerprintOf(info.fieldName, asked);
  // Keys are the client's own: two clients that happen to pick the same key never share an outcome.
  const client = ctx.client.clientId;
  if (ctx.idempotencyKey !== null) {
    if (!KEY_SYNTAX.test(ctx.idempotencyKey)) throw new ValidationError(HEADER, `${HEADER} must be 1 to 255 visible ASCII characters`);
    // One header may cover several mutations of a request: each gets its own key by its place in it.
    return { key: `${client}:header:${ctx.idempotencyKey}:${responsePathAsArray(info.path).join('.')}`, keyField: HEADER, fingerprint };
  }
  if (clientMutationId) return { key: `${client}:input:${clientMutationId}`, keyField: 'input.clientMutationId', fingerprint };
  return { key: null, keyField: HEADER, fingerprint };
}
