// The organization's custom field definitions. platform-customers-jsonapi.txt names the `custom-fields`
// type but no route that lists it: `GET /api/v1/custom-fields` is probed, and whether this PLATFORM has it
// is remembered for a while (kit/learned.ts), its absence too. Where it has none, what the document does
// promise stands in: `custom_entry_map` (label, type, formatted value) and a customer's include form.
import { learned } from '../../kit/learned.ts';
import type { CustomFieldDefinition, RequestScope } from '../../model/index.ts';
import { readOnce } from '../../request-scope.ts';
import { allPages } from '../all-pages.ts';
import type { PlatformClient } from '../client.ts';
import { listCustomFields } from './client.ts';
import { toCustomFieldDefinition } from './map.ts';

export interface CustomFieldDefinitions {
  /** Every definition of the organization (all pages, once per request); null when this PLATFORM does not list them. */
  listed(scope: RequestScope): Promise<CustomFieldDefinition[] | null>;
}

export function createCustomFieldDefinitions(client: PlatformClient): CustomFieldDefinitions {
  const routeExists = learned<boolean>();

  async function read(scope: RequestScope): Promise<CustomFieldDefinition[] | null> {
    if (routeExists.get() === false) return null;
    const resources = await allPages((page) => listCustomFields(client, page, scope));
    routeExists.set(resources !== null);
    // Fields of a type we do not know are left out (their entries are read as untyped).
    return resources === null ? null : resources.flatMap((resource) => toCustomFieldDefinition(resource) ?? []);
  }

  return {
    listed: (scope) => readOnce(scope, 'PLATFORM', '#custom field definitions', () => read(scope)),
  };
}
