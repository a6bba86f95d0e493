// The PLATFORM sandbox's JSON:API framing: documents and error objects, content negotiation, and
// reading a write document.
import type { SandboxResponse } from '../server.ts';
import type { PlatformContext } from './context.ts';

export const MEDIA_TYPE = 'application/vnd.api+json';

export interface ErrorObject {
  status: string;
  title: string;
  detail: string;
  source?: { pointer?: string; parameter?: string };
}

export function document(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers: { 'content-type': MEDIA_TYPE, ...headers }, body: { jsonapi: { version: '1.0' }, ...body } };
}

export function errorDocument(status: number, errors: ErrorObject[], headers: Record<string, string> = {}): SandboxResponse {
  return document(status, { errors }, headers);
}

export function failure(
  status: number,
  title: string,
  detail: string,
  source?: ErrorObject['source'],
  headers: Record<string, string> = {},
): SandboxResponse {
  return errorDocument(status, [{ status: String(status), title, detail, ...(source ? { source } : {}) }], headers);
}

export function invalid(pointer: string, detail: string, status = 422): ErrorObject {
  const titles: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 409: 'Conflict', 422: 'Unprocessable Entity' };
  return { status: String(status), title: titles[status] ?? 'Error', detail, source: { pointer } };
}

export function customerNotFound(): SandboxResponse {
  return failure(404, 'Not Found', 'Customer not found.');
}

/** JSON:API: 406 only when the Accept header names the media type and every mention carries parameters. */
export function acceptsJsonApi(accept: string | undefined): boolean {
  const parts = (accept ?? '').split(',').map((part) => part.trim());
  const mentions = parts.filter((part) => part.split(';')[0]?.trim() === MEDIA_TYPE);
  return mentions.length === 0 || mentions.some((part) => !part.includes(';'));
}

export function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export type Read<T> = T | { response: SandboxResponse };

export interface ResourceBody {
  attributes: Record<string, unknown>;
  relationships: unknown;
}

/** A JSON:API write document for `type`; `id` null on create (no client-generated ids), the URL's id on update. */
export function readResource(context: PlatformContext, type: string, id: string | null): Read<ResourceBody> {
  const contentType = context.request.headers['content-type']?.trim();
  if (contentType !== MEDIA_TYPE) {
    return { response: failure(415, 'Unsupported Media Type', `The request body must be sent as ${MEDIA_TYPE}.`) };
  }
  const data = asObject(asObject(context.request.body)?.data);
  if (!data) return { response: errorDocument(400, [invalid('/data', 'The document must hold a data object.', 400)]) };
  if (data.type !== type) return { response: errorDocument(409, [invalid('/data/type', `The type must be ${type}.`, 409)]) };
  if (id === null && data.id !== undefined) {
    return { response: errorDocument(403, [invalid('/data/id', 'Client-generated ids are not supported.', 403)]) };
  }
  if (id !== null && data.id !== id) {
    return { response: errorDocument(409, [invalid('/data/id', 'The id does not match the URL.', 409)]) };
  }
  const attributes = data.attributes === undefined ? {} : asObject(data.attributes);
  if (!attributes) {
    return { response: errorDocument(400, [invalid('/data/attributes', 'The attributes must be an object.', 400)]) };
  }
  return { attributes, relationships: data.relationships };
}
