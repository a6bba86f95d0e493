// The CRM emulator (crm-customers.txt): Bearer auth, the `{ app, service, warnings, instanceId,
// requestId, data }` envelope on every answer, cursor paging by `next`/`offset`, writes and export.
//
// Where the document is silent: errors come in the envelope with `data: null` and the error as the
// one warning (`{ code, message }`) — 401 bad token, 404 unknown id or route, 405 method, 400 unknown
// cursor, bad query or a body without `params`; field problems on writes (types, gender code, date,
// duplicate email) answer 200 `{ succeed: false }` with one warning each; a customer needs a first or
// last name, on create and after an update; unknown params are ignored with a warning; null clears a
// field. Cursors are opaque base64url keysets.
//
// The export is built for incremental fetching: items in (change time, insertion order), oldest
// first, and `next` is the position after the page's last item, so a record that changes between
// two pages moves behind that position: delivered again (a new change) if it was delivered already,
// delivered once if not. Change times come from a monotonic clock (milliseconds, always later than
// every time the CRM holds), so a change never lands behind a cursor already handed out.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { SandboxServer, type SandboxRequest, type SandboxResponse } from '../server.ts';
import { CRM_GENDER_LABELS, crmCustomerId, crmSeedRecords, genderValue, type CrmRecord } from './data.ts';

export interface CrmSandboxOptions {
  pageSize?: number /* default 10 */;
  /** Items per export page; default `pageSize`. */
  exportPageSize?: number;
}

/** What `touch` may change beside the change time (e.g. `archivedAt` to archive the record). */
export type CrmTouch = Partial<Omit<CrmRecord, 'id' | 'createdAt' | 'updatedAt'>>;

export interface CrmSandbox {
  readonly server: SandboxServer;
  readonly credentials: { token: string };
  /** Items per export page, changeable between requests (a positive integer); `reset()` leaves it alone. */
  exportPageSize: number;
  /**
   * Test hook: changes a record as the CRM's back office would, its `updatedAt` set to "now" from
   * the monotonic clock (later than every existing change time), with `changes` applied. Answers
   * the new `updatedAt`; throws for an unknown id.
   */
  touch(id: string, changes?: CrmTouch): string;
  /** Test hook: the passcode stored for a customer (null when none was set); throws for an unknown id. */
  passcodeOf(id: string): string | null;
  reset(): void;
}

interface CrmWarning {
  code: string;
  message: string;
}

interface StoredCustomer {
  /** Insertion order: the list order and the list cursor's key. */
  seq: number;
  record: CrmRecord;
  /** Write-only (crm-customers.txt sends it on create/update, never reads it back). */
  passcode: string | null;
}

const BASE = '/v1/crm/customers';
const TEXT_PARAMS = ['firstName', 'lastName', 'email', 'phone', 'cityId', 'birthDate', 'passcode', 'number', 'internalNote'];
const CREATE_PARAMS = new Set([...TEXT_PARAMS, 'phoneCallingCode', 'gender', 'unsubscribed']);
const UPDATE_PARAMS = new Set([...TEXT_PARAMS, 'id', 'gender', 'unsubscribed']);
const API_ACTOR = 'api_token';
const EMAIL_TAKEN: CrmWarning = { code: 'EMAIL_TAKEN', message: 'A customer with this email already exists' };

