import { readdirSync, readFileSync } from 'node:fs';
import { getVariableValues, Kind, type OperationDefinitionNode, OperationTypeNode, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { operationExamples } from '../../src/graphiql/examples.ts';
import { graphiqlOptions } from '../../src/graphiql/page.ts';
import { defaultHeaders, exampleTabs, type GraphiQLTab, graphiqlTabs, WELCOME_QUERY } from '../../src/graphiql/tabs.ts';
import { schema } from '../../src/schema/index.ts';

const SANDBOX_ONLY = { writeExamples: true, credentialsRequired: false };
const LIVE_VENDORS = { writeExamples: false, credentialsRequired: true };

/** Every operation definition of schema/operations, by name. */
function operationsInFiles(): Map<string, OperationTypeNode> {
  const files = readdirSync('schema/operations').filter((name) => name.endsWith('.graphql'));
  const operations = files.flatMap((name) => parse(readFileSync(`schema/operations/${name}`, 'utf8')).definitions);
  return new Map(
    operations
      .filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)
      .map((operation) => [operation.name?.value ?? '', operation.operation]),
  );
}

/** What ▶ would run: the tab's one operation, and what the schema says of the tab and its variables. */
function check(tab: GraphiQLTab) {
  const document = parse(tab.query);
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const variables: Record<string, unknown> = tab.variables ? JSON.parse(tab.variables) : {};
  const coerced = operations[0] ? getVariableValues(schema, operations[0].variableDefinitions ?? [], variables) : null;
  return {
    operations: operations.map((operation) => operation.name?.value),
    validationErrors: validate(schema, document).map((error) => error.message),
    variableErrors: coerced?.errors?.map((error) => error.message) ?? [],
  };
}

describe('GraphiQL tabs', () => {
  const inFiles = operationsInFiles();

  it('opens with the welcome tab, then one tab per operation of schema/operations, in file order', () => {
    const tabs = graphiqlTabs(SANDBOX_ONLY);
    expect(tabs[0]?.query).toBe(WELCOME_QUERY);
    expect(tabs.slice(1).map((tab) => check(tab).operations)).toEqual([...inFiles.keys()].map((name) => [name]));
    expect(inFiles.size).toBe(26);
  });

  it('gives every tab exactly one operation with only its own fragments, valid against the schema', () => {
    for (const tab of graphiqlTabs(SANDBOX_ONLY)) {
      const { operations, validationErrors } = check(tab);
      expect(operations, tab.query.slice(0, 200)).toHaveLength(1);
      // validate() runs NoUnusedFragments and NoUndefinedVariables among its rules.
      expect(validationErrors, String(operations[0])).toEqual([]);
    }
  });

  it('fills in every variable an operation requires, with values the schema accepts (scalars, enums and inputs coerced)', () => {
    for (const tab of graphiqlTabs(SANDBOX_ONLY)) {
      const { operations, variableErrors } = check(tab);
      expect(variableErrors, String(operations[0])).toEqual([]);
    }
    // Not vacuous: an operation with required variables, sent without them, is refused here.
    const bare = exampleTabs(SANDBOX_ONLY).find((tab) => tab.operation.name === 'CustomerById');
    expect(bare).toBeDefined();
    expect(check({ query: bare!.query }).variableErrors).toEqual([expect.stringMatching(/\$id.*to be provided/)]);
  });

  it('has an example for every operation, and none for an operation that does not exist', () => {
    expect(Object.keys(operationExamples()).sort()).toEqual([...inFiles.keys()].sort());
  });

  it('offers no tab that writes when a vendor may be real', () => {
    const tabs = graphiqlTabs(LIVE_VENDORS);
    const reads = [...inFiles].filter(([, type]) => type !== OperationTypeNode.MUTATION).map(([name]) => [name]);
    expect(reads.length).toBeGreaterThan(10);
    expect(tabs.slice(1).map((tab) => check(tab).operations)).toEqual(reads);
    expect(tabs.some((tab) => /^\s*mutation\b/m.test(tab.query))).toBe(false);
    expect(graphiqlTabs(SANDBOX_ONLY).filter((tab) => /^mutation\b/m.test(tab.query))).toHaveLength(
      [...inFiles.values()].filter((type) => type === OperationTypeNode.MUTATION).length,
    );
  });

  it('opens on the Variables pane, and shows the auth scheme in the headers when credentials are required', () => {
    expect(graphiqlOptions(LIVE_VENDORS).defaultEditorToolsVisibility).toBe('variables');
    expect(graphiqlOptions(SANDBOX_ONLY).defaultEditorToolsVisibility).toBe('variables');
    for (const tab of graphiqlTabs(LIVE_VENDORS)) {
      expect(JSON.parse(tab.headers ?? '{}')).toEqual({ Authorization: 'Bearer <your API key or token>' });
    }
    expect(graphiqlTabs(SANDBOX_ONLY).every((tab) => tab.headers === undefined)).toBe(true);
    expect(JSON.parse(defaultHeaders(true))).toEqual({ Authorization: 'Bearer <your API key or token>' });
    expect(JSON.parse(defaultHeaders(false))).toEqual({});
  });

  it('marks the errors an example means to show with the reason', () => {
    const marked = Object.entries(operationExamples()).filter(([, example]) => example.mayShow);
    expect(marked.map(([name]) => name).sort()).toEqual(['CustomFields', 'ExportJob']);
    for (const [, example] of marked) expect(example.mayShow?.because.length).toBeGreaterThan(20);
  });
});
