// No "Did you mean …?" in any error: graphql-js appends it to unknown fields, arguments, types,
// enum values and input fields, in validation and in the coercion of variables alike, and each one
// names parts of the schema that introspection (off in production) would otherwise keep to itself.
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

const SUGGESTION = /\s*Did you mean\b[\s\S]*$/;

function withoutSuggestion(error: GraphQLError | GraphQLFormattedError): GraphQLError | GraphQLFormattedError {
  if (!SUGGESTION.test(error.message)) return error;
  const message = error.message.replace(SUGGESTION, '');
  if (!(error instanceof GraphQLError)) return { ...error, message };
  return new GraphQLError(message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.source ? { source: error.source } : {}),
    ...(error.positions ? { positions: error.positions } : {}),
    ...(error.path ? { path: error.path } : {}),
    ...(error.originalError ? { originalError: error.originalError } : {}),
    extensions: error.extensions,
  });
}

export function useNoSuggestions(): Plugin {
  return {
    onExecutionResult({ result, setResult }) {
      if (!result || isAsyncIterable(result) || !result.errors?.some((error) => SUGGESTION.test(error.message))) return;
      setResult({ ...result, errors: result.errors.map(withoutSuggestion) as GraphQLError[] });
    },
  };
}
