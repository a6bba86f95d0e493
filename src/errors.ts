// The GraphQL errors every layer may raise, each with a stable `extensions.code`. Messages are safe
// to show: no vendor body, URL or credential ever goes into one.
import { GraphQLError } from 'graphql';
import { InvalidPageTokenError, SourceError, ValidationError } from './sources/errors.ts';

export function badUserInput(message: string, field: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });
}

export function notFound(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'NOT_FOUND' } });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/** SOURCE_UNAVAILABLE naming the source; BUDGET_EXCEEDED when the request had spent its vendor calls (nothing was sent). */
export function sourceUnavailable(error: SourceError, path?: ReadonlyArray<string | number>): GraphQLError {
  const code = error.failure === 'BUDGET_EXCEEDED' ? 'BUDGET_EXCEEDED' : 'SOURCE_UNAVAILABLE';
  return new GraphQLError(error.message, {
    ...(path ? { path } : {}),
    extensions: { code, source: error.source, reason: error.failure },
  });
}

/** What a client may see of an error a resolver threw; null for the unexpected, which stays masked. */
export function clientErrorFor(error: Error): GraphQLError | null {
  if (error instanceof SourceError) return sourceUnavailable(error);
  if (error instanceof InvalidPageTokenError) return badUserInput('`after` is not a cursor this connection handed out', 'after');
  if (error instanceof ValidationError) return badUserInput(error.message, error.field);
  return null;
}

/**
 * Records sources that failed while the rest of a field was answered, once per source and field
 * name, so that a list of twenty customers whose `sameAs` lost the same source says it once.
 */
export function reportPartialFailures(into: GraphQLError[], failures: readonly SourceError[], path: ReadonlyArray<string | number>): void {
  for (const failure of failures) {
    const seen = into.some((error) => error.extensions.source === failure.source && fieldName(error.path ?? []) === fieldName(path));
    if (!seen) into.push(sourceUnavailable(failure, path));
  }
}

function fieldName(path: ReadonlyArray<string | number>): string | undefined {
  return path.findLast((part): part is string => typeof part === 'string');
}
