// Idempotency keys in a real redis-server, seen by two gateway instances (two stores, two connections).
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmailAlreadyInUseError, NotFoundError, SourceError, ValidationError, WriteOutcomeUnknownError } from '../../src/sources/errors.ts';
import { closeRedis, connectRedis } from '../../src/stores/redis.ts';
import { type ClaimingIdempotencyStore, createRedisIdempotencyStore } from '../../src/stores/redis-idempotency.ts';
import {
  createMemoryIdempotencyStore,
  type IdempotencyRecord,
  type IdempotencyStore,
  type IdempotentWrite,
  runIdempotent,
} from '../../src/writes/idempotency.ts';
import { type RedisServer, startRedis } from '../support/redis.ts';

let server: RedisServer;
let redisA: Redis;
let redisB: Redis;
let storeA: ClaimingIdempotencyStore;
let storeB: ClaimingIdempotencyStore;

beforeAll(async () => {
  server = await startRedis();
  redisA = connectRedis(server.url);
  redisB = connectRedis(server.url);
  storeA = createRedisIdempotencyStore(redisA, { ttlMs: 60_000 });
  storeB = createRedisIdempotencyStore(redisB, { ttlMs: 60_000 });
});

afterAll(async () => {
  await Promise.all([redisA, redisB].filter(Boolean).map((redis) => closeRedis(redis)));
  await server?.stop();
});

beforeEach(async () => {
  await redisA.flushdb();
});

/** Polls until `check` holds (no timing assertion: only that it eventually does). */
async function eventually(check: () => Promise<boolean>, withinMs = 5_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** The store, counting its reads: a request that waits for another instance polls the record. */
function counting(store: ClaimingIdempotencyStore): { store: ClaimingIdempotencyStore; reads: () => number } {
  let reads = 0;
  return {
    store: {
      ...store,
      get: (key) => {
        reads += 1;
        return store.get(key);
      },
    },
    reads: () => reads,
  };
}

const customer = {
  source: 'CRM',
  sourceId: 'c-1',
  email: 'grace@example.test',
  createdAt: new Date('2024-03-01T08:15:30.123Z'),
  updatedAt: null,
  sourceRecord: { id: 'c-1' },
};

describe('Redis idempotency store', () => {
  it('keeps records for its TTL, under the switchboard: prefix', async () => {
    const record: IdempotencyRecord = { fingerprint: 'fp', state: 'done', outcome: { ok: true, value: customer } };
    await storeA.set('k1', record);
    // The other instance reads the same record, Dates and all.
    expect(await storeB.get('k1')).toStrictEqual(record);
    expect(await storeB.get('nothing')).toBeUndefined();

    const plain = new Redis(server.url);
    try {
      const ttl = await plain.pttl('switchboard:idempotency:record:k1');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      await closeRedis(plain);
    }

    const shortLived = createRedisIdempotencyStore(redisA, { ttlMs: 50 });
    await shortLived.set('k2', record);
    await eventually(async () => (await storeB.get('k2')) === undefined);
  });

  it('stores error outcomes as instances of their class', async () => {
    await storeA.set('k3', { fingerprint: 'fp', state: 'done', outcome: { ok: false, error: new NotFoundError('CRM', '9') } });
    const read = await storeB.get('k3');
    expect(read?.outcome?.ok).toBe(false);
    const error = read?.outcome && !read.outcome.ok ? read.outcome.error : null;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ source: 'CRM', id: '9', message: 'CRM has no customer 9' });
  });

  it('lets one instance claim a key at a time', async () => {
    expect(await storeA.claim('k', 60_000)).toBe(true);
    expect(await storeB.claim('k', 60_000)).toBe(false);
    expect(await storeA.claim('k', 60_000)).toBe(false);
    // B never held it: its release leaves A's claim alone.
    await storeB.release('k');
    expect(await storeB.claim('k', 60_000)).toBe(false);
    await storeA.release('k');
    expect(await storeB.claim('k', 60_000)).toBe(true);
    await storeB.release('k');
  });

  it('lets a claim lapse, and a late release does not drop the next holder', async () => {
    expect(await storeA.claim('lapse', 50)).toBe(true);
    await eventually(() => storeB.claim('lapse', 60_000));
    await storeA.release('lapse');
    expect(await storeA.claim('lapse', 60_000)).toBe(false);
    await storeB.release('lapse');
  });
});

describe('the in-memory store claims too', () => {
  it('one claim at a time, until released or lapsed', async () => {
    const store = createMemoryIdempotencyStore();
    expect(await store.claim?.('k', 60_000)).toBe(true);
    expect(await store.claim?.('k', 60_000)).toBe(false);
    await store.release?.('k');
    expect(await store.claim?.('k', 1)).toBe(true);
    await eventually(async () => (await store.claim?.('k', 60_000)) === true);
  });
});

