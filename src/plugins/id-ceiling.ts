// How many ids one operation names, across aliases, fragments and variables: `nodes(ids:)` reads a
// record per id, so fifteen aliases of a hundred ids would be 1,500 reads, and the cost limit only sees
// lists written into the document. Past MAX_IDS the operation is refused before it runs, as
// BAD_USER_INPUT naming `ids`.
import { type DocumentNode, type FragmentDefinitionNode, Kind, type SelectionSetNode, type ValueNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { badUserInput } from '../errors.ts';

/** Arguments whose every item costs a read. */
const ID_ARGUMENTS = new Set(['ids']);

export function idsNamed(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>): number {
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((candidate) => candidate.name?.value === operationName) : operations[0];
  if (!operation) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  const itemsOf = (value: ValueNode): number => {
    if (value.kind === Kind.LIST) return value.values.length;
    if (value.kind === Kind.VARIABLE) {
      const given = variables[value.name.value];
      return Array.isArray(given) ? given.length : 1;
    }
    return 1;
  };
  // Fragments are expanded once per path (a cycle is a validation error; this stops it anyway).
  const count = (selectionSet: SelectionSetNode, expanding: ReadonlySet<string>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        for (const argument of selection.arguments ?? []) if (ID_ARGUMENTS.has(argument.name.value)) total += itemsOf(argument.value);
        if (selection.selectionSet) total += count(selection.selectionSet, expanding);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += count(selection.selectionSet, expanding);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !expanding.has(fragment.name.value))
          total += count(fragment.selectionSet, new Set([...expanding, fragment.name.value]));
      }
    }
    return total;
  };
  return count(operation.selectionSet, new Set());
}

export function useIdCeiling(maxIds: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const named = idsNamed(args.document, args.operationName, (args.variableValues ?? {}) as Record<string, unknown>);
      if (named <= maxIds) return;
      setResultAndStopExecution({
        errors: [
          badUserInput(`ids: an operation may name at most ${maxIds} ids across all its fields (MAX_IDS); this one names ${named}`, 'ids'),
        ],
      });
    },
  };
}
