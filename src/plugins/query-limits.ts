// The limits on a query's shape, each refused with a code of its own and a message saying the limit,
// what the query has and what to do. graphql-armor measures depth, aliases, tokens and directives;
// its rejections ("Syntax Error: …", no code) are replaced by ours (limit-refusals.ts), reported as
// validation errors (tokens: as a parse error). The cost is query-cost.ts's.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { type LimitCode, limitRefusal } from './limit-refusals.ts';
import { type CostSettings, useQueryCost } from './query-cost.ts';

/** Directives in one document: far more than any honest one uses (@include/@skip), not configurable. */
export const MAX_DIRECTIVES = 20;

export interface QueryLimits extends CostSettings {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
}

/** The number armor found ("… exceeded, found 16."); undefined when its message has none. */
function foundIn(error: GraphQLError): number | undefined {
  const match = /found (\d+)/.exec(error.message);
  return match ? Number(match[1]) : undefined;
}

function counted(found: number | undefined, limit: number): string {
  return found === undefined ? `more than ${limit}` : String(found);
}

type Refusal = (limit: number, found: number | undefined) => { code: LimitCode; message: string };

const REFUSALS = {
  depth: (limit, found) => ({
    code: 'QUERY_TOO_DEEP',
    message: `The query nests fields ${counted(found, limit)} levels deep; this gateway allows at most ${limit} (MAX_DEPTH). Ask for fewer nested fields, or split the query.`,
  }),
  aliases: (limit, found) => ({
    code: 'TOO_MANY_ALIASES',
    message: `The query has ${counted(found, limit)} aliases; this gateway allows at most ${limit} (MAX_ALIASES), and every alias counts, __typename's included. Ask for each field once (\`nodes(ids:)\` reads many records at once), or send several requests.`,
  }),
  tokens: (limit) => ({
    code: 'TOO_MANY_TOKENS',
    message: `The document has more than ${limit} tokens (names, punctuation and values); this gateway allows at most ${limit} (MAX_TOKENS). Pass values as variables, ask for fewer fields, or split the query.`,
  }),
  directives: (limit, found) => ({
    code: 'TOO_MANY_DIRECTIVES',
    message: `The query has ${counted(found, limit)} directives; this gateway allows at most ${limit}. Use one @include or @skip per field, or send several documents.`,
  }),
} satisfies Record<string, Refusal>;

/** Armor's onReject: its error is replaced by ours, reported as a validation error (validation continues). */
function reportedAs(refusal: Refusal, limit: number) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const found = foundIn(error);
        const { code, message } = refusal(limit, found);
        const coded = limitRefusal(code, message, limit, found);
        if (context) context.reportError(coded);
        else throw coded;
      },
    ],
  };
}

/** Armor's token limit runs in the parser, with no validation context: ours is thrown there, stopping the parse. */
function thrownAs(refusal: Refusal, limit: number) {
  return {
    propagateOnRejection: true,
    onReject: [
      () => {
        const { code, message } = refusal(limit, undefined);
        throw limitRefusal(code, message, limit);
      },
    ],
  };
}

export function useQueryLimits(limits: QueryLimits): Plugin[] {
  return [
    EnvelopArmorPlugin({
      maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...reportedAs(REFUSALS.depth, limits.maxDepth) },
      // armor leaves `__typename` out by default: forty aliases of it would pass.
      maxAliases: { n: limits.maxAliases, allowList: [], ...reportedAs(REFUSALS.aliases, limits.maxAliases) },
      maxTokens: { n: limits.maxTokens, ...thrownAs(REFUSALS.tokens, limits.maxTokens) },
      maxDirectives: { n: MAX_DIRECTIVES, ...reportedAs(REFUSALS.directives, MAX_DIRECTIVES) },
      // query-cost.ts measures the cost with the schema's types (armor's model knows none).
      costLimit: { enabled: false },
      // useNoSuggestions (security.ts) covers every error, not only validation's.
      blockFieldSuggestion: { enabled: false },
    }) as Plugin,
    useQueryCost(limits),
  ];
}
