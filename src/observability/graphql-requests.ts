// Follows each GraphQL HTTP request through yoga and hands one summary per request to a callback when
// its response is ready: the operation(s) it asked for, how it went, and the request context (for
// the request id, the vendor call tally, the client). The request log and the metrics both read it.
// An answer in parts (@defer, @stream) is summed up when its last part has gone out: its duration,
// vendor calls and errors are the whole answer's. A subscription is summed up when it opens (its
// events may come for hours).
import {
  type DocumentNode,
  type ExecutionResult,
  type GraphQLError,
  getOperationAST,
  type SubsequentIncrementalExecutionResult,
} from 'graphql';
import { isAsyncIterable, mapAsyncIterator, type Plugin } from 'graphql-yoga';

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
  /** Answers in parts still going out. */
  streams: number;
  /** Reports the request once its last answer in parts has gone out. */
  whenStreamsEnd?: () => void;
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
      requests.set(request, { startedAt: performance.now(), operations: [], refusedWith: [], streams: 0 });
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
    onExecutionResult({ request, context, result, setResult }) {
      const tracked = requests.get(request);
      if (!tracked) return;
      const params = context.params as { operationName?: unknown } | undefined;
      const requestedName = typeof params?.operationName === 'string' ? params.operationName : undefined;
      const document = documents.get(context);
      const operation = document ? getOperationAST(document, requestedName) : null;
      const name = operation ? (operation.name?.value ?? null) : requestedName && GRAPHQL_NAME.test(requestedName) ? requestedName : null;
      const summary: OperationSummary = {
        name,
        type: operation?.operation ?? null,
        executed: executed.has(context),
        ...errorSummary(!result || isAsyncIterable(result) ? [] : (result.errors ?? [])),
        context,
      };
      tracked.operations.push(summary);
      if (!result || !isAsyncIterable(result) || summary.type === 'subscription') return;
      tracked.streams += 1;
      const seen: GraphQLError[] = [];
      setResult(
        mapAsyncIterator(
          result,
          (payload) => {
            seen.push(...errorsOf(payload));
            Object.assign(summary, errorSummary(seen));
            return payload;
          },
          undefined,
          () => {
            tracked.streams -= 1;
            if (tracked.streams === 0) tracked.whenStreamsEnd?.();
          },
        ),
      );
    },
    onResultProcess({ request, result }) {
      const tracked = requests.get(request);
      if (!tracked || tracked.operations.length > 0 || Array.isArray(result)) return;
      const single = result as ExecutionResult | AsyncIterable<ExecutionResult>;
      tracked.refusedWith = errorSummary(isAsyncIterable(single) ? [] : (single.errors ?? [])).errorCodes;
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
        const report = () =>
          onDone({
            request,
            response,
            durationMs: tracked ? performance.now() - tracked.startedAt : null,
            status: response.status,
            operations,
            refusedWith,
          });
        if (tracked && tracked.streams > 0) tracked.whenStreamsEnd = guarded(report);
        else report();
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

/** Runs `report` later, where a throw would reach no one who could catch it. */
function guarded(report: () => void): () => void {
  return () => {
    try {
      report();
    } catch {
      // Observing must never break the answer.
    }
  };
}

/** The errors a payload carries: a plain answer's or first payload's, and those of each later part. */
function errorsOf(payload: ExecutionResult | SubsequentIncrementalExecutionResult): GraphQLError[] {
  const errors = [...('errors' in payload ? (payload.errors ?? []) : [])];
  if ('incremental' in payload) for (const part of payload.incremental ?? []) errors.push(...(part.errors ?? []));
  if ('completed' in payload) for (const done of payload.completed ?? []) errors.push(...(done.errors ?? []));
  return errors;
}

function errorSummary(errors: readonly GraphQLError[]): Pick<OperationSummary, 'errorCodes' | 'failedSources' | 'errorCount'> {
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
