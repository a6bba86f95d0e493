// The Employee mutations (create, update, delete), each answering a result union, and the employee a
// refused write's email already belongs to.
import { EmailAlreadyInUseError } from '../sources/errors.ts';
import { createEmployee, deleteEmployee, updateEmployee } from '../writes/employee-writes.ts';
import { builder } from './builder.ts';
import { clientMutationId } from './customer-inputs.ts';
import { DeletedRecordRef } from './deletion.ts';
import { employeeIdArgument } from './employee-ids.ts';
import { CreateEmployeeInput, toEmployeeDraft, UpdateEmployeeInput } from './employee-inputs.ts';
import { EmployeeRef } from './employee-ref.ts';
import { EmployeeWrittenRef } from './employee-written.ts';
import { CREATE_ERRORS, DELETE_ERRORS, UPDATE_ERRORS } from './errors.ts';
import { encodeGlobalId } from './global-id.ts';
import { writeRequest } from './idempotency-key.ts';

builder.objectField(EmailAlreadyInUseError, 'existingEmployee', (t) =>
  t.field({
    type: EmployeeRef,
    nullable: true,
    description: 'The employee that has the email (when an employee write was refused).',
    resolve: async (error, _args, ctx) => {
      if (error.record !== 'employee') return null;
      return ctx.loaders.employees.byEmail(error.email);
    },
  }),
);

builder.mutationFields((t) => ({
  createEmployee: t.field({
    type: EmployeeWrittenRef,
    authScopes: { 'employees:write': true },
    description: 'Creates an Amelia employee. Give services and a weekly schedule to make them bookable.',
    args: { input: t.arg({ type: CreateEmployeeInput, required: true, description: "The new employee's fields." }) },
    errors: {
      types: CREATE_ERRORS,
      union: {
        name: 'CreateEmployeeResult',
        description: 'What createEmployee answers: the new employee, or why it was not (or may not have been) created.',
      },
      result: { name: 'CreateEmployeeSuccess', description: 'The employee was created.' },
      dataField: { name: 'result', description: 'The new employee, and whether Amelia mailed the panel access.' },
    },
    resolve: async (_root, { input }, ctx, info) => {
      const { clientMutationId: key, ...fields } = input;
      return createEmployee(ctx, toEmployeeDraft(fields), writeRequest(ctx, info, fields, key));
    },
  }),
  updateEmployee: t.field({
    type: EmployeeWrittenRef,
    authScopes: { 'employees:write': true },
    description:
      "Changes the fields given; a list given (services, weeklySchedule, specialDays, daysOff) replaces Amelia's, a list left out stays.",
    args: {
      id: t.arg.id({ required: true, description: "The employee's global id (Employee.id)." }),
      input: t.arg({ type: UpdateEmployeeInput, required: true, description: 'The fields to change; those left out stay as they are.' }),
    },
    errors: {
      types: UPDATE_ERRORS,
      union: {
        name: 'UpdateEmployeeResult',
        description: 'What updateEmployee answers: the changed employee, or why it was not (or may not have been) changed.',
      },
      result: { name: 'UpdateEmployeeSuccess', description: 'The employee was changed.' },
      dataField: { name: 'result', description: 'The employee as Amelia now has it.' },
    },
    resolve: async (_root, { id, input }, ctx, info) => {
      const { clientMutationId: key, ...fields } = input;
      const sourceId = employeeIdArgument(String(id));
      return updateEmployee(ctx, sourceId, toEmployeeDraft(fields), writeRequest(ctx, info, { id, ...fields }, key));
    },
  }),
  deleteEmployee: t.field({
    type: DeletedRecordRef,
    authScopes: { 'employees:write': true },
    description: "Deletes an employee after Amelia's own check (refused while appointments are ahead).",
    args: {
      id: t.arg.id({ required: true, description: "The employee's global id (Employee.id)." }),
      clientMutationId: t.arg.string({
        description: 'An idempotency key (or send the `Idempotency-Key` header): a repeat with the same key never deletes twice.',
        validate: clientMutationId,
      }),
    },
    errors: {
      types: DELETE_ERRORS,
      union: {
        name: 'DeleteEmployeeResult',
        description: 'What deleteEmployee answers: the deleted record, or why it was not (or may not have been) deleted.',
      },
      result: { name: 'DeleteEmployeeSuccess', description: 'The employee was deleted.' },
      dataField: { name: 'deleted', description: 'The record that is gone.' },
    },
    resolve: async (_root, args, ctx, info) => {
      const id = String(args.id);
      const sourceId = employeeIdArgument(id);
      await deleteEmployee(ctx, sourceId, writeRequest(ctx, info, { id }, args.clientMutationId));
      return { id: encodeGlobalId('Employee', `AMELIA:${sourceId}`), source: 'AMELIA' as const, sourceId };
    },
  }),
}));