export function createCrmSandbox(options: CrmSandboxOptions = {}): CrmSandbox {
  const pageSize = options.pageSize ?? 10;
  let exportPageSize = checkedPageSize(options.exportPageSize ?? pageSize);
  const credentials = { token: 'crm-sandbox-token' };
  const instanceId = `crm-sandbox-${randomUUID()}`;
  let customers: StoredCustomer[] = [];
  let lastSeq = 0;
  /** The latest change time handed out (ms); never goes back, not even on reset. */
  let clock = 0;

  function seed(): void {
    customers = crmSeedRecords().map((record, index) => ({ seq: index + 1, record, passcode: null }));
    lastSeq = customers.length;
    for (const { record } of customers) {
      clock = Math.max(clock, changedAt(record), Date.parse(record.createdAt ?? '') || 0);
    }
  }

  /** "Now" for a change: the wall clock, or just after the last change when the wall clock is not later. */
  function stamp(): string {
    clock = Math.max(Date.now(), clock + 1);
    return new Date(clock).toISOString();
  }

  function reply(status: number, data: unknown, warnings: CrmWarning[] = []): SandboxResponse {
    return {
      status,
      body: { app: 'crm', service: 'customers', warnings, instanceId, requestId: randomUUID(), data },
    };
  }

  const fail = (status: number, code: string, message: string): SandboxResponse =>
    reply(status, null, [{ code, message }]);

  const notAllowed = (method: string) => fail(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);

  function find(id: string): StoredCustomer | undefined {
    return customers.find((stored) => stored.record.id === id);
  }

  function emailTaken(email: string | null | undefined, exceptId?: string): boolean {
    const wanted = email?.trim().toLowerCase();
    return (
      !!wanted &&
      customers.some((other) => other.record.id !== exceptId && other.record.email?.trim().toLowerCase() === wanted)
    );
  }

  function list(request: SandboxRequest): SandboxResponse {
    const offset = request.query.get('offset');
    const after = offset ? decodeCursor('list', offset) : [0];
    if (!after) return fail(400, 'INVALID_OFFSET', 'Unknown offset cursor');
    const rest = customers.filter((stored) => stored.seq > (after[0] ?? 0));
    const page = rest.slice(0, pageSize);
    const last = page.at(-1);
    const next = rest.length > page.length && last ? encodeCursor('list', [last.seq]) : null;
    const query = Object.fromEntries(request.query);
    return reply(200, { users: page.map((stored) => stored.record), next, query }, archivedWarnings(page));
  }

  function exportChanges(request: SandboxRequest): SandboxResponse {
    // A timestamp without an offset is read as UTC.
    const since = DateTime.fromISO(request.query.get('updatedSince') ?? '', { zone: 'utc' });
    if (!since.isValid) return fail(400, 'INVALID_QUERY', 'updatedSince must be an ISO 8601 timestamp');
    const offset = request.query.get('offset');
    // crm-customers.txt marks `offset` required; the first page has none, so absent or "" starts.
    const after = offset ? decodeCursor('export', offset) : [-Infinity, 0];
    if (!after) return fail(400, 'INVALID_OFFSET', 'Unknown offset cursor');
    const [afterTime = -Infinity, afterSeq = 0] = after;
    const changed = customers
      .map((stored) => ({ stored, time: changedAt(stored.record) }))
      .filter(({ time }) => time >= since.toMillis())
      .sort((a, b) => a.time - b.time || a.stored.seq - b.stored.seq)
      .filter(({ time, stored }) => time > afterTime || (time === afterTime && stored.seq > afterSeq));
    const page = changed.slice(0, exportPageSize);
    const last = page.at(-1);
    // The position after the last item (not an index): changes made meanwhile land behind it.
    const next = changed.length > page.length && last ? encodeCursor('export', [last.time, last.stored.seq]) : null;
    const delivered = page.map(({ stored }) => stored);
    return reply(200, { items: delivered.map((stored) => stored.record), next }, archivedWarnings(delivered));
  }

  function show(stored: StoredCustomer): SandboxResponse {
    const warnings = stored.record.archivedAt
      ? [{ code: 'CUSTOMER_ARCHIVED', message: `Customer was archived at ${stored.record.archivedAt}` }]
      : [];
    return reply(200, { user: stored.record }, warnings);
  }

  function create(request: SandboxRequest): SandboxResponse {
    const params = paramsOf(request);
    if (!params) return fail(400, 'BAD_REQUEST', 'Body must be { "params": { … } }');
    const { changes, passcode, warnings } = readParams(params, CREATE_PARAMS);
    if (!changes.firstName?.trim() && !changes.lastName?.trim()) {
      warnings.push({ code: 'VALIDATION_FAILED', message: 'firstName or lastName is required' });
    }
    if (emailTaken(changes.email)) warnings.push(EMAIL_TAKEN);
    if (warnings.some(isRejection)) return reply(200, { succeed: false }, warnings);
    const seq = ++lastSeq;
    const now = stamp();
    const record: CrmRecord = {
      ...changes,
      id: crmCustomerId(`created|${seq}`),
      createdAt: now,
      createdVia: 'api',
      createdBy: API_ACTOR,
      updatedAt: now,
    };
    customers.push({ seq, record, passcode: passcode ?? null });
    return reply(200, { succeed: true, id: record.id }, warnings);
  }

  function update(stored: StoredCustomer, request: SandboxRequest): SandboxResponse {
    const params = paramsOf(request);
    if (!params) return fail(400, 'BAD_REQUEST', 'Body must be { "params": { … } }');
    const { changes, passcode, warnings } = readParams(params, UPDATE_PARAMS);
    if (params['id'] !== undefined && params['id'] !== stored.record.id) {
      warnings.push({ code: 'VALIDATION_FAILED', message: 'params.id does not match the customer in the path' });
    }
    const changed = { ...stored.record, ...changes };
    if (!changed.firstName?.trim() && !changed.lastName?.trim()) {
      warnings.push({ code: 'VALIDATION_FAILED', message: 'firstName or lastName is required' });
    }
    if (emailTaken(changes.email, stored.record.id)) warnings.push(EMAIL_TAKEN);
    if (warnings.some(isRejection)) return reply(200, { succeed: false }, warnings);
    stored.record = { ...changed, updatedAt: stamp(), updatedVia: 'api', updatedBy: API_ACTOR };
    if (passcode !== undefined) stored.passcode = passcode;
    return reply(200, { succeed: true }, warnings);
  }

  function remove(stored: StoredCustomer): SandboxResponse {
    customers = customers.filter((other) => other !== stored);
    return reply(200, { succeed: true });
  }

  function handle(request: SandboxRequest): SandboxResponse {
    if (request.headers.authorization !== `Bearer ${credentials.token}`) {
      return fail(401, 'UNAUTHORIZED', 'Missing or invalid access token');
    }
    const { method, path } = request;
    if (path === BASE || path === `${BASE}/`) {
      if (method === 'GET') return list(request);
      if (method === 'POST') return create(request);
      return notAllowed(method);
    }
    if (path === `${BASE}/export`) return method === 'GET' ? exportChanges(request) : notAllowed(method);
    const id = path.startsWith(`${BASE}/`) ? path.slice(BASE.length + 1) : null;
    if (id === null || id.includes('/')) return fail(404, 'ROUTE_NOT_FOUND', 'No such route');
    if (!['GET', 'PATCH', 'DELETE'].includes(method)) return notAllowed(method);
    const stored = find(id);
    if (!stored) return fail(404, 'NOT_FOUND', 'Customer not found');
    if (method === 'GET') return show(stored);
    if (method === 'PATCH') return update(stored, request);
    return remove(stored);
  }

  const server = new SandboxServer('crm', handle);
  seed();
  return {
    server,
    credentials,
    get exportPageSize() {
      return exportPageSize;
    },
    set exportPageSize(size: number) {
      exportPageSize = checkedPageSize(size);
    },
    touch(id, changes = {}) {
      const stored = find(id);
      if (!stored) throw new Error(`the CRM sandbox has no customer ${id}`);
      const updatedAt = stamp();
      stored.record = { ...stored.record, ...changes, id, updatedAt, updatedVia: 'backoffice', updatedBy: 'usr_admin_01' };
      return updatedAt;
    },
    passcodeOf(id) {
      const stored = find(id);
      if (!stored) throw new Error(`the CRM sandbox has no customer ${id}`);
      return stored.passcode;
    },
    reset() {
      seed();
      server.clearLog();
      server.clearFaults();
    },
  };
}

