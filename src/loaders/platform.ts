// PLATFORM extras read by one operation: the organization's custom field definitions (once), each
// customer's typed custom field values, model identifiers, the customers of an account, a code's
// customer, an export.
import type DataLoader from 'dataloader';
import { CustomFieldsNotListedError } from '../sources/errors.ts';
import { configured, type Sources } from '../sources/index.ts';
import type { Customer, CustomerOf, CustomFieldDefinition, CustomFieldEntry, ExportJob, ModelIdentifier } from '../sources/model/index.ts';
import { askShared, type RequestScope, type SharedRead, sharedRead } from '../sources/request-scope.ts';
import { asError } from './customers.ts';
import { heardLoader } from './shared-reads.ts';

export interface PlatformLoaders {
  /** The organization this gateway serves; null when the PLATFORM is not configured. */
  readonly organization: string | null;
  /** CustomFieldsNotListedError where the PLATFORM does not list them. */
  customFieldDefinitions(): Promise<CustomFieldDefinition[]>;
  customFieldValues: DataLoader<CustomerOf<'PLATFORM'>, CustomFieldEntry[], string>;
  /** PLATFORM model identifiers by customer id. */
  identifiers: DataLoader<string, ModelIdentifier[]>;
  /** PLATFORM customers linked to a global account. */
  customersOfAccount: DataLoader<string, Customer[]>;
  /** The customer a code resolves to; null for a code the organization does not know. */
  byCode(code: string): Promise<Customer | null>;
  exportJob(id: string): Promise<ExportJob | null>;
}

export function createPlatformLoaders(sources: Sources, scope: RequestScope): PlatformLoaders {
  const extras = () => configured(sources, 'PLATFORM').extras;
  let definitions: SharedRead<CustomFieldDefinition[]> | null = null;
  const customFieldDefinitions = () => {
    definitions ??= sharedRead(async () => extras().customFields(scope));
    return askShared(scope, definitions);
  };
  /** The definitions to type values by; null where the PLATFORM does not list them (the values' map types them alone). */
  const typingDefinitions = () =>
    customFieldDefinitions().catch((error: unknown) => {
      if (error instanceof CustomFieldsNotListedError) return null;
      throw error;
    });

  return {
    organization: sources.PLATFORM?.organization ?? null,
    customFieldDefinitions,
    customFieldValues: heardLoader(
      scope,
      async (customers, hear) => {
        // The definitions type every customer's values: what the PLATFORM said of them is said to each.
        const known = await hear(customers, typingDefinitions);
        return Promise.all(
          customers.map((customer) => hear([customer], () => extras().customFieldEntries(customer, known, scope)).catch(asError)),
        );
      },
      { cacheKeyFn: (customer) => customer.sourceId },
    ),
    // One customer's failure fails that customer's identifiers only (the vendor has no batch route anyway).
    identifiers: heardLoader(scope, (ids, hear) =>
      Promise.all(ids.map((id) => hear([id], () => extras().identifiers([id], scope)).then((lists) => lists[0] ?? [], asError))),
    ),
    customersOfAccount: heardLoader(scope, (accountIds, hear) =>
      Promise.all(accountIds.map((id) => hear([id], () => extras().customersOfAccount(id, scope)).catch(asError))),
    ),
    byCode: (code) => extras().resolveCode(code, scope),
    exportJob: (id) => extras().exportJob(id, scope),
  };
}
