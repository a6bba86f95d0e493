// Appends what the request collected beside its data: the errors of sources that failed while the
// rest was answered (SOURCE_UNAVAILABLE), and vendor warnings as `extensions.warnings` (each once).
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import type { SourceWarning } from '../sources/model.ts';

function distinct(warnings: SourceWarning[]): SourceWarning[] {
  const seen = new Map(warnings.map((warning) => [JSON.stringify([warning.source, warning.code, warning.message]), warning]));
  return [...seen.values()];
}

export function useSourceReports(): Plugin<GatewayContext> {
  return {
    onExecute() {
      return {
        onExecuteDone({ args, result, setResult }) {
          const { partialErrors, warnings } = args.contextValue;
          if (isAsyncIterable(result) || (partialErrors.length === 0 && warnings.length === 0)) return;
          setResult({
            ...result,
            ...(partialErrors.length > 0 ? { errors: [...(result.errors ?? []), ...partialErrors] } : {}),
            ...(warnings.length > 0 ? { extensions: { ...result.extensions, warnings: distinct(warnings) } } : {}),
          });
        },
      };
    },
  };
}
