// Global ids of records the sandbox vendors are seeded with, found by their seed email (never written
// out by hand): the example tabs' variables name them, so that ▶ finds them on `npm start`.
import { seedAmeliaCustomers } from '../sandbox/amelia/data.ts';
import { seedAmeliaProviders } from '../sandbox/amelia/provider-data.ts';
import { crmSeedRecords } from '../sandbox/crm/data.ts';
import { kbSupportSeed } from '../sandbox/kbsupport/data.ts';
import { createPlatformStore, MAIN_ORGANIZATION_ID } from '../sandbox/platform/data.ts';
import { encodeGlobalId } from '../schema/global-id.ts';
import type { CustomerSourceName } from '../sources/names.ts';

function seeded<Row extends { id: number | string }>(rows: Row[], matches: (row: Row) => boolean, what: string): string {
  const found = rows.find(matches);
  if (!found) throw new Error(`The sandbox seed has no ${what}`);
  return String(found.id);
}

const lower = (email: string | null | undefined) => (email ?? '').toLowerCase();

/** The sandbox's own id of the customer with this seed email in `source`. */
function sandboxCustomerId(source: CustomerSourceName, email: string): string {
  const what = `${source} customer ${email}`;
  switch (source) {
    case 'AMELIA':
      return seeded(seedAmeliaCustomers(), (customer) => lower(customer.email) === email, what);
    case 'KB_SUPPORT':
      return seeded(kbSupportSeed(), (customer) => lower(customer.email) === email, what);
    case 'PLATFORM': {
      const ofMainOrganization = createPlatformStore().customers.filter((row) => row.organizationId === MAIN_ORGANIZATION_ID);
      return `${MAIN_ORGANIZATION_ID}:${seeded(ofMainOrganization, (row) => lower(row.attributes.email) === email, what)}`;
    }
    case 'CRM':
      return seeded(crmSeedRecords(), (record) => lower(record.email) === email, what);
  }
}

/** `Customer:<source>:<id>`, base64, of the seed customer with this email. */
export function sandboxCustomer(source: CustomerSourceName, email: string): string {
  return encodeGlobalId('Customer', `${source}:${sandboxCustomerId(source, email)}`);
}

/** `Employee:AMELIA:<id>`, base64, of the seed provider with this email. */
export function sandboxEmployee(email: string): string {
  return encodeGlobalId('Employee', `AMELIA:${seeded(seedAmeliaProviders(), (provider) => provider.email === email, `employee ${email}`)}`);
}
