// Idempotency keys for mutations: a repeated request with the same key gets the first outcome and
// sends nothing again; when the first outcome was unknown, the repeat asks the vendor before it acts.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { LRUCache } from 'lru-cache';
import { SourceError, ValidationError, WriteOutcomeUnknownError } from '../sources/errors.ts';
import type { CustomerSourceName } from '../sources/model/index.ts';

export type StoredOutcome = { ok: true; value: unknown } | { ok: false; error: Error };

export interface IdempotencyRecord {
  /** What the request asked, so a key reused for another request is refused. */
  fingerprint: string;
  /**
   * `unknown`: the write was sent and no answer came back; the next attempt checks the vendor first.
   * Its outcome is null, or the WriteOutcomeUnknownError that attempt answered.
   */
  state: 'done' | 'unknown';
  outcome: StoredOutcome | null;
}

/** Where keys live. In memory by default; a shared store lets several gateway instances agree. */
export interface IdempotencyStore {
  get(key: string): Promise<IdempotencyRecord | undefined>;
  set(key: string, record: IdempotencyRecord): Promise<void>;
  /**
   * Optional, with `release`: takes the key for one attempt (SET NX PX in Redis), so that two gateway
   * instances given the same key at once do not both send the write. true: the caller holds it until
   * it releases it or `ttlMs` pass; false: another attempt holds it.
   */
  claim?(key: string, ttlMs: number): Promise<boolean>;
  /** Gives up a claim this store took. */
  release?(key: string): Promise<void>;
  /**
   * Erasure (forgetCustomer): drops every record `names` picks — its outcome, fingerprint and key — and
   * answers how many. A repeat of such a request is then a new request.
   */
  eraseWhere?(names: (record: IdempotencyRecord) => boolean): Promise<number>;
  /** Rejects when the store cannot be reached (/ready asks); absent for a store in memory. */
  ping?(): Promise<void>;
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
  // Key → when its claim lapses. Within one process runIdempotent already runs a key once at a time;
  // the claims make this store behave like the shared one.
  const claims = new Map<string, number>();
  return {
    get: async (key) => cache.get(key),
    set: async (key, record) => {
      cache.set(key, record);
    },
    claim: async (key, ttlMs) => {
      const now = Date.now();
      const until = claims.get(key);
      if (until !== undefined && until > now) return false;
      claims.set(key, now + ttlMs);
      return true;
    },
    release: async (key) => {
      claims.delete(key);
    },
    eraseWhere: async (names) => {
      const erased = [...cache.entries()].filter(([, record]) => names(record)).map(([key]) => key);
      for (const key of erased) cache.delete(key);
      return erased.length;
    },
  };
}

export function fingerprintOf(operation: string, args: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([operation, args]))
    .digest('base64url');
}

export interface ClaimSettings {
  /** How long a claim holds when its holder never releases it (a crash): well past any request's budget. */
  claimTtlMs: number;
  /** How long a request that finds the key claimed elsewhere waits for that attempt's outcome. */
  waitMs: number;
  /** How often it looks for that outcome meanwhile. */
  pollMs: number;
}

export const DEFAULT_CLAIM_SETTINGS: ClaimSettings = { claimTtlMs: 60_000, waitMs: 3_000, pollMs: 100 };

export interface IdempotentWrite<T> {
  store: IdempotencyStore;
  /** null: the client sent no key, the write simply runs. */
  key: string | null;
  /** The input field or header the key came from, for the error when it is reused. */
  keyField: string;
  fingerprint: string;
  /** The source written to: a request answers WriteOutcomeUnknown for it while another gateway instance still runs the same key. */
  source: CustomerSourceName;
  /** The write itself. */
  attempt: () => Promise<T>;
  /**
   * After an unknown outcome: the result if the vendor shows the write was applied, null if it shows
   * it was not (the write is then attempted); throws WriteOutcomeUnknownError when it cannot tell.
   */
  applied: () => Promise<T | null>;
  /** Overrides of DEFAULT_CLAIM_SETTINGS, for stores that can claim. */
  claimSettings?: Partial<ClaimSettings>;
}

// Attempts in flight in this process, per store, so that two concurrent repeats wait for one write.
// Across processes, a store that can claim keeps two instances from writing at once (runClaimed).
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
  const run = (canClaim(write.store) ? runClaimed(write, write.store, key) : runWithKey(write, key)).finally(() => inFlight.delete(key));
  inFlight.set(key, run);
  return run;
}

type ClaimingStore = IdempotencyStore & Required<Pick<IdempotencyStore, 'claim' | 'release'>>;

