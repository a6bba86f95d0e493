import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin, { type AuthFailure } from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { GraphQLError } from 'graphql';
import {
  CountryCodeResolver,
  DateTimeResolver,
  JSONResolver,
  LocalDateResolver,
  LocaleResolver,
  LocalTimeResolver,
  PhoneNumberResolver,
  TimeZoneResolver,
  URLResolver,
} from 'graphql-scalars';
import { SCOPES, type Scope } from '../auth/principal.ts';
import type { Connection } from '../connections/connection.ts';
import type { GatewayContext } from '../context.ts';
import { ValidationError } from '../sources/errors.ts';
import { decodeGlobalId, encodeGlobalId } from './global-id.ts';
import { EmailAddressScalar } from './scalars/email-address.ts';

export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  /** The public scopes, as API keys and tokens grant them. */
  AuthScopes: Record<Scope, boolean>;
  DefaultFieldNullability: false;
  /** Every connection resolver hands back a lazy total, computed only when a client asks, and the sources that failed. */
  Connection: Pick<Connection<unknown>, 'totalCount' | 'failures'>;
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
    URL: { Input: URL; Output: string };
  };
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin, ValidationPlugin],
  scopeAuth: {
    // A subscription's scopes are checked when it is opened, not at its first event.
    authorizeOnSubscribe: true,
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
    nodeTypeOptions: { description: 'An object with a global id, fetchable with `node(id)` and `nodes(ids)`.' },
    idFieldOptions: { description: 'The global id: opaque; pass it to `node(id)` or `nodes(ids)`.' },
    pageInfoTypeOptions: {
      description: 'Where a page of a connection stands: whether more records follow, and the cursors to continue from.',
    },
    hasNextPageFieldOptions: { description: 'More records follow: pass `endCursor` as `after` to get them.' },
    hasPreviousPageFieldOptions: { description: 'True when this page was asked for with `after` (records come before it).' },
    startCursorFieldOptions: { description: 'The cursor of the first edge; null when the page is empty.' },
    endCursorFieldOptions: {
      description: 'The cursor of the last edge, to pass as `after` for the next page; null when the page is empty.',
    },
    pageInfoFieldOptions: { description: 'Whether more records follow, and the cursors to page on.' },
    edgesFieldOptions: { nullable: false, description: 'The records of this page, in order, each with its cursor.' },
    nodeFieldOptions: { nullable: false, description: 'The record.' },
    cursorFieldOptions: { description: 'Opaque position of this record: pass it as `after` to continue after it.' },
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
builder.addScalarType('EmailAddress', EmailAddressScalar);
builder.addScalarType('JSON', JSONResolver);
builder.addScalarType('LocalDate', LocalDateResolver);
builder.addScalarType('Locale', LocaleResolver);
builder.addScalarType('LocalTime', LocalTimeResolver);
builder.addScalarType('PhoneNumber', PhoneNumberResolver);
builder.addScalarType('TimeZone', TimeZoneResolver);
builder.addScalarType('URL', URLResolver);

builder.queryType({
  description:
    "Reads: customers across the four vendor systems, Amelia employees, the PLATFORM's custom fields, codes and exports, and the CRM change feed.",
});
builder.mutationType({
  description:
    'Writes, never retried by the gateway. Each answers a result union: its success payload or one typed failure (ask for `__typename` and `... on Error { message }`).',
});

function missingScopes(failure: AuthFailure): string[] {
  if ('scope' in failure) return [failure.scope];
  if ('failures' in failure) return [...new Set(failure.failures.flatMap(missingScopes))];
  return ['required'];
}
