import type { CustomerSourceName } from './names.ts';

export type SourceFailure =
  | 'UNREACHABLE'
  | 'TIMEOUT'
  | 'VENDOR_ERROR'
  | 'RATE_LIMITED'
  | 'AUTH_REJECTED'
  | 'BAD_RESPONSE'
  | 'REJECTED'
  | 'NOT_CONFIGURED'
  | 'CIRCUIT_OPEN'
  | 'BUDGET_EXCEEDED';

const DESCRIPTIONS: Record<SourceFailure, string> = {
  UNREACHABLE: 'could not be reached',
  TIMEOUT: 'did not answer in time',
  VENDOR_ERROR: 'answered with a server error',
  RATE_LIMITED: 'is rate limiting us',
  AUTH_REJECTED: 'rejected the configured credentials',
  BAD_RESPONSE: 'sent an answer that does not match its documentation',
  REJECTED: 'refused the request',
  NOT_CONFIGURED: 'is not configured on this gateway',
  CIRCUIT_OPEN: 'is failing; calls are paused for a moment',
  BUDGET_EXCEEDED: 'was not asked: the operation has spent its budget of vendor calls',
};

/**
 * A vendor could not give a usable answer. The message is safe to show: it never carries a URL
 * query, a header or a vendor body.
 */
export class SourceError extends Error {
  readonly source: CustomerSourceName;
  readonly failure: SourceFailure;
  /** The vendor's HTTP status, when it answered. */
  readonly status: number | null;

  constructor(source: CustomerSourceName, failure: SourceFailure, status: number | null = null) {
    super(`${source} ${DESCRIPTIONS[failure]}${status === null ? '' : ` (HTTP ${status})`}`);
    this.name = 'SourceError';
    this.source = source;
    this.failure = failure;
    this.status = status;
  }
}

/**
 * What a read by id answers for each id: the record, null where the vendor has none, or the
 * SourceError that record's own read failed with (a failed read of several at once fails each of them).
 */
export type ById<Record> = Record | null | SourceError;

/** A record read by id as a caller that needs it has it: the read's failure thrown. */
export function byIdOrThrow<Record>(entry: ById<Record> | undefined): Record | null {
  if (entry instanceof SourceError) throw entry;
  return entry ?? null;
}

/** A failed read's SourceError, as its id's entry; anything else is a fault of ours and is thrown. */
export function failedRead(error: unknown): SourceError {
  if (error instanceof SourceError) return error;
  throw error;
}

/** The request has made as many vendor calls as it may (MAX_VENDOR_CALLS): this one was not sent. */
export class CallBudgetSpentError extends SourceError {
  readonly limit: number;

  constructor(source: CustomerSourceName, limit: number) {
    super(source, 'BUDGET_EXCEEDED');
    this.name = 'CallBudgetSpentError';
    this.limit = limit;
    this.message = `${source} was not asked: the operation has spent its budget of ${limit} vendor calls (MAX_VENDOR_CALLS); ask for fewer records or fields at once`;
  }
}

/** A page token this adapter did not hand out: a forged or mangled connection cursor. */
export class InvalidPageTokenError extends Error {
  readonly source: CustomerSourceName;

  constructor(source: CustomerSourceName) {
    super(`not a ${source} page token`);
    this.name = 'InvalidPageTokenError';
    this.source = source;
  }
}

// What a write can end in besides success; the schema exposes each as a member of the mutation's
// result union. Messages are safe to show.

export class ValidationError extends Error {
  /** The input field, as the client named it (`input.email`, `input.crm.number`, `id`). */
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = 'ValidationError';
    this.field = field;
  }
}

export type RecordKind = 'customer' | 'employee';

export class EmailAlreadyInUseError extends Error {
  readonly source: CustomerSourceName;
  readonly email: string;
  readonly record: RecordKind;

  constructor(source: CustomerSourceName, email: string, record: RecordKind = 'customer') {
    super(`${source} already has a${record === 'employee' ? 'n' : ''} ${record} with email ${email}`);
    this.name = 'EmailAlreadyInUseError';
    this.source = source;
    this.email = email;
    this.record = record;
  }
}

export class NotFoundError extends Error {
  readonly source: CustomerSourceName;
  readonly id: string;

  constructor(source: CustomerSourceName, id: string, record: RecordKind = 'customer') {
    super(`${source} has no ${record} ${id}`);
    this.name = 'NotFoundError';
    this.source = source;
    this.id = id;
  }
}

export class DeletionBlockedError extends Error {
  readonly reason: string;
  readonly futureAppointments: number | null;

  constructor(reason: string, futureAppointments: number | null) {
    super(reason);
    this.name = 'DeletionBlockedError';
    this.reason = reason;
    this.futureAppointments = futureAppointments;
  }
}

export type WriteOperation = 'CREATE' | 'UPDATE' | 'DELETE';

export class NotSupportedBySourceError extends Error {
  readonly source: CustomerSourceName;
  readonly operation: WriteOperation;

  constructor(source: CustomerSourceName, operation: WriteOperation) {
    super(`${source} does not support ${operation.toLowerCase()} through its API`);
    this.name = 'NotSupportedBySourceError';
    this.source = source;
    this.operation = operation;
  }
}

/** The write was sent, and no answer came back (timeout, dropped connection, server error). */
export class WriteOutcomeUnknownError extends Error {
  readonly source: CustomerSourceName;

  constructor(source: CustomerSourceName) {
    super(`${source} may or may not have applied the write: it was sent, and no usable answer came back`);
    this.name = 'WriteOutcomeUnknownError';
    this.source = source;
  }
}

/** A merge's target (its `referenceId`) does not exist (platform document: "422 — merge reference not found"). */
export class MergeReferenceNotFoundError extends Error {
  readonly targetId: string;

  constructor(targetId: string) {
    super(`The merge target ${targetId} was not found`);
    this.name = 'MergeReferenceNotFoundError';
    this.targetId = targetId;
  }
}

/**
 * The source keeps custom field definitions but offers no list of them (the PLATFORM document names the
 * `custom-fields` type, not a route that lists it). Each customer's values still carry their labels and types.
 */
export class CustomFieldsNotListedError extends Error {
  readonly source: CustomerSourceName;

  constructor(source: CustomerSourceName) {
    super(`${source} does not list its custom field definitions; each customer's customFields still carry their labels and types`);
    this.name = 'CustomFieldsNotListedError';
    this.source = source;
  }
}
