// Bookability (amelia-employees.txt: on the booking form only with serviceList and weekDayList), on
// the document's own records: what Amelia did not report is unknown, not empty.
import { describe, expect, it } from 'vitest';
import { notBookableReasons } from '../../src/schema/employee-bookable.ts';
import { toEmployee } from '../../src/sources/amelia/employees/map.ts';
import { ameliaProviderAnswer, ameliaProviderRecord } from '../../src/sources/amelia/employees/payloads.ts';
import {
  AMELIA_EMPLOYEE_CREATE_REQUEST_EXAMPLE as CREATE_REQUEST,
  AMELIA_EMPLOYEE_GET_RESPONSE_EXAMPLE as GET_RESPONSE,
} from '../fixtures/amelia-employee-docs.ts';

describe('notBookableReasons', () => {
  it("the document's single GET sends no lists: unknown, said so, never 'none assigned'", () => {
    const employee = toEmployee(ameliaProviderAnswer.parse(GET_RESPONSE).data.user);
    expect(notBookableReasons(employee)).toEqual([
      "Amelia did not report the employee's services (serviceList).",
      "Amelia did not report the employee's working hours (weekDayList).",
    ]);
  });

  it("the document's create example, read as a record: bookable", () => {
    expect(notBookableReasons(toEmployee(ameliaProviderRecord.parse({ id: 88, ...(CREATE_REQUEST as object) })))).toEqual([]);
  });

  it('empty lists are facts; hidden and an unknown status are reasons', () => {
    const record = (fields: Record<string, unknown>) => toEmployee(ameliaProviderRecord.parse({ id: 7, status: 'visible', ...fields }));
    expect(notBookableReasons(record({ serviceList: [], weekDayList: [] }))).toEqual([
      'No services are assigned (serviceList).',
      'No working hours are set (weekDayList).',
    ]);
    const service = { id: 2, price: 20, minCapacity: 1, maxCapacity: 1 };
    const monday = { dayIndex: 1, startTime: '09:00:00', endTime: '17:00:00' };
    expect(notBookableReasons(record({ status: 'hidden', serviceList: [service], weekDayList: [monday] }))).toEqual([
      'The employee is hidden.',
    ]);
    expect(notBookableReasons(record({ status: 'disabled', serviceList: [service], weekDayList: [monday] }))).toEqual([
      'Amelia did not report the employee as visible or hidden (status).',
    ]);
  });
});
