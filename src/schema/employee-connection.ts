// A page of employees (EmployeeConnection) and the filter the `employees` query takes.
import { z } from 'zod';
import { builder } from './builder.ts';
import { EmployeeRef } from './employee-ref.ts';
import { EmployeeStatusEnum } from './enums.ts';

export const EmployeeFilterInput = builder.inputType('EmployeeFilter', {
  description: 'Which employees `employees` lists: every condition given must hold; checked against each record.',
  fields: (t) => ({
    search: t.string({
      description: "Amelia's search: first name, last name, email and note.",
      validate: z.string().trim().max(200, 'must be at most 200 characters'),
    }),
    serviceIds: t.idList({ description: 'Employees who provide any of these services.' }),
    locationIds: t.idList({ description: 'Employees who work at any of these locations (default or in a period).' }),
    status: t.field({ type: EmployeeStatusEnum, description: 'Only employees with this status.' }),
  }),
});

export const EmployeeConnection = builder.connectionObject(
  {
    type: EmployeeRef,
    name: 'EmployeeConnection',
    description: "A page of Amelia employees, in Amelia's order.",
    edgesField: { description: 'The employees of this page, in order, each with its cursor.' },
  },
  {
    description: 'One employee in a page, with the cursor to continue after it.',
    nodeField: { description: 'The employee.' },
  },
);
