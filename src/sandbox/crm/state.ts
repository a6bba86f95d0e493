// One CRM sandbox's state: its stored customers in insertion order, its page sizes, and the monotonic
// clock change times come from. The route handlers change it in place.
import { type CrmRecord, crmSeedRecords } from './data.ts';

export interface StoredCustomer {
  /** Insertion order: the list order and the list cursor's key. */
  seq: number;
  record: CrmRecord;
  /** Write-only (crm-customers.txt sends it on create/update, never reads it back). */
  passcode: string | null;
}

export interface CrmState {
  /** Sent in every envelope. */
  readonly instanceId: string;
  readonly pageSize: number;
  exportPageSize: number;
  customers: StoredCustomer[];
  lastSeq: number;
  /** The latest change time handed out (ms); never goes back, not even on reset. */
  clock: number;
}

/** Restores the seed customers; the clock stays where it is. */
export function seed(state: CrmState): void {
  state.customers = crmSeedRecords().map((record, index) => ({ seq: index + 1, record, passcode: null }));
  state.lastSeq = state.customers.length;
  for (const { record } of state.customers) {
    state.clock = Math.max(state.clock, changedAt(record), Date.parse(record.createdAt ?? '') || 0);
  }
}

/** "Now" for a change: the wall clock, or just after the last change when the wall clock is not later. */
export function stamp(state: CrmState): string {
  state.clock = Math.max(Date.now(), state.clock + 1);
  return new Date(state.clock).toISOString();
}

export function find(state: CrmState, id: string): StoredCustomer | undefined {
  return state.customers.find((stored) => stored.record.id === id);
}

export function emailTaken(state: CrmState, email: string | null | undefined, exceptId?: string): boolean {
  const wanted = email?.trim().toLowerCase();
  return !!wanted && state.customers.some((other) => other.record.id !== exceptId && other.record.email?.trim().toLowerCase() === wanted);
}

/** When a record last changed, for the export (a record never updated counts from its creation). */
export function changedAt(record: CrmRecord): number {
  return Date.parse(record.updatedAt ?? record.createdAt ?? '') || 0;
}

export function checkedPageSize(size: number): number {
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`a page size must be a positive integer, not ${size}`);
  return size;
}
