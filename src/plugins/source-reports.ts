// Appends what the request collected beside its data: the errors of sources that failed while the
// rest was answered (SOURCE_UNAVAILABLE), and vendor warnings as `extensions.warnings`, each once per
// field it concerns, with that field's path. Every resolver runs as its field (withinField), so that a
// vendor call knows which field it is made for; reads several fields share tell each of them.
import {
  type ExecutionResult,
  type GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  isObjectType,
  type SubsequentIncrementalExecutionResult,
} from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import type { SourceWarning } from '../sources/model/index.ts';
import { withinField } from '../sources/request-scope.ts';

const MAX_WARNINGS = 50;
const MAX_CODE_LENGTH = 64;
const MAX_MESSAGE_LENGTH = 500;

/** A warning as the client sees it: what the vendor said, and the field of the answer it concerns. */
export interface PublicWarning {
  source: SourceWarning['source'];
  code: string | null;
  message: string;
  path: Array<string | number>;
}

/**
 * The warnings as the client sees them: `{ source, code, message, path }` and nothing else, text only,
 * each distinct per field, control characters removed, lengths and count capped. Adapters have already
 * reduced a vendor's warning to its code and message and blanked out secrets; this is the last line. A
 * warning no field caused (none should reach here) describes nothing in the answer and is left out.
 */
export function publicWarnings(warnings: readonly SourceWarning[]): PublicWarning[] {
  const seen = new Map<string, PublicWarning>();
  for (const warning of warnings) {
    if (!warning.path) continue;
    const message = typeof warning.message === 'string' ? clip(warning.message, MAX_MESSAGE_LENGTH) : '';
    const code = typeof warning.code === 'string' ? clip(warning.code, MAX_CODE_LENGTH) : '';
    const shown: PublicWarning = {
      source: warning.source,
      code: code === '' ? null : code,
      message: message === '' ? 'The source gave no message' : message,
      path: [...warning.path],
    };
    const key = JSON.stringify([shown.source, shown.code, shown.message, shown.path]);
    if (!seen.has(key)) seen.set(key, shown);
    if (seen.size === MAX_WARNINGS) break;
  }
  return [...seen.values()];
}

function clip(text: string, max: number): string {
  const plain = text.replace(/\p{Cc}+/gu, ' ').trim();
  const characters = Array.from(plain);
  return characters.length <= max ? plain : `${characters.slice(0, max - 1).join('')}…`;
}

export function useSourceReports(): Plugin<GatewayContext> {
  return {
    onSchemaChange({ schema }) {
      resolveAsFields(schema);
    },
    onExecute() {
      return {
        onExecuteDone({ args, result, setResult }) {
          if (isAsyncIterable(result)) return { onNext: reportEachPayload(args.contextValue) };
          const { partialErrors } = args.contextValue;
          const { warnings } = args.contextValue.scope;
          if (partialErrors.length === 0 && warnings.length === 0) return;
          setResult(withReports(result, partialErrors, publicWarnings(warnings)));
        },
      };
    },
    onSubscribe() {
      return {
        onSubscribeResult({ args, result }) {
          if (isAsyncIterable(result)) return { onNext: reportEachPayload(args.contextValue) };
          return undefined;
        },
      };
    },
  };
}

function withReports(result: ExecutionResult, partialErrors: readonly GraphQLError[], shown: PublicWarning[]): ExecutionResult {
  if (partialErrors.length === 0 && shown.length === 0) return result;
  return {
    ...result,
    ...(partialErrors.length > 0 ? { errors: [...(result.errors ?? []), ...partialErrors] } : {}),
    ...(shown.length > 0 ? { extensions: { ...result.extensions, warnings: shown } } : {}),
  };
}

type Payload = ExecutionResult | SubsequentIncrementalExecutionResult;
interface NextPayload {
  result: ExecutionResult;
  setResult: (result: ExecutionResult) => void;
}

/**
 * A streamed answer's reports, each with the payload that carries what it concerns: what was heard
 * since the last payload. A subscription event or a first payload carries them as a plain answer does;
 * a later part of a deferred answer carries its warnings in its `extensions`, and a source's failure
 * in the `errors` of the part holding the field (held back until that part comes).
 */
function reportEachPayload(context: GatewayContext): (payload: NextPayload) => void {
  const pendingPaths = new Map<string, ReadonlyArray<string | number>>();
  let held: GraphQLError[] = [];
  return ({ result: sent, setResult }) => {
    const result = sent as Payload;
    const errors = [...held, ...context.partialErrors.splice(0)];
    held = [];
    const shown = publicWarnings(context.scope.warnings.splice(0));
    for (const pending of 'pending' in result ? (result.pending ?? []) : []) pendingPaths.set(pending.id, pending.path);
    if (!('hasNext' in result) || 'data' in result) {
      setResult(withReports(result as ExecutionResult, errors, shown));
      return;
    }
    const parts = (result.incremental ?? []).map((part) => ({ ...part, errors: [...(part.errors ?? [])] }));
    for (const error of errors) {
      const part = parts.find((candidate) =>
        startsWith(error.path ?? [], [...(pendingPaths.get(candidate.id) ?? []), ...(candidate.subPath ?? [])]),
      );
      if (part) part.errors.push(error);
      else held.push(error);
    }
    // None should be left when the answer ends (a field's failure is told before its part is ready); kept visible if one is.
    const leftOver = result.hasNext ? [] : held;
    if (errors.length === 0 && shown.length === 0) return;
    const extensions = {
      ...result.extensions,
      ...(shown.length > 0 ? { warnings: shown } : {}),
      ...(leftOver.length > 0 ? { errors: leftOver } : {}),
    };
    const reported: SubsequentIncrementalExecutionResult = {
      ...result,
      ...(parts.length > 0 ? { incremental: parts.map((part) => (part.errors.length > 0 ? part : { ...part, errors: undefined })) } : {}),
      ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
    };
    setResult(reported as ExecutionResult);
  };
}

function startsWith(path: ReadonlyArray<string | number>, prefix: ReadonlyArray<string | number>): boolean {
  return prefix.length <= path.length && prefix.every((key, index) => path[index] === key);
}

const asFields = new WeakSet<GraphQLSchema>();
const AS_FIELD = Symbol('resolves as its field');

/**
 * Every resolver that can make a vendor call runs as its field (request-scope.ts `withinField`), so
 * that the calls it makes are known to be that field's. One that cannot is left as it is, saving the
 * cost on every record of a page: a field that reads a property of its parent (the default resolver,
 * Pothos `expose…`), and a resolver declaring fewer than three parameters — it never takes the
 * context, the only way to the loaders and sources. Done in place, once per schema: the schema is the
 * process's, shared by every gateway in it.
 */
function resolveAsFields(schema: GraphQLSchema): void {
  if (asFields.has(schema)) return;
  asFields.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve;
      const { pothosExposedField, pothosOriginalResolve } = field.extensions;
      const takesContext = typeof pothosOriginalResolve !== 'function' || pothosOriginalResolve.length >= 3;
      if (!resolve || AS_FIELD in resolve || pothosExposedField !== undefined || !takesContext) continue;
      const asField: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) =>
        withinField(info.path, resolve, source, args, context, info);
      field.resolve = Object.assign(asField, { [AS_FIELD]: true });
    }
  }
}
