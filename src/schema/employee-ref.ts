// The Employee type's reference, apart from its fields (employee.ts), so that the types Employee's
// own file uses (its connection, EmployeeWritten) can point back at it.
import type { Employee } from '../sources/model/index.ts';
import { builder } from './builder.ts';

export const EmployeeRef = builder.objectRef<Employee>('Employee');
