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

const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'Something a mutation could not do; `message` says what, in words fit for a person.',
  fields: (t) => ({ message: t.exposeString('message') }),
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
    email: t.field({ type: 'EmailAddress', resolve: (error) => error.email }),
    existingCustomer: t.field({
      type: CustomerRef,
      nullable: true,
      description: 'The customer that has the email (when a customer write was refused).',
      resolve: async (error, _args, ctx) => {
        if (error.record !== 'customer') return null;
        const [existing] = await ctx.loaders.customersByEmail.load({ source: error.source, email: error.email.trim().toLowerCase() });
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
    source: t.field({ type: CustomerSourceEnum, resolve: (error) => error.source }),
    sourceId: t.exposeString('id', { description: 'The vendor id that was not found.' }),
  }),
});

builder.objectType(DeletionBlockedError, {
  name: 'DeletionBlocked',
  description: 'The vendor\'s deletion check refused (Amelia: the customer has appointments ahead). Nothing was deleted.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    reason: t.exposeString('reason'),
    futureAppointments: t.exposeInt('futureAppointments', { nullable: true }),
  }),
});

export const WriteOperationEnum = builder.enumType('WriteOperation', { values: ['CREATE', 'UPDATE', 'DELETE'] as const });

builder.objectType(NotSupportedBySourceError, {
  name: 'NotSupportedBySource',
  description: 'The vendor\'s API cannot do this (KB Support is read only; the PLATFORM cannot delete customers). Nothing was sent.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    source: t.field({ type: CustomerSourceEnum, resolve: (error) => error.source }),
    operation: t.field({ type: WriteOperationEnum, resolve: (error) => error.operation }),
  }),
});

builder.objectType(SourceError, {
  name: 'SourceUnavailable',
  description: 'The vendor could not be reached or refused our credentials; the write did not reach it. Safe to try again.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    source: t.field({ type: CustomerSourceEnum, resolve: (error) => error.source }),
    reason: t.exposeString('failure', { description: 'UNREACHABLE, TIMEOUT, AUTH_REJECTED, RATE_LIMITED, …' }),
  }),
});

builder.objectType(WriteOutcomeUnknownError, {
  name: 'WriteOutcomeUnknown',
  description:
    'The write was sent and no answer came back, so it may or may not have happened. Repeat the mutation with the same idempotency key: the gateway checks the vendor first and never writes twice.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    source: t.field({ type: CustomerSourceEnum, resolve: (error) => error.source }),
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
