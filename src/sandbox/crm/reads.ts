// The CRM sandbox's reads: the customer list (paged by an insertion-order cursor), one customer, and
// the change export.
//
// The export is built for incremental fetching: items in (change time, insertion order), oldest
// first, and `next` is the position after the page's last item, so a record that changes between
// two pages moves behind that position: delivered again (a new change) if it was delivered already,
// delivered once if not. Change times come from a monotonic clock (milliseconds, always later than
// every time the CRM holds), so a change never lands behind a cursor already handed out.
import { DateTime } from 'luxon';
import type { SandboxRequest, SandboxResponse } from '../server.ts';
import { type CrmWarning, fail, reply } from './envelope.ts';
import { type CrmState, type ExportEntry, exportOrder, firstAfter, type StoredCustomer } from './state.ts';

export function list(state: CrmState, request: SandboxRequest): SandboxResponse {
  const offset = request.query.get('offset');
  const after = offset ? decodeCursor('list', offset) : [0];
  if (!after) return fail(state, 400, 'INVALID_OFFSET', 'Unknown offset cursor');
  const start = firstAfter(state, after[0] ?? 0);
  const page = state.customers.slice(start, start + state.pageSize);
  const last = page.at(-1);
  const next = start + page.length < state.customers.length && last ? encodeCursor('list', [last.seq]) : null;
  const query = Object.fromEntries(request.query);
  return reply(state, 200, { users: page.map((stored) => stored.record), next, query }, archivedWarnings(page));
}

export function exportChanges(state: CrmState, request: SandboxRequest): SandboxResponse {
  // A timestamp without an offset is read as UTC.
  const since = DateTime.fromISO(request.query.get('updatedSince') ?? '', { zone: 'utc' });
  if (!since.isValid) return fail(state, 400, 'INVALID_QUERY', 'updatedSince must be an ISO 8601 timestamp');
  const offset = request.query.get('offset');
  // crm-customers.txt marks `offset` required; the first page has none, so absent or "" starts.
  const after = offset ? decodeCursor('export', offset) : [-Infinity, 0];
  if (!after) return fail(state, 400, 'INVALID_OFFSET', 'Unknown offset cursor');
  const [afterTime = -Infinity, afterSeq = 0] = after;
  const order = exportOrder(state);
  // Both bounds are places in the export order: changed since `since`, and after the cursor.
  const start = Math.max(
    firstWhere(order, ({ time }) => time >= since.toMillis()),
    firstWhere(order, ({ time, stored }) => time > afterTime || (time === afterTime && stored.seq > afterSeq)),
  );
  const page = order.slice(start, start + state.exportPageSize);
  const last = page.at(-1);
  // The position after the last item (not an index): changes made meanwhile land behind it.
  const next = start + page.length < order.length && last ? encodeCursor('export', [last.time, last.stored.seq]) : null;
  const delivered = page.map(({ stored }) => stored);
  return reply(state, 200, { items: delivered.map((stored) => stored.record), next }, archivedWarnings(delivered));
}

export function show(state: CrmState, stored: StoredCustomer): SandboxResponse {
  const warnings = stored.record.archivedAt
    ? [{ code: 'CUSTOMER_ARCHIVED', message: `Customer was archived at ${stored.record.archivedAt}` }]
    : [];
  return reply(state, 200, { user: stored.record }, warnings);
}

/** The first entry for which `holds` is true, where it is false before that entry and true from it on. */
function firstWhere(order: readonly ExportEntry[], holds: (entry: ExportEntry) => boolean): number {
  let [low, high] = [0, order.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (holds(order[middle] as ExportEntry)) high = middle;
    else low = middle + 1;
  }
  return low;
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
