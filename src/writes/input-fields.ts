import { ValidationError } from '../sources/errors.ts';

/** Adapters name fields relative to the input object; the client sees them under `input`. */
export async function inInput<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw error instanceof ValidationError ? new ValidationError(`input.${error.field}`, error.message) : error;
  }
}
