import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { Paged } from '../loaders/paging.ts';
import { builder } from './builder.ts';

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'Records matching the question across the selected sources (sources that failed are not counted).',
    resolve: (connection) => connection.totalCount(),
  }),
);

/** A connection resolver's answer from one page of the pager and a lazy total. */
export function connectionOf<Item>(paged: Paged<Item>, totalCount: () => Promise<number>) {
  return {
    edges: paged.edges,
    pageInfo: {
      hasNextPage: paged.hasNextPage,
      hasPreviousPage: paged.hasPreviousPage,
      startCursor: paged.edges[0]?.cursor ?? null,
      endCursor: paged.endCursor ?? paged.edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
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
