// Reading one CRM customer by id: the path both the source and the writer (re-reading) use.
import { SourceError } from '../errors.ts';
import { isCrmId } from './ids.ts';
import type { CustomerOf, RequestScope } from '../model/index.ts';
import type { CrmClient } from './client.ts';
import { toCrmCustomer } from './map.ts';

// `/v1/crm/customers/export` is the export route, never a customer.
const RESERVED_IDS = new Set(['export']);

/** Whether `id` can name a CRM customer: safe to put in a `/v1/crm/customers/{id}` URL. */
export function isCrmCustomerId(id: string): boolean {
  return isCrmId(id) && !RESERVED_IDS.has(id);
}

/** The customer, or null when the id cannot be one or the CRM has none (no call for a malformed id). */
export async function readCrmCustomer(client: CrmClient, id: string, scope: RequestScope): Promise<CustomerOf<'CRM'> | null> {
  if (!isCrmCustomerId(id)) return null;
  const record = await client.getCustomer(id, scope);
  if (record === null) return null;
  if (String(record.id) !== id) throw new SourceError('CRM', 'BAD_RESPONSE');
  return toCrmCustomer(record);
}
