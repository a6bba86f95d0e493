// PLATFORM customer exports: started here, processed by the vendor in the background, polled.
import { z } from 'zod';
import { notFound } from '../errors.ts';
import { SourceError, ValidationError } from '../sources/errors.ts';
import type { ExportJob } from '../sources/model/index.ts';
import { startCustomerExport } from '../writes/platform-writes.ts';
import { builder } from './builder.ts';
import { rawVendorData } from './raw-vendor-data.ts';

const ExportStatusEnum = builder.enumType('ExportStatus', {
  description: "Where a PLATFORM export stands (the vendor's `status`).",
  values: {
    PENDING: { description: 'Waiting to start (pending, queued).' },
    PROCESSING: { description: 'Being written (processing, in_progress, running).' },
    COMPLETED: { description: 'Done: `downloadUrl` has the file.' },
    FAILED: { description: 'The vendor gave up (failed, error); start a new export.' },
    UNKNOWN: {
      description:
        "A word the gateway does not know (the PLATFORM's document names no statuses), or none: read `vendorStatus`, and keep polling until a `downloadUrl` appears.",
    },
  },
});

const ExportJobRef = builder.objectRef<ExportJob>('ExportJob').implement({
  description: 'An export of PLATFORM customers, processed in the background: poll `exportJob(id)` until COMPLETED.',
  fields: (t) => ({
    id: t.exposeID('id', { description: "The PLATFORM's export id, for `exportJob(id)`." }),
    status: t.field({
      type: ExportStatusEnum,
      description: "The vendor's `status`, as the gateway reads it.",
      resolve: (job) => job.status,
    }),
    vendorStatus: t.exposeString('vendorStatus', {
      nullable: true,
      description: "The vendor's own `status` word, as sent (what an UNKNOWN status said); null when it sent none.",
    }),
    downloadUrl: t.exposeString('downloadUrl', {
      nullable: true,
      description:
        "The vendor's `url` (or `download_url`) of the file: once COMPLETED, or with an UNKNOWN status when the vendor sent one; null otherwise.",
    }),
    sourceRecord: t.field(rawVendorData("The vendor's `exports` resource, untouched.", (job: ExportJob) => job.sourceRecord)),
  }),
});

const CustomerExportFilter = builder.inputType('CustomerExportFilter', {
  description: "Which PLATFORM customers to export (the export's `filters`).",
  fields: (t) => ({
    search: t.string({
      description: "The PLATFORM's fuzzy search over name, email and phone; at most 200 characters.",
      validate: z.string().trim().max(200, 'must be at most 200 characters'),
    }),
    email: t.field({ type: 'EmailAddress', description: 'Exact mailbox (trimmed and lower-cased before it is sent).' }),
  }),
});

builder.queryField('exportJob', (t) =>
  t.field({
    type: ExportJobRef,
    nullable: true,
    authScopes: { $all: { 'customers:read': true, 'pii:read': true } },
    description: 'A PLATFORM export by id. Unknown: NOT_FOUND.',
    args: {
      id: t.arg.id({
        required: true,
        description: "The export's id (ExportJob.id).",
        validate: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an export id'),
      }),
    },
    resolve: async (_root, { id }, ctx) => {
      const job = await ctx.loaders.platform.exportJob(String(id));
      if (!job) throw notFound(`No export with id "${String(id)}"`);
      return job;
    },
  }),
);

builder.mutationField('startCustomerExport', (t) =>
  t.field({
    type: ExportJobRef,
    authScopes: { $all: { 'customers:read': true, 'pii:read': true } },
    description: "Starts an export of the PLATFORM organization's customers (optionally filtered).",
    args: { filter: t.arg({ type: CustomerExportFilter, description: 'Which customers; all of them when left out.' }) },
    errors: {
      types: [ValidationError, SourceError],
      union: {
        name: 'StartCustomerExportResult',
        description: 'What startCustomerExport answers: the started export, or why it was not started.',
      },
      result: { name: 'StartCustomerExportSuccess', description: 'The export was started.' },
      dataField: { name: 'job', description: 'The export job; poll `exportJob(id)` until COMPLETED.' },
    },
    resolve: (_root, { filter }, ctx) => startCustomerExport(ctx, filter),
  }),
);
