import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CustomerChangesDocument, type CustomerChangesQuery, DeleteCustomerDocument } from '../../schema/generated/graphql.ts';
import { SEED_SLICES } from '../../src/sandbox/seed.ts';
import { type GraphQLResponse, startTestGateway, type TestGateway } from '../support/gateway.ts';

type Change = NonNullable<CustomerChangesQuery['customerChanges']>['edges'][number]['node'];

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
  gateway.vendors.crm.exportPageSize = 4;
});
afterAll(() => gateway.stop());
beforeEach(() => gateway.reset());

const SINCE = '2000-01-01T00:00:00.000Z';

async function read(
  after: string | null,
  first: number,
  since = SINCE,
): Promise<{ changes: Change[]; endCursor: string | null; hasNextPage: boolean }> {
  const answer: GraphQLResponse<CustomerChangesQuery> = await gateway.execute(CustomerChangesDocument, { since, first, after });
  expect(answer.errors).toBeUndefined();
  const connection = answer.data!.customerChanges!;
  return {
    changes: connection.edges.map((edge) => edge.node),
    endCursor: connection.pageInfo.endCursor ?? null,
    hasNextPage: connection.pageInfo.hasNextPage,
  };
}

/** Every change from `after` on, page by page, as a client resuming from a stored cursor would. */
async function readToTheEnd(after: string | null, first: number): Promise<{ changes: Change[]; endCursor: string | null }> {
  const changes: Change[] = [];
  let cursor = after;
  for (let pages = 0; pages < 100; pages++) {
    const page = await read(cursor, first);
    changes.push(...page.changes);
    // A client stores endCursor as it comes: it must be there even on a page with nothing new.
    expect(page.endCursor).not.toBeNull();
    cursor = page.endCursor;
    if (!page.hasNextPage) return { changes, endCursor: cursor };
  }
  throw new Error('the feed did not end');
}

const idOf = (change: Change) => change.customer.sourceId;

describe('customerChanges', () => {
  it('hands out every CRM customer changed since then exactly once, oldest change first, archived ones marked', async () => {
    const { changes } = await readToTheEnd(null, 5);
    expect(changes).toHaveLength(SEED_SLICES.CRM.length);
    expect(new Set(changes.map(idOf)).size).toBe(changes.length);
    const times = changes.map((change) => change.changedAt!);
    expect(times).toEqual([...times].sort());
    const archived = changes.filter((change) => change.archived);
    expect(archived.length).toBeGreaterThan(0);
    expect(archived.every((change) => change.customer.crm?.archived)).toBe(true);
  });

  it('resumes from a stored cursor without skipping or repeating, while records change between pages', async () => {
    const first = await read(null, 6);
    expect(first.changes).toHaveLength(6);
    const delivered = idOf(first.changes[1]!);
    const all = await readToTheEnd(null, 50);
    const notYetDelivered = idOf(all.changes[20]!);
    gateway.vendors.crm.touch(delivered);
    gateway.vendors.crm.touch(notYetDelivered);

    const rest = await readToTheEnd(first.endCursor, 5);
    const seen = [...first.changes, ...rest.changes].map(idOf);
    // Every record once, plus the delivered one again: it changed after it was handed out.
    expect(seen.filter((id) => id === delivered)).toHaveLength(2);
    expect(seen.filter((id) => id === notYetDelivered)).toHaveLength(1);
    expect(new Set(seen).size).toBe(SEED_SLICES.CRM.length);
    expect(seen).toHaveLength(SEED_SLICES.CRM.length + 1);
    expect(rest.changes.at(-1)!.customer.sourceId).toBe(notYetDelivered);
  });

  it('gives only what changed after the stored cursor on a later visit', async () => {
    const { endCursor } = await readToTheEnd(null, 10);
    expect((await read(endCursor, 10)).changes).toEqual([]);
    const changed = (await read(null, 1)).changes[0]!;
    gateway.vendors.crm.touch(idOf(changed));
    const later = await read(endCursor, 10);
    expect(later.changes.map(idOf)).toEqual([idOf(changed)]);
  });

  it('keeps the stored cursor through polls that find nothing new', async () => {
    const { endCursor } = await readToTheEnd(null, 50);
    const empty = await read(endCursor, 10);
    expect(empty.changes).toEqual([]);
    expect(empty.endCursor).not.toBeNull();
    const changed = (await read(null, 1)).changes[0]!;
    gateway.vendors.crm.touch(idOf(changed));
    expect((await read(empty.endCursor, 10)).changes.map(idOf)).toEqual([idOf(changed)]);
  });

  it('keeps cursors small and resumable on a vendor export page of any size', async () => {
    gateway.vendors.crm.exportPageSize = 500;
    try {
      const ids: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 100; pages++) {
        const page = await read(cursor, 3);
        ids.push(...page.changes.map(idOf));
        expect(page.endCursor!.length).toBeLessThan(300);
        cursor = page.endCursor;
        if (!page.hasNextPage) break;
      }
      expect(ids).toHaveLength(SEED_SLICES.CRM.length);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      gateway.vendors.crm.exportPageSize = 4;
    }
  });

  it('answers only changes after `since`', async () => {
    const { changes } = await readToTheEnd(null, 50);
    const middle = changes[10]!.changedAt!;
    const after = await read(null, 50, middle);
    expect(after.changes.length).toBeGreaterThan(0);
    expect(after.changes.every((change) => change.changedAt! >= middle)).toBe(true);
  });

  it('does not report deletions, and says so; an archived customer comes, marked', async () => {
    const { changes, endCursor } = await readToTheEnd(null, 50);
    const [deleted, archived] = [changes[0]!.customer, changes[1]!.customer];
    const answer = await gateway.execute(DeleteCustomerDocument, { id: deleted.id });
    expect(answer.data!.deleteCustomer.__typename).toBe('DeleteCustomerSuccess');
    gateway.vendors.crm.touch(archived.sourceId, { archivedAt: new Date().toISOString() });
    const later = await readToTheEnd(endCursor, 50);
    expect(later.changes.map((change) => [idOf(change), change.archived])).toEqual([[archived.sourceId, true]]);
    expect((await readToTheEnd(null, 50)).changes.map(idOf)).not.toContain(deleted.sourceId);

    const described = await gateway.execute<{ __type: { fields: Array<{ name: string; description: string }> } }, Record<string, never>>(
      '{ __type(name: "Query") { fields { name description } } }',
    );
    const description = described.data!.__type.fields.find((field) => field.name === 'customerChanges')!.description;
    expect(description).toMatch(/Deletions are not reported/);
    expect(description).toMatch(/archived: true/);
  });

  it('refuses a cursor handed out for another `since`', async () => {
    const { endCursor } = await read(null, 3);
    const answer = await gateway.execute(CustomerChangesDocument, { since: '2001-01-01T00:00:00.000Z', first: 3, after: endCursor });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
