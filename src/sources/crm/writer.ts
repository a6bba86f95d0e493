// Creating, changing and deleting CRM customers. Each write is sent once; success is answered with
// the record as re-read from the CRM (a write it accepted whose re-read fails is an unknown outcome).
import { NotFoundError, WriteOutcomeUnknownError } from '../errors.ts';
import type { CustomerOf, CustomerWriter, DeletionCheck, RequestScope } from '../model/index.ts';
import { rereadAfterWrite } from '../kit/reread.ts';
import type { CrmClient, CrmWriteAnswer } from './client.ts';
import { toCreateBody, toUpdateBody } from './map.ts';
import { isCrmCustomerId, readCrmCustomer } from './read.ts';
import { refusalError, saidByRefusal } from './refusals.ts';
import { validateCrmDraft } from './validate.ts';

// crm-customers.txt has no deletion check: nothing blocks a delete.
const NO_DELETION_CHECK: DeletionCheck = { allowed: true, reason: null, futureAppointments: null, checkedBySource: false };

export function createCrmWriter(client: CrmClient): CustomerWriter {
  return {
    validate: validateCrmDraft,

    async create(draft, scope) {
      validateCrmDraft(draft, 'create');
      const { params } = toCreateBody(draft);
      const answer = await client.createCustomer(params, scope);
      const data = succeeded(answer, { sent: Object.keys(params), id: null, email: params.email ?? null }, scope);
      const id = data.id == null ? null : String(data.id);
      if (id === null || !isCrmCustomerId(id)) throw new WriteOutcomeUnknownError('CRM');
      return rereadAfterWrite('CRM', (createdId: string) => readCrmCustomer(client, createdId, scope), id);
    },

    async update(id, patch, scope) {
      validateCrmDraft(patch, 'update');
      if (!isCrmCustomerId(id)) throw new NotFoundError('CRM', id);
      const { params } = toUpdateBody(id, patch);
      // Nothing the CRM holds is mentioned (only `id`): there is nothing to send.
      if (Object.keys(params).length === 1) return reread(client, id, scope);
      const answer = await client.updateCustomer(id, params, scope);
      succeeded(answer, { sent: Object.keys(params), id, email: params.email ?? null }, scope);
      return rereadAfterWrite('CRM', (updatedId: string) => readCrmCustomer(client, updatedId, scope), id);
    },

    async delete(id, scope) {
      if (!isCrmCustomerId(id)) throw new NotFoundError('CRM', id);
      succeeded(await client.deleteCustomer(id, scope), { sent: [], id, email: null }, scope);
    },

    async deletionCheck(id, scope) {
      await reread(client, id, scope);
      return { ...NO_DELETION_CHECK };
    },
  };
}

interface WriteContext {
  sent: readonly string[];
  id: string | null;
  email: string | null;
}

/**
 * The answer's `data` when the CRM says it succeeded; the typed refusal otherwise. Its warnings are
 * passed on, but for one the refusal already says.
 */
function succeeded<Data extends { succeed: boolean }>(answer: CrmWriteAnswer<Data>, context: WriteContext, scope: RequestScope): Data {
  if (answer.data?.succeed === true) {
    for (const warning of answer.warnings) scope.warn(warning.shown);
    return answer.data;
  }
  const error = refusalError({ status: answer.status, warnings: answer.warnings.map((warning) => warning.entry), ...context });
  for (const warning of answer.warnings) if (!saidByRefusal(warning.entry, error)) scope.warn(warning.shown);
  throw error;
}

async function reread(client: CrmClient, id: string, scope: RequestScope): Promise<CustomerOf<'CRM'>> {
  const customer = await readCrmCustomer(client, id, scope);
  if (!customer) throw new NotFoundError('CRM', id);
  return customer;
}

