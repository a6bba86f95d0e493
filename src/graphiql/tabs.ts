// What GraphiQL opens with: a welcome tab, then a tab per example operation of schema/operations —
// one operation each, with only its own fragments and variables that name sandbox records — and a
// headers editor that shows the auth scheme when credentials are required. Tabs that write are
// offered only when every vendor is a sandbox one: ▶ must never change a real vendor's records.
import { OperationTypeNode } from 'graphql';
import { type OperationExample, operationExamples } from './examples.ts';
import { type ExampleOperation, exampleOperations } from './operations.ts';

export interface GraphiQLTab {
  query: string;
  variables?: string;
  headers?: string;
}

export interface TabSettings {
  /** Offer the tabs of mutations: only when every configured vendor is a sandbox one. */
  writeExamples: boolean;
  /** Show the auth scheme in each tab's headers editor. */
  credentialsRequired: boolean;
}

export const WELCOME_QUERY = /* GraphQL */ `# Switchboard: the customers of Amelia, KB Support,
# the booking platform and the CRM in one API.
# Press ▶ to search them all; the Docs pane shows the schema, the Explorer builds a query by ticking fields.
# The other tabs hold the example operations of schema/operations, with variables below.
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

const READS_ONLY_NOTE = `# Only reading examples here: this gateway has real vendors (or may have), so no tab writes.
# Their variables name records of the sandbox seed: put ids of your own records in.
`;

export interface ExampleTab extends GraphiQLTab {
  operation: ExampleOperation;
  example: OperationExample;
}

/** One tab per example operation (those that write only with `writeExamples`). */
export function exampleTabs(settings: TabSettings): ExampleTab[] {
  const examples = operationExamples();
  return exampleOperations()
    .filter((operation) => settings.writeExamples || operation.type !== OperationTypeNode.MUTATION)
    .map((operation) => {
      const example = examples[operation.name];
      if (!example) throw new Error(`schema/operations' ${operation.name} has no example in src/graphiql/examples.ts`);
      return {
        operation,
        example,
        query: `${comment(example.about)}\n${operation.document}\n`,
        ...(example.variables ? { variables: JSON.stringify(example.variables, null, 2) } : {}),
        ...headersFor(settings),
      };
    });
}

/** The welcome tab, then the example tabs, as GraphiQL's `defaultTabs` takes them. */
export function graphiqlTabs(settings: TabSettings): GraphiQLTab[] {
  const welcome = { query: settings.writeExamples ? WELCOME_QUERY : `${WELCOME_QUERY}\n${READS_ONLY_NOTE}`, ...headersFor(settings) };
  return [welcome, ...exampleTabs(settings).map(({ query, variables, headers }) => ({ query, variables, headers }))];
}

/** The headers editor: the auth scheme when credentials are required. */
export function defaultHeaders(credentialsRequired: boolean): string {
  return credentialsRequired ? JSON.stringify({ Authorization: 'Bearer <your API key or token>' }, null, 2) : '{}';
}

function headersFor(settings: TabSettings): { headers?: string } {
  return settings.credentialsRequired ? { headers: defaultHeaders(true) } : {};
}

function comment(text: string): string {
  return text
    .split('\n')
    .map((line) => `# ${line}`)
    .join('\n');
}
