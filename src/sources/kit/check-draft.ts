// A draft checked against a vendor's zod rules before anything is sent: the first problem becomes a
// ValidationError naming the field as in the public input (`firstName`, `crm.number`, `weeklySchedule.2.end`).
import type { z } from 'zod';
import { ValidationError } from '../errors.ts';

export interface DraftWording {
  /** Said of a key a strict object does not know, naming the key; unset: the object is named, with its own message. */
  unknownField?: string;
  /** Said of the input when zod names no issue. */
  invalidInput?: string;
}

/** Throws a ValidationError for the first issue `schema` finds in `draft`; returns when it passes. */
export function checkDraft(schema: z.ZodType, draft: unknown, wording: DraftWording = {}): void {
  const parsed = schema.safeParse(draft);
  if (parsed.success) return;
  const [issue] = parsed.error.issues;
  if (!issue) throw new ValidationError('input', wording.invalidInput ?? 'is not valid input');
  const path = issue.path.map(String);
  // A strict object's unknown key, where the vendor's wording names the key itself rather than the object holding it.
  if (issue.code === 'unrecognized_keys' && wording.unknownField !== undefined) {
    throw new ValidationError([...path, issue.keys[0] ?? ''].filter(Boolean).join('.'), wording.unknownField);
  }
  throw new ValidationError(path.join('.') || 'input', issue.message);
}
