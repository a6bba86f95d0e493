// What GraphiQL opens with: a welcome tab, then one tab per file of example operations in
// schema/operations (each with the fragments it uses from the other files), and a headers editor
// that shows the auth scheme.
import { readdirSync, readFileSync } from 'node:fs';
import { type DefinitionNode, type FragmentDefinitionNode, Kind, parse, print, visit } from 'graphql';

const OPERATIONS_DIR = new URL('../schema/operations/', import.meta.url);

export const WELCOME_QUERY = /* GraphQL */ `# Switchboard: the customers of Amelia, KB Support,
# the booking platform and the CRM in one API.
# Press ▶ to search them all; the Docs pane shows the schema.
# The other tabs hold the example operations of schema/operations/.
query SearchCustomers($search: String = "jordan", $after: String) {
  customers(first: 10, after: $after, filter: { search: $search }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id
        source
        displayName
        email
        phone
        sameAs { source sourceId displayName }
      }
    }
  }
}
`;

export interface GraphiQLTab {
  query: string;
  variables?: string;
  headers?: string;
}

/** Example tabs from the operation files; their fragments travel with them. */
export function exampleTabs(directory: URL = OPERATIONS_DIR): GraphiQLTab[] {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.graphql'))
    .sort();
  const documents = files.map((name) => parse(readFileSync(new URL(name, directory), 'utf8')));
  const fragments = new Map(
    documents.flatMap((document) => document.definitions.filter(isFragment).map((fragment) => [fragment.name.value, fragment] as const)),
  );
  return documents.map((document) => {
    const own = new Set(document.definitions.filter(isFragment).map((fragment) => fragment.name.value));
    const borrowed = [...usedFragments(document.definitions, fragments)].filter((name) => !own.has(name));
    const definitions: DefinitionNode[] = [
      ...document.definitions,
      ...borrowed.map((name) => fragments.get(name) as FragmentDefinitionNode),
    ];
    return { query: definitions.map((definition) => print(definition)).join('\n\n') };
  });
}

function isFragment(definition: DefinitionNode): definition is FragmentDefinitionNode {
  return definition.kind === Kind.FRAGMENT_DEFINITION;
}

/** Every fragment the definitions spread, directly or through other fragments. */
function usedFragments(definitions: readonly DefinitionNode[], fragments: ReadonlyMap<string, FragmentDefinitionNode>): Set<string> {
  const used = new Set<string>();
  const pending = [...definitions];
  while (pending.length > 0) {
    visit(pending.pop() as DefinitionNode, {
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

/** The headers editor: the auth scheme when credentials are required. */
export function defaultHeaders(credentialsRequired: boolean): string {
  return credentialsRequired ? JSON.stringify({ Authorization: 'Bearer <your API key or token>' }, null, 2) : '{}';
}
