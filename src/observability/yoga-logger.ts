// Yoga's own log calls go to the process logger (one JSON line each, redacted like every other line)
// instead of its console logger, which prints whole errors — stacks, and whatever a vendor error
// carries — across many lines. Yoga logs each error it masks or rewrites for the client: a client's
// mistake (an argument out of range, a foreign cursor: BAD_USER_INPUT) is logged at info without a
// stack; a vendor that failed (SOURCE_UNAVAILABLE) is an expected event, logged at warn with what
// identifies it; any other error is a bug in the gateway, logged at error with its name, message and
// stack but none of its own fields (a client library's error can hold the request, headers
// included, and the vendor's body). Refusals that are GraphQL errors from the start (validation,
// limits, credentials, unknown documents) never reach this logger: the request's own line
// (request-log.ts) has their codes.
import { GraphQLError } from 'graphql';
import type { YogaLogger } from 'graphql-yoga';
import type { Logger } from 'pino';
import { InvalidPageTokenError, SourceError, ValidationError } from '../sources/errors.ts';

export function yogaLogger(logger: Logger): YogaLogger {
  return {
    debug: (...args: unknown[]) => write(logger, 'debug', args),
    info: (...args: unknown[]) => write(logger, 'info', args),
    warn: (...args: unknown[]) => write(logger, 'warn', args),
    error: (...args: unknown[]) => {
      const error = args.find((arg): arg is Error => arg instanceof Error);
      if (error) logError(logger, error);
      else write(logger, 'error', args);
    },
  };
}

/** Text as the message; anything else as a field, so that the logger's redaction applies to it. */
function write(logger: Logger, level: 'debug' | 'info' | 'warn' | 'error', args: unknown[]): void {
  if (!logger.isLevelEnabled(level)) return;
  const text = args.filter((arg) => typeof arg === 'string').join(' ');
  const details = args.filter((arg) => typeof arg !== 'string');
  if (details.length > 0) logger[level]({ details }, text);
  else logger[level](text);
}

function logError(logger: Logger, error: Error): void {
  const path = error instanceof GraphQLError && error.path ? error.path.join('.') : undefined;
  const cause = innermost(error);
  // No request id: yoga masks errors after execution, outside the request's scope. The request's
  // own log line (request-log.ts) names the sources that failed.
  const where = path ? { path } : {};
  if (cause instanceof SourceError) {
    logger.warn({ ...where, source: cause.source, failure: cause.failure, status: cause.status }, cause.message);
    return;
  }
  if (cause instanceof ValidationError || cause instanceof InvalidPageTokenError) {
    const field = cause instanceof ValidationError ? cause.field : 'after';
    logger.info({ ...where, code: 'BAD_USER_INPUT', field }, `client mistake: ${cause.message}`);
    return;
  }
  logger.error(
    { ...where, err: { type: cause.name, message: cause.message, stack: cause.stack } },
    'unexpected error (masked in the answer)',
  );
}

/** The error a resolver threw, under the GraphQLErrors wrapped around it. */
function innermost(error: Error): Error {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  return current;
}
