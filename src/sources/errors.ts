import type { CustomerSourceName } from './model.ts';

export type SourceFailure =
  | 'UNREACHABLE'
  | 'TIMEOUT'
  | 'VENDOR_ERROR'
  | 'RATE_LIMITED'
  | 'AUTH_REJECTED'
  | 'BAD_RESPONSE'
  | 'REJECTED'
  | 'NOT_CONFIGURED';

const DESCRIPTIONS: Record<SourceFailure, string> = {
  UNREACHABLE: 'could not be reached',
  TIMEOUT: 'did not answer in time',
  VENDOR_ERROR: 'answered with a server error',
  RATE_LIMITED: 'is rate limiting us',
  AUTH_REJECTED: 'rejected the configured credentials',
  BAD_RESPONSE: 'sent an answer that does not match its documentation',
  REJECTED: 'refused the request',
  NOT_CONFIGURED: 'is not configured on this gateway',
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

/** A page token this adapter did not hand out: a forged or mangled connection cursor. */
export class InvalidPageTokenError extends Error {
  readonly source: CustomerSourceName;

  constructor(source: CustomerSourceName) {
    super(`not a ${source} page token`);
    this.name = 'InvalidPageTokenError';
    this.source = source;
  }
}
