// AMELIA customer writes (amelia-customers.txt): validated first, sent once, answered as re-read.
import {
  DeletionBlockedError,
  EmailAlreadyInUseError,
  NotFoundError,
  SourceError,
  ValidationError,
  WriteOutcomeUnknownError,
} from '../errors.ts';
import type { CustomerDraft, CustomerOf, CustomerWriter, DeletionCheck } from '../model/index.ts';
import { rereadAfterWrite } from '../kit/reread.ts';
import type { RequestScope } from '../request-scope.ts';
import type { AmeliaClient, AmeliaWriteResult } from './client.ts';
import { validateAmeliaDraft } from './draft.ts';
import { vendorIdOrNotFound } from './ids.ts';
import { toCreateBody, toDeletionCheck, toInputField, toUpdateBody } from './map.ts';

export interface AmeliaWriterOptions {
  client: AmeliaClient;
  /** The source's own read by id: null when Amelia has no such customer. */
  read(id: number, scope: RequestScope): Promise<CustomerOf<'AMELIA'> | null>;
}

export function createAmeliaWriter(options: AmeliaWriterOptions): CustomerWriter {
  const { client } = options;

  const reread = (id: number, scope: RequestScope) => rereadAfterWrite('AMELIA', (vendorId: number) => options.read(vendorId, scope), id);

  async function deletionCheck(id: string, scope: RequestScope): Promise<DeletionCheck> {
    const effect = await client.deletionEffect(vendorIdOrNotFound(id), scope);
    if (effect === null) throw new NotFoundError('AMELIA', id);
    return toDeletionCheck(effect);
  }

  return {
    validate: validateAmeliaDraft,

    async create(draft, scope) {
      validateAmeliaDraft(draft, 'create');
      const result = await client.createCustomer(toCreateBody(draft), scope);
      if (result.kind === 'not-found') throw new SourceError('AMELIA', 'REJECTED', 404);
      return reread(writtenId(result, draft), scope);
    },

    async update(id, patch, scope) {
      validateAmeliaDraft(patch, 'update');
      const vendorId = vendorIdOrNotFound(id);
      const body = toUpdateBody(patch);
      // Nothing mentioned: nothing to send, the record as it is.
      if (Object.keys(body).length === 0) {
        const customer = await options.read(vendorId, scope);
        if (customer === null) throw new NotFoundError('AMELIA', id);
        return customer;
      }
      const result = await client.updateCustomer(vendorId, body, scope);
      if (result.kind === 'not-found') throw new NotFoundError('AMELIA', id);
      if (writtenId(result, patch) !== vendorId) throw new WriteOutcomeUnknownError('AMELIA');
      return reread(vendorId, scope);
    },

    async delete(id, scope) {
      const check = await deletionCheck(id, scope);
      if (!check.allowed) throw new DeletionBlockedError(check.reason ?? 'Amelia does not allow deleting this customer.', check.futureAppointments);
      const result = await client.deleteCustomer(vendorIdOrNotFound(id), scope);
      if (result === 'not-found') throw new NotFoundError('AMELIA', id);
      if (result === 'refused') {
        throw new DeletionBlockedError('Amelia refused to delete this customer: it has appointments in the future.', null);
      }
    },

    deletionCheck,
  };
}

/** The id Amelia wrote, or the typed refusal. */
function writtenId(result: Exclude<AmeliaWriteResult, { kind: 'not-found' }>, draft: CustomerDraft): number {
  switch (result.kind) {
    case 'written':
      return result.id;
    case 'email-in-use':
      if (!draft.email) throw new SourceError('AMELIA', 'REJECTED', 409);
      throw new EmailAlreadyInUseError('AMELIA', draft.email.trim());
    case 'invalid': {
      const field = toInputField(result.properties);
      if (field === null) throw new SourceError('AMELIA', 'REJECTED', 400);
      throw new ValidationError(field, `Amelia refused the value of ${field}`);
    }
  }
}