type ParamValue = string | number | boolean | null;

interface ReadParams {
  changes: Partial<Omit<CrmRecord, 'id'>>;
  /** undefined when not sent. */
  passcode: string | null | undefined;
  warnings: CrmWarning[];
}

/** Validates the write params crm-customers.txt documents; anything else is ignored with a warning. */
function readParams(params: Record<string, unknown>, allowed: ReadonlySet<string>): ReadParams {
  const changes: Partial<Omit<CrmRecord, 'id'>> = {};
  const warnings: CrmWarning[] = [];
  let passcode: string | null | undefined;
  const invalid = (key: string, expected: string) =>
    warnings.push({ code: 'VALIDATION_FAILED', message: `${key} must be ${expected}` });

  for (const [key, value] of Object.entries(params)) {
    if (!allowed.has(key)) {
      warnings.push({ code: 'UNKNOWN_PARAM', message: `${key} is not a customer field and was ignored` });
      continue;
    }
    if (key === 'id') continue;
    if (!isParamValue(value)) {
      invalid(key, 'a plain value');
      continue;
    }
    if (key === 'gender') {
      if (value === null) changes.gender = null;
      else if (typeof value === 'number' && CRM_GENDER_LABELS.has(value)) changes.gender = genderValue(value);
      else invalid(key, 'one of 0, 1, 2, 9 (ISO/IEC 5218)');
    } else if (key === 'unsubscribed') {
      if (typeof value === 'boolean' || value === null) changes.unsubscribed = value;
      else invalid(key, 'a boolean');
    } else if (value !== null && typeof value !== 'string') {
      invalid(key, 'a string');
    } else if (key === 'email' && value !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim())) {
      invalid(key, 'an email address');
    } else if (key === 'birthDate' && value !== null && !DateTime.fromFormat(value, 'yyyy-MM-dd').isValid) {
      invalid(key, 'a date (YYYY-MM-DD)');
    } else if (key === 'passcode') {
      passcode = value;
    } else if (key === 'phoneCallingCode') {
      changes.phoneCountryCalling = value;
    } else {
      setText(changes, key, value);
    }
  }
  return { changes, passcode, warnings };
}

