// CRM customer ids (crm-customers.txt): short tokens of letters, digits, `_` and `-`.

export const CRM_ID = /^[A-Za-z0-9_-]{1,64}$/;

// `/v1/crm/customers/export` is the export route, never a customer.
const RESERVED_IDS = new Set(['export']);

export function isCrmId(id: string): boolean {
  return CRM_ID.test(id);
}

/** Whether `id` can name a CRM customer: safe to put in a `/v1/crm/customers/{id}` URL. */
export function isCrmCustomerId(id: string): boolean {
  return isCrmId(id) && !RESERVED_IDS.has(id);
}
