// The example operations of schema/operations, one document each: the operation and the fragments it
// spreads (through other fragments too), wherever they are defined, and no other. GraphiQL sends a
// tab's whole text with the operation chosen, so a fragment the operation does not use would be
// refused ("Fragment … is never used").
import { readdirSync, readFileSync } from 'node:fs';
import {
  type DefinitionNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type OperationTypeNode,
  parse,
  print,
  visit,
} from 'graphql';

const OPERATIONS_DIR = new URL('../../schema/operations/', import.meta.url);

export interface ExampleOperation {
  name: string;
  type: OperationTypeNode;
  /** The operation, then its fragments, printed. */
  document: string;
}

/** Every named operation of the directory's .graphql files, in file order. */
export function exampleOperations(directory: URL = OPERATIONS_DIR): ExampleOperation[] {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.graphql'))
    .sort();
  const definitions = files.flatMap((name) => parse(readFileSync(new URL(name, directory), 'utf8')).definitions);
  const fragments = new Map(definitions.filter(isFragment).map((fragment) => [fragment.name.value, fragment] as const));
  return definitions.filter(isOperation).map((operation) => {
    const name = operation.name?.value;
    if (!name) throw new Error('Every operation of schema/operations needs a name');
    const own = [...usedFragments(operation, fragments)].map((fragmentName) => {
      const fragment = fragments.get(fragmentName);
      if (!fragment) throw new Error(`${name} spreads ${fragmentName}, which no file of schema/operations defines`);
      return fragment;
    });
    return { name, type: operation.operation, document: [operation, ...own].map((definition) => print(definition)).join('\n\n') };
  });
}

function isFragment(definition: DefinitionNode): definition is FragmentDefinitionNode {
  return definition.kind === Kind.FRAGMENT_DEFINITION;
}

function isOperation(definition: DefinitionNode): definition is OperationDefinitionNode {
  return definition.kind === Kind.OPERATION_DEFINITION;
}

/** The fragments a definition spreads, directly or through other fragments, in the order first met. */
function usedFragments(root: DefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): Set<string> {
  const used = new Set<string>();
  const pending: DefinitionNode[] = [root];
  for (let next = pending.shift(); next; next = pending.shift()) {
    visit(next, {
      FragmentSpread(node) {
        if (used.has(node.name.value)) return;
        used.add(node.name.value);
        const fragment = fragments.get(node.name.value);
        if (fragment) pending.push(fragment);
      },
    });
  }
  return used;
}
