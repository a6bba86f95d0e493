// What the CRM sandbox's writes accept: the params crm-customers.txt documents, each checked (types,
// gender code, date, email form); anything else is ignored with a warning.
import { DateTime } from 'luxon';
import type { SandboxRequest } from '../server.ts';
import { CRM_GENDER_LABELS, type CrmRecord, genderValue } from './data.ts';
import type { CrmWarning } from './envelope.ts';

const TEXT_PARAMS = ['firstName', 'lastName', 'email', 'phone', 'cityId', 'birthDate', 'passcode', 'number', 'internalNote'];
export const CREATE_PARAMS = new Set([...TEXT_PARAMS, 'phoneCallingCode', 'gender', 'unsubscribed']);
// Not in the document's PATCH: taken as on create, with `phone` only (server.ts says why).
export const UPDATE_PARAMS = new Set([...TEXT_PARAMS, 'id', 'phoneCallingCode', 'gender', 'unsubscribed']);

type ParamValue = string | number | boolean | null;

export interface ReadParams {
  changes: Partial<Omit<CrmRecord, 'id'>>;
  /** undefined when not sent. */
  passcode: string | null | undefined;
  warnings: CrmWarning[];
}

/** Validates the write params crm-customers.txt documents; anything else is ignored with a warning. */
export function readParams(params: Record<string, unknown>, allowed: ReadonlySet<string>): ReadParams {
  const changes: Partial<Omit<CrmRecord, 'id'>> = {};
  const warnings: CrmWarning[] = [];
  let passcode: string | null | undefined;
  const invalid = (key: string, expected: string) => warnings.push({ code: 'VALIDATION_FAILED', message: `${key} must be ${expected}` });

  for (const [key, value] of Object.entries(params)) {
    if (!allowed.has(key)) {
      warnings.push({ code: 'UNKNOWN_PARAM', message: `${key} is not a customer field and was ignored` });
      continue;
    }
    if (key === 'id') continue;
    if (!isParamValue(value)) {
      invalid(key, 'a plain value');
      continue;
    }
    if (key === 'gender') {
      if (value === null) changes.gender = null;
      else if (typeof value === 'number' && CRM_GENDER_LABELS.has(value)) changes.gender = genderValue(value);
      else invalid(key, 'one of 0, 1, 2, 9 (ISO/IEC 5218)');
    } else if (key === 'unsubscribed') {
      if (typeof value === 'boolean' || value === null) changes.unsubscribed = value;
      else invalid(key, 'a boolean');
    } else if (value !== null && typeof value !== 'string') {
      invalid(key, 'a string');
    } else if (key === 'email' && value !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim())) {
      invalid(key, 'an email address');
    } else if (key === 'birthDate' && value !== null && !DateTime.fromFormat(value, 'yyyy-MM-dd').isValid) {
      invalid(key, 'a date (YYYY-MM-DD)');
    } else if (key === 'passcode') {
      passcode = value;
    } else if (key === 'phoneCallingCode') {
      changes.phoneCountryCalling = value;
    } else {
      setText(changes, key, value);
    }
  }
  return { changes, passcode, warnings };
}

function setText(changes: Partial<Omit<CrmRecord, 'id'>>, key: string, value: string | null): void {
  if (key === 'firstName') changes.firstName = value;
  else if (key === 'lastName') changes.lastName = value;
  else if (key === 'email') changes.email = value?.trim() ?? null;
  else if (key === 'phone') changes.phone = value;
  else if (key === 'cityId') changes.cityId = value;
  else if (key === 'birthDate') changes.birthDate = value;
  else if (key === 'number') changes.number = value;
  else if (key === 'internalNote') changes.internalNote = value;
}

function isParamValue(value: unknown): value is ParamValue {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

export function paramsOf(request: SandboxRequest): Record<string, unknown> | null {
  if (request.invalidJson || !isObject(request.body)) return null;
  const params = request.body.params;
  return isObject(params) ? params : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
