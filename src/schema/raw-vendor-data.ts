// A field that hands out raw vendor data (a record or part of one as the vendor sent it): JSON,
// `pii:read` only, and nullable so that a client without the scope loses that field, not the record.
import type { GatewayContext } from '../context.ts';

export function rawVendorData<Parent>(description: string, resolve: (parent: Parent, args: object, ctx: GatewayContext) => unknown) {
  return {
    type: 'JSON',
    nullable: true,
    authScopes: { 'pii:read': true },
    description: `${description} Needs the \`pii:read\` scope (null, with a FORBIDDEN error, without it).`,
    resolve,
  } as const;
}
