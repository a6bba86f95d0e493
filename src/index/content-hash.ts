// The content hash of a customer: what decides whether a write is a change. Counters a vendor moves
// on its own (Amelia's appointment statistics, KB Support's ticket count) are stored with the row but
// left out of the hash, both in the unified record and in the vendor's raw one, so that a booking
// is not a change of the customer (no change event, no new version).
import { createHash } from 'node:crypto';
import type { Customer, CustomerSourceName } from '../sources/model/index.ts';

/** Paths left out of the hash, per source: in the unified record, and in its `sourceRecord`. */
export const VOLATILE_FIELDS: Readonly<Record<CustomerSourceName, { unified: string[][]; raw: string[][] }>> = {
  AMELIA: {
    unified: [['amelia', 'appointmentStats']],
    raw: [['totalAppointments'], ['countPendingAppointments'], ['lastAppointment']],
  },
  KB_SUPPORT: { unified: [['kbSupport', 'ticketCount']], raw: [['ticket_count']] },
  PLATFORM: { unified: [], raw: [] },
  CRM: { unified: [], raw: [] },
};

/** SHA-256 (hex) of the record in a canonical JSON (keys sorted, Dates as ISO text), volatile fields out. */
export function contentHashOf(customer: Customer): string {
  const volatile = VOLATILE_FIELDS[customer.source];
  const { sourceRecord, ...unified } = customer;
  const content = {
    unified: without(unified, volatile.unified),
    raw: without(sourceRecord, volatile.raw),
  };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

function without(value: unknown, paths: readonly string[][]): unknown {
  let result = value;
  for (const path of paths) result = withoutPath(result, path);
  return result;
}

function withoutPath(value: unknown, path: readonly string[]): unknown {
  const [head, ...rest] = path;
  if (head === undefined || !isPlainObject(value) || !Object.hasOwn(value, head)) return value;
  const copy: Record<string, unknown> = { ...value };
  if (rest.length === 0) delete copy[head];
  else copy[head] = withoutPath(copy[head], rest);
  return copy;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** JSON with object keys in a fixed order; `undefined` members left out as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (isPlainObject(value)) {
    const members = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
