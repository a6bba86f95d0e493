// AMELIA customer writes (amelia-customers.txt): validated first, sent once, answered as re-read.
import { DeletionBlockedError, NotFoundError, WriteOutcomeUnknownError } from '../errors.ts';
import { rereadAfterWrite } from '../kit/reread.ts';
import type { CustomerOf, CustomerWriter, DeletionCheck } from '../model/index.ts';
import type { RequestScope } from '../request-scope.ts';
import type { AmeliaClient } from './client.ts';
import { vendorIdOrNotFound } from './ids.ts';
import { toCreateBody, toDeletionCheck, toUpdateBody } from './map.ts';
import { validateAmeliaDraft } from './rules.ts';

export interface AmeliaWriterOptions {
  client: AmeliaClient;
  /** The source's own read by id: null when Amelia has no such customer. */
  read(id: number, scope: RequestScope): Promise<CustomerOf<'AMELIA'> | null>;
}

export function createAmeliaWriter(options: AmeliaWriterOptions): CustomerWriter {
  const { client } = options;

  const reread = (id: number, scope: RequestScope) => rereadAfterWrite('AMELIA', (vendorId: number) => options.read(vendorId, scope), id);

  async function deletionCheck(id: string, scope: RequestScope): Promise<DeletionCheck> {
    return toDeletionCheck(await client.deletionEffect(vendorIdOrNotFound(id), scope));
  }

  return {
    validate: validateAmeliaDraft,

    async create(draft, scope) {
      validateAmeliaDraft(draft, 'create');
      return reread(await client.createCustomer(toCreateBody(draft), scope), scope);
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
      if ((await client.updateCustomer(vendorId, body, scope)) !== vendorId) throw new WriteOutcomeUnknownError('AMELIA');
      return reread(vendorId, scope);
    },

    async delete(id, scope) {
      const check = await deletionCheck(id, scope);
      if (!check.allowed)
        throw new DeletionBlockedError(check.reason ?? 'Amelia does not allow deleting this customer.', check.futureAppointments);
      await client.deleteCustomer(vendorIdOrNotFound(id), scope);
    },

    deletionCheck,
  };
}
