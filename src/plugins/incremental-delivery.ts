// @defer and @stream: an operation that uses them runs on graphql-js 17's incremental execution (the
// rest keep yoga's executor, untouched) and is answered as a stream of graphql-js's own payloads —
// first `{ data, pending, hasNext }`, then `{ incremental, completed, hasNext }` — as multipart/mixed or
// Server-Sent Events, whichever the client accepts. A client that accepts neither is refused before
// anything runs (STREAM_NOT_ACCEPTED, 406): its answer could not reach it. Errors of a deferred or
// streamed part are masked as yoga masks those of the first payload. Placed before any plugin that
// wraps the execute function (page size, tracing, the response cache), so that they wrap this one.
import {
  BREAK,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type ExperimentalIncrementalExecutionResults,
  experimentalExecuteIncrementally,
  GraphQLError,
  type SubsequentIncrementalExecutionResult,
  visit,
} from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { answerInParts } from './request-scope.ts';

const STREAM_TYPES = ['multipart/mixed', 'text/event-stream'];

/** Per parsed document (yoga's parser cache hands the same one back for the same text). */
const incrementalDocuments = new WeakMap<DocumentNode, boolean>();

/** The document asks for @defer or @stream somewhere. */
export function usesIncrementalDelivery(document: DocumentNode): boolean {
  const known = incrementalDocuments.get(document);
  if (known !== undefined) return known;
  let found = false;
  visit(document, {
    Directive(node) {
      if (node.name.value !== 'defer' && node.name.value !== 'stream') return undefined;
      found = true;
      return BREAK;
    },
  });
  incrementalDocuments.set(document, found);
  return found;
}

/** The contexts of operations answered in parts (the response cache neither keeps nor serves those). */
const inParts = new WeakSet<object>();

export function answeredInParts(context: object): boolean {
  return inParts.has(context);
}

/** The Accept header (none: anything) names a type a stream can be sent as, or a wildcard covering one. */
export function acceptsStream(request: Request): boolean {
  const accept = request.headers.get('accept') ?? '*/*';
  return accept.split(',').some((entry) => {
    const [type = '', subtype = ''] = (entry.split(';')[0] ?? '').trim().toLowerCase().split('/');
    return STREAM_TYPES.some((streamed) => {
      const [streamedType, streamedSubtype] = streamed.split('/');
      return (type === '*' || type === streamedType) && (subtype === '*' || subtype === streamedSubtype);
    });
  });
}

function notAccepted(): ExecutionResult {
  return {
    errors: [
      new GraphQLError(
        'This operation uses @defer or @stream, so its answer comes in several parts: send Accept: multipart/mixed or text/event-stream, or leave the directives out',
        { extensions: { code: 'STREAM_NOT_ACCEPTED', http: { status: 406 } } },
      ),
    ],
  };
}

type Payloads = AsyncIterableIterator<ExecutionResult | SubsequentIncrementalExecutionResult>;

/** The initial payload, then the later ones as graphql-js produces them; giving up stops graphql-js's work. */
function payloads({ initialResult, subsequentResults }: ExperimentalIncrementalExecutionResults): Payloads {
  let initial: ExecutionResult | undefined = initialResult;
  const iterator: Payloads = {
    [Symbol.asyncIterator]: () => iterator,
    next() {
      if (!initial) return subsequentResults.next();
      const value = initial;
      initial = undefined;
      return Promise.resolve({ done: false, value });
    },
    return: () => subsequentResults.return(),
    throw: (error: unknown) => subsequentResults.throw(error),
  };
  return iterator;
}

async function executeIncrementally(args: ExecutionArgs): Promise<ExecutionResult | Payloads> {
  const result = await experimentalExecuteIncrementally(args);
  return 'initialResult' in result ? payloads(result) : result;
}

/** `mask`: what yoga's masking does to an error of a first payload (app.ts hands the same function to both). */
export function useIncrementalDelivery(maskError: (error: GraphQLError) => GraphQLError): Plugin {
  let logError: (error: GraphQLError) => void = () => undefined;
  // As yoga does for the first payload: an error masked is logged as it was.
  const mask = (error: GraphQLError): GraphQLError => {
    const masked = maskError(error);
    if (masked !== error) logError(error);
    return masked;
  };
  const maskParts = (payload: SubsequentIncrementalExecutionResult): SubsequentIncrementalExecutionResult => ({
    ...payload,
    ...(payload.incremental
      ? { incremental: payload.incremental.map((part) => (part.errors ? { ...part, errors: part.errors.map(mask) } : part)) }
      : {}),
    ...(payload.completed
      ? { completed: payload.completed.map((done) => (done.errors ? { ...done, errors: done.errors.map(mask) } : done)) }
      : {}),
  });
  const masking = {
    onNext({
      result,
      setResult,
    }: {
      result: ExecutionResult | SubsequentIncrementalExecutionResult;
      setResult: (result: ExecutionResult) => void;
    }) {
      if ('incremental' in result || 'completed' in result) setResult(maskParts(result) as ExecutionResult);
    },
  };
  return {
    onYogaInit({ yoga }) {
      logError = (error) => yoga.logger.error(error);
    },
    onExecute({ args, setExecuteFn, setResultAndStopExecution }) {
      if (!usesIncrementalDelivery(args.document)) return undefined;
      if (!acceptsStream(args.contextValue.request)) {
        setResultAndStopExecution(notAccepted());
        return undefined;
      }
      inParts.add(args.contextValue);
      setExecuteFn(executeIncrementally);
      return {
        onExecuteDone({ result, setResult }) {
          if (!isAsyncIterable(result)) return undefined;
          setResult(answerInParts(args.contextValue.request, result));
          return masking;
        },
      };
    },
  };
}
