// The CRM change feed of one operation, as a connection a client can stop and resume.
import { changePageLoader, countChanges, pageChanges } from '../connections/change-feed.ts';
import { type Connection, connectionOf } from '../connections/connection.ts';
import type { CursorSeal } from '../connections/cursor-seal.ts';
import { configured, type Sources } from '../sources/index.ts';
import type { CustomerChange } from '../sources/model/index.ts';
import type { RequestScope } from '../sources/request-scope.ts';

export interface ChangeConnectionArgs {
  since: Date;
  first: number;
  after: string | null;
}

export interface ChangeLoaders {
  connection(args: ChangeConnectionArgs): Promise<Connection<CustomerChange>>;
}

export function createChangeLoaders(sources: Sources, scope: RequestScope, cursors: CursorSeal): ChangeLoaders {
  return {
    async connection(args) {
      const loadPage = changePageLoader(configured(sources, 'CRM').changes, args.since, scope);
      const paged = await pageChanges(args, loadPage, cursors);
      return connectionOf({ ...paged, failures: [] }, async () => ({ total: await countChanges(loadPage), failures: [] }));
    },
  };
}