describe('runIdempotent on two instances sharing Redis', () => {
  function write<T>(store: IdempotencyStore, key: string, attempt: () => Promise<T>, extra: Partial<IdempotentWrite<T>> = {}): Promise<T> {
    return runIdempotent<T>({
      store,
      key,
      keyField: 'Idempotency-Key',
      fingerprint: 'fp',
      source: 'CRM',
      attempt,
      applied: async () => null,
      ...extra,
    });
  }

  it('runs the write once when both get the same key at the same time', async () => {
    let attempts = 0;
    const release = gate();
    const attempt = async () => {
      attempts += 1;
      await release.promise;
      return customer;
    };
    const first = write(storeA, 'same', attempt);
    const second = write(storeB, 'same', attempt);
    // Let both reach the store before the write answers.
    await eventually(async () => attempts === 1);
    release.open();
    const [a, b] = await Promise.all([first, second]);
    expect(attempts).toBe(1);
    // Whichever instance claimed first wrote; the other replays the stored outcome, Dates and all.
    expect(a).toStrictEqual(customer);
    expect(b).toStrictEqual(customer);
    expect([a, b].filter((result) => result === customer)).toHaveLength(1);
    expect(a.createdAt).toBeInstanceOf(Date);
    expect(b.createdAt).toBeInstanceOf(Date);

    // And a later repeat on either instance replays it.
    expect(await write(storeB, 'same', attempt)).toStrictEqual(customer);
    expect(attempts).toBe(1);
  });

  it('runs it once among many concurrent requests over both instances', async () => {
    let attempts = 0;
    const attempt = async () => {
      attempts += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return true as const;
    };
    const results = await Promise.all(Array.from({ length: 10 }, (_, index) => write(index % 2 ? storeA : storeB, 'many', attempt)));
    expect(results).toEqual(Array(10).fill(true));
    expect(attempts).toBe(1);
  });

  it('replays a definite refusal to the waiting instance, as the same class', async () => {
    let attempts = 0;
    const release = gate();
    const attempt = async (): Promise<never> => {
      attempts += 1;
      await release.promise;
      throw new EmailAlreadyInUseError('CRM', 'grace@example.test');
    };
    const first = write(storeA, 'refused', attempt);
    await eventually(async () => attempts === 1);
    const second = write(storeB, 'refused', attempt);
    release.open();
    await expect(first).rejects.toBeInstanceOf(EmailAlreadyInUseError);
    await expect(second).rejects.toBeInstanceOf(EmailAlreadyInUseError);
    await expect(second).rejects.toMatchObject({ source: 'CRM', email: 'grace@example.test' });
    expect(attempts).toBe(1);
  });

  it('answers WriteOutcomeUnknown while the other instance is still writing, then replays its outcome', async () => {
    let attempts = 0;
    const release = gate();
    const attempt = async () => {
      attempts += 1;
      await release.promise;
      return customer;
    };
    const first = write(storeA, 'slow', attempt);
    await eventually(async () => attempts === 1);
    const waiting = write(storeB, 'slow', attempt, { claimSettings: { waitMs: 150, pollMs: 20 } });
    await expect(waiting).rejects.toBeInstanceOf(WriteOutcomeUnknownError);
    await expect(waiting).rejects.toMatchObject({ source: 'CRM' });
    release.open();
    expect(await first).toBe(customer);
    // The client repeats with the same key later: the outcome, nothing sent again.
    expect(await write(storeB, 'slow', attempt)).toStrictEqual(customer);
    expect(attempts).toBe(1);
  });

  it('shares an unknown outcome with the waiting instance, and the next repeat asks the vendor first', async () => {
    let attempts = 0;
    let checks = 0;
    const release = gate();
    const attempt = async (): Promise<typeof customer> => {
      attempts += 1;
      await release.promise;
      throw new WriteOutcomeUnknownError('CRM');
    };
    const applied = async () => {
      checks += 1;
      return customer;
    };
    const first = write(storeA, 'unknown', attempt, { applied });
    await eventually(async () => attempts === 1);
    const waiter = counting(storeB);
    const second = write(waiter.store, 'unknown', attempt, { applied });
    // Answer only once the second request is waiting (it read the record, failed to claim, read again).
    await eventually(async () => waiter.reads() >= 2);
    release.open();
    await expect(first).rejects.toBeInstanceOf(WriteOutcomeUnknownError);
    await expect(second).rejects.toBeInstanceOf(WriteOutcomeUnknownError);
    expect(attempts).toBe(1);
    expect(checks).toBe(0);

    // A repeat: the vendor shows the write happened; nothing is sent.
    expect(await write(storeB, 'unknown', attempt, { applied })).toStrictEqual(customer);
    expect(checks).toBe(1);
    expect(attempts).toBe(1);
  });

  it('when the first attempt reached no vendor (SourceError), the waiting instance writes itself', async () => {
    let attempts = 0;
    const release = gate();
    const attempt = async () => {
      attempts += 1;
      if (attempts === 1) {
        await release.promise;
        throw new SourceError('CRM', 'UNREACHABLE');
      }
      return customer;
    };
    const first = write(storeA, 'unreachable', attempt);
    await eventually(async () => attempts === 1);
    const second = write(storeB, 'unreachable', attempt);
    release.open();
    await expect(first).rejects.toBeInstanceOf(SourceError);
    expect(await second).toBe(customer);
    expect(attempts).toBe(2);
  });

  it('refuses a key reused for another request, on the other instance too', async () => {
    await write(storeA, 'reused', async () => true as const);
    await expect(write(storeB, 'reused', async () => true as const, { fingerprint: 'other' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('leaves no claim behind', async () => {
    await write(storeA, 'tidy', async () => true as const);
    await expect(write(storeB, 'tidy-error', async () => Promise.reject(new NotFoundError('CRM', '1')))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await storeB.claim('tidy', 60_000)).toBe(true);
    expect(await storeA.claim('tidy-error', 60_000)).toBe(true);
    await storeB.release('tidy');
    await storeA.release('tidy-error');
  });
});
