// Creating, changing and deleting Amelia employees, behind the same idempotency keys as customers.

import { byIdOrThrow } from '../sources/errors.ts';
import { configured } from '../sources/index.ts';
import { normalizeEmail } from '../sources/kit/normalize.ts';
import type { EmployeeDraft, EmployeeSource, EmployeeWriteResult } from '../sources/model/index.ts';
import type { WriteRequest } from './customer-writes.ts';
import { runIdempotent } from './idempotency.ts';
import { inInput } from './input-fields.ts';
import type { WriteContext } from './write-context.ts';

export async function createEmployee(ctx: WriteContext, draft: EmployeeDraft, request: WriteRequest): Promise<EmployeeWriteResult> {
  const employees = employeesOf(ctx);
  await inInput(() => employees.validate(draft, 'create', ctx.scope));
  return runIdempotent({
    store: ctx.idempotency,
    source: 'AMELIA',
    ...request,
    attempt: () => inInput(() => employees.create(draft, ctx.scope)),
    applied: async () => {
      // Emails are unique among Amelia employees: the one with the draft's email is the one we created.
      const email = normalizeEmail(draft.email ?? '');
      const page = await employees.listPage({ filter: { search: email }, token: null, sizeHint: 100 }, ctx.scope);
      const match = page.employees.find((employee) => employee.email && normalizeEmail(employee.email) === email);
      if (!match) return null;
      const whole = byIdOrThrow((await employees.getByIds([match.sourceId], ctx.scope))[0]);
      return { employee: whole ?? match, panelAccessEmailSent: null };
    },
  });
}

export async function updateEmployee(
  ctx: WriteContext,
  id: string,
  draft: EmployeeDraft,
  request: WriteRequest,
): Promise<EmployeeWriteResult> {
  const employees = employeesOf(ctx);
  await inInput(() => employees.validate(draft, 'update', ctx.scope));
  const result = await runIdempotent({
    store: ctx.idempotency,
    source: 'AMELIA',
    ...request,
    attempt: () => inInput(() => employees.update(id, draft, ctx.scope)),
    applied: async () => null,
  });
  ctx.loaders.employees.byId.clear(id).prime(id, result.employee);
  return result;
}

export async function deleteEmployee(ctx: WriteContext, id: string, request: WriteRequest): Promise<true> {
  const employees = employeesOf(ctx);
  const deleted = await runIdempotent<true>({
    store: ctx.idempotency,
    source: 'AMELIA',
    ...request,
    attempt: async () => {
      await employees.delete(id, ctx.scope);
      return true;
    },
    applied: async () => (byIdOrThrow((await employees.getByIds([id], ctx.scope))[0]) ? null : true),
  });
  ctx.loaders.employees.byId.clear(id);
  return deleted;
}

function employeesOf(ctx: WriteContext): EmployeeSource {
  return configured(ctx.sources, 'AMELIA').employees;
}
