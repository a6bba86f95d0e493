// Amelia ids (amelia-customers.txt, amelia-employees.txt): positive integers. Anything else names no
// record and never reaches a URL, nor passes as a draft's id.
import { z } from 'zod';
import { NotFoundError, type RecordKind } from '../errors.ts';

export const AMELIA_ID = /^[1-9]\d{0,9}$/;

export function isAmeliaId(id: string): boolean {
  return AMELIA_ID.test(id);
}

export function toVendorId(id: string): number | null {
  if (!isAmeliaId(id)) return null;
  const value = Number(id);
  return Number.isSafeInteger(value) ? value : null;
}

/** The vendor id, or NotFoundError for an id that cannot name an Amelia record. */
export function vendorIdOrNotFound(id: string, record: RecordKind = 'customer'): number {
  const value = toVendorId(id);
  if (value === null) throw new NotFoundError('AMELIA', id, record);
  return value;
}

/** A draft's field naming an Amelia record (`what`: location, service) by its id. */
export function ameliaIdInput(what: string) {
  return z.string({ error: `an Amelia ${what} id` }).refine((id) => isAmeliaId(id), `not an Amelia ${what} id`);
}
