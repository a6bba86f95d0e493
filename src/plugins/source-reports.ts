// Appends what the request collected beside its data: the errors of sources that failed while the
// rest was answered (SOURCE_UNAVAILABLE), and vendor warnings as `extensions.warnings` (each once).
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import type { SourceWarning } from '../sources/model/index.ts';

const MAX_WARNINGS = 50;
const MAX_CODE_LENGTH = 64;
const MAX_MESSAGE_LENGTH = 500;

/**
 * The warnings as the client sees them: `{ source, code, message }` and nothing else, text only, each
 * distinct, control characters removed, lengths and count capped. Adapters have already reduced a
 * vendor's warning to its code and message and blanked out secrets; this is the last line.
 */
export function publicWarnings(warnings: readonly SourceWarning[]): SourceWarning[] {
  const seen = new Map<string, SourceWarning>();
  for (const warning of warnings) {
    const message = typeof warning.message === 'string' ? clip(warning.message, MAX_MESSAGE_LENGTH) : '';
    const code = typeof warning.code === 'string' ? clip(warning.code, MAX_CODE_LENGTH) : '';
    const shown: SourceWarning = {
      source: warning.source,
      code: code === '' ? null : code,
      message: message === '' ? 'The source gave no message' : message,
    };
    const key = JSON.stringify([shown.source, shown.code, shown.message]);
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
    onExecute() {
      return {
        onExecuteDone({ args, result, setResult }) {
          const { partialErrors } = args.contextValue;
          const { warnings } = args.contextValue.scope;
          if (isAsyncIterable(result) || (partialErrors.length === 0 && warnings.length === 0)) return;
          setResult({
            ...result,
            ...(partialErrors.length > 0 ? { errors: [...(result.errors ?? []), ...partialErrors] } : {}),
            ...(warnings.length > 0 ? { extensions: { ...result.extensions, warnings: publicWarnings(warnings) } } : {}),
          });
        },
      };
    },
  };
}
