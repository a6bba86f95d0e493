// PLATFORM customer exports: started here, processed by the vendor in the background, polled.
import { z } from 'zod';
import { notFound } from '../errors.ts';
import { SourceError, ValidationError } from '../sources/errors.ts';
import type { ExportJob } from '../sources/model.ts';
import { normalizeEmail } from '../sources/normalize.ts';
import { builder } from './builder.ts';
import { platformExtras } from './custom-field.ts';

const ExportStatusEnum = builder.enumType('ExportStatus', { values: ['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED'] as const });

const ExportJobRef = builder.objectRef<ExportJob>('ExportJob').implement({
  description: 'An export of PLATFORM customers, processed in the background: poll `exportJob(id)` until COMPLETED.',
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.field({ type: ExportStatusEnum, resolve: (job) => job.status }),
    downloadUrl: t.exposeString('downloadUrl', { nullable: true, description: 'Once COMPLETED.' }),
    sourceRecord: t.field({ type: 'JSON', resolve: (job) => job.sourceRecord }),
  }),
});

const CustomerExportFilter = builder.inputType('CustomerExportFilter', {
  fields: (t) => ({
    search: t.string({ validate: z.string().trim().max(200, 'must be at most 200 characters') }),
    email: t.field({ type: 'EmailAddress' }),
  }),
});

builder.queryField('exportJob', (t) =>
  t.field({
    type: ExportJobRef,
    nullable: true,
    authScopes: { $all: { 'customers:read': true, 'pii:read': true } },
    description: 'A PLATFORM export by id. Unknown: NOT_FOUND.',
    args: { id: t.arg.id({ required: true, validate: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an export id') }) },
    resolve: async (_root, { id }, ctx) => {
      const job = await platformExtras(ctx).exportJob(String(id), ctx.call);
      if (!job) throw notFound(`No export with id "${String(id)}"`);
      return job;
    },
  }),
);

builder.mutationField('startCustomerExport', (t) =>
  t.field({
    type: ExportJobRef,
    authScopes: { $all: { 'customers:read': true, 'pii:read': true } },
    description: 'Starts an export of the PLATFORM organization\'s customers (optionally filtered).',
    args: { filter: t.arg({ type: CustomerExportFilter }) },
    errors: { types: [ValidationError, SourceError], union: { name: 'StartCustomerExportResult' }, result: { name: 'StartCustomerExportSuccess' }, dataField: { name: 'job' } },
    resolve: (_root, { filter }, ctx) => {
      const search = filter?.search?.trim();
      return platformExtras(ctx).startExport(
        { ...(search ? { search } : {}), ...(filter?.email ? { email: normalizeEmail(filter.email) } : {}) },
        ctx.call,
      );
    },
  }),
);
