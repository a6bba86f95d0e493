// One set per request: batching, de-duplication and a per-request cache in front of the sources.
import DataLoader from 'dataloader';
import type {
  AmeliaAppointmentStats,
  Customer,
  CustomerKey,
  CustomerListFilter,
  CustomerOf,
  CustomerPage,
  CustomerSourceName,
  CustomFieldDefinition,
  DeletionCheck,
  Employee,
  ModelIdentifier,
  EmployeeListFilter,
  EmployeePage,
  ListPageRequest,
  PageToken,
  SourceCall,
} from '../sources/model.ts';
import { normalizeEmail } from '../sources/normalize.ts';
import { liveSources, type Sources } from '../sources/index.ts';
import { SourceError } from '../sources/errors.ts';
import { customerKeyOf, customerKeyString } from '../sources/ids.ts';

export interface EmailKey {
  source: CustomerSourceName;
  /** Normalised (see normalizeEmail). */
  email: string;
}

export interface Loaders {
  customer: DataLoader<CustomerKey, Customer | null, string>;
  customersByEmail: DataLoader<EmailKey, Customer[], string>;
  ameliaAppointmentStats: DataLoader<CustomerOf<'AMELIA'>, AmeliaAppointmentStats | null, string>;
  deletionCheck: DataLoader<Customer, DeletionCheck, string>;
  /** Amelia employees by vendor id. */
  employee: DataLoader<string, Employee | null>;
  employeeDeletionCheck: DataLoader<string, DeletionCheck>;
  employeePage(request: { filter: EmployeeListFilter; token: PageToken | null; sizeHint: number }): Promise<EmployeePage>;
  employeeCount(filter: EmployeeListFilter): Promise<number>;
  /** The PLATFORM organization's custom field definitions: one call per request. */
  customFieldDefinitions(): Promise<CustomFieldDefinition[]>;
  /** PLATFORM model identifiers by customer id. */
  identifiers: DataLoader<string, ModelIdentifier[]>;
  /** PLATFORM customers linked to a global account. */
  customersOfAccount: DataLoader<string, Customer[]>;
  page(source: CustomerSourceName, request: ListPageRequest): Promise<CustomerPage>;
  count(source: CustomerSourceName, filter: CustomerListFilter): Promise<number>;
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

export function createLoaders(sources: Sources, call: SourceCall): Loaders {
  const memo = new Map<string, Promise<unknown>>();
  function memoized<T>(key: string, load: () => Promise<T>): Promise<T> {
    let entry = memo.get(key) as Promise<T> | undefined;
    if (!entry) {
      entry = (async () => load())();
      memo.set(key, entry);
    }
    return entry;
  }
  function sourceOrThrow<Name extends CustomerSourceName>(name: Name): NonNullable<Sources[Name]> {
    const source = sources[name];
    if (!source) throw new SourceError(name, 'NOT_CONFIGURED');
    return source;
  }
  const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

  let sameAsAhead = false;
  const prepared = new Set<CustomerSourceName>();
  /** Customers of `readFrom` are being read: start the email lookups their sameAs will make in the other sources. */
  function prepareEmailLookups(readFrom: ReadonlySet<CustomerSourceName>): void {
    if (!sameAsAhead) return;
    for (const source of liveSources(sources)) {
      if (!source.prepareEmailLookup || prepared.has(source.source)) continue;
      if ([...readFrom].some((name) => name !== source.source)) {
        prepared.add(source.source);
        source.prepareEmailLookup(call);
      }
    }
  }

  return {
    customer: new DataLoader(
      async (keys) => {
        const results = new Map<string, Customer | null | Error>();
        const bySource = Map.groupBy(keys, (key) => key.source);
        prepareEmailLookups(new Set(bySource.keys()));
        await Promise.all(
          [...bySource].map(async ([name, group]) => {
            // A PLATFORM id minted for another organization is not ours to look up.
            const asked = group.filter((key) => key.source !== 'PLATFORM' || key.organization === sources.PLATFORM?.organization);
            if (asked.length === 0) return;
            try {
              const found = await sourceOrThrow(name).getByIds(asked.map((key) => key.id), call);
              asked.forEach((key, index) => results.set(customerKeyString(key), found[index] ?? null));
            } catch (error) {
              for (const key of asked) results.set(customerKeyString(key), asError(error));
            }
          }),
        );
        return keys.map((key) => results.get(customerKeyString(key)) ?? null);
      },
      { cacheKeyFn: customerKeyString },
    ),

    customersByEmail: new DataLoader(
      async (keys) => {
        const bySource = Map.groupBy(keys, (key) => key.source);
        const answers = new Map<string, Customer[] | Error>();
        await Promise.all(
          [...bySource].map(async ([name, group]) => {
            const emails = [...new Set(group.map((key) => key.email))];
            try {
              const found = await sourceOrThrow(name).findByEmails(emails, call);
              const byEmail = Map.groupBy(found, (customer) => normalizeEmail(customer.email ?? ''));
              for (const email of emails) answers.set(`${name}:${email}`, byEmail.get(email) ?? []);
            } catch (error) {
              for (const email of emails) answers.set(`${name}:${email}`, asError(error));
            }
          }),
        );
        return keys.map((key) => answers.get(`${key.source}:${key.email}`) ?? []);
      },
      { cacheKeyFn: (key) => `${key.source}:${key.email}` },
    ),

    ameliaAppointmentStats: new DataLoader(
      (customers) => sourceOrThrow('AMELIA').appointmentStats(customers, call),
      { cacheKeyFn: (customer) => customer.sourceId },
    ),

    deletionCheck: new DataLoader(
      (customers) =>
        Promise.all(
          customers.map((customer) => {
            const writer = sources[customer.source]?.writer;
            return writer ? writer.deletionCheck(customer.sourceId, call).catch(asError) : READ_ONLY_CHECK;
          }),
        ),
      { cacheKeyFn: (customer) => customerKeyString(customerKeyOf(customer)) },
    ),

    employee: new DataLoader((ids) => sourceOrThrow('AMELIA').employees.getByIds(ids, call)),
    employeeDeletionCheck: new DataLoader((ids) =>
      Promise.all(ids.map((id) => sourceOrThrow('AMELIA').employees.deletionCheck(id, call).catch(asError))),
    ),
    employeePage: (request) =>
      memoized(`employees:${JSON.stringify(request)}`, () => sourceOrThrow('AMELIA').employees.listPage(request, call)),
    employeeCount: (filter) =>
      memoized(`employees-count:${JSON.stringify(filter)}`, () => sourceOrThrow('AMELIA').employees.count(filter, call)),

    customFieldDefinitions: () => memoized('custom-fields', () => sourceOrThrow('PLATFORM').extras.customFields(call)),
    identifiers: new DataLoader((ids) => sourceOrThrow('PLATFORM').extras.identifiers(ids, call)),
    customersOfAccount: new DataLoader((accountIds) =>
      Promise.all(accountIds.map((id) => sourceOrThrow('PLATFORM').extras.customersOfAccount(id, call).catch(asError))),
    ),

    page: (name, request) => {
      prepareEmailLookups(new Set([name]));
      return memoized(`page:${name}:${JSON.stringify(request)}`, () => sourceOrThrow(name).listPage(request, call));
    },

    count: (name, filter) => memoized(`count:${name}:${JSON.stringify(filter)}`, () => sourceOrThrow(name).count(filter, call)),

    anticipateSameAs: () => {
      sameAsAhead = true;
    },
  };
}
