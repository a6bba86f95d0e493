// What every connection shares: `totalCount` (computed only when asked, sources that could not be
// counted named in `errors`), and the failures of a page's sources reported at the connection's path.
import { type GraphQLResolveInfo, Kind, responsePathAsArray, type SelectionSetNode } from 'graphql';
import type { Connection } from '../connections/connection.ts';
import type { GatewayContext } from '../context.ts';
import { reportPartialFailures } from '../errors.ts';
import { builder } from './builder.ts';

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    nullable: true,
    description:
      'Records matching the question across the selected sources; sources that failed are not counted (each is named in `errors`). null when it could not be counted at all.',
    resolve: async (connection, _args, ctx, info) => {
      const count = await connection.totalCount();
      reportPartialFailures(ctx.partialErrors, count.failures, responsePathAsArray(info.path));
      return count.total;
    },
  }),
);

/** The connection a resolver answers, its sources' failures reported at its path. */
export function answered<Item>(connection: Connection<Item>, ctx: GatewayContext, info: GraphQLResolveInfo): Connection<Item> {
  reportPartialFailures(ctx.partialErrors, connection.failures, responsePathAsArray(info.path));
  return connection;
}

/** Whether the client asked this connection for `field` (so its work can start alongside the page's). */
export function selects(info: GraphQLResolveInfo, field: string): boolean {
  const visit = (selectionSet: SelectionSetNode | undefined): boolean =>
    (selectionSet?.selections ?? []).some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === field;
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      return visit(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
