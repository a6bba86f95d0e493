// forgetCustomer, for erasure requests, over HTTP: a gateway with a SQLite index kept by the sync
// engine, and a real redis-server holding its idempotency records and cached answers. After a write
// with an Idempotency-Key and a cached read, forgetting the customer leaves their email nowhere the
// gateway keeps: not in the bytes of the SQLite files, not in any Redis key or value. It needs its own
// scope, answers the same when repeated, and leaves the vendor's record alone.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/auth/authenticate.ts';
import { openSqliteIndexStore } from '../../src/index/sqlite/store.ts';
import type { IndexStore } from '../../src/index/store.ts';
import type { IndexedSources } from '../../src/index/sync-state.ts';
import { defaultResponseCache } from '../../src/plugins/response-cache.ts';
import { DEVELOPMENT_SECURITY } from '../../src/plugins/security.ts';
import { encodeGlobalId } from '../../src/schema/global-id.ts';
import { closeRedis, connectRedis } from '../../src/stores/redis.ts';
import { createRedisIdempotencyStore } from '../../src/stores/redis-idempotency.ts';
import { createRedisResponseCache } from '../../src/stores/redis-response-cache.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { type RedisServer, startRedis } from '../support/redis.ts';
import { type IndexedSandbox, indexedRow, startIndexedSandbox } from '../support/sync.ts';
import { startIndexedGateway } from './indexed-setup.ts';

const WRITER_KEY = 'sbk_forget_writer_key_1234567890';
const ERASER_KEY = 'sbk_forget_eraser_key_0987654321';
const writer = { authorization: `Bearer ${WRITER_KEY}` };
const eraser = { authorization: `Bearer ${ERASER_KEY}` };

const CREATE = `mutation Create($input: CreateCustomerInput!) {
  createCustomer(input: $input) {
    __typename
    ... on CreateCustomerSuccess { customer { id sourceId email } }
    ... on Error { message }
  }
}`;
const READ = 'query Read($id: ID!) { customer(id: $id) { id email lastName } }';
const FORGET = `mutation Forget($id: ID!) {
  forgetCustomer(id: $id) {
    __typename
    ... on CustomerForgotten { id erasedFrom }
    ... on ValidationError { field message }
  }
}`;

let directory: string;
let indexPath: string;
let store: IndexStore;
let redisServer: RedisServer;
let redis: Redis;
let inspector: Redis;
let gateway: TestGateway;
let sandbox: IndexedSandbox;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'forget-'));
  indexPath = join(directory, 'index.db');
  store = await openSqliteIndexStore({ path: indexPath });
  redisServer = await startRedis();
  redis = connectRedis(redisServer.url);
  // Another connection, without the gateway's key prefix: it sees every key as Redis holds it.
  inspector = new Redis(redisServer.url);
  const indexed: IndexedSources = { store, connections: {} };
  gateway = await startTestGateway({
    index: indexed,
    idempotency: createRedisIdempotencyStore(redis, { ttlMs: 60_000 }),
    responseCache: { ...defaultResponseCache(), cache: createRedisResponseCache(redis) },
    security: {
      ...DEVELOPMENT_SECURITY,
      auth: {
        allowAnonymous: false,
        jwt: null,
        apiKeys: [
          { clientId: 'writer', sha256: sha256Hex(WRITER_KEY), scopes: ['customers:read', 'customers:write', 'pii:read'] },
          { clientId: 'eraser', sha256: sha256Hex(ERASER_KEY), scopes: ['customers:forget'] },
        ],
      },
    },
  });
  sandbox = await startIndexedSandbox({ vendors: gateway.vendors, store });
  Object.assign(indexed.connections, sandbox.engine.indexed.connections);
});

afterAll(async () => {
  await sandbox?.stop();
  await gateway?.stop();
  await store?.close();
  if (redis) await closeRedis(redis);
  inspector?.disconnect();
  await redisServer?.stop();
  rmSync(directory, { recursive: true, force: true });
});

/** Whether the index's files (the database, its WAL and shared memory) hold `text` anywhere in their bytes. */
function indexFilesHold(text: string): boolean {
  return ['', '-wal', '-shm'].some((suffix) => {
    try {
      return readFileSync(`${indexPath}${suffix}`).includes(Buffer.from(text));
    } catch {
      return false;
    }
  });
}

