// CRM customer ids (crm-customers.txt): short tokens of letters, digits, `_` and `-`.

export const CRM_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isCrmId(id: string): boolean {
  return CRM_ID.test(id);
}
