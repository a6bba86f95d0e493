// The cost of a query: how many objects its answer may hold. Leaves (scalars, enums, lists of them)
// are free: an object's leaves are bounded by its type's fields and MAX_ALIASES, and the document by
// MAX_TOKENS. Every object counts one, times the lists it sits in:
// - a connection's `edges` count its `first` (a variable counts as MAX_PAGE_SIZE, the most it may
//   hold: the cost of a document does not depend on its variables, so it is checked once; no
//   `first` counts the argument's default; a literal past the limit counts the limit, and the
//   resolver refuses it as BAD_USER_INPUT naming `first`);
// - `nodes(ids:)` counts its ids (a variable: MAX_IDS);
// - `sameAs` counts 3 (the same person in each other source), a weekly schedule 7, any other list
//   of objects LIST_ESTIMATE.
// Introspection (`__schema`, `__type`) is free here: it has a setting of its own.
import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { limitRefusal } from './limit-refusals.ts';

export interface CostSettings {
  maxCost: number;
  maxPageSize: number;
  maxIds: number;
}

/** The size assumed for a list of objects the schema does not bound (phones, notes, custom field values, …). */
export const LIST_ESTIMATE = 3;

/** Lists whose usual size is known. */
const KNOWN_LIST_SIZES: Record<string, number> = {
  'Customer.sameAs': 3,
  'Employee.weeklySchedule': 7,
};

export interface Cost {
  /** Objects the answer may hold. */
  total: number;
  /** The costliest chain of fields, by response name (e.g. `customers.edges.node.sameAs`). */
  heaviest: string[];
}

interface Measure {
  schema: GraphQLSchema;
  fragments: (name: string) => FragmentDefinitionNode | null | undefined;
  settings: CostSettings;
}

export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: (name: string) => FragmentDefinitionNode | null | undefined,
  settings: CostSettings,
): Cost {
  const root = schema.getRootType(operation.operation);
  if (!root) return { total: 0, heaviest: [] };
  return selectionCost({ schema, fragments, settings }, operation.selectionSet, root, undefined, new Set());
}

/** `page`: the `first` of the connection this selection set belongs to, for its `edges`. */
function selectionCost(
  measure: Measure,
  selectionSet: SelectionSetNode,
  type: GraphQLCompositeType,
  page: number | undefined,
  expanding: ReadonlySet<string>,
): Cost {
  let total = 0;
  let heaviest: Cost = { total: 0, heaviest: [] };
  const add = (cost: Cost) => {
    total += cost.total;
    if (cost.total > heaviest.total) heaviest = cost;
  };
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      add(fieldCost(measure, selection, type, page, expanding));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      add(
        selectionCost(
          measure,
          selection.selectionSet,
          narrowed(measure.schema, selection.typeCondition?.name.value) ?? type,
          page,
          expanding,
        ),
      );
    } else {
      // A fragment cycle is a validation error of its own; this only keeps the walk finite.
      const fragment = measure.fragments(selection.name.value);
      if (!fragment || expanding.has(fragment.name.value)) continue;
      const condition = narrowed(measure.schema, fragment.typeCondition.name.value) ?? type;
      add(selectionCost(measure, fragment.selectionSet, condition, page, new Set([...expanding, fragment.name.value])));
    }
  }
  return { total, heaviest: heaviest.heaviest };
}

function fieldCost(
  measure: Measure,
  field: FieldNode,
  parent: GraphQLCompositeType,
  page: number | undefined,
  expanding: ReadonlySet<string>,
): Cost {
  const name = field.name.value;
  if (!field.selectionSet || name === '__schema' || name === '__type') return { total: 0, heaviest: [] };
  // Unknown fields are validation errors of their own.
  const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  if (!definition) return { total: 0, heaviest: [] };
  const type = getNamedType(definition.type);
  if (!isCompositeType(type)) return { total: 0, heaviest: [] };
  const size = isListType(getNullableType(definition.type)) ? listSize(measure.settings, field, definition, parent.name, page) : 1;
  const children = selectionCost(measure, field.selectionSet, type, pageSizeOf(measure.settings, field, definition), expanding);
  return { total: size * (1 + children.total), heaviest: [field.alias?.value ?? name, ...children.heaviest] };
}

function listSize(
  settings: CostSettings,
  field: FieldNode,
  definition: GraphQLField<unknown, unknown>,
  parentName: string,
  page: number | undefined,
): number {
  if (page !== undefined) return page;
  const ids = field.arguments?.find((argument) => argument.name.value === 'ids');
  if (ids) return itemsOf(ids.value, settings.maxIds);
  return KNOWN_LIST_SIZES[`${parentName}.${definition.name}`] ?? LIST_ESTIMATE;
}

/** The `first` of a connection field, as the cost counts it; undefined for any other field. */
function pageSizeOf(settings: CostSettings, field: FieldNode, definition: GraphQLField<unknown, unknown>): number | undefined {
  const argument = definition.args.find((candidate) => candidate.name === 'first');
  if (!argument) return undefined;
  const given = field.arguments?.find((candidate) => candidate.name.value === 'first')?.value;
  if (given === undefined) {
    const byDefault = argument.default && 'value' in argument.default ? argument.default.value : argument.defaultValue;
    return typeof byDefault === 'number' ? clamp(byDefault, settings.maxPageSize) : settings.maxPageSize;
  }
  if (given.kind === Kind.INT) return clamp(Number.parseInt(given.value, 10), settings.maxPageSize);
  return settings.maxPageSize;
}

function clamp(value: number, maximum: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, 0), maximum) : maximum;
}

function itemsOf(value: ValueNode, forVariable: number): number {
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.VARIABLE) return forVariable;
  return 1;
}

function narrowed(schema: GraphQLSchema, typeName: string | undefined): GraphQLCompositeType | undefined {
  if (!typeName) return undefined;
  const type = schema.getType(typeName);
  return type && isCompositeType(type) ? type : undefined;
}

function costRule(settings: CostSettings) {
  return (context: ValidationContext) => ({
    OperationDefinition(operation: OperationDefinitionNode) {
      const cost = operationCost(context.getSchema(), operation, (name) => context.getFragment(name), settings);
      if (cost.total <= settings.maxCost) return;
      const where = cost.heaviest.length > 0 ? ` Most of it is under \`${cost.heaviest.join('.')}\`.` : '';
      context.reportError(
        limitRefusal(
          'QUERY_TOO_COSTLY',
          `This query may answer up to ${cost.total} objects (its cost); this gateway allows at most ${settings.maxCost} (MAX_COST).${where} Ask for smaller pages (\`first\`), fewer nested lists (sameAs, customFields, notes…), or split it into several requests.`,
          settings.maxCost,
          cost.total,
        ),
      );
    },
  });
}

export function useQueryCost(settings: CostSettings): Plugin {
  const rule = costRule(settings);
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
  };
}
