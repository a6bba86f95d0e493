// Idempotency records as JSON, for a store outside the process. A replayed outcome must be what the
// first request got: `Date`s come back as Dates, and an error as an instance of the same class with the
// same fields (the mutations' result unions pick their member by class). Anything else — another
// class, a Map, a function, a non-finite number — is refused on the way in, and a stored text that
// is not exactly this format is refused on the way out.
import { z } from 'zod';
import {
  DeletionBlockedError,
  EmailAlreadyInUseError,
  MergeReferenceNotFoundError,
  NotFoundError,
  NotSupportedBySourceError,
  type RecordKind,
  SourceError,
  type SourceFailure,
  ValidationError,
  type WriteOperation,
  WriteOutcomeUnknownError,
} from '../sources/errors.ts';
import { CUSTOMER_SOURCES } from '../sources/model/index.ts';
import type { IdempotencyRecord, StoredOutcome } from '../writes/idempotency.ts';

export class OutcomeCodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutcomeCodecError';
  }
}

const FORMAT_VERSION = 1;

// Records keyed by the union types, so that a new failure, operation or kind fails the type check here.
const FAILURES: Record<SourceFailure, true> = {
  UNREACHABLE: true,
  TIMEOUT: true,
  VENDOR_ERROR: true,
  RATE_LIMITED: true,
  AUTH_REJECTED: true,
  BAD_RESPONSE: true,
  REJECTED: true,
  NOT_CONFIGURED: true,
  CIRCUIT_OPEN: true,
  BUDGET_EXCEEDED: true,
};
const OPERATIONS: Record<WriteOperation, true> = { CREATE: true, UPDATE: true, DELETE: true };
const RECORD_KINDS: Record<RecordKind, true> = { customer: true, employee: true };

const keysOf = <K extends string>(record: Record<K, true>) => Object.keys(record) as [K, ...K[]];

const sourceName = z.enum(CUSTOMER_SOURCES);

const encodedError = z.discriminatedUnion('class', [
  z.strictObject({ class: z.literal('ValidationError'), message: z.string(), field: z.string() }),
  z.strictObject({
    class: z.literal('EmailAlreadyInUseError'),
    message: z.string(),
    source: sourceName,
    email: z.string(),
    record: z.enum(keysOf(RECORD_KINDS)),
  }),
  z.strictObject({ class: z.literal('NotFoundError'), message: z.string(), source: sourceName, id: z.string() }),
  z.strictObject({
    class: z.literal('DeletionBlockedError'),
    message: z.string(),
    reason: z.string(),
    futureAppointments: z.number().nullable(),
  }),
  z.strictObject({
    class: z.literal('NotSupportedBySourceError'),
    message: z.string(),
    source: sourceName,
    operation: z.enum(keysOf(OPERATIONS)),
  }),
  z.strictObject({ class: z.literal('MergeReferenceNotFoundError'), message: z.string(), targetId: z.string() }),
  z.strictObject({ class: z.literal('WriteOutcomeUnknownError'), message: z.string(), source: sourceName }),
  z.strictObject({
    class: z.literal('SourceError'),
    message: z.string(),
    source: sourceName,
    failure: z.enum(keysOf(FAILURES)),
    status: z.number().int().nullable(),
  }),
]);
type EncodedError = z.infer<typeof encodedError>;

const encodedRecord = z.strictObject({
  v: z.literal(FORMAT_VERSION),
  fingerprint: z.string(),
  state: z.enum(['done', 'unknown']),
  outcome: z.union([
    z.null(),
    z.strictObject({ ok: z.literal(true), value: z.unknown() }),
    z.strictObject({ ok: z.literal(false), error: encodedError }),
  ]),
});

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function encodeRecord(record: IdempotencyRecord): string {
  return JSON.stringify({
    v: FORMAT_VERSION,
    fingerprint: record.fingerprint,
    state: record.state,
    outcome: record.outcome === null ? null : outcomeToJson(record.outcome),
  });
}

