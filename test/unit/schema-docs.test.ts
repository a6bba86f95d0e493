// Every element of the public schema carries a description, for people exploring the API in GraphiQL.
import { buildSchema, type GraphQLSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';

/** Every type, field, field argument, input field and enum value without a description (introspection types aside). */
function undocumented(target: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (description: string | null | undefined, path: string) => {
    if (!description?.trim()) missing.push(path);
  };
  for (const type of Object.values(target.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    check(type.description, type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(field.description, `${type.name}.${field.name}`);
        for (const arg of field.args) check(arg.description, `${type.name}.${field.name}(${arg.name})`);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(field.description, `${type.name}.${field.name}`);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(value.description, `${type.name}.${value.name}`);
    }
  }
  return missing;
}

describe('schema documentation', () => {
  it('describes every type, field, argument, input field and enum value', () => {
    expect(undocumented(schema), 'add a `description` in src/schema/*.ts (see builder.ts for generated types)').toEqual([]);
  });

  it('walks the whole schema (the check is not vacuous)', () => {
    const types = Object.keys(schema.getTypeMap()).filter((name) => !name.startsWith('__'));
    expect(types).toEqual(
      expect.arrayContaining(['Query', 'Mutation', 'Customer', 'Employee', 'PageInfo', 'Node', 'CreateCustomerResult']),
    );
  });

  it('names each kind of undocumented element', () => {
    const sample = buildSchema(`
      "Documented." type Query { "Documented." find(a: Int, "Documented." b: Int): Thing }
      type Thing implements Named { name: String, "Documented." kind: Kind }
      "Documented." interface Named { name: String }
      enum Kind { "Documented." ONE TWO }
      "Documented." input Filter { "Documented." a: Int, b: Int }
      union Either = Thing
      scalar Raw
    `);
    expect(undocumented(sample).sort()).toEqual(
      ['Query.find(a)', 'Thing', 'Thing.name', 'Named.name', 'Kind', 'Kind.TWO', 'Filter.b', 'Either', 'Raw'].sort(),
    );
  });
});
