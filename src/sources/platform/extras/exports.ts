// PLATFORM customer exports (platform-customers-jsonapi.txt, "Exporting Customers"): started by a POST,
// processed in the background, polled until the resource carries its download URL.
import { SourceError, ValidationError, WriteOutcomeUnknownError } from '../../errors.ts';
import { normalizeEmail } from '../../kit/normalize.ts';
import type { CustomerListFilter, ExportJob, ExportStatus, PlatformExtras } from '../../model/index.ts';
import type { PlatformClient } from '../client.ts';
import { isExportId, sameId } from '../ids.ts';
import { createExport, getExport } from './client.ts';
import { type PlatformExportFilters, type PlatformExportResource, platformExportDocumentSchema } from './payloads.ts';

// The document names no statuses; these are the words background-job APIs use. Any other is UNKNOWN.
const STATUSES = new Map<string, ExportStatus>([
  ['pending', 'PENDING'],
  ['queued', 'PENDING'],
  ['processing', 'PROCESSING'],
  ['in_progress', 'PROCESSING'],
  ['running', 'PROCESSING'],
  ['completed', 'COMPLETED'],
  ['complete', 'COMPLETED'],
  ['done', 'COMPLETED'],
  ['finished', 'COMPLETED'],
  ['failed', 'FAILED'],
  ['error', 'FAILED'],
]);

/** The export as the vendor describes it; a status word we do not know is UNKNOWN, with the word kept. */
export function toExportJob(resource: PlatformExportResource): ExportJob {
  const vendorStatus = resource.attributes.status ?? null;
  const status = STATUSES.get(vendorStatus?.trim().toLowerCase() ?? '') ?? 'UNKNOWN';
  const url = resource.attributes.url ?? resource.attributes.download_url ?? null;
  // "Retrieve the download URL from the export resource once complete": a URL beside an unknown word is passed on.
  const downloadUrl = status === 'COMPLETED' || status === 'UNKNOWN' ? url : null;
  return { id: resource.id, status, vendorStatus, downloadUrl, sourceRecord: resource };
}

/** The document's export filters (its example: `search`); the vendor cannot export by custom field. */
export function toExportFilters(filter: CustomerListFilter): PlatformExportFilters {
  if (filter.customField !== undefined) {
    throw new ValidationError('filter.customField', 'PLATFORM exports filter by search and email only');
  }
  const search = filter.search?.trim();
  return { ...(search ? { search } : {}), ...(filter.email === undefined ? {} : { email: normalizeEmail(filter.email) }) };
}

export function createExportOperations(client: PlatformClient): Pick<PlatformExtras, 'startExport' | 'exportJob'> {
  return {
    async startExport(filter, scope) {
      const answer = await createExport(client, toExportFilters(filter), scope);
      // Accepted, but no export resource to say which: whether one was started is not known.
      const created = platformExportDocumentSchema.safeParse(answer.body);
      if (!created.success) throw new WriteOutcomeUnknownError('PLATFORM');
      return toExportJob(created.data.data);
    },

    async exportJob(id, scope) {
      if (!isExportId(id)) return null;
      const resource = await getExport(client, id, scope);
      if (resource === null) return null;
      if (!sameId(resource.id, id)) throw new SourceError('PLATFORM', 'BAD_RESPONSE');
      return toExportJob(resource);
    },
  };
}