export function decodeRecord(text: string): IdempotencyRecord {
  const parsed = encodedRecord.safeParse(parseJson(text));
  if (!parsed.success) throw new OutcomeCodecError(`not an idempotency record: ${z.prettifyError(parsed.error)}`);
  const { fingerprint, state, outcome } = parsed.data;
  return { fingerprint, state, outcome: outcome === null ? null : outcomeFromJson(outcome) };
}

export function encodeOutcome(outcome: StoredOutcome): string {
  return JSON.stringify(outcomeToJson(outcome));
}

export function decodeOutcome(text: string): StoredOutcome {
  const parsed = encodedRecord.shape.outcome.safeParse(parseJson(text));
  if (!parsed.success) throw new OutcomeCodecError(`not an idempotency outcome: ${z.prettifyError(parsed.error)}`);
  if (parsed.data === null) throw new OutcomeCodecError('not an idempotency outcome: null');
  return outcomeFromJson(parsed.data);
}

function outcomeToJson(outcome: StoredOutcome): Json {
  return outcome.ok ? { ok: true, value: valueToJson(outcome.value, '$') } : { ok: false, error: errorToJson(outcome.error) };
}

function outcomeFromJson(outcome: { ok: true; value: unknown } | { ok: false; error: EncodedError }): StoredOutcome {
  return outcome.ok ? { ok: true, value: valueFromJson(outcome.value, '$') } : { ok: false, error: errorFromJson(outcome.error) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new OutcomeCodecError('not JSON');
  }
}

// Values: JSON, plus tagged objects for what JSON cannot hold. A plain object that happens to have a
// `$` key (a vendor's raw record may) is wrapped, so it is never mistaken for a tag.

const TAG = '$';

function valueToJson(value: unknown, path: string): Json {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new OutcomeCodecError(`${path}: ${value} cannot be stored`);
    return value;
  }
  if (value === undefined) return { [TAG]: 'undefined' };
  if (typeof value !== 'object') throw new OutcomeCodecError(`${path}: a ${typeof value} cannot be stored`);
  if (Array.isArray(value)) return value.map((item, index) => valueToJson(item, `${path}[${index}]`));
  if (value instanceof Date) {
    if (Object.getPrototypeOf(value) !== Date.prototype) throw new OutcomeCodecError(`${path}: a subclass of Date cannot be stored`);
    const time = value.getTime();
    return { [TAG]: 'Date', v: Number.isNaN(time) ? null : value.toISOString() };
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    throw new OutcomeCodecError(`${path}: ${typeof name === 'string' ? `a ${name}` : 'this object'} cannot be stored`);
  }
  if (Object.getOwnPropertySymbols(value).length > 0) throw new OutcomeCodecError(`${path}: symbol keys cannot be stored`);
  const entries: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) defineEntry(entries, key, valueToJson(item, `${path}.${key}`));
  return Object.hasOwn(entries, TAG) ? { [TAG]: 'Object', v: entries } : entries;
}

function valueFromJson(json: unknown, path: string): unknown {
  if (json === null || typeof json === 'string' || typeof json === 'boolean' || typeof json === 'number') return json;
  if (Array.isArray(json)) return json.map((item: unknown, index) => valueFromJson(item, `${path}[${index}]`));
  if (typeof json !== 'object') throw new OutcomeCodecError(`${path}: not JSON`);
  const object = json as Record<string, unknown>;
  if (!Object.hasOwn(object, TAG)) return plainFromJson(object, path);
  const tag = object[TAG];
  const keys = Object.keys(object);
  if (tag === 'undefined' && keys.length === 1) return undefined;
  if (tag === 'Date' && keys.length === 2 && Object.hasOwn(object, 'v')) {
    const iso = object.v;
    if (iso === null) return new Date(Number.NaN);
    if (typeof iso === 'string') {
      const date = new Date(iso);
      if (!Number.isNaN(date.getTime()) && date.toISOString() === iso) return date;
    }
    throw new OutcomeCodecError(`${path}: not a stored Date`);
  }
  if (tag === 'Object' && keys.length === 2 && typeof object.v === 'object' && object.v !== null && !Array.isArray(object.v)) {
    return plainFromJson(object.v as Record<string, unknown>, path);
  }
  throw new OutcomeCodecError(`${path}: unknown tag ${JSON.stringify(tag)}`);
}

