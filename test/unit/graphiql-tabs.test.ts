import { readdirSync } from 'node:fs';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { defaultHeaders, exampleTabs, WELCOME_QUERY } from '../../src/graphiql.ts';
import { schema } from '../../src/schema/index.ts';

describe('GraphiQL tabs', () => {
  const tabs = exampleTabs();

  it('has a tab per file of schema/operations', () => {
    expect(tabs).toHaveLength(readdirSync('schema/operations').filter((name) => name.endsWith('.graphql')).length);
  });

  it('gives every tab, and the welcome query, a document valid against the schema, fragments included', () => {
    for (const query of [WELCOME_QUERY, ...tabs.map((tab) => tab.query)]) {
      expect(validate(schema, parse(query)).map((error) => error.message)).toEqual([]);
    }
  });

  it('shows the auth scheme in the headers editor when credentials are required', () => {
    expect(JSON.parse(defaultHeaders(true))).toEqual({ Authorization: 'Bearer <your API key or token>' });
    expect(JSON.parse(defaultHeaders(false))).toEqual({});
  });
});
