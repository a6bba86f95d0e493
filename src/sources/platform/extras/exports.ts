// PLATFORM customer exports (platform-customers-jsonapi.txt, "Exporting Customers"): started by a POST,
// processed in the background, polled until the resource carries its download URL.
import { SourceError, ValidationError, WriteOutcomeUnknownError } from '../../errors.ts';
import { normalizeEmail } from '../../kit/normalize.ts';
import type { CustomerListFilter, ExportJob, ExportStatus, PlatformExtras } from '../../model/index.ts';
import type { PlatformClient } from '../client.ts';
import { isExportId, sameId } from '../ids.ts';
import { createExport, getExport } from './client.ts';
import { type PlatformExportFilters, type PlatformExportResource, platformExportDocumentSchema } from './payloads.ts';

// The document names no statuses; these are the words background-job APIs use.
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

/** null when the vendor's status is none we know. */
export function toExportJob(resource: PlatformExportResource): ExportJob | null {
  const status = STATUSES.get(resource.attributes.status.trim().toLowerCase());
  if (status === undefined) return null;
  const url = resource.attributes.url ?? resource.attributes.download_url ?? null;
  return { id: resource.id, status, downloadUrl: status === 'COMPLETED' ? url : null, sourceRecord: resource };
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
      const created = platformExportDocumentSchema.safeParse(answer.body);
      const job = created.success ? toExportJob(created.data.data) : null;
      if (job === null) throw new WriteOutcomeUnknownError('PLATFORM');
      return job;
    },

    async exportJob(id, scope) {
      if (!isExportId(id)) return null;
      const resource = await getExport(client, id, scope);
      if (resource === null) return null;
      const job = sameId(resource.id, id) ? toExportJob(resource) : null;
      if (job === null) throw new SourceError('PLATFORM', 'BAD_RESPONSE');
      return job;
    },
  };
}
