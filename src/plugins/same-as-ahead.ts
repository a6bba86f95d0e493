// Tells a request's loaders when its operation asks for `sameAs`, so that the whole-list reads
// sameAs needs start beside the first customer reads rather than after them (loaders/index.ts).
import { BREAK, type DocumentNode, visit } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';

/** Per parsed document (yoga's parser cache hands the same one back for the same text). */
const selectsSameAs = new WeakMap<DocumentNode, boolean>();

export function useSameAsAhead(): Plugin<GatewayContext> {
  return {
    onExecute({ args }) {
      if (asksForSameAs(args.document)) args.contextValue.loaders.customers.anticipateSameAs();
    },
  };
}

function asksForSameAs(document: DocumentNode): boolean {
  const known = selectsSameAs.get(document);
  if (known !== undefined) return known;
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value !== 'sameAs') return undefined;
      found = true;
      return BREAK;
    },
  });
  selectsSameAs.set(document, found);
  return found;
}
