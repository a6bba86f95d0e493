import { SourceError, WriteOutcomeUnknownError } from '../errors.ts';

/**
 * The record as Amelia has it after a write it applied. A failed or empty re-read must not look like
 * a write that never happened, so it is an unknown outcome rather than a source failure.
 */
export async function rereadAfterWrite<Record>(read: (id: number) => Promise<Record | null>, id: number): Promise<Record> {
  let record: Record | null;
  try {
    record = await read(id);
  } catch (error) {
    throw error instanceof SourceError ? new WriteOutcomeUnknownError('AMELIA') : error;
  }
  if (record === null) throw new WriteOutcomeUnknownError('AMELIA');
  return record;
}
