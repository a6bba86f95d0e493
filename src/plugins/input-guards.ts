// Crafted input ends as a 400 before it reaches anything that recurses or encodes: variables and
// extensions nested deeper than any input type (a stack overflow in the response cache's key),
// documents nested deeper than any query the depth limit lets through (the parser recurses),
// text that is not well-formed Unicode (a lone surrogate breaks every URL encoder on the way to a
// vendor), and GET or form parameters that are not JSON. None of them is logged as an error.
import { GraphQLError } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';

/** The deepest input type is 6 levels deep (an employee's schedule); JSON scalars get room beyond it. */
export const MAX_INPUT_DEPTH = 32;
/** Brackets open at once in a document: far past MAX_DEPTH's selections with their arguments, far below the ~2,000 where parsing overflows. */
export const MAX_DOCUMENT_NESTING = 128;

function refused(message: string, field: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field, http: { status: 400 } } });
}

/** The deepest bracket nesting of a GraphQL document, outside strings and comments. */
export function documentNesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (char === '#') {
      while (at < text.length && text[at] !== '\n' && text[at] !== '\r') at++;
    } else if (char === '"') {
      if (text.startsWith('"""', at)) {
        at += 3;
        while (at < text.length && !text.startsWith('"""', at)) at += text.startsWith('\\"""', at) ? 4 : 1;
        at += 2;
      } else {
        at++;
        while (at < text.length && text[at] !== '"' && text[at] !== '\n') at += text[at] === '\\' ? 2 : 1;
      }
    } else if (char === '{' || char === '[' || char === '(') {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (char === '}' || char === ']' || char === ')') {
      depth--;
    }
  }
  return deepest;
}

/** The first problem of a JSON value (depth, malformed text), walked without recursion; null when it has none. */
export function jsonProblem(value: unknown, root: string): { message: string; field: string } | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value: current, path, depth } = next;
    if (typeof current === 'string') {
      if (!current.isWellFormed()) return { message: `${path}: is not well-formed Unicode text (a lone surrogate)`, field: path };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) return { message: `${root}: nested more than ${MAX_INPUT_DEPTH} levels deep`, field: root };
    for (const [key, item] of Object.entries(current)) {
      if (!key.isWellFormed()) return { message: `${path}: has a key that is not well-formed Unicode text`, field: path };
      stack.push({ value: item, path: `${path}.${key}`, depth: depth + 1 });
    }
  }
  return null;
}

function check(params: GraphQLParams & { documentId?: unknown }): void {
  for (const [name, text] of [
    ['query', params.query],
    ['operationName', params.operationName],
    ['documentId', params.documentId],
  ] as const) {
    if (typeof text === 'string' && !text.isWellFormed())
      throw refused(`${name}: is not well-formed Unicode text (a lone surrogate)`, name);
  }
  if (typeof params.query === 'string' && documentNesting(params.query) > MAX_DOCUMENT_NESTING) {
    throw refused(`query: nested more than ${MAX_DOCUMENT_NESTING} brackets deep`, 'query');
  }
  for (const [name, value] of [
    ['variables', params.variables],
    ['extensions', params.extensions],
  ] as const) {
    const problem = jsonProblem(value, name);
    if (problem) throw refused(problem.message, problem.field);
  }
}

export function useInputGuards(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      const parse = requestParser;
      // GET and form parameters go through JSON.parse, whose SyntaxError would be a 500.
      setRequestParser(async (request) => {
        try {
          return await parse(request);
        } catch (error) {
          if (!(error instanceof SyntaxError)) throw error;
          throw new GraphQLError('`variables` and `extensions` must be JSON objects', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
      });
    },
    onParams({ params }) {
      check(params);
    },
  };
}
