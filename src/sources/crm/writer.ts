// Creating, changing and deleting CRM customers (crm-customers.txt). Each draft is checked (rules.ts),
// each write sent once, and success is answered with the record as re-read from the CRM (a write it
// accepted whose re-read fails is an unknown outcome).
import { NotFoundError, WriteOutcomeUnknownError } from '../errors.ts';
import { rereadAfterWrite } from '../kit/reread.ts';
import type { CustomerOf, CustomerWriter, DeletionCheck, RequestScope } from '../model/index.ts';
import type { CrmClient } from './client.ts';
import { isCrmCustomerId } from './ids.ts';
import { toCreateBody, toUpdateBody } from './map.ts';
import { validateCrmDraft } from './rules.ts';

// crm-customers.txt has no deletion check: nothing to ask, and nothing the CRM says blocks a delete.
const NO_DELETION_CHECK: DeletionCheck = { allowed: true, reason: null, futureAppointments: null, checkedBySource: false };

export interface CrmWriterOptions {
  client: CrmClient;
  /** The source's own read by id: null when the id cannot be a customer or the CRM has none. */
  read(id: string, scope: RequestScope): Promise<CustomerOf<'CRM'> | null>;
}

export function createCrmWriter({ client, read }: CrmWriterOptions): CustomerWriter {
  const reread = (id: string, scope: RequestScope) => rereadAfterWrite('CRM', (writtenId: string) => read(writtenId, scope), id);

  async function existing(id: string, scope: RequestScope): Promise<CustomerOf<'CRM'>> {
    const customer = await read(id, scope);
    if (!customer) throw new NotFoundError('CRM', id);
    return customer;
  }

  return {
    validate: validateCrmDraft,

    async create(draft, scope) {
      validateCrmDraft(draft, 'create');
      const { params } = toCreateBody(draft);
      const data = await client.createCustomer(params, scope);
      const id = data.id == null ? null : String(data.id);
      if (id === null || !isCrmCustomerId(id)) throw new WriteOutcomeUnknownError('CRM');
      return reread(id, scope);
    },

    async update(id, patch, scope) {
      validateCrmDraft(patch, 'update');
      if (!isCrmCustomerId(id)) throw new NotFoundError('CRM', id);
      const { params } = toUpdateBody(id, patch);
      // Nothing the CRM holds is mentioned (only `id`): there is nothing to send.
      if (Object.keys(params).length === 1) return existing(id, scope);
      await client.updateCustomer(id, params, scope);
      return reread(id, scope);
    },

    async delete(id, scope) {
      if (!isCrmCustomerId(id)) throw new NotFoundError('CRM', id);
      await client.deleteCustomer(id, scope);
    },

    async deletionCheck(id) {
      if (!isCrmCustomerId(id)) throw new NotFoundError('CRM', id);
      return { ...NO_DELETION_CHECK };
    },
  };
}
