// The process logger (pino): one JSON object a line for machines, readable lines (pino-pretty) for a
// person at a terminal. Secrets never reach the output in either: well-known paths are redacted by
// pino, and any key that names a credential — at any depth, in logged objects, child bindings and
// serialized errors — is replaced before the line is written (pino-pretty formats what is left).
import { type DestinationStream, destination, type LevelWithSilent, type Logger, pino, stdSerializers } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Where lines go; standard output unless given (tests pass a stream that collects them). */
  destination?: DestinationStream;
}

export const REDACTED = '[Redacted]';

/** `json`: one JSON object a line; `pretty`: a readable line each, for a terminal. */
export type LogFormat = 'json' | 'pretty';
export const LOG_FORMATS = ['json', 'pretty'] as const satisfies readonly LogFormat[];

export interface LogFormatChoice {
  /** LOG_FORMAT; null when unset. */
  requested: LogFormat | null;
  /** Whether standard output is a terminal. */
  terminal: boolean;
  production: boolean;
}

/**
 * LOG_FORMAT when set; else readable lines for a person at a terminal outside production, and JSON
 * for everything that reads logs as data (pipes, files, CI, log shippers, production even under
 * `docker run -t`).
 */
export function chooseLogFormat({ requested, terminal, production }: LogFormatChoice): LogFormat {
  if (requested) return requested;
  return terminal && !production ? 'pretty' : 'json';
}

export interface PrettyOptions {
  /** Where the lines go; standard output unless given. */
  destination?: { write(text: string): unknown };
  /** Colours; on when the output is a terminal that shows them, unless given. */
  colorize?: boolean;
}

/**
 * A destination that writes readable lines: each JSON line pino makes (redacted already) formatted by
 * pino-pretty, loaded only when asked for, and written at once, so that a line logged just before the
 * process exits is not lost.
 */
export async function prettyDestination(options: PrettyOptions = {}): Promise<DestinationStream> {
  const { prettyFactory } = await import('pino-pretty');
  const format = prettyFactory({
    ...(options.colorize === undefined ? {} : { colorize: options.colorize }),
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    singleLine: true,
  });
  const output = options.destination ?? destination({ dest: 1, sync: true });
  return { write: (line: string) => void output.write(format(line)) };
}

/** Keys whose values are credentials wherever they appear. */
const SENSITIVE_KEY = /authorization|cookie|token|passw(?:or)?d|passphrase|api[-_]?key|secret|credential/i;

/** The paths pino redacts itself (the scrubber below also catches what these do not name). */
export const REDACT_PATHS: readonly string[] = [
  'authorization',
  'cookie',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'request.headers.authorization',
  'request.headers.cookie',
  'res.headers["set-cookie"]',
  ...[
    'authorization',
    'cookie',
    'token',
    'accessToken',
    'refreshToken',
    'password',
    'appPassword',
    'apiKey',
    'secret',
    'clientSecret',
  ].flatMap((key) => (key === 'authorization' || key === 'cookie' ? [`*.${key}`] : [key, `*.${key}`])),
];

const MAX_DEPTH = 8;

/** A copy of `value` with every credential-named key's value replaced; errors become plain objects; other class instances are kept as they are. */
export function scrubSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[Too deep]';
  if (Array.isArray(value)) return value.map((item: unknown) => scrubSecrets(item, depth + 1));
  // An error's own fields may carry a request's options (headers included): serialize, then scrub.
  if (value instanceof Error) return scrubSecrets({ ...stdSerializers.err(value) }, depth + 1);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SENSITIVE_KEY.test(key) && item !== undefined && item !== null ? REDACTED : scrubSecrets(item, depth + 1);
  }
  return copy;
}

function scrubRecord(value: Record<string, unknown>): Record<string, unknown> {
  const scrubbed = scrubSecrets(value);
  return scrubbed !== null && typeof scrubbed === 'object' && !Array.isArray(scrubbed) ? (scrubbed as Record<string, unknown>) : value;
}

/** The object of one log call: `err` is left to its serializer (which scrubs it too), the rest scrubbed. */
function scrubLogObject(value: Record<string, unknown>): Record<string, unknown> {
  const { err, ...rest } = value;
  const scrubbed = scrubRecord(rest);
  return err === undefined ? scrubbed : { ...scrubbed, err: err instanceof Error ? err : scrubSecrets(err) };
}

export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    level: options.level,
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    serializers: {
      err: (error: unknown) => (error instanceof Error ? scrubRecord({ ...stdSerializers.err(error) }) : error),
    },
    formatters: {
      log: scrubLogObject,
      bindings: scrubRecord,
    },
  };
  const logger = options.destination ? pino(settings, options.destination) : pino(settings);
  // pino applies `formatters.bindings` to the root's bindings only: scrub a child's as it is made.
  // Children inherit from their parent, so this one override covers every descendant.
  const makeChild: unknown = logger.child;
  Object.defineProperty(logger, 'child', {
    configurable: true,
    writable: true,
    value(this: Logger, bindings: Record<string, unknown>, childOptions?: unknown): unknown {
      return Reflect.apply(makeChild as (...args: unknown[]) => unknown, this, [scrubRecord(bindings), childOptions]);
    },
  });
  return logger;
}
