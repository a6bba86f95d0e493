import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CrmRecord, crmSeedRecords } from '../../src/sandbox/crm/data.ts';
import { createCrmSandbox } from '../../src/sandbox/crm/server.ts';
import { type SandboxRequest, type SandboxResponse, SandboxServer } from '../../src/sandbox/server.ts';
import { type CrmSource, createCrmSource } from '../../src/sources/crm/source.ts';
import { InvalidPageTokenError, type SourceFailure } from '../../src/sources/errors.ts';
import type { ChangePage, CustomerChange, PageToken, RequestScope } from '../../src/sources/model/index.ts';
import { foundByIds, recordingCall, rejectionOf, sourceErrorOf, TEST_HTTP_SETTINGS } from '../support/sources.ts';

const EXPORT_PATH = '/v1/crm/customers/export';
const PAGE_SIZE = 4;
const OLD = new Date('2000-01-01T00:00:00Z');

const sandbox = createCrmSandbox({ exportPageSize: PAGE_SIZE });
const seeded = crmSeedRecords();
let source: CrmSource;

const timeOf = (record: CrmRecord) => Date.parse(record.updatedAt ?? record.createdAt ?? '');
/** The seeded records in export order: change time, then insertion (seed) order. */
const exportOrder = seeded
  .map((record, index) => ({ record, index }))
  .sort((a, b) => timeOf(a.record) - timeOf(b.record) || a.index - b.index)
  .map(({ record }) => record);

function sourceFor(url: string, token = sandbox.credentials.token): CrmSource {
  return createCrmSource({ url, token, http: TEST_HTTP_SETTINGS });
}

const ids = (changes: readonly CustomerChange[]) => changes.map((change) => change.customer.sourceId);
const times = (changes: readonly CustomerChange[]) => changes.map((change) => change.changedAt?.getTime() ?? Number.NaN);

/** Every page from token null to the end (bounded, in case next never ends). */
async function walk(since: Date, call: RequestScope = recordingCall(), from: CrmSource = source): Promise<ChangePage[]> {
  const pages: ChangePage[] = [];
  let token: PageToken | null = null;
  do {
    const page: ChangePage = await from.changes.changesSince(since, token, call);
    pages.push(page);
    token = page.next;
  } while (token !== null && pages.length < 50);
  return pages;
}

function expectNonDecreasing(values: readonly number[]): void {
  values.forEach((value, index) => {
    expect(Number.isNaN(value)).toBe(false);
    if (index > 0) expect(value).toBeGreaterThanOrEqual(values[index - 1] ?? Number.NaN);
  });
}

async function expectFailure(promise: Promise<unknown>, failure: SourceFailure): Promise<void> {
  const error = await sourceErrorOf(promise);
  expect(error.source).toBe('CRM');
  expect(error.failure).toBe(failure);
}

beforeAll(async () => {
  await sandbox.server.start(0);
  source = sourceFor(sandbox.server.url);
});
afterAll(() => sandbox.server.stop());
beforeEach(() => {
  sandbox.reset();
  sandbox.exportPageSize = PAGE_SIZE;
});

