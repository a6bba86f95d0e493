// What the Amelia sandbox's route files share: Amelia's `{ message, data }` answers and the route table.
import type { SandboxRequest, SandboxResponse } from '../server.ts';

export type Json = Record<string, unknown>;

/** `id`: the number the route's pattern captured (0 when it captures none). */
export type AmeliaRouteHandler = (request: SandboxRequest, id: number) => SandboxResponse;

export interface AmeliaRoute {
  method: 'GET' | 'POST';
  /** Matched against the `call` parameter, e.g. `/api/v1/users/customers/23`. */
  call: RegExp;
  handle: AmeliaRouteHandler;
}

export function answer(status: number, message: string, data: unknown): SandboxResponse {
  return { status, body: { message, data } };
}

export const UNKNOWN_USER = answer(404, 'Could not retrieve user', []);

/** Case- and accent-insensitive, as a MySQL unicode collation compares (`zoe` finds `Zoë`). */
export function collate(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** A write body that is a JSON object; null for anything else (answered with 400). */
export function objectBody(request: SandboxRequest): Json | null {
  const { body } = request;
  if (request.invalidJson || typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  return body as Json;
}
