import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import ScopeAuthPlugin, { type AuthFailure } from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import RelayPlugin from '@pothos/plugin-relay';
import ValidationPlugin from '@pothos/plugin-validation';
import {
  CountryCodeResolver,
  DateTimeResolver,
  EmailAddressResolver,
  JSONResolver,
  LocalDateResolver,
  LocaleResolver,
  LocalTimeResolver,
  PhoneNumberResolver,
  TimeZoneResolver,
} from 'graphql-scalars';
import { SCOPES, type Scope } from '../auth/principal.ts';
import type { GatewayContext } from '../context.ts';
import { ValidationError } from '../sources/errors.ts';
import { decodeGlobalId, encodeGlobalId } from './global-id.ts';

export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  /** The public scopes, as API keys and tokens grant them. */
  AuthScopes: Record<Scope, boolean>;
  DefaultFieldNullability: false;
  /** Every connection resolver hands back a lazy total, computed only when a client asks. */
  Connection: { totalCount: () => Promise<number> };
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    CountryCode: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
    EmailAddress: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
    LocalDate: { Input: string; Output: string };
    Locale: { Input: string; Output: string };
    LocalTime: { Input: string; Output: string };
    PhoneNumber: { Input: string; Output: string };
    TimeZone: { Input: string; Output: string };
  };
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin, ValidationPlugin],
  scopeAuth: {
    authScopes: (ctx) => Object.fromEntries(SCOPES.map((scope) => [scope, ctx.client.scopes.has(scope)])) as Record<Scope, boolean>,
    unauthorizedError: (_parent, _ctx, info, result) =>
      new GraphQLError(`${info.parentType.name}.${info.fieldName} needs the ${missingScopes(result.failure).join(' and ')} scope`, {
        extensions: { code: 'FORBIDDEN' },
      }),
  },
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
    // node and nodes are defined in node.ts, where unknown and malformed ids get clear errors.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
  },
  // Mutations answer input problems as a ValidationError result; elsewhere they are BAD_USER_INPUT errors.
  errors: { unsafelyHandleInputErrors: true },
  validation: {
    validationError: (result) => {
      const [first] = result.issues;
      const field = (first?.path ?? []).map((part) => String(typeof part === 'object' ? part.key : part)).join('.');
      return new ValidationError(field, `${field}: ${first?.message ?? 'is not valid'}`);
    },
  },
});

builder.addScalarType('CountryCode', CountryCodeResolver);
builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('EmailAddress', EmailAddressResolver);
builder.addScalarType('JSON', JSONResolver);
builder.addScalarType('LocalDate', LocalDateResolver);
builder.addScalarType('Locale', LocaleResolver);
builder.addScalarType('LocalTime', LocalTimeResolver);
builder.addScalarType('PhoneNumber', PhoneNumberResolver);
builder.addScalarType('TimeZone', TimeZoneResolver);

builder.queryType({});
builder.mutationType({});

function missingScopes(failure: AuthFailure): string[] {
  if ('scope' in failure) return [failure.scope];
  if ('failures' in failure) return [...new Set(failure.failures.flatMap(missingScopes))];
  return ['required'];
}