function canClaim(store: IdempotencyStore): store is ClaimingStore {
  return typeof store.claim === 'function' && typeof store.release === 'function';
}

/**
 * An attempt runs only under a claim on the key. A request that cannot claim it waits for the other
 * attempt (polling the record): a finished outcome is replayed; an attempt that ended unknown meanwhile
 * is answered as unknown too (as a concurrent repeat in this process shares it); an attempt that left
 * no record (nothing reached the vendor) frees the claim, and this request runs the write itself. If
 * the other attempt is still running when the wait ends, the answer is WriteOutcomeUnknown for the
 * source: the client repeats the request with the same key later, and gets the outcome or, after an
 * unknown one, the vendor is asked before anything is written.
 */
async function runClaimed<T>(write: IdempotentWrite<T>, store: ClaimingStore, key: string): Promise<T> {
  const settings = { ...DEFAULT_CLAIM_SETTINGS, ...write.claimSettings };
  const first = await store.get(key);
  const replayed = finished(write, first);
  if (replayed) return replay<T>(replayed);
  const deadline = Date.now() + settings.waitMs;
  let waited = false;
  for (;;) {
    if (await store.claim(key, settings.claimTtlMs)) {
      try {
        const record = await store.get(key);
        const outcome = finished(write, record) ?? (waited ? endedUnknown(write, first, record) : null);
        if (outcome) return replay<T>(outcome);
        return await runWithKey(write, key, record);
      } finally {
        // A claim that could not be released lapses after claimTtlMs; the outcome stands either way.
        await store.release(key).catch(() => undefined);
      }
    }
    if (Date.now() >= deadline) throw stillRunning(write);
    await sleep(settings.pollMs);
    waited = true;
    const record = await store.get(key);
    const outcome = finished(write, record) ?? endedUnknown(write, first, record);
    if (outcome) return replay<T>(outcome);
  }
}

/** The outcome to replay when the record holds a finished one; refuses a key reused for another request. */
function finished(write: IdempotentWrite<unknown>, record: IdempotencyRecord | undefined): StoredOutcome | null {
  if (record && record.fingerprint !== write.fingerprint) {
    throw new ValidationError(write.keyField, 'this idempotency key was already used for a different request');
  }
  return record?.state === 'done' && record.outcome ? record.outcome : null;
}

/** The concurrent attempt we waited for ended unknown (the record was not unknown before it). */
function endedUnknown(
  write: IdempotentWrite<unknown>,
  before: IdempotencyRecord | undefined,
  now: IdempotencyRecord | undefined,
): StoredOutcome | null {
  if (now?.state !== 'unknown' || before?.state === 'unknown') return null;
  if (now.outcome && !now.outcome.ok && now.outcome.error instanceof WriteOutcomeUnknownError) return now.outcome;
  return { ok: false, error: stillRunning(write) };
}

function stillRunning(write: IdempotentWrite<unknown>): Error {
  // The other attempt may yet write: this request cannot tell, the client repeats it later.
  return new WriteOutcomeUnknownError(write.source);
}

/** `known`: the record as just read under the claim (saves reading it again). */
async function runWithKey<T>(write: IdempotentWrite<T>, key: string, known?: IdempotencyRecord): Promise<T> {
  const { store, fingerprint } = write;
  const record = known ?? (await store.get(key));
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
      await keep(store, key, { fingerprint, state: 'unknown', outcome: { ok: false, error } });
    } else if (error instanceof Error && !(error instanceof SourceError)) {
      // A vendor's definite answer (duplicate email, not found, blocked…) is the outcome. A SourceError
      // means the write never reached the vendor or the vendor refused it without applying it (a
      // failure after the vendor accepted a write is a WriteOutcomeUnknownError, see
      // sources/reread.ts), so nothing is kept and a repeat may try again.
      await keep(store, key, { fingerprint, state: 'done', outcome: { ok: false, error } });
    }
    throw error;
  }
}

/**
 * Stores a failed attempt's outcome. If the store cannot (a shared store that is down, an error class
 * it cannot hold), the client still gets the write's own answer rather than the store's complaint; a
 * repeat then finds no record and sends again, as it would have after the store's complaint.
 */
async function keep(store: IdempotencyStore, key: string, record: IdempotencyRecord): Promise<void> {
  try {
    await store.set(key, record);
  } catch {
    // The write's own error is rethrown by the caller.
  }
}

function replay<T>(outcome: StoredOutcome): T {
  if (outcome.ok) return outcome.value as T;
  throw outcome.error;
}
