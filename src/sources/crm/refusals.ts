// A write the CRM refused (`succeed: false` with warnings at HTTP 200, or an error status) → a typed
// error. crm-customers.txt documents no error answers: codes and messages are read leniently.
import { EmailAlreadyInUseError, NotFoundError, SourceError, ValidationError } from '../errors.ts';
import type { JsonValue } from '../model/index.ts';
import { isJsonObject } from '../kit/parsed-json.ts';
import { toSourceWarning } from './client.ts';

/** CRM write params → the public input field they come from. */
const FIELD_BY_PARAM: ReadonlyMap<string, string> = new Map([
  ['firstName', 'firstName'],
  ['lastName', 'lastName'],
  ['email', 'email'],
  ['phone', 'phone'],
  ['phoneCallingCode', 'phone'],
  ['cityId', 'crm.cityId'],
  ['birthDate', 'birthday'],
  ['gender', 'gender'],
  ['number', 'crm.number'],
  ['unsubscribed', 'crm.unsubscribed'],
  ['internalNote', 'note'],
  ['passcode', 'crm.passcode'],
]);

const NOT_FOUND = /^((CUSTOMER|USER)_)?NOT_FOUND$/i;
const EMAIL_TAKEN = /EMAIL.*(TAKEN|EXISTS|IN_USE|DUPLICATE)|DUPLICATE.*EMAIL/i;
const FIELD_PROBLEM = /VALIDATION|INVALID|REQUIRED/i;

export interface RefusedWrite {
  status: number;
  warnings: readonly JsonValue[];
  /** The names of the params sent: a warning naming several fields is put on one the client sent. */
  sent: readonly string[];
  /** The customer written to; null on create. */
  id: string | null;
  /** The email sent, if any. */
  email: string | null;
}

export function refusalError(refused: RefusedWrite): Error {
  const { status, id } = refused;
  if (status === 404 && id !== null) return new NotFoundError('CRM', id);
  for (const warning of refused.warnings) {
    const error = classify(warning, refused);
    if (error) return error;
  }
  return new SourceError('CRM', 'REJECTED', status >= 200 && status < 300 ? null : status);
}

function classify(entry: JsonValue, refused: RefusedWrite): Error | null {
  const { code, message } = toSourceWarning(entry);
  if (code === null) return null;
  if (NOT_FOUND.test(code) && refused.id !== null) return new NotFoundError('CRM', refused.id);
  if (EMAIL_TAKEN.test(code) && refused.email !== null) return new EmailAlreadyInUseError('CRM', refused.email);
  if (FIELD_PROBLEM.test(code)) {
    const field = fieldNamed(entry, message, refused.sent);
    // Never the vendor's words: they reach the client as a warning.
    if (field) return new ValidationError(field, 'was refused by the CRM (its warning says why)');
  }
  return null;
}

/**
 * Whether the typed refusal already says what this warning says (a taken email, an unknown id): such a
 * warning is not passed on beside it. A field problem's warning is, since it says why.
 */
export function saidByRefusal(entry: JsonValue, error: Error): boolean {
  const { code } = toSourceWarning(entry);
  if (code === null) return false;
  if (error instanceof NotFoundError) return NOT_FOUND.test(code);
  if (error instanceof EmailAlreadyInUseError) return EMAIL_TAKEN.test(code);
  return false;
}

/** Our field for the param a warning names: its `field`/`param` key, else a param its message mentions. */
function fieldNamed(entry: JsonValue, message: string, sent: readonly string[]): string | null {
  const object = isJsonObject(entry) ? entry : {};
  const named = [object['field'], object['param'], ...(message.match(/[A-Za-z]+/g) ?? [])].filter(
    (word): word is string => typeof word === 'string' && FIELD_BY_PARAM.has(word),
  );
  const param = named.find((word) => sent.includes(word)) ?? named[0];
  return param === undefined ? null : (FIELD_BY_PARAM.get(param) ?? null);
}
