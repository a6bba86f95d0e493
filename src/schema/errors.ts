// The typed failures mutations answer with (members of their result unions), and the shared Error interface.
import {
  DeletionBlockedError,
  EmailAlreadyInUseError,
  MergeReferenceNotFoundError,
  NotFoundError,
  NotSupportedBySourceError,
  SourceError,
  ValidationError,
  WriteOutcomeUnknownError,
} from '../sources/errors.ts';
import { builder } from './builder.ts';
import { CustomerRef } from './customer-ref.ts';
import { CustomerSourceEnum } from './enums.ts';

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'Something a mutation could not do; `message` says what, in words fit for a person.',
  fields: (t) => ({ message: t.exposeString('message', { description: 'What went wrong, in words fit to show a person.' }) }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input cannot be written as it is. Nothing was sent to the vendor.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The input field at fault, e.g. `input.email`, or the `Idempotency-Key` header.' }),
  }),
});

builder.objectType(EmailAlreadyInUseError, {
  name: 'EmailAlreadyInUse',
  description: 'The source already has a customer (or employee) with this email, and emails are unique there.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    email: t.field({ type: 'EmailAddress', description: 'The address that is taken.', resolve: (error) => error.email }),
    existingCustomer: t.field({
      type: CustomerRef,
      nullable: true,
      description:
        'The customer that has the email (when a customer write was refused); null for an employee write or when it cannot be found.',
      resolve: async (error, _args, ctx) => {
        if (error.record !== 'customer') return null;
        const [existing] = await ctx.loaders.customers.byEmail.load({ source: error.source, email: error.email.trim().toLowerCase() });
        return existing ?? null;
      },
    }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFound',
  description: 'The source has no record with this id.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    source: t.field({ type: CustomerSourceEnum, description: 'The source that was asked.', resolve: (error) => error.source }),
    sourceId: t.exposeString('id', { description: 'The vendor id (or code) that was not found.' }),
  }),
});

builder.objectType(DeletionBlockedError, {
  name: 'DeletionBlocked',
  description: "The vendor's deletion check refused (Amelia: the customer has appointments ahead). Nothing was deleted.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    reason: t.exposeString('reason', { description: "Why, in the vendor's words where it gave some." }),
    futureAppointments: t.exposeInt('futureAppointments', {
      nullable: true,
      description: "The appointments ahead that block deletion, read from Amelia's message; null when it does not say.",
    }),
  }),
});

export const WriteOperationEnum = builder.enumType('WriteOperation', {
  description: 'A kind of write.',
  values: {
    CREATE: { description: 'Creating a record.' },
    UPDATE: { description: 'Changing a record.' },
    DELETE: { description: 'Deleting a record.' },
  },
});

builder.objectType(NotSupportedBySourceError, {
  name: 'NotSupportedBySource',
  description: "The vendor's API cannot do this (KB Support is read only; the PLATFORM cannot delete customers). Nothing was sent.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    source: t.field({ type: CustomerSourceEnum, description: 'The source that cannot do it.', resolve: (error) => error.source }),
    operation: t.field({ type: WriteOperationEnum, description: 'What it cannot do.', resolve: (error) => error.operation }),
  }),
});

builder.objectType(SourceError, {
  name: 'SourceUnavailable',
  description:
    'Nothing was written: the write was never sent (the vendor could not be reached, a read it needs first failed, calls to the vendor are paused, or this gateway has no such source), or the vendor refused it without applying it (our credentials, rate limiting, a request it would not take). Sending it again is safe, and a repeat with the same idempotency key does send it again. A write the vendor may have applied answers WriteOutcomeUnknown instead, even when only reading the result back failed.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    source: t.field({ type: CustomerSourceEnum, description: 'The source that failed.', resolve: (error) => error.source }),
    reason: t.exposeString('failure', {
      description:
        'UNREACHABLE, TIMEOUT, VENDOR_ERROR, RATE_LIMITED, AUTH_REJECTED, BAD_RESPONSE, REJECTED, NOT_CONFIGURED (this gateway has no such source) or CIRCUIT_OPEN (calls paused after repeated failures).',
    }),
  }),
});

builder.objectType(WriteOutcomeUnknownError, {
  name: 'WriteOutcomeUnknown',
  description:
    'The write was sent and no answer came back, so it may or may not have happened. Repeat the mutation with the same idempotency key: the gateway checks the vendor first and never writes twice.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    source: t.field({ type: CustomerSourceEnum, description: 'The source the write was sent to.', resolve: (error) => error.source }),
  }),
});

builder.objectType(MergeReferenceNotFoundError, {
  name: 'MergeReferenceNotFound',
  description: 'The merge target does not exist. Nothing was merged.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ targetId: t.exposeString('targetId', { description: 'The PLATFORM id that was not found.' }) }),
});

/** What every mutation can end in besides success. */
const ANY_WRITE = [ValidationError, NotSupportedBySourceError, SourceError, WriteOutcomeUnknownError];

export const CREATE_ERRORS = [...ANY_WRITE, EmailAlreadyInUseError];
export const UPDATE_ERRORS = [...ANY_WRITE, EmailAlreadyInUseError, NotFoundError];
export const DELETE_ERRORS = [...ANY_WRITE, NotFoundError, DeletionBlockedError];
