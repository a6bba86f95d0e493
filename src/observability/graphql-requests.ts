// Follows each GraphQL HTTP request through yoga and hands one summary per request to a callback when
// its response is ready: the operation(s) it asked for, how it went, and the request context (for
// the request id, the vendor call tally, the client). The request log and the metrics both read it.
import { type DocumentNode, type ExecutionResult, type GraphQLError, getOperationAST } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

export type OperationType = 'query' | 'mutation' | 'subscription';

export interface OperationSummary {
  /** The operation's name from the document (or the request's operationName when the document did not parse); null when anonymous. */
  name: string | null;
  /** null when the document did not parse or named no operation. */
  type: OperationType | null;
  /** It passed validation and ran. */
  executed: boolean;
  /** `extensions.code` of each error in the answer, in order, each once; UNKNOWN for an error without a code. */
  errorCodes: string[];
  /** `extensions.source` of SOURCE_UNAVAILABLE errors, each once. */
  failedSources: string[];
  errorCount: number;
  /** The request context this operation ran with (yoga's, plus the gateway's when it was built); read it with `contextField`. */
  context: object;
}

export interface GraphQLRequestSummary {
  request: Request;
  response: Response;
  /** null when a plugin placed before this one answered the request itself (e.g. 401 from authentication). */
  durationMs: number | null;
  status: number;
  /** One per operation the request carried (more than one only for batched requests); empty when the request could not be read. */
  operations: OperationSummary[];
  /** With no operation: the codes of the errors it was answered with (an unknown document id, crafted input), each once. */
  refusedWith: string[];
}

interface Tracked {
  startedAt: number;
  operations: OperationSummary[];
  refusedWith: string[];
}

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,199}$/;

/** A yoga plugin that calls `onDone` once per GraphQL request; the callback must not throw (it is guarded anyway). */
export function observeGraphQLRequests(onDone: (summary: GraphQLRequestSummary) => void): Plugin {
  const requests = new WeakMap<Request, Tracked>();
  const documents = new WeakMap<object, DocumentNode>();
  const executed = new WeakSet<object>();
  let endpoint = '/graphql';

  return {
    onYogaInit({ yoga }) {
      endpoint = yoga.graphqlEndpoint;
    },
    onRequest({ request }) {
      requests.set(request, { startedAt: performance.now(), operations: [], refusedWith: [] });
    },
    onParse({ context }) {
      return ({ result }) => {
        if (result && typeof result === 'object' && 'kind' in result && result.kind === 'Document') documents.set(context, result);
      };
    },
    onExecute({ args }) {
      executed.add(args.contextValue);
    },
    onSubscribe({ args }) {
      executed.add(args.contextValue);
    },
    onExecutionResult({ request, context, result }) {
      const tracked = requests.get(request);
      if (!tracked) return;
      const params = context.params as { operationName?: unknown } | undefined;
      const requestedName = typeof params?.operationName === 'string' ? params.operationName : undefined;
      const document = documents.get(context);
      const operation = document ? getOperationAST(document, requestedName) : null;
      const name = operation ? (operation.name?.value ?? null) : requestedName && GRAPHQL_NAME.test(requestedName) ? requestedName : null;
      tracked.operations.push({
        name,
        type: operation?.operation ?? null,
        executed: executed.has(context),
        ...errorSummary(result),
        context,
      });
    },
    onResultProcess({ request, result }) {
      const tracked = requests.get(request);
      if (!tracked || tracked.operations.length > 0 || Array.isArray(result)) return;
      tracked.refusedWith = errorSummary(result as ExecutionResult | AsyncIterable<ExecutionResult>).errorCodes;
    },
    onResponse({ request, response }) {
      try {
        const tracked = requests.get(request);
        requests.delete(request);
        // A GraphQL request: it carried an operation, or it was answered with errors before one
        // could be read (an unknown document id), or it was sent to the endpoint and refused
        // (unreadable body, wrong method, refused credentials, rate limit).
        // GraphiQL's page is neither. A request refused by a plugin placed before this one never
        // reached our onRequest: it is still reported, without a duration.
        const operations = tracked?.operations ?? [];
        const refusedWith = tracked?.refusedWith ?? [];
        if (operations.length === 0 && refusedWith.length === 0 && !(response.status >= 400 && new URL(request.url).pathname === endpoint))
          return;
        onDone({
          request,
          response,
          durationMs: tracked ? performance.now() - tracked.startedAt : null,
          status: response.status,
          operations,
          refusedWith,
        });
      } catch {
        // onResponse errors are not caught by the server adapter: observing must never crash it.
      }
    },
  };
}

/** A field of a request context, if it has it. */
export function contextField(context: object, name: string): unknown {
  return Reflect.get(context, name);
}

function errorSummary(
  result: ExecutionResult | AsyncIterable<ExecutionResult> | undefined,
): Pick<OperationSummary, 'errorCodes' | 'failedSources' | 'errorCount'> {
  // A stream (subscription, incremental delivery) is still running when the response starts.
  const errors: readonly GraphQLError[] = !result || isAsyncIterable(result) ? [] : (result.errors ?? []);
  const codes = new Set<string>();
  const sources = new Set<string>();
  for (const error of errors) {
    const code = error.extensions?.code;
    codes.add(typeof code === 'string' ? code : 'UNKNOWN');
    const source = error.extensions?.source;
    if (code === 'SOURCE_UNAVAILABLE' && typeof source === 'string') sources.add(source);
  }
  return { errorCodes: [...codes], failedSources: [...sources], errorCount: errors.length };
}
