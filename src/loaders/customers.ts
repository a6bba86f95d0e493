// Customer reads of one operation: by id and by email batched per source, sameAs across the other
// sources, deletion checks, Amelia's appointment stats, and the customers connection. Each read made
// once per operation; a source that fails fails what needed it, and is named. What a vendor says
// while a read is made goes to the fields that asked for it (shared-reads.ts), but for the lookups by
// email: those are the gateway's own (sameAs, a taken email), and what a vendor says of the list pages
// they scan describes no field of the answer.
import DataLoader from 'dataloader';
import type { CursorSeal } from '../connections/cursor-seal.ts';
import { deleteGatewayRecord, storeGatewayReads } from '../index/answers.ts';
import type { SameAsBy } from '../index/types.ts';
import { SourceError } from '../sources/errors.ts';
import { configured, liveSources, type Sources } from '../sources/index.ts';
import { normalizeEmail } from '../sources/kit/normalize.ts';
import type {
  AmeliaAppointmentStats,
  Customer,
  CustomerKey,
  CustomerListFilter,
  CustomerOf,
  CustomerPage,
  CustomerSourceName,
  DeletionCheck,
  PageToken,
} from '../sources/model/index.ts';
import { customerKeyOf, customerKeyString } from '../sources/model/index.ts';
import { type RequestScope, unheard } from '../sources/request-scope.ts';
import { type CustomerConnectionAnswer, type CustomerConnectionArgs, customerConnection } from './customer-connection.ts';
import type { IndexReads } from './index-reads.ts';
import { heardLoader, readMemo } from './shared-reads.ts';

export interface EmailKey {
  source: CustomerSourceName;
  /** Normalised (see normalizeEmail). */
  email: string;
}

export interface SameAs {
  matches: Customer[];
  /** Sources that could not be asked; their matches are missing. */
  failures: SourceError[];
}

export interface CustomerLoaders {
  byId: DataLoader<CustomerKey, Customer | null, string>;
  byEmail: DataLoader<EmailKey, Customer[], string>;
  /**
   * The same person in the other live sources: records with this one's email (and, for a record
   * answered from the index, its phone numbers when `by` names PHONE). Read from the index for a
   * record answered from it; live otherwise.
   */
  sameAs(customer: Customer, by?: readonly SameAsBy[]): Promise<SameAs>;
  deletionCheck: DataLoader<Customer, DeletionCheck, string>;
  ameliaAppointmentStats: DataLoader<CustomerOf<'AMELIA'>, AmeliaAppointmentStats | null, string>;
  connection(args: CustomerConnectionArgs, wantsTotal: boolean): Promise<CustomerConnectionAnswer>;
  /** The index's reads of this operation (what an answer read from it carries). */
  index: IndexReads;
  /**
   * The operation asks for sameAs: from the first read of customers on, the lookups sameAs will make
   * whatever the addresses (whole lists) start beside those reads instead of after them.
   */
  anticipateSameAs(): void;
}

const READ_ONLY_CHECK: DeletionCheck = {
  allowed: false,
  reason: 'This source is read only through its API',
  futureAppointments: null,
  checkedBySource: false,
};

export const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

