// A variable whose value does not fit its type (a malformed email, a string for an Int, a missing
// required field) is refused before anything runs, with no code (HTTP 400); here it becomes
// BAD_USER_INPUT naming the variable and the place in it, e.g. `$input.email`, `$ids[2]`.
import { GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

const NAME = '[_A-Za-z][_0-9A-Za-z]*';
const PLACE = `(?:\\.${NAME}|\\[\\d+\\])*`;
/** The executor's: `Variable "$input" got invalid value "x" at "input.email"; …` (the place starts with the name). */
const GOT_INVALID = new RegExp(`^Variable "\\$(${NAME})" got invalid value [\\s\\S]*? at "\\1(${PLACE})"; `);
/** graphql-js 17's: `Variable "$input" has invalid value at .email: …`. */
const HAS_INVALID = new RegExp(`^Variable "\\$(${NAME})" has invalid (?:default )?value at (${PLACE}):`);
/** Any other about one variable: not provided, null for a non-null type, a value without a place. */
const ANY = new RegExp(`^Variable "\\$(${NAME})"`);

/** The variable path an error of the variables' coercion names (`$input.email`); null for any other error. */
export function variablePathOf(error: GraphQLError): string | null {
  if (error.extensions.code !== undefined || error.path !== undefined) return null;
  const placed = GOT_INVALID.exec(error.message) ?? HAS_INVALID.exec(error.message);
  if (placed) return `$${placed[1]}${placed[2]}`;
  const named = ANY.exec(error.message);
  return named ? `$${named[1]}` : null;
}

function coded(error: GraphQLError, field: string): GraphQLError {
  return new GraphQLError(error.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.source ? { source: error.source } : {}),
    ...(error.positions ? { positions: error.positions } : {}),
    extensions: { ...error.extensions, code: 'BAD_USER_INPUT', field },
  });
}

/** Rewritten as execution ends, before anything reads the result (the request log, the metrics, masking). */
export function useVariableErrorCodes(): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result) || !result.errors?.length) return;
          let changed = false;
          const errors = result.errors.map((error) => {
            const field = variablePathOf(error);
            if (field === null) return error;
            changed = true;
            return coded(error, field);
          });
          if (changed) setResult({ ...result, errors });
        },
      };
    },
  };
}
