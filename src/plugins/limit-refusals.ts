// The codes a query limit answers, and the error each is answered with: a validation error (HTTP 400
// with `application/graphql-response+json`, 200 with `application/json`, like any invalid document)
// saying the limit and what the query has; `limit` and `found` are in its extensions too.
import { GraphQLError } from 'graphql';

/** Every code a query limit answers (README "Running in production" lists them). */
export const LIMIT_CODES = ['QUERY_TOO_DEEP', 'TOO_MANY_ALIASES', 'TOO_MANY_TOKENS', 'QUERY_TOO_COSTLY', 'TOO_MANY_DIRECTIVES'] as const;

export type LimitCode = (typeof LIMIT_CODES)[number];

export function limitRefusal(code: LimitCode, message: string, limit: number, found?: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, limit, ...(found === undefined ? {} : { found }), http: { status: 400, spec: true } },
  });
}
