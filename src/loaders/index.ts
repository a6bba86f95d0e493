// One set of loaders per operation, over the operation's scope: every read a resolver makes goes
// through them (batched, de-duplicated, cached for the operation), never to a source directly.
import type { CursorSeal } from '../connections/cursor-seal.ts';
import type { Sources } from '../sources/index.ts';
import type { RequestScope } from '../sources/request-scope.ts';
import { createChangeLoaders, type ChangeLoaders } from './changes.ts';
import { createCustomerLoaders, type CustomerLoaders } from './customers.ts';
import { createEmployeeLoaders, type EmployeeLoaders } from './employees.ts';
import { createPlatformLoaders, type PlatformLoaders } from './platform.ts';

export type { CustomerConnectionArgs } from './customer-connection.ts';
export type { EmployeeConnectionArgs } from './employees.ts';
export type { EmailKey, SameAs } from './customers.ts';

export interface Loaders {
  customers: CustomerLoaders;
  employees: EmployeeLoaders;
  platform: PlatformLoaders;
  changes: ChangeLoaders;
}

export function createLoaders(sources: Sources, scope: RequestScope, cursors: CursorSeal): Loaders {
  return {
    customers: createCustomerLoaders(sources, scope, cursors),
    employees: createEmployeeLoaders(sources, scope, cursors),
    platform: createPlatformLoaders(sources, scope),
    changes: createChangeLoaders(sources, scope, cursors),
  };
}
