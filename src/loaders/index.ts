// One set of loaders per operation, over the operation's scope: every read a resolver makes goes
// through them (batched, de-duplicated, cached for the operation), never to a source directly.
import type { CursorSeal } from '../connections/cursor-seal.ts';
import type { IndexedSources } from '../index/sync-state.ts';
import type { Sources } from '../sources/index.ts';
import type { RequestScope } from '../sources/request-scope.ts';
import { type ChangeLoaders, createChangeLoaders } from './changes.ts';
import { type CustomerLoaders, createCustomerLoaders } from './customers.ts';
import { createEmployeeLoaders, type EmployeeLoaders } from './employees.ts';
import { createIndexReads, type IndexReads } from './index-reads.ts';
import { createPlatformLoaders, type PlatformLoaders } from './platform.ts';

export type { CustomerConnectionAnswer, CustomerConnectionArgs } from './customer-connection.ts';
export type { EmailKey, SameAs } from './customers.ts';
export type { EmployeeConnectionArgs } from './employees.ts';

export interface Loaders {
  customers: CustomerLoaders;
  employees: EmployeeLoaders;
  platform: PlatformLoaders;
  changes: ChangeLoaders;
  /** The synced index's reads (what this operation answered from it). */
  index: IndexReads;
}

/** Each set made when the operation first reads through it: most operations need one or two. */
export function createLoaders(sources: Sources, scope: RequestScope, cursors: CursorSeal, indexed?: IndexedSources): Loaders {
  const index = createIndexReads(indexed);
  let customers: CustomerLoaders | undefined;
  let employees: EmployeeLoaders | undefined;
  let platform: PlatformLoaders | undefined;
  let changes: ChangeLoaders | undefined;
  return {
    get customers() {
      customers ??= createCustomerLoaders(sources, scope, cursors, index);
      return customers;
    },
    get employees() {
      employees ??= createEmployeeLoaders(sources, scope, cursors);
      return employees;
    },
    get platform() {
      platform ??= createPlatformLoaders(sources, scope);
      return platform;
    },
    index,
    get changes() {
      changes ??= createChangeLoaders(sources, scope, cursors);
      return changes;
    },
  };
}
