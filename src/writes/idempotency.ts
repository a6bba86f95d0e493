// Idempotency keys for mutations: a repeated request with the same key gets the first outcome and
// sends nothing again; when the first outcome was unknown, the repeat asks the vendor before it acts.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { SourceError, ValidationError, WriteOutcomeUnknownError } from '../sources/errors.ts';

export type StoredOutcome = { ok: true; value: unknown } | { ok: false; error: Error };

export interface IdempotencyRecord {
  /** What the request asked, so a key reused for another request is refused. */
  fingerprint: string;
  /** `unknown`: the write was sent and no answer came back; the next attempt checks the vendor first. */
  state: 'done' | 'unknown';
  outcome: StoredOutcome | null;
}

/** Where keys live. In memory by default; a shared store lets several gateway instances agree. */
export interface IdempotencyStore {
  get(key: string): Promise<IdempotencyRecord | undefined>;
  set(key: string, record: IdempotencyRecord): Promise<void>;
}

export interface MemoryStoreOptions {
  /** How long a key is remembered. */
  ttlMs?: number;
  /** The most keys held; the least recently used go first. */
  maxKeys?: number;
}

export function createMemoryIdempotencyStore(options: MemoryStoreOptions = {}): IdempotencyStore {
  const cache = new LRUCache<string, IdempotencyRecord>({
    max: options.maxKeys ?? 10_000,
    ttl: options.ttlMs ?? 24 * 60 * 60_000,
  });
  return {
    get: async (key) => cache.get(key),
    set: async (key, record) => {
      cache.set(key, record);
    },
  };
}

export function fingerprintOf(operation: string, args: unknown): string {
  return createHash('sha256').update(JSON.stringify([operation, args])).digest('base64url');
}

export interface IdempotentWrite<T> {
  store: IdempotencyStore;
  /** null: the client sent no key, the write simply runs. */
  key: string | null;
  /** The input field or header the key came from, for the error when it is reused. */
  keyField: string;
  fingerprint: string;
  /** The write itself. */
  attempt: () => Promise<T>;
  /**
   * After an unknown outcome: the result if the vendor shows the write was applied, null if it shows
   * it was not (the write is then attempted); throws WriteOutcomeUnknownError when it cannot tell.
   */
  applied: () => Promise<T | null>;
}

// Attempts in flight in this process, per store, so that two concurrent repeats wait for one write.
const inFlightByStore = new WeakMap<IdempotencyStore, Map<string, Promise<unknown>>>();

export async function runIdempotent<T>(write: IdempotentWrite<T>): Promise<T> {
  const { key } = write;
  if (key === null) return write.attempt();
  let inFlight = inFlightByStore.get(write.store);
  if (!inFlight) {
    inFlight = new Map();
    inFlightByStore.set(write.store, inFlight);
  }
  const running = inFlight.get(key) as Promise<T> | undefined;
  if (running) return running;
  const run = runWithKey(write, key).finally(() => inFlight.delete(key));
  inFlight.set(key, run);
  return run;
}

async function runWithKey<T>(write: IdempotentWrite<T>, key: string): Promise<T> {
  const { store, fingerprint } = write;
  const record = await store.get(key);
  if (record && record.fingerprint !== fingerprint) {
    throw new ValidationError(write.keyField, 'this idempotency key was already used for a different request');
  }
  if (record?.state === 'done' && record.outcome) return replay<T>(record.outcome);
  if (record?.state === 'unknown') {
    const applied = await write.applied();
    if (applied !== null) {
      await store.set(key, { fingerprint, state: 'done', outcome: { ok: true, value: applied } });
      return applied;
    }
  }
  try {
    const value = await write.attempt();
    await store.set(key, { fingerprint, state: 'done', outcome: { ok: true, value } });
    return value;
  } catch (error) {
    if (error instanceof WriteOutcomeUnknownError) {
      await store.set(key, { fingerprint, state: 'unknown', outcome: null });
    } else if (error instanceof Error && !(error instanceof SourceError)) {
      // A vendor's definite answer (duplicate email, not found, blocked…) is the outcome. A SourceError
      // on a write means nothing reached the vendor, so a repeat may try again.
      await store.set(key, { fingerprint, state: 'done', outcome: { ok: false, error } });
    }
    throw error;
  }
}

function replay<T>(outcome: StoredOutcome): T {
  if (outcome.ok) return outcome.value as T;
  throw outcome.error;
}
