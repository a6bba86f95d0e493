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

/** Each set made when the operation first reads through it: most operations need one or two. */
export function createLoaders(sources: Sources, scope: RequestScope, cursors: CursorSeal): Loaders {
  let customers: CustomerLoaders | undefined;
  let employees: EmployeeLoaders | undefined;
  let platform: PlatformLoaders | undefined;
  let changes: ChangeLoaders | undefined;
  return {
    get customers() {
      return (customers ??= createCustomerLoaders(sources, scope, cursors));
    },
    get employees() {
      return (employees ??= createEmployeeLoaders(sources, scope, cursors));
    },
    get platform() {
      return (platform ??= createPlatformLoaders(sources, scope));
    },
    get changes() {
      return (changes ??= createChangeLoaders(sources, scope, cursors));
    },
  };
}