/** The Redis keys whose name or value holds `text` (every key, whatever its type). */
async function redisKeysHolding(text: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await inspector.scan(cursor, 'COUNT', 1_000);
    cursor = next;
    for (const key of keys) {
      const type = await inspector.type(key);
      const values =
        type === 'string'
          ? [(await inspector.get(key)) ?? '']
          : type === 'set'
            ? await inspector.smembers(key)
            : type === 'hash'
              ? Object.entries(await inspector.hgetall(key)).flat()
              : type === 'list'
                ? await inspector.lrange(key, 0, -1)
                : [];
      if ([key, ...values].some((value) => value.toLowerCase().includes(text.toLowerCase()))) found.push(key);
    }
  } while (cursor !== '0');
  return found;
}

async function createCrmCustomer(email: string, lastName: string, idempotencyKey: string) {
  const created = await gateway.execute<{ createCustomer: { __typename: string; customer?: { id: string; sourceId: string } } }, unknown>(
    CREATE,
    { input: { source: 'CRM', firstName: 'Erasure', lastName, email } },
    { ...writer, 'idempotency-key': idempotencyKey },
  );
  return created.data!.createCustomer;
}

type ForgetAnswer = { forgetCustomer: { __typename: string; id?: string; erasedFrom?: string[]; field?: string } };

describe('forgetCustomer', () => {
  it('leaves no trace of the person in the index files, in Redis, or in a cached answer', async () => {
    const email = 'erasure.subject.forget@example.org';
    const created = await createCrmCustomer(email, 'Subject', 'forget-create-1');
    expect(created.__typename).toBe('CreateCustomerSuccess');
    const { id, sourceId } = created.customer!;
    // The same address again: the CRM refuses it, and that outcome (naming the address) is kept too.
    expect((await createCrmCustomer(email, 'Again', 'forget-create-2')).__typename).toBe('EmailAlreadyInUse');
    // A read by id is live, and cached.
    const read = await gateway.execute<{ customer: { email: string } }, unknown>(READ, { id }, writer);
    expect(read.data!.customer.email).toBe(email);
    expect(await indexedRow(sandbox, 'CRM', sourceId)).not.toBeNull();
    expect(indexFilesHold(email)).toBe(true);
    const before = await redisKeysHolding(email);
    expect(before.some((key) => key.startsWith('switchboard:idempotency:record:'))).toBe(true);
    expect(before.some((key) => key.startsWith('switchboard:cache:response:'))).toBe(true);

    const forgotten = await gateway.execute<ForgetAnswer, unknown>(FORGET, { id }, eraser);
    expect(forgotten.errors).toBeUndefined();
    expect(forgotten.data!.forgetCustomer).toEqual({
      __typename: 'CustomerForgotten',
      id,
      erasedFrom: ['INDEX', 'IDEMPOTENCY_RECORDS', 'RESPONSE_CACHE'],
    });

    expect(await indexedRow(sandbox, 'CRM', sourceId)).toBeNull();
    expect(indexFilesHold(email)).toBe(false);
    expect(indexFilesHold('Subject')).toBe(false);
    expect(await redisKeysHolding(email)).toEqual([]);
    // The write's key no longer replays the outcome: the record is gone (a repeat is a new request).
    expect(await redisKeysHolding('forget-create-1')).toEqual([]);

    // Not at the vendor: the CRM still has the customer (deleteCustomer erases it there), so the next
    // sync stores it again.
    const live = await gateway.execute<{ customer: { email: string } | null }, unknown>(READ, { id }, writer);
    expect(live.data!.customer?.email).toBe(email);
    await sandbox.engine.sweepNow('CRM');
    expect((await indexedRow(sandbox, 'CRM', sourceId))?.customer.email).toBe(email);
  });

  it('is idempotent: forgetting again, or a record the gateway never held, answers the same', async () => {
    const created = await createCrmCustomer('erasure.twice@example.org', 'Twice', 'forget-twice');
    const id = created.customer!.id;
    const first = await gateway.execute<ForgetAnswer, unknown>(FORGET, { id }, eraser);
    const second = await gateway.execute<ForgetAnswer, unknown>(FORGET, { id }, eraser);
    expect(first.data!.forgetCustomer.__typename).toBe('CustomerForgotten');
    expect(second.data).toEqual(first.data);
    expect(indexFilesHold('erasure.twice@example.org')).toBe(false);

    // A record the gateway never held (a KB Support id far above the sandbox's): nothing to erase, the same answer.
    const never = encodeGlobalId('Customer', 'KB_SUPPORT:987654');
    const nothing = await gateway.execute<ForgetAnswer, unknown>(FORGET, { id: never }, eraser);
    expect(nothing.data!.forgetCustomer).toEqual({ ...first.data!.forgetCustomer, id: never });
  });

  it('answers ValidationError for an id that names no customer', async () => {
    const answer = await gateway.execute<ForgetAnswer, unknown>(FORGET, { id: 'not-an-id' }, eraser);
    expect(answer.data!.forgetCustomer).toMatchObject({ __typename: 'ValidationError', field: 'id' });
  });

  it('needs the customers:forget scope: a writer is FORBIDDEN and nothing is erased', async () => {
    const email = 'erasure.refused@example.org';
    const created = await createCrmCustomer(email, 'Refused', 'forget-refused');
    const { id, sourceId } = created.customer!;
    const refused = await gateway.execute<ForgetAnswer, unknown>(FORGET, { id }, writer);
    expect(refused.data).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toContain('customers:forget');
    expect(await indexedRow(sandbox, 'CRM', sourceId)).not.toBeNull();
    expect((await redisKeysHolding(email)).length).toBeGreaterThan(0);
  });
});

