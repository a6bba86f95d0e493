// The CRM's answer envelope, `{ app, service, warnings, instanceId, requestId, data }`, on every answer;
// an error is `data: null` with the error as the one warning.
import { randomUUID } from 'node:crypto';
import type { SandboxResponse } from '../server.ts';
import type { CrmState } from './state.ts';

export interface CrmWarning {
  code: string;
  message: string;
}

export function reply(state: CrmState, status: number, data: unknown, warnings: CrmWarning[] = []): SandboxResponse {
  return {
    status,
    body: { app: 'crm', service: 'customers', warnings, instanceId: state.instanceId, requestId: randomUUID(), data },
  };
}

export const fail = (state: CrmState, status: number, code: string, message: string): SandboxResponse =>
  reply(state, status, null, [{ code, message }]);

export const notAllowed = (state: CrmState, method: string) => fail(state, 405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here`);