export function createCustomerLoaders(sources: Sources, scope: RequestScope, cursors: CursorSeal, index: IndexReads): CustomerLoaders {
  const memoized = readMemo(scope);

  let sameAsAhead = false;
  const prepared = new Set<CustomerSourceName>();
  /** Customers of `readFrom` are being read: start the email lookups their sameAs will make in the other sources. */
  function prepareEmailLookups(readFrom: ReadonlySet<CustomerSourceName>): void {
    if (!sameAsAhead) return;
    for (const source of liveSources(sources)) {
      if (!source.prepareEmailLookup || prepared.has(source.source)) continue;
      if ([...readFrom].some((name) => name !== source.source)) {
        prepared.add(source.source);
        unheard(() => source.prepareEmailLookup?.(scope));
      }
    }
  }

  const byId = heardLoader<CustomerKey, Customer | null, string>(
    scope,
    async (keys, hear) => {
      const results = new Map<string, Customer | null | Error>();
      const bySource = Map.groupBy(keys, (key) => key.source);
      prepareEmailLookups(new Set(bySource.keys()));
      await Promise.all(
        [...bySource].map(async ([name, group]) => {
          // A PLATFORM id minted for another organization is not ours to look up.
          const asked = group.filter((key) => key.source !== 'PLATFORM' || key.organization === sources.PLATFORM?.organization);
          if (asked.length === 0) return;
          const startedAt = new Date();
          try {
            const found = await hear(asked, () =>
              configured(sources, name).getByIds(
                asked.map((key) => key.id),
                scope,
              ),
            );
            // A record whose own read failed fails alone (its entry is the SourceError).
            for (const [at, key] of asked.entries()) results.set(customerKeyString(key), found[at] ?? null);
            await refreshIndex(name, asked, found, startedAt);
          } catch (error) {
            for (const key of asked) results.set(customerKeyString(key), asError(error));
          }
          await answerFailuresFromIndex(name, asked, results);
        }),
      );
      return keys.map((key) => results.get(customerKeyString(key)) ?? null);
    },
    { cacheKeyFn: customerKeyString, recordOf: (key) => key.id },
  );

  /** A live read by id refreshes the index's rows of what it read (and erases what the vendor no longer has). */
  async function refreshIndex(
    name: CustomerSourceName,
    asked: readonly CustomerKey[],
    found: ReadonlyArray<Customer | null | SourceError>,
    startedAt: Date,
  ): Promise<void> {
    if (!index.indexed?.connections[name]) return;
    try {
      await storeGatewayReads(
        index.indexed,
        found.filter((entry): entry is Customer => entry !== null && !(entry instanceof SourceError)),
        startedAt,
      );
      const gone = asked.filter((_key, at) => found[at] === null);
      for (const key of gone) await deleteGatewayRecord(index.indexed, name, key.id, startedAt);
    } catch {
      // The index is a copy: failing to refresh it never fails the read (the next sync repairs it).
    }
  }

  /** Records the vendor could not be asked for: the index's copy, stale, with the failure to report. */
  async function answerFailuresFromIndex(
    name: CustomerSourceName,
    asked: readonly CustomerKey[],
    results: Map<string, Customer | null | Error>,
  ): Promise<void> {
    const failed = asked.filter((key) => results.get(customerKeyString(key)) instanceof SourceError);
    if (failed.length === 0 || !index.indexed?.connections[name]) return;
    const rows = await index
      .rows(
        name,
        failed.map((key) => key.id),
      )
      .catch(() => failed.map(() => null));
    for (const [at, key] of failed.entries()) {
      const row = rows[at];
      const failure = results.get(customerKeyString(key));
      if (row && failure instanceof SourceError) results.set(customerKeyString(key), index.answered(row, { failure }));
    }
  }

  const byEmail = new DataLoader<EmailKey, Customer[], string>((keys) => unheard(() => findByEmails(keys)), {
    cacheKeyFn: (key) => `${key.source}:${key.email}`,
  });
  async function findByEmails(keys: readonly EmailKey[]): Promise<Array<Customer[] | Error>> {
    const bySource = Map.groupBy(keys, (key) => key.source);
    const answers = new Map<string, Customer[] | Error>();
    await Promise.all(
      [...bySource].map(async ([name, group]) => {
        const emails = [...new Set(group.map((key) => key.email))];
        try {
          const found = await configured(sources, name).findByEmails(emails, scope);
          const matched = Map.groupBy(found, (customer) => normalizeEmail(customer.email ?? ''));
          for (const email of emails) answers.set(`${name}:${email}`, matched.get(email) ?? []);
        } catch (error) {
          for (const email of emails) answers.set(`${name}:${email}`, asError(error));
        }
      }),
    );
    return keys.map((key) => answers.get(`${key.source}:${key.email}`) ?? []);
  }

  const page = (
    source: CustomerSourceName,
    filter: CustomerListFilter,
    token: PageToken | null,
    sizeHint: number,
  ): Promise<CustomerPage> => {
    prepareEmailLookups(new Set([source]));
    const request = { filter, token, sizeHint };
    return memoized(`page:${source}:${JSON.stringify(request)}`, () => configured(sources, source).listPage(request, scope));
  };
  const count = (source: CustomerSourceName, filter: CustomerListFilter): Promise<number> =>
    memoized(`count:${source}:${JSON.stringify(filter)}`, () => configured(sources, source).count(filter, scope));

  return {
    byId,
    byEmail,

    async sameAs(customer, by = ['EMAIL']) {
      const fromIndex = index.answerOf(customer) !== undefined;
      const others = liveSources(sources).filter((source) => source.source !== customer.source);
      const kept = fromIndex ? await Promise.all(others.map((source) => index.answers(source.source))) : others.map(() => false);
      const indexedMatches = kept.some(Boolean)
        ? (await index.sameAs(customer, by)).filter((match) => kept[others.findIndex((source) => source.source === match.source)])
        : [];
      const asked = others.filter((_source, at) => !kept[at]);
      if (!customer.email || asked.length === 0) return { matches: indexedMatches, failures: [] };
      const email = normalizeEmail(customer.email);
      const settled = await Promise.allSettled(asked.map((source) => byEmail.load({ source: source.source, email })));
      const failures: SourceError[] = [];
      const matches = settled.flatMap((result) => {
        if (result.status === 'fulfilled') return result.value;
        if (result.reason instanceof SourceError) failures.push(result.reason);
        else throw result.reason;
        return [];
      });
      return { matches: [...indexedMatches, ...matches], failures };
    },

    deletionCheck: heardLoader(
      scope,
      (customers, hear) =>
        Promise.all(
          customers.map((customer) => {
            // A customer read from a source: that source is configured.
            const writer = sources[customer.source]?.writer;
            return writer ? hear([customer], () => writer.deletionCheck(customer.sourceId, scope)).catch(asError) : READ_ONLY_CHECK;
          }),
        ),
      { cacheKeyFn: (customer) => customerKeyString(customerKeyOf(customer)) },
    ),

    // Looked up one customer at a time anyway: one that fails fails alone.
    ameliaAppointmentStats: heardLoader(
      scope,
      (customers, hear) =>
        Promise.all(
          customers.map((customer) =>
            hear([customer], () => configured(sources, 'AMELIA').appointmentStats([customer], scope)).then(
              (stats) => stats[0] ?? null,
              asError,
            ),
          ),
        ),
      { cacheKeyFn: (customer) => customer.sourceId },
    ),

    connection: (args, wantsTotal) => customerConnection(sources, args, { page, count }, index, cursors, wantsTotal),
    index,

    anticipateSameAs: () => {
      sameAsAhead = true;
    },
  };
}
