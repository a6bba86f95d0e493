// EmployeeWritten: what createEmployee and updateEmployee answer on success.
import type { EmployeeWriteResult } from '../sources/model/index.ts';
import { builder } from './builder.ts';
import { EmployeeRef } from './employee-ref.ts';

export const EmployeeWrittenRef = builder.objectRef<EmployeeWriteResult>('EmployeeWritten').implement({
  description: 'An employee as Amelia has it after a create or an update.',
  fields: (t) => ({
    employee: t.field({ type: EmployeeRef, description: 'As Amelia now has it.', resolve: (result) => result.employee }),
    panelAccessEmailSent: t.exposeBoolean('panelAccessEmailSent', {
      nullable: true,
      description:
        "Amelia's `sendEmployeePanelAccessEmail` answer: whether it mailed the panel access. null when Amelia did not say, as its update answer does not (an update can still ask for the mail).",
    }),
  }),
});
