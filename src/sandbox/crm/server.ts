// The CRM emulator (crm-customers.txt): Bearer auth, the `{ app, service, warnings, instanceId,
// requestId, data }` envelope on every answer, cursor paging by `next`/`offset`, writes and export.
//
// Where the document is silent: errors come in the envelope with `data: null` and the error as the
// one warning (`{ code, message }`) — 401 bad token, 404 unknown id or route, 405 method, 400 unknown
// cursor, bad query or a body without `params`; field problems on writes (types, gender code, date,
// duplicate email) answer 200 `{ succeed: false }` with one warning each; a customer needs a first or
// last name, on create and after an update; unknown params are ignored with a warning; null clears a
// field. Cursors are opaque base64url keysets. How the export pages is told in reads.ts; it lists the
// customers that exist (archived ones included), so a deleted customer is simply no longer in it: the
// document promises no record of deletions, and this sandbox keeps none.
//
// The phone: the create takes `phone` and `phoneCallingCode` (stored as `phone` + `phoneCountryCalling`,
// no `phoneCountry`); the document's PATCH lists `phone` alone. The PATCH here takes `phoneCallingCode`
// only beside `phone`, and a `phone` sent replaces the stored number whole, stored exactly as a create
// with the same params stores it (no calling code sent: none kept). It never keeps a calling code it
// was not given beside a new number: that pairing appears nowhere in the document (its records and its
// create carry the two together), and a number whose two halves disagree (`+49…` beside `44`) is what
// an adapter must not be allowed to write unnoticed. A `phoneCallingCode` alone is refused: it would
// move the stored number to another country.
//
// This file is the sandbox, its test hooks and its route table; the handlers are in reads.ts and writes.ts.
import { randomUUID } from 'node:crypto';
import { generatedPeople } from '../generated/people.ts';
import { type SandboxRequest, type SandboxResponse, SandboxServer } from '../server.ts';
import type { CrmRecord } from './data.ts';
import { fail, notAllowed } from './envelope.ts';
import { exportChanges, list, show } from './reads.ts';
import { type CrmState, checkedPageSize, customersChanged, find, seed, stamp } from './state.ts';
import { create, remove, update } from './writes.ts';

export interface CrmSandboxOptions {
  pageSize?: number /* default 10 */;
  /** Items per export page; default `pageSize`. */
  exportPageSize?: number;
  /** Generated customers after the seed's (SANDBOX_CUSTOMERS); none by default. */
  customers?: number;
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

const BASE = '/v1/crm/customers';

export function createCrmSandbox(options: CrmSandboxOptions = {}): CrmSandbox {
  const pageSize = options.pageSize ?? 10;
  const exportPageSize = checkedPageSize(options.exportPageSize ?? pageSize);
  const credentials = { token: 'crm-sandbox-token' };
  const state: CrmState = {
    instanceId: `crm-sandbox-${randomUUID()}`,
    pageSize,
    exportPageSize,
    customers: [],
    lastSeq: 0,
    clock: 0,
    generated: () => generatedPeople('CRM', options.customers ?? 0),
    derived: { exportOrder: null, byId: null },
  };

  function handle(request: SandboxRequest): SandboxResponse {
    if (request.headers.authorization !== `Bearer ${credentials.token}`) {
      return fail(state, 401, 'UNAUTHORIZED', 'Missing or invalid access token');
    }
    const { method, path } = request;
    if (path === BASE || path === `${BASE}/`) {
      if (method === 'GET') return list(state, request);
      if (method === 'POST') return create(state, request);
      return notAllowed(state, method);
    }
    if (path === `${BASE}/export`) return method === 'GET' ? exportChanges(state, request) : notAllowed(state, method);
    const id = path.startsWith(`${BASE}/`) ? path.slice(BASE.length + 1) : null;
    if (id === null || id.includes('/')) return fail(state, 404, 'ROUTE_NOT_FOUND', 'No such route');
    if (!['GET', 'PATCH', 'DELETE'].includes(method)) return notAllowed(state, method);
    const stored = find(state, id);
    if (!stored) return fail(state, 404, 'NOT_FOUND', 'Customer not found');
    if (method === 'GET') return show(state, stored);
    if (method === 'PATCH') return update(state, stored, request);
    return remove(state, stored);
  }

  const server = new SandboxServer('crm', handle);
  seed(state);
  return {
    server,
    credentials,
    get exportPageSize() {
      return state.exportPageSize;
    },
    set exportPageSize(size: number) {
      state.exportPageSize = checkedPageSize(size);
    },
    touch(id, changes = {}) {
      const stored = find(state, id);
      if (!stored) throw new Error(`the CRM sandbox has no customer ${id}`);
      const updatedAt = stamp(state);
      stored.record = { ...stored.record, ...changes, id, updatedAt, updatedVia: 'backoffice', updatedBy: 'usr_admin_01' };
      customersChanged(state);
      return updatedAt;
    },
    passcodeOf(id) {
      const stored = find(state, id);
      if (!stored) throw new Error(`the CRM sandbox has no customer ${id}`);
      return stored.passcode;
    },
    reset() {
      seed(state);
      server.clearLog();
      server.clearFaults();
    },
  };
}