function setText(changes: Partial<Omit<CrmRecord, 'id'>>, key: string, value: string | null): void {
  if (key === 'firstName') changes.firstName = value;
  else if (key === 'lastName') changes.lastName = value;
  else if (key === 'email') changes.email = value?.trim() ?? null;
  else if (key === 'phone') changes.phone = value;
  else if (key === 'cityId') changes.cityId = value;
  else if (key === 'birthDate') changes.birthDate = value;
  else if (key === 'number') changes.number = value;
  else if (key === 'internalNote') changes.internalNote = value;
}

function isParamValue(value: unknown): value is ParamValue {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isRejection(warning: CrmWarning): boolean {
  return warning.code !== 'UNKNOWN_PARAM';
}

function paramsOf(request: SandboxRequest): Record<string, unknown> | null {
  if (request.invalidJson || !isObject(request.body)) return null;
  const params = request.body['params'];
  return isObject(params) ? params : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** When a record last changed, for the export (a record never updated counts from its creation). */
function changedAt(record: CrmRecord): number {
  return Date.parse(record.updatedAt ?? record.createdAt ?? '') || 0;
}

function encodeCursor(kind: 'list' | 'export', keys: number[]): string {
  return Buffer.from(`${kind}:${keys.join(':')}`).toString('base64url');
}

/** The keys inside a cursor this sandbox issued for `kind`, or null when it is not one. */
function decodeCursor(kind: 'list' | 'export', cursor: string): number[] | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const [prefix, ...keys] = text.split(':');
  const numbers = keys.map(Number);
  const arity = kind === 'list' ? 1 : 2;
  if (prefix !== kind || numbers.length !== arity || !numbers.every(Number.isSafeInteger)) return null;
  return numbers;
}

function archivedWarnings(page: readonly StoredCustomer[]): CrmWarning[] {
  const archived = page.filter((stored) => stored.record.archivedAt).length;
  return archived ? [{ code: 'ARCHIVED_CUSTOMERS', message: `This page includes ${archived} archived customer(s)` }] : [];
}

function checkedPageSize(size: number): number {
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`a page size must be a positive integer, not ${size}`);
  return size;
}
