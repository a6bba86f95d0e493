// The PLATFORM sandbox's customer exports: started, completed by the time anyone looks again, and
// downloaded as CSV, with the token or through a signed link that needs none. The document names no
// status words: the sandbox says settings.exportStatusWords.
import { createHash } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from '../server.ts';
import { organizationCustomers, organizationFields, type PlatformContext } from './context.ts';
import { WRITABLE_TEXT_ATTRIBUTES } from './customer-input.ts';
import { platformUuid } from './data.ts';
import { filterCustomers } from './filters.ts';
import { asObject, document, errorDocument, failure, invalid, readResource } from './jsonapi.ts';
import type { PlatformCustomerRow, PlatformExport, PlatformStore } from './records.ts';

export function createExport(context: PlatformContext): SandboxResponse {
  const read = readResource(context, 'exports', null);
  if ('response' in read) return read.response;
  const { type, filters = {} } = read.attributes;
  if (type !== 'customers') {
    return errorDocument(422, [invalid('/data/attributes/type', 'Only customer exports are supported.')]);
  }
  const filterObject = asObject(filters);
  const isFilter = ([key, value]: [string, unknown]) => ['search', 'email'].includes(key) && typeof value === 'string';
  const badFilter = !Object.entries(filterObject ?? {}).every(isFilter);
  if (!filterObject || badFilter) {
    return errorDocument(422, [invalid('/data/attributes/filters', 'Filters may hold a search and an email, as strings.')]);
  }
  const text = (key: string) => (typeof filterObject[key] === 'string' ? filterObject[key] : null);
  const search = text('search');
  const email = text('email');
  const rows = filterCustomers(organizationCustomers(context), organizationFields(context), {
    search,
    email,
    ids: null,
    accountId: null,
    customFields: [],
  });
  const created: PlatformExport = {
    id: platformUuid('e5000000', context.store.nextSerial++),
    organizationId: context.organization.id,
    type,
    filters: { ...(search === null ? {} : { search }), ...(email === null ? {} : { email }) },
    status: 'processing',
    customerIds: rows.map((row) => row.id),
  };
  context.store.exports.push(created);
  return document(202, { data: exportResource(context, created) });
}

/** The export completes in the background: by the time anyone looks at it again, it is done. */
export function showExport(context: PlatformContext, id: string): SandboxResponse {
  const found = findExport(context, id);
  if (!found) return failure(404, 'Not Found', 'Export not found.');
  found.status = 'completed';
  return document(200, { data: exportResource(context, found) });
}

export function downloadExport(context: PlatformContext, id: string): SandboxResponse {
  const found = findExport(context, id);
  if (!found) return failure(404, 'Not Found', 'Export not found.');
  return exportFile(context.store, found);
}

/** The export a download link names with a valid signature, if that is what the request is. */
export function signedExport(store: PlatformStore, request: SandboxRequest): PlatformExport | undefined {
  const id = /^\/api\/v1\/exports\/([^/]+)\/download$/.exec(request.path)?.[1];
  const signature = request.query.get('signature');
  if (request.method !== 'GET' || id === undefined || signature === null) return undefined;
  const found = store.exports.find((candidate) => candidate.id === id && candidate.organizationId === request.query.get('o'));
  return found && exportSignature(found) === signature ? found : undefined;
}

export function exportFile(store: PlatformStore, found: PlatformExport): SandboxResponse {
  if (found.status !== 'completed') return failure(409, 'Conflict', 'The export is still being processed.');
  const columns = ['id', ...WRITABLE_TEXT_ATTRIBUTES] as const;
  const rows = found.customerIds.flatMap(
    (customerId) => store.customers.find((row) => row.id === customerId && row.organizationId === found.organizationId) ?? [],
  );
  const line = (row: PlatformCustomerRow) => columns.map((c) => csvCell(c === 'id' ? row.id : row.attributes[c])).join(',');
  const lines = [columns.join(','), ...rows.map(line)];
  return { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' }, raw: `${lines.join('\r\n')}\r\n` };
}

function findExport(context: PlatformContext, id: string): PlatformExport | undefined {
  return context.store.exports.find((candidate) => candidate.id === id && candidate.organizationId === context.organization.id);
}

function exportResource(context: PlatformContext, found: PlatformExport) {
  return {
    type: 'exports',
    id: found.id,
    attributes: {
      type: found.type,
      filters: found.filters,
      status: context.settings.exportStatusWords[found.status],
      url: found.status === 'completed' ? downloadUrl(context, found) : null,
    },
    links: { self: `${context.origin}/api/v1/exports/${found.id}` },
  };
}

function downloadUrl(context: PlatformContext, found: PlatformExport): string {
  const query = new URLSearchParams({ o: found.organizationId, signature: exportSignature(found) });
  return `${context.origin}/api/v1/exports/${found.id}/download?${query.toString()}`;
}

function exportSignature(found: PlatformExport): string {
  return createHash('sha256').update(`platform-sandbox-exports:${found.organizationId}:${found.id}`).digest('hex').slice(0, 32);
}

function csvCell(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
