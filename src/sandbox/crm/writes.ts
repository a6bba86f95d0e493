// The CRM sandbox's writes: create, update and delete. Field problems answer 200 `{ succeed: false }`
// with one warning each; unknown params are only warned about. A phone is stored the same way by both
// writes (server.ts says why).
import type { SandboxRequest, SandboxResponse } from '../server.ts';
import { type CrmRecord, crmCustomerId } from './data.ts';
import { type CrmWarning, fail, reply } from './envelope.ts';
import { type CrmState, customersChanged, emailTaken, type StoredCustomer, stamp } from './state.ts';
import { CREATE_PARAMS, paramsOf, readParams, UPDATE_PARAMS } from './write-params.ts';

const API_ACTOR = 'api_token';
const EMAIL_TAKEN: CrmWarning = { code: 'EMAIL_TAKEN', message: 'A customer with this email already exists' };

export function create(state: CrmState, request: SandboxRequest): SandboxResponse {
  const params = paramsOf(request);
  if (!params) return fail(state, 400, 'BAD_REQUEST', 'Body must be { "params": { … } }');
  const { changes, passcode, warnings } = readParams(params, CREATE_PARAMS);
  if (!changes.firstName?.trim() && !changes.lastName?.trim()) {
    warnings.push({ code: 'VALIDATION_FAILED', message: 'firstName or lastName is required' });
  }
  if (emailTaken(state, changes.email)) warnings.push(EMAIL_TAKEN);
  if (warnings.some(isRejection)) return reply(state, 200, { succeed: false }, warnings);
  const seq = ++state.lastSeq;
  const now = stamp(state);
  const record: CrmRecord = {
    ...changes,
    id: crmCustomerId(`created|${seq}`),
    createdAt: now,
    createdVia: 'api',
    createdBy: API_ACTOR,
    updatedAt: now,
  };
  state.customers.push({ seq, record, passcode: passcode ?? null });
  customersChanged(state);
  return reply(state, 200, { succeed: true, id: record.id }, warnings);
}

export function update(state: CrmState, stored: StoredCustomer, request: SandboxRequest): SandboxResponse {
  const params = paramsOf(request);
  if (!params) return fail(state, 400, 'BAD_REQUEST', 'Body must be { "params": { … } }');
  const { changes, passcode, warnings } = readParams(params, UPDATE_PARAMS);
  if (params.id !== undefined && params.id !== stored.record.id) {
    warnings.push({ code: 'VALIDATION_FAILED', message: 'params.id does not match the customer in the path' });
  }
  const phoneSent = Object.hasOwn(params, 'phone');
  if (Object.hasOwn(params, 'phoneCallingCode') && !phoneSent) {
    warnings.push({ code: 'VALIDATION_FAILED', message: 'phoneCallingCode is taken only together with phone' });
  }
  const changed = { ...(phoneSent ? withoutPhone(stored.record) : stored.record), ...changes };
  if (!changed.firstName?.trim() && !changed.lastName?.trim()) {
    warnings.push({ code: 'VALIDATION_FAILED', message: 'firstName or lastName is required' });
  }
  if (emailTaken(state, changes.email, stored.record.id)) warnings.push(EMAIL_TAKEN);
  if (warnings.some(isRejection)) return reply(state, 200, { succeed: false }, warnings);
  stored.record = { ...changed, updatedAt: stamp(state), updatedVia: 'api', updatedBy: API_ACTOR };
  if (passcode !== undefined) stored.passcode = passcode;
  customersChanged(state);
  return reply(state, 200, { succeed: true }, warnings);
}

export function remove(state: CrmState, stored: StoredCustomer): SandboxResponse {
  state.customers = state.customers.filter((other) => other !== stored);
  customersChanged(state);
  return reply(state, 200, { succeed: true });
}

/** The record without its number: a phone sent on update replaces it whole, stored as a create stores one. */
function withoutPhone(record: CrmRecord): CrmRecord {
  const { phone: _phone, phoneCountry: _country, phoneCountryCalling: _calling, ...rest } = record;
  return rest;
}

function isRejection(warning: CrmWarning): boolean {
  return warning.code !== 'UNKNOWN_PARAM';
}
