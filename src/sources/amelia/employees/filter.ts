// Whether a listed provider matches an EmployeeListFilter (amelia-employees.txt), shown from its own
// record: Amelia's filters narrow the list, they are never taken as proof.

import { recordMentions } from '../../kit/customer-filter.ts';
import type { Employee, EmployeeListFilter } from '../../model/index.ts';

/** 'unknown': the list's summary cannot tell (no note, no lists); the whole record can. */
export type FilterVerdict = 'match' | 'no-match' | 'unknown';

/** `whole`: the record came from the single route, so what it lacks, Amelia does not have. */
export function filterVerdict(employee: Employee, filter: EmployeeListFilter, whole: boolean): FilterVerdict {
  const verdicts = [
    searchVerdict(employee, filter.search),
    statusVerdict(employee, filter.status),
    serviceVerdict(employee, filter.serviceIds),
    locationVerdict(employee, filter.locationIds),
  ];
  if (verdicts.includes('no-match')) return 'no-match';
  if (verdicts.includes('unknown')) return whole ? 'no-match' : 'unknown';
  return 'match';
}

/** amelia-employees.txt: "searches first name, last name, email, and note" — those fields only. */
const SEARCHED = ['firstName', 'lastName', 'email', 'note'] as const;

/** Amelia searches the note too, which a summary lacks: no mention there proves nothing yet. */
function searchVerdict(employee: Employee, search: string | undefined): FilterVerdict {
  if (search === undefined) return 'match';
  if (
    recordMentions(
      SEARCHED.map((field) => employee.sourceRecord[field] ?? null),
      search,
    )
  )
    return 'match';
  return 'note' in employee.sourceRecord ? 'no-match' : 'unknown';
}

function statusVerdict(employee: Employee, status: EmployeeListFilter['status']): FilterVerdict {
  if (status === undefined) return 'match';
  if (employee.status === null) return 'unknown';
  return employee.status === status ? 'match' : 'no-match';
}

function serviceVerdict(employee: Employee, serviceIds: readonly string[] | undefined): FilterVerdict {
  if (!serviceIds?.length) return 'match';
  if (employee.services === null) return 'unknown';
  return employee.services.some((service) => serviceIds.includes(service.serviceId)) ? 'match' : 'no-match';
}

function locationVerdict(employee: Employee, locationIds: readonly string[] | undefined): FilterVerdict {
  if (!locationIds?.length) return 'match';
  if (employeeLocationIds(employee).some((id) => locationIds.includes(id))) return 'match';
  return employee.weeklySchedule === null ? 'unknown' : 'no-match';
}

/**
 * Where an employee works: the default location and every weekly period's own and listed locations.
 * Special days are date-bound exceptions, not where someone works.
 */
export function employeeLocationIds(employee: Employee): string[] {
  const periods = (employee.weeklySchedule ?? []).flatMap((day) => day.periods);
  const ids = [employee.locationId, ...periods.flatMap((period) => [period.locationId, ...period.locationIds])];
  return [...new Set(ids.filter((id) => id !== null))];
}
