// Amelia employee reads of one operation: by id (whole records), deletion checks, the employees
// connection with its filter checked and shaped here, and the employee holding an email.
import type DataLoader from 'dataloader';
import { type Connection, connectionOf } from '../connections/connection.ts';
import type { CursorSeal } from '../connections/cursor-seal.ts';
import { pageAcrossSources } from '../connections/pager.ts';
import { cursorScope } from '../connections/source-cursor.ts';
import { badUserInput } from '../errors.ts';
import { configured, isSourceId, type Sources } from '../sources/index.ts';
import { normalizeEmail } from '../sources/kit/normalize.ts';
import type { DeletionCheck, Employee, EmployeeListFilter, EmployeePage, EmployeeStatus, PageToken } from '../sources/model/index.ts';
import { type RequestScope, unheard } from '../sources/request-scope.ts';
import { asError } from './customers.ts';
import { heardLoader, readMemo } from './shared-reads.ts';

/** `employees(first, after, filter)` as validated by the schema. */
export interface EmployeeConnectionArgs {
  first: number;
  after: string | null;
  filter?: {
    search?: string | null;
    serviceIds?: ReadonlyArray<string | number> | null;
    locationIds?: ReadonlyArray<string | number> | null;
    status?: EmployeeStatus | null;
  } | null;
}

export interface EmployeeLoaders {
  /** Amelia employees by vendor id, whole records. */
  byId: DataLoader<string, Employee | null>;
  deletionCheck: DataLoader<string, DeletionCheck>;
  connection(args: EmployeeConnectionArgs, wantsTotal: boolean): Promise<Connection<Employee>>;
  /** The employee whose email this is (normalised), if any. */
  byEmail(email: string): Promise<Employee | null>;
}

export function createEmployeeLoaders(sources: Sources, scope: RequestScope, cursors: CursorSeal): EmployeeLoaders {
  const employees = () => configured(sources, 'AMELIA').employees;
  const memoized = readMemo(scope);
  const page = (filter: EmployeeListFilter, token: PageToken | null, sizeHint: number): Promise<EmployeePage> =>
    memoized(`page:${JSON.stringify({ filter, token, sizeHint })}`, () => employees().listPage({ filter, token, sizeHint }, scope));
  const count = (filter: EmployeeListFilter): Promise<number> =>
    memoized(`count:${JSON.stringify(filter)}`, () => employees().count(filter, scope));

  return {
    // An employee whose own read failed fails alone (its entry is the SourceError).
    byId: heardLoader<string, Employee | null>(scope, (ids, hear) => hear(ids, () => employees().getByIds(ids, scope))),
    deletionCheck: heardLoader(scope, (ids, hear) =>
      Promise.all(ids.map((id) => hear([id], () => employees().deletionCheck(id, scope)).catch(asError))),
    ),

    async connection(args, wantsTotal) {
      const filter = employeeFilter(args.filter);
      const counting = wantsTotal && args.after === null ? count(filter) : null;
      counting?.catch(() => undefined); // awaited by totalCount; never an unhandled rejection if paging fails first
      const paged = await pageAcrossSources(
        { sources: ['AMELIA'], scope: cursorScope({ employees: JSON.stringify(filter) }), first: args.first, after: args.after, cursors },
        async (_source, token, sizeHint) => {
          const listed = await page(filter, token, sizeHint);
          return { items: listed.employees, next: listed.next };
        },
      );
      // Amelia is the only source: without its page there is no connection, without its count no total
      // (each null, with its error).
      const [failure] = paged.failures;
      if (failure) throw failure;
      return connectionOf(paged, async () => ({ total: await (counting ?? count(filter)), failures: [] }));
    },

    // The gateway's own lookup (whose is a taken email): what the vendor says of the page is no field's.
    async byEmail(email) {
      const wanted = normalizeEmail(email);
      const listed = await unheard(() => page({ search: wanted }, null, 100));
      return listed.employees.find((employee) => employee.email !== null && normalizeEmail(employee.email) === wanted) ?? null;
    },
  };
}

/** The filter Amelia gets: a blank search is none, every id must be one Amelia could have. */
function employeeFilter(filter: EmployeeConnectionArgs['filter']): EmployeeListFilter {
  const ids = (field: 'serviceIds' | 'locationIds', list: ReadonlyArray<string | number> | null | undefined) => {
    const values = (list ?? []).map(String);
    const bad = values.find((id) => !isSourceId('AMELIA', id));
    if (bad !== undefined) throw badUserInput(`filter.${field}: "${bad.slice(0, 40)}" is not an Amelia id`, `filter.${field}`);
    return values.length > 0 ? { [field]: values } : {};
  };
  const search = filter?.search?.trim();
  return {
    ...(search ? { search } : {}),
    ...ids('serviceIds', filter?.serviceIds),
    ...ids('locationIds', filter?.locationIds),
    ...(filter?.status ? { status: filter.status } : {}),
  };
}