describe('CRM change feed', () => {
  it('delivers every record exactly once from an old `since`, oldest first, page by page', async () => {
    const pages = await walk(OLD);
    expect(pages.map((page) => page.changes.length)).toEqual([4, 4, 4, 4, 4, 4, 4]);
    const changes = pages.flatMap((page) => page.changes);
    expect(ids(changes)).toEqual(exportOrder.map((record) => record.id));
    expect(times(changes)).toEqual(exportOrder.map(timeOf));
    expect(pages.at(-1)?.next).toBeNull();

    const requests = sandbox.server.calls(EXPORT_PATH, 'GET');
    expect(requests).toHaveLength(7);
    expect(requests.map((request) => request.query.get('updatedSince'))).toEqual(Array(7).fill('2000-01-01T00:00:00.000Z'));
    expect(requests[0]?.query.get('offset')).toBe('');
    expect(requests.slice(1).map((request) => request.query.get('offset'))).toEqual(pages.slice(0, -1).map((page) => page.next));
  });

  it('maps items with the customer mapping', async () => {
    const [first] = (await source.changes.changesSince(OLD, null, recordingCall())).changes;
    const record = exportOrder[0];
    if (!first || !record) throw new Error('no first change');
    const [read] = await foundByIds(source.getByIds([record.id], recordingCall()));
    expect(first.customer).toEqual(read);
    expect(first.changedAt).toEqual(new Date(record.updatedAt ?? ''));
  });

  it('from a `since` in the middle, answers only the changes at or after it', async () => {
    const middle = exportOrder[13];
    if (!middle) throw new Error('no middle record');
    const since = new Date(timeOf(middle));
    const changes = (await walk(since)).flatMap((page) => page.changes);
    const expected = exportOrder.filter((record) => timeOf(record) >= since.getTime());
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(seeded.length);
    expect(ids(changes)).toEqual(expected.map((record) => record.id));
    expect(times(changes).every((time) => time >= since.getTime())).toBe(true);
    expect(sandbox.server.calls(EXPORT_PATH)[0]?.query.get('updatedSince')).toBe(since.toISOString());
  });

  it('answers no changes from a `since` after the last change', async () => {
    const last = exportOrder.at(-1);
    if (!last) throw new Error('no records');
    const page = await source.changes.changesSince(new Date(timeOf(last) + 1), null, recordingCall());
    expect(page).toEqual({ changes: [], next: null });
  });

  it('flags archived records, and an archive made meanwhile as a new change', async () => {
    const changes = (await walk(OLD)).flatMap((page) => page.changes);
    const archivedIds = seeded.filter((record) => record.archivedAt).map((record) => record.id);
    expect(archivedIds).toHaveLength(2);
    expect(ids(changes.filter((change) => change.archived)).sort()).toEqual([...archivedIds].sort());
    for (const change of changes) expect(change.archived).toBe(change.customer.crm.archivedAt !== null);

    const target = exportOrder[0];
    if (!target || target.archivedAt) throw new Error('expected an active first record');
    const at = sandbox.touch(target.id, { archivedAt: '2025-06-01T00:00:00Z', archivedBy: 'usr_support_02', archivedVia: 'backoffice' });
    const after = (await walk(new Date(at))).flatMap((page) => page.changes);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ archived: true, changedAt: new Date(at), customer: { sourceId: target.id } });
  });

  it('cannot see deletions: a customer deleted meanwhile is simply no longer exported, an archived one is', async () => {
    const [deleted, archived] = [exportOrder[3], exportOrder[4]];
    if (!deleted || !archived) throw new Error('too few seeded customers');
    const before = ids((await walk(OLD)).flatMap((page) => page.changes));
    await source.writer.delete(deleted.id, recordingCall());
    sandbox.touch(archived.id, { archivedAt: new Date().toISOString() });
    const after = (await walk(OLD)).flatMap((page) => page.changes);
    expect(ids(after)).toEqual([...before.filter((id) => id !== deleted.id && id !== archived.id), archived.id]);
    expect(after.at(-1)).toMatchObject({ archived: true });
  });

  it('passes the warnings of every page on', async () => {
    const call = recordingCall();
    const pages = await walk(OLD, call);
    const withArchived = pages.filter((page) => page.changes.some((change) => change.archived));
    expect(withArchived.length).toBeGreaterThan(0);
    expect(call.warnings).toHaveLength(withArchived.length);
    for (const warning of call.warnings) {
      expect(warning).toMatchObject({ source: 'CRM', code: 'ARCHIVED_CUSTOMERS' });
      expect(warning.message).toMatch(/archived/);
    }
  });
});

