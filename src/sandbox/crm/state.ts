// One CRM sandbox's state: its stored customers in insertion order, its page sizes, and the monotonic
// clock change times come from. The route handlers change it in place, and call `customersChanged` when they do.
import type { SeedPerson } from '../seed.ts';
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
  /** Generated people after the seed's (SANDBOX_CUSTOMERS), made again on every reset. */
  readonly generated: () => Iterable<SeedPerson>;
  /** Derived from `customers` until they change (`customersChanged`): the export order, and the customers by id. */
  derived: { exportOrder: ExportEntry[] | null; byId: Map<string, StoredCustomer> | null };
}

/** A customer in the export's order: by change time, then insertion. */
export interface ExportEntry {
  stored: StoredCustomer;
  time: number;
}

/** Call after adding, changing or removing a customer. */
export function customersChanged(state: CrmState): void {
  state.derived = { exportOrder: null, byId: null };
}

/** Every customer in the export's order. */
export function exportOrder(state: CrmState): readonly ExportEntry[] {
  state.derived.exportOrder ??= state.customers
    .map((stored) => ({ stored, time: changedAt(stored.record) }))
    .sort((a, b) => a.time - b.time || a.stored.seq - b.stored.seq);
  return state.derived.exportOrder;
}

/** Restores the seed customers; the clock stays where it is. */
export function seed(state: CrmState): void {
  state.customers = crmSeedRecords(state.generated()).map((record, index) => ({ seq: index + 1, record, passcode: null }));
  state.lastSeq = state.customers.length;
  customersChanged(state);
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
  state.derived.byId ??= new Map(state.customers.map((stored) => [stored.record.id, stored]));
  return state.derived.byId.get(id);
}

/** Where the first customer listed after `seq` is: customers are in insertion order, so by binary search. */
export function firstAfter(state: CrmState, seq: number): number {
  let [low, high] = [0, state.customers.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((state.customers[middle] as StoredCustomer).seq <= seq) low = middle + 1;
    else high = middle;
  }
  return low;
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