function plainFromJson(object: Record<string, unknown>, path: string): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(object)) defineEntry(value, key, valueFromJson(item, `${path}.${key}`));
  return value;
}

/** An own property even when the key is `__proto__` (plain assignment would set the prototype). */
function defineEntry<V>(target: Record<string, V>, key: string, value: V): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

// Errors: exactly the classes a write can end in, by their own fields. The stack is not kept.

function isExactly(error: Error, type: abstract new (...args: never[]) => Error): boolean {
  return Object.getPrototypeOf(error) === type.prototype;
}

function errorToJson(error: Error): EncodedError {
  const { message } = error;
  if (error instanceof ValidationError && isExactly(error, ValidationError)) {
    return { class: 'ValidationError', message, field: error.field };
  }
  if (error instanceof EmailAlreadyInUseError && isExactly(error, EmailAlreadyInUseError)) {
    return { class: 'EmailAlreadyInUseError', message, source: error.source, email: error.email, record: error.record };
  }
  if (error instanceof NotFoundError && isExactly(error, NotFoundError)) {
    return { class: 'NotFoundError', message, source: error.source, id: error.id };
  }
  if (error instanceof DeletionBlockedError && isExactly(error, DeletionBlockedError)) {
    return { class: 'DeletionBlockedError', message, reason: error.reason, futureAppointments: error.futureAppointments };
  }
  if (error instanceof NotSupportedBySourceError && isExactly(error, NotSupportedBySourceError)) {
    return { class: 'NotSupportedBySourceError', message, source: error.source, operation: error.operation };
  }
  if (error instanceof MergeReferenceNotFoundError && isExactly(error, MergeReferenceNotFoundError)) {
    return { class: 'MergeReferenceNotFoundError', message, targetId: error.targetId };
  }
  if (error instanceof WriteOutcomeUnknownError && isExactly(error, WriteOutcomeUnknownError)) {
    return { class: 'WriteOutcomeUnknownError', message, source: error.source };
  }
  if (error instanceof SourceError && isExactly(error, SourceError)) {
    return { class: 'SourceError', message, source: error.source, failure: error.failure, status: error.status };
  }
  const name = (error as { constructor?: { name?: unknown } }).constructor?.name;
  throw new OutcomeCodecError(`a ${typeof name === 'string' ? name : 'error'} cannot be stored as an outcome`);
}

function errorFromJson(encoded: EncodedError): Error {
  const error = construct(encoded);
  // Some messages depend on more than the fields (NotFound's record kind): keep the one first sent.
  error.message = encoded.message;
  return error;
}

function construct(encoded: EncodedError): Error {
  switch (encoded.class) {
    case 'ValidationError':
      return new ValidationError(encoded.field, encoded.message);
    case 'EmailAlreadyInUseError':
      return new EmailAlreadyInUseError(encoded.source, encoded.email, encoded.record);
    case 'NotFoundError':
      return new NotFoundError(encoded.source, encoded.id);
    case 'DeletionBlockedError':
      return new DeletionBlockedError(encoded.reason, encoded.futureAppointments);
    case 'NotSupportedBySourceError':
      return new NotSupportedBySourceError(encoded.source, encoded.operation);
    case 'MergeReferenceNotFoundError':
      return new MergeReferenceNotFoundError(encoded.targetId);
    case 'WriteOutcomeUnknownError':
      return new WriteOutcomeUnknownError(encoded.source);
    case 'SourceError':
      return new SourceError(encoded.source, encoded.failure, encoded.status);
  }
}
