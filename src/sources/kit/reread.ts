import { SourceError, WriteOutcomeUnknownError } from '../errors.ts';
import type { CustomerSourceName } from '../model/index.ts';

/**
 * The record as the vendor has it after a write it accepted. A failed or empty re-read must not look
 * like a write that never happened (a repeat with the same idempotency key would then send it again),
 * so it is an unknown outcome rather than a source failure.
 */
export async function rereadAfterWrite<Id, Record>(
  source: CustomerSourceName,
  read: (id: Id) => Promise<Record | null>,
  id: Id,
): Promise<Record> {
  let record: Record | null;
  try {
    record = await read(id);
  } catch (error) {
    throw error instanceof SourceError ? new WriteOutcomeUnknownError(source) : error;
  }
  if (record === null) throw new WriteOutcomeUnknownError(source);
  return record;
}