describe('CRM change feed: records changing between pages', () => {
  it('delivers a touched record again when it was delivered already, once when it was not, skipping nothing', async () => {
    const call = recordingCall();
    const first = await source.changes.changesSince(OLD, null, call);
    const delivered = first.changes[1]?.customer.sourceId;
    const pending = exportOrder[10]?.id;
    if (!delivered || !pending) throw new Error('no records to touch');
    expect(ids(first.changes)).not.toContain(pending);

    const deliveredAt = sandbox.touch(delivered);
    const pendingAt = sandbox.touch(pending);
    expect(Date.parse(deliveredAt)).toBeGreaterThan(Math.max(...seeded.map(timeOf)));
    expect(Date.parse(pendingAt)).toBeGreaterThan(Date.parse(deliveredAt));

    const rest: CustomerChange[] = [];
    let token = first.next;
    for (let pages = 0; token !== null && pages < 50; pages += 1) {
      const page: ChangePage = await source.changes.changesSince(OLD, token, call);
      rest.push(...page.changes);
      token = page.next;
    }
    const changes = [...first.changes, ...rest];

    expect(changes).toHaveLength(seeded.length + 1);
    expect(new Set(ids(changes))).toEqual(new Set(seeded.map((record) => record.id)));
    expectNonDecreasing(times(changes));
    // The delivered record: its old change, then its new one, at the very end.
    const again = changes.filter((change) => change.customer.sourceId === delivered);
    expect(times(again)).toEqual([timeOf(exportOrder[1] ?? { id: '' }), Date.parse(deliveredAt)]);
    // The pending record: once, with its new time (not at its old position).
    const once = changes.filter((change) => change.customer.sourceId === pending);
    expect(times(once)).toEqual([Date.parse(pendingAt)]);
    expect(ids(changes.slice(-2))).toEqual([delivered, pending]);
    // Everything else exactly once.
    const others = ids(changes).filter((id) => id !== delivered && id !== pending);
    expect(others).toEqual(exportOrder.map((record) => record.id).filter((id) => id !== delivered && id !== pending));
  });

  it('delivers records written through the API meanwhile, once each', async () => {
    const call = recordingCall();
    const first = await source.changes.changesSince(OLD, null, call);
    const created = await source.writer.create({ firstName: 'Nova', lastName: 'Mid-Export' }, call);
    const updatedId = exportOrder[20]?.id;
    if (!updatedId) throw new Error('no record to update');
    const updated = await source.writer.update(updatedId, { note: 'changed meanwhile' }, call);

    const rest: CustomerChange[] = [];
    let token = first.next;
    for (let pages = 0; token !== null && pages < 50; pages += 1) {
      const page: ChangePage = await source.changes.changesSince(OLD, token, call);
      rest.push(...page.changes);
      token = page.next;
    }
    const changes = [...first.changes, ...rest];
    expect(changes).toHaveLength(seeded.length + 1);
    expect(new Set(ids(changes))).toEqual(new Set([...seeded.map((record) => record.id), created.sourceId]));
    expect(ids(changes.slice(-2))).toEqual([created.sourceId, updatedId]);
    expect(changes.at(-1)?.changedAt).toEqual(updated.updatedAt);
    expect(changes.filter((change) => change.customer.sourceId === updatedId)).toHaveLength(1);
    expectNonDecreasing(times(changes));
  });

  it('re-fetches the same page when a token is reused', async () => {
    const first = await source.changes.changesSince(OLD, null, recordingCall());
    const token = JSON.parse(JSON.stringify(first.next)) as PageToken;
    const a = await source.changes.changesSince(OLD, token, recordingCall());
    const b = await source.changes.changesSince(OLD, token, recordingCall());
    expect(ids(a.changes)).toEqual(exportOrder.slice(4, 8).map((record) => record.id));
    expect(b).toEqual(a);
  });
});

