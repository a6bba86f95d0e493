// A customer as the index stores it: the unified record as JSON (its `sourceRecord` apart, in a column
// of its own), read back with its Dates. The model's Date fields are few and known; they are listed
// here, and test/index/customer-codec.test.ts round-trips a record of every source to keep the list whole.
import type { Customer, JsonObject } from '../sources/model/index.ts';

export class IndexCodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexCodecError';
  }
}

/** The unified record without its raw record (JSON), and the raw record (JSON). */
export function encodeCustomer(customer: Customer): { unified: string; raw: string } {
  const { sourceRecord, ...unified } = customer;
  return { unified: JSON.stringify(unified), raw: JSON.stringify(sourceRecord) };
}

/**
 * The record with its Dates. Its raw record is parsed when first read: most answers never ask for
 * `sourceRecord`, and parsing it was a fifth of the CPU of an indexed page with sameAs.
 */
export function decodeCustomer(unifiedJson: string, rawJson: string): Customer {
  const unified = parseObject(unifiedJson, 'customer');
  reviveDate(unified, 'createdAt');
  reviveDate(unified, 'updatedAt');
  const details = (name: string) => (isObject(unified[name]) ? unified[name] : null);
  const amelia = details('amelia');
  if (amelia && isObject(amelia.appointmentStats)) reviveDate(amelia.appointmentStats, 'lastAppointmentAt');
  const kbSupport = details('kbSupport');
  if (kbSupport && Array.isArray(kbSupport.notes)) {
    for (const note of kbSupport.notes) if (isObject(note)) reviveDate(note, 'writtenAt');
  }
  const crm = details('crm');
  if (crm) reviveDate(crm, 'archivedAt');
  let sourceRecord: JsonObject | undefined;
  Object.defineProperty(unified, 'sourceRecord', {
    enumerable: true,
    configurable: true,
    get: () => {
      sourceRecord ??= parseObject(rawJson, 'raw record') as JsonObject;
      return sourceRecord;
    },
    set: (value: JsonObject) => {
      sourceRecord = value;
    },
  });
  return unified as unknown as Customer;
}

function parseObject(json: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new IndexCodecError(`the stored ${what} is not JSON`);
  }
  if (!isObject(value)) throw new IndexCodecError(`the stored ${what} is not an object`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reviveDate(holder: Record<string, unknown>, field: string): void {
  const value = holder[field];
  if (typeof value !== 'string') return;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new IndexCodecError(`the stored ${field} is not a time: ${value}`);
  holder[field] = date;
}
