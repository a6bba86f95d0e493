// The employees list, and an employee's week: working hours and breaks per day.
import { EmployeesPageDocument, EmployeeWeekDocument } from '../../../schema/generated/graphql.ts';
import { answer, fieldError, RequestError } from './api.ts';
import { $, element, table } from './dom.ts';
import { failureNotice, fill } from './load.ts';

export function listEmployees(): Promise<void> {
  return fill($('#employee-list'), 'Loading employees…', async () => {
    const { data, errors } = await answer(EmployeesPageDocument, { first: 20 });
    // null (with an error) when the employees' source cannot be read: a failure to retry, not an empty list.
    if (!data.employees) throw fieldError(errors, ['employees']) ?? new RequestError('graphql', 'Employees cannot be read right now.');
    return [
      element(
        'ul',
        {},
        ...data.employees.edges.map(({ node }) =>
          element(
            'li',
            {},
            element(
              'button',
              { type: 'button', onclick: () => void openWeek(node.id), dataset: { testid: 'employee' } },
              node.displayName ?? node.id,
            ),
          ),
        ),
      ),
    ];
  });
}

export function openWeek(id: string): Promise<void> {
  return fill($('#week'), 'Loading…', async () => {
    const { data, errors } = await answer(EmployeeWeekDocument, { id });
    const employee = data.employee;
    if (!employee) {
      const error = fieldError(errors, ['employee']);
      if (error) throw error;
      return ['Not found'];
    }
    const week = employee.weeklySchedule;
    const rows = (week ?? []).map((day) =>
      element(
        'tr',
        { dataset: { testid: 'work-day' } },
        element('th', { scope: 'row' }, day.day),
        element('td', {}, `${day.start.slice(0, 5)}–${day.end.slice(0, 5)}`),
        element('td', {}, day.breaks.map((pause) => `${pause.start.slice(0, 5)}–${pause.end.slice(0, 5)}`).join(', ') || 'no breaks'),
      ),
    );
    const hours = !week
      ? failureNotice(
          fieldError(errors, ['employee', 'weeklySchedule']) ?? new RequestError('graphql', 'Working hours cannot be read right now.'),
          () => void openWeek(id),
        )
      : rows.length
        ? table(['Day', 'Hours', 'Breaks'], rows, { dataset: { testid: 'week-table' } })
        : element('p', {}, 'No working hours.');
    return [
      element('h2', { dataset: { testid: 'employee-name' } }, employee.displayName ?? employee.id),
      element(
        'p',
        {},
        employee.bookable ? 'Bookable' : `Not bookable: ${(employee.notBookableReasons ?? ['not known right now.']).join(' ')}`,
      ),
      hours,
    ];
  });
}