describe('CRM change feed: tokens and faults', () => {
  it('rejects a token it did not hand out', async () => {
    for (const token of [7, '', { offset: 'x' }, ['a'], true, '\uD800']) {
      expect(await rejectionOf(source.changes.changesSince(OLD, token, recordingCall()))).toBeInstanceOf(InvalidPageTokenError);
    }
    expect(sandbox.server.requests).toHaveLength(0);
    // A string only the CRM can judge: it refuses the cursor.
    const error = await rejectionOf(source.changes.changesSince(OLD, 'forged-cursor', recordingCall()));
    expect(error).toBeInstanceOf(InvalidPageTokenError);
    expect(sandbox.server.calls(EXPORT_PATH)[0]?.query.get('offset')).toBe('forged-cursor');
  });

  it('reports a 500 as VENDOR_ERROR', async () => {
    sandbox.server.injectFault({ fault: { kind: 'status', status: 500 } });
    await expectFailure(source.changes.changesSince(OLD, null, recordingCall()), 'VENDOR_ERROR');
  });

  it('reports malformed JSON as BAD_RESPONSE', async () => {
    sandbox.server.injectFault({ fault: { kind: 'malformed' } });
    await expectFailure(source.changes.changesSince(OLD, null, recordingCall()), 'BAD_RESPONSE');
  });

  it('reports a refused token as AUTH_REJECTED', async () => {
    await expectFailure(sourceFor(sandbox.server.url, 'wrong').changes.changesSince(OLD, null, recordingCall()), 'AUTH_REJECTED');
  });
});

