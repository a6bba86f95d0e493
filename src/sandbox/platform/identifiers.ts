// The PLATFORM sandbox's model identifiers: a customer's list, and creating one (codes unique in the organization).
import type { SandboxResponse } from '../server.ts';
import { findCustomer, type PlatformContext } from './context.ts';
import { platformUuid } from './data.ts';
import { asObject, customerNotFound, document, type ErrorObject, errorDocument, invalid, readResource } from './jsonapi.ts';
import type { PlatformIdentifier } from './records.ts';

const IDENTIFIER_CODE_MAX = 255;

export function customerIdentifiers(context: PlatformContext, id: string): SandboxResponse {
  const row = findCustomer(context, id);
  if (!row) return customerNotFound();
  const identifiers = context.store.identifiers.filter((identifier) => identifier.customerId === row.id);
  return document(200, { data: identifiers.map((identifier) => identifierResource(context, identifier)) });
}

export function createIdentifier(context: PlatformContext): SandboxResponse {
  const read = readResource(context, 'model-identifiers', null);
  if ('response' in read) return read.response;
  const { code, type = 'custom' } = read.attributes;
  const errors: ErrorObject[] = [];
  if (typeof code !== 'string' || code.trim() === '') {
    errors.push(invalid('/data/attributes/code', 'The code field is required.'));
  } else if (code.length > IDENTIFIER_CODE_MAX) {
    errors.push(invalid('/data/attributes/code', `The code may not be greater than ${IDENTIFIER_CODE_MAX} characters.`));
  } else if (context.store.identifiers.some((i) => i.organizationId === context.organization.id && i.code === code)) {
    errors.push(invalid('/data/attributes/code', 'The code has already been taken.'));
  }
  if (typeof type !== 'string' || type.trim() === '') errors.push(invalid('/data/attributes/type', 'The type must be a string.'));
  const linkage = asObject(asObject(asObject(read.relationships)?.identifiable)?.data);
  const customerId = linkage?.type === 'customers' ? linkage.id : undefined;
  const row = typeof customerId === 'string' ? findCustomer(context, customerId) : undefined;
  if (!row) errors.push(invalid('/data/relationships/identifiable', 'The identifiable customer was not found.'));
  if (errors.length > 0 || !row || typeof code !== 'string' || typeof type !== 'string') return errorDocument(422, errors);
  const identifier: PlatformIdentifier = {
    id: platformUuid('d0000000', context.store.nextSerial++),
    organizationId: context.organization.id,
    code,
    type,
    customerId: row.id,
    createdAt: new Date().toISOString(),
  };
  context.store.identifiers.push(identifier);
  return document(201, { data: identifierResource(context, identifier) });
}

function identifierResource(context: PlatformContext, identifier: PlatformIdentifier) {
  return {
    type: 'model-identifiers',
    id: identifier.id,
    attributes: { code: identifier.code, type: identifier.type, created_at: identifier.createdAt },
    relationships: { identifiable: { data: { type: 'customers', id: identifier.customerId } } },
    links: { self: `${context.origin}/api/v1/model-identifiers/${identifier.id}` },
  };
}