describe('forgetCustomer with the in-memory stores', () => {
  it('erases the idempotency record (a repeat of the write is sent again) and drops the cached answers of the source', async () => {
    const memory = await startIndexedGateway({ responseCache: defaultResponseCache() });
    try {
      const email = 'erasure.memory@example.org';
      const create = () =>
        memory.execute<{ createCustomer: { __typename: string; customer?: { id: string } } }, unknown>(
          CREATE,
          { input: { source: 'CRM', firstName: 'Erasure', lastName: 'Memory', email } },
          { 'idempotency-key': 'forget-memory' },
        );
      const created = await create();
      const id = created.data!.createCustomer.customer!.id;
      // Repeated with its key: the outcome is replayed, nothing sent.
      expect((await memory.callsDuring(create)).calls).toBe(0);
      await memory.execute(READ, { id });
      const cached = await memory.callsDuring(() => memory.execute(READ, { id }));
      expect(cached.calls).toBe(0);

      const forgotten = await memory.execute<ForgetAnswer, unknown>(FORGET, { id });
      expect(forgotten.data!.forgetCustomer).toEqual({
        __typename: 'CustomerForgotten',
        id,
        erasedFrom: ['INDEX', 'IDEMPOTENCY_RECORDS', 'RESPONSE_CACHE'],
      });

      // The cached answer is gone: the read asks the CRM again.
      const reread = await memory.callsDuring(() => memory.execute(READ, { id }));
      expect(reread.calls).toBeGreaterThan(0);
      // The key's record is gone: the repeat is a new request, and the CRM (which still has the
      // customer) refuses the address.
      const repeat = await memory.callsDuring(create);
      expect(repeat.calls).toBeGreaterThan(0);
      expect(repeat.result.data!.createCustomer.__typename).toBe('EmailAlreadyInUse');
    } finally {
      await memory.stop();
    }
  });

  it("without an index, erases the outcomes that name only an address the record's own outcome told of", async () => {
    const passThrough = await startTestGateway();
    try {
      const email = 'erasure.no.index@example.org';
      const create = (key: string, lastName: string) =>
        passThrough.execute<{ createCustomer: { __typename: string; customer?: { id: string } } }, unknown>(
          CREATE,
          { input: { source: 'CRM', firstName: 'Erasure', lastName, email } },
          { 'idempotency-key': key },
        );
      const id = (await create('no-index-1', 'First')).data!.createCustomer.customer!.id;
      expect((await create('no-index-2', 'Second')).data!.createCustomer.__typename).toBe('EmailAlreadyInUse');
      const before = passThrough.vendorCalls();
      await create('no-index-2', 'Second');
      expect(passThrough.vendorCalls()).toBe(before);

      const forgotten = await passThrough.execute<ForgetAnswer, unknown>(FORGET, { id });
      expect(forgotten.data!.forgetCustomer.erasedFrom).toEqual(['IDEMPOTENCY_RECORDS', 'RESPONSE_CACHE']);
      // The refused create's outcome held the address only: it is gone too, so the repeat is sent again.
      await create('no-index-2', 'Second');
      expect(passThrough.vendorCalls()).toBeGreaterThan(before);
    } finally {
      await passThrough.stop();
    }
  });
});
