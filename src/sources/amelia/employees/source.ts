// The AMELIA EmployeeSource (amelia-employees.txt): page-number paging, Amelia's filters verified on
// each record, whole records read by id in parallel where the list's summary cannot show a match.
import { failedRead, SourceError } from '../../errors.ts';
import type { VendorHttp } from '../../http/index.ts';
import type { Employee, EmployeeListFilter, EmployeeSource } from '../../model/index.ts';
import type { RequestScope } from '../../request-scope.ts';
import { toVendorId } from '../ids.ts';
import { createPageTracker, pageFromToken } from '../paging.ts';
import { type AmeliaProviderQuery, createAmeliaEmployeeClient } from './client.ts';
import { filterVerdict } from './filter.ts';
import { createLocationCache } from './locations.ts';
import { toEmployee } from './map.ts';
import type { AmeliaProviderRecord } from './payloads.ts';
import { createAmeliaEmployeeWriter } from './writer.ts';

export interface AmeliaEmployeesOptions {
  /** The Amelia source's HTTP client, shared with its customer calls. */
  http: VendorHttp;
  /** How long the system's locations are trusted when validating; five minutes unless given. */
  locationsTtlMs?: number;
}

interface ListedPage {
  /** Only the providers shown to match the filter. */
  employees: Employee[];
  next: number | null;
  countTotal: number;
}

export function createAmeliaEmployees(options: AmeliaEmployeesOptions): EmployeeSource {
  const client = createAmeliaEmployeeClient(options.http);
  const pages = createPageTracker();
  const locations = createLocationCache((scope) => client.listLocationIds(scope), options.locationsTtlMs);

  async function readWhole(id: number, scope: RequestScope): Promise<AmeliaProviderRecord | null> {
    const record = await client.getProvider(id, scope);
    if (record !== null && record.id !== id) throw new SourceError('AMELIA', 'BAD_RESPONSE');
    return record;
  }

  async function fetchById(id: number, scope: RequestScope): Promise<Employee | null> {
    const record = await readWhole(id, scope);
    return record === null ? null : toEmployee(record);
  }

  function lookUp(id: string, scope: RequestScope): Promise<Employee | null> {
    const vendorId = toVendorId(id);
    return vendorId === null ? Promise.resolve(null) : fetchById(vendorId, scope);
  }

  /** The listed provider when it is shown to match; its whole record is read when the summary cannot tell. */
  async function verified(summary: AmeliaProviderRecord, filter: EmployeeListFilter, scope: RequestScope): Promise<Employee | null> {
    const listed = toEmployee(summary);
    const verdict = filterVerdict(listed, filter, false);
    if (verdict !== 'unknown') return verdict === 'match' ? listed : null;
    const whole = await readWhole(summary.id, scope);
    // Deleted since it was listed.
    if (whole === null) return null;
    const employee = toEmployee({ ...summary, ...whole });
    return filterVerdict(employee, filter, true) === 'match' ? employee : null;
  }

  async function fetchPage(filter: EmployeeListFilter, page: number, scope: RequestScope): Promise<ListedPage> {
    const answer = await client.listProviders(toQuery(filter, page), scope);
    const checked = await Promise.all(answer.users.map((summary) => verified(summary, filter, scope)));
    return {
      employees: checked.filter((employee) => employee !== null),
      next: pages.following(page, answer.users.length, answer.countFiltered),
      countTotal: answer.countTotal,
    };
  }

  return {
    ...createAmeliaEmployeeWriter({ client, read: fetchById, locations }),

    async getByIds(ids, scope) {
      // Each by its own read: one that fails fails its id alone.
      const byId = new Map([...new Set(ids)].map((id) => [id, lookUp(id, scope).catch(failedRead)]));
      return Promise.all(ids.map((id) => byId.get(id) ?? null));
    },

    async listPage(request, scope) {
      const { employees, next } = await fetchPage(cleanFilter(request.filter), pageFromToken(request.token), scope);
      return { employees, next };
    },

    async count(filter, scope) {
      const clean = cleanFilter(filter);
      if (Object.keys(clean).length === 0) return (await fetchPage(clean, 1, scope)).countTotal;
      // countFiltered is the vendor's word for its own filters, and it has none for status: count what is shown to match.
      const matched = new Set<string>();
      for (let page: number | null = 1; page !== null; ) {
        const listed: ListedPage = await fetchPage(clean, page, scope);
        for (const employee of listed.employees) matched.add(employee.sourceId);
        page = listed.next;
      }
      return matched.size;
    },
  };
}

/** Blank search and empty id lists are no filter. */
function cleanFilter(filter: EmployeeListFilter): EmployeeListFilter {
  const search = filter.search?.trim();
  return {
    ...(search ? { search } : {}),
    ...(filter.serviceIds?.length ? { serviceIds: [...filter.serviceIds] } : {}),
    ...(filter.locationIds?.length ? { locationIds: [...filter.locationIds] } : {}),
    ...(filter.status ? { status: filter.status } : {}),
  };
}

/** Only ids Amelia could have go to the vendor; any other id matches nothing on our side. */
function toQuery(filter: EmployeeListFilter, page: number): AmeliaProviderQuery {
  const vendorIds = (ids: readonly string[] | undefined) => (ids ?? []).flatMap((id) => toVendorId(id) ?? []);
  return {
    page,
    ...(filter.search === undefined ? {} : { search: filter.search }),
    serviceIds: vendorIds(filter.serviceIds),
    locationIds: vendorIds(filter.locationIds),
  };
}