describe('CRM change feed: a vendor that misbehaves', () => {
  let answer: (request: SandboxRequest) => SandboxResponse = () => ({ status: 500 });
  const rogue = new SandboxServer('crm-rogue', (request) => answer(request));
  let rogueSource: CrmSource;

  const wrap = (data: unknown, warnings: unknown[] = [], status = 200): SandboxResponse => ({
    status,
    body: { app: 'crm', service: 'customers', warnings, instanceId: 'rogue', requestId: 'r', data },
  });
  const item = (id: string, fields: Record<string, string | null>) => ({ id, firstName: 'Rogue', ...fields });
  const since = new Date('2024-03-01T00:00:00Z');

  beforeAll(async () => {
    rogueSource = sourceFor(await rogue.start(0), 'rogue');
  });
  afterAll(() => rogue.stop());
  beforeEach(() => rogue.clearLog());

  it('drops (and does not count) items changed before `since`', async () => {
    answer = () =>
      wrap({
        items: [
          item('cus_early', { updatedAt: '2024-02-29T23:59:59.999Z' }),
          item('cus_exact', { updatedAt: '2024-03-01T00:00:00Z' }),
          item('cus_created', { createdAt: '2024-03-02T00:00:00Z', updatedAt: null }),
          item('cus_created_early', { createdAt: '2024-01-02T00:00:00Z' }),
          item('cus_offset', { updatedAt: '2024-03-01T01:30:00+02:00' }),
          item('cus_later', { updatedAt: '2024-03-05T00:00:00Z', archivedAt: '2024-03-05T00:00:00Z' }),
        ],
        next: null,
      });
    const page = await rogueSource.changes.changesSince(since, null, recordingCall());
    expect(ids(page.changes)).toEqual(['cus_exact', 'cus_created', 'cus_later']);
    expect(page.changes.map((change) => change.changedAt)).toEqual([
      new Date('2024-03-01T00:00:00Z'),
      new Date('2024-03-02T00:00:00Z'),
      new Date('2024-03-05T00:00:00Z'),
    ]);
    expect(page.changes.map((change) => change.archived)).toEqual([false, false, true]);
    expect(page.next).toBeNull();
  });

  it('keeps an item whose change time it cannot read (it cannot be shown to be early)', async () => {
    answer = () => wrap({ items: [item('cus_timeless', { updatedAt: 'yesterday' })], next: null });
    const page = await rogueSource.changes.changesSince(since, null, recordingCall());
    expect(page.changes).toMatchObject([{ changedAt: null, archived: false, customer: { sourceId: 'cus_timeless' } }]);
  });

  it('detects a cursor that repeats the one sent', async () => {
    answer = (request) => wrap({ items: [item(`cus_${request.query.get('offset') || 'first'}`, {})], next: 'A' });
    expect((await rogueSource.changes.changesSince(since, null, recordingCall())).next).toBe('A');
    await expectFailure(rogueSource.changes.changesSince(since, 'A', recordingCall()), 'BAD_RESPONSE');
  });

  it('reads "" and an absent next as the end', async () => {
    answer = () => wrap({ items: [], next: '' });
    expect(await rogueSource.changes.changesSince(since, 'A', recordingCall())).toEqual({ changes: [], next: null });
    answer = () => wrap({ items: [] });
    expect(await rogueSource.changes.changesSince(since, null, recordingCall())).toEqual({ changes: [], next: null });
  });

  it('passes warnings on, also with a refused cursor', async () => {
    answer = () => wrap({ items: [], next: null }, [{ code: 'SLOW', message: 'Export is slow today' }, 'plain text']);
    const call = recordingCall();
    await rogueSource.changes.changesSince(since, null, call);
    expect(call.warnings).toEqual([
      { source: 'CRM', code: 'SLOW', message: 'Export is slow today' },
      { source: 'CRM', code: null, message: 'plain text' },
    ]);
    answer = () => wrap(null, [{ code: 'INVALID_OFFSET', message: 'Unknown offset cursor' }], 400);
    const refused = recordingCall();
    expect(await rejectionOf(rogueSource.changes.changesSince(since, 'stale', refused))).toBeInstanceOf(InvalidPageTokenError);
    expect(refused.warnings).toEqual([{ source: 'CRM', code: 'INVALID_OFFSET', message: 'Unknown offset cursor' }]);
  });

  it('rejects answers that do not match the document', async () => {
    for (const body of [
      { items: [] },
      { app: 'crm', data: { users: [] } },
      { app: 'crm', data: { items: [{ firstName: 'No id' }], next: null } },
      { app: 'crm', data: { items: [], next: 5 } },
    ]) {
      answer = () => ({ status: 200, body });
      await expectFailure(rogueSource.changes.changesSince(since, null, recordingCall()), 'BAD_RESPONSE');
    }
    // A 400 to the first page is not about a cursor; one outside the envelope is not the CRM speaking.
    answer = () => wrap(null, [{ code: 'INVALID_QUERY', message: 'updatedSince must be an ISO 8601 timestamp' }], 400);
    await expectFailure(rogueSource.changes.changesSince(since, null, recordingCall()), 'BAD_RESPONSE');
    answer = () => ({ status: 400, raw: '<html>Bad Request</html>' });
    await expectFailure(rogueSource.changes.changesSince(since, 'A', recordingCall()), 'BAD_RESPONSE');
  });
});

describe('CRM sandbox: export for incremental fetching', () => {
  it('stamps touches later than every change time, one after another', () => {
    const latest = Math.max(...seeded.map(timeOf));
    const [a, b] = seeded;
    if (!a || !b) throw new Error('no records');
    const first = Date.parse(sandbox.touch(a.id));
    const second = Date.parse(sandbox.touch(b.id));
    const third = Date.parse(sandbox.touch(a.id));
    expect(first).toBeGreaterThan(latest);
    expect(second).toBeGreaterThan(first);
    expect(third).toBeGreaterThan(second);
    expect(() => sandbox.touch('cus_nobody')).toThrow();
  });

  it('takes a positive integer export page size', async () => {
    expect(() => {
      sandbox.exportPageSize = 0;
    }).toThrow(RangeError);
    sandbox.exportPageSize = 10;
    expect((await walk(OLD)).map((page) => page.changes.length)).toEqual([10, 10, 8]);
  });
});
