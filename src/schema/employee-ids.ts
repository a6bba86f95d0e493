// Employee global ids: `Employee:AMELIA:88`, for the `employee` query and the employee mutations.
import { badUserInput } from '../errors.ts';
import { ValidationError } from '../sources/errors.ts';
import { isSourceId } from '../sources/index.ts';
import { decodeGlobalId } from './global-id.ts';

/** `AMELIA:88` → the Amelia provider id; anything else is the client's mistake. */
export function parseEmployeeLocalId(localId: string, globalId: string): string {
  const [source, id, ...rest] = localId.split(':');
  if (source !== 'AMELIA' || !id || rest.length > 0 || !isSourceId('AMELIA', id)) {
    throw badUserInput(`"${globalId.slice(0, 80)}" is not a valid employee id`, 'id');
  }
  return id;
}

/** The employee a mutation's `id` names; a malformed id is a ValidationError result. */
export function employeeIdArgument(id: string): string {
  try {
    const { typename, id: localId } = decodeGlobalId(id);
    if (typename !== 'Employee') throw new Error('not an employee');
    return parseEmployeeLocalId(localId, id);
  } catch {
    throw new ValidationError('id', `"${id.slice(0, 80)}" is not an employee id this API handed out`);
  }
}
