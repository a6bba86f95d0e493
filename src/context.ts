// Per-request context: the process-wide sources, this request's loaders, and what the request
// collects beside its data (vendor warnings, sources that failed while others answered).
import type { GraphQLError } from 'graphql';
import { createLoaders, type Loaders } from './loaders/index.ts';
import type { SourceCall, SourceWarning } from './sources/model.ts';
import type { Sources } from './sources/index.ts';

export interface GatewayContext {
  sources: Sources;
  loaders: Loaders;
  /** Vendor warnings, returned in `extensions.warnings`. */
  warnings: SourceWarning[];
  /** Errors of sources that failed while the rest of a field was answered; appended to `errors`. */
  partialErrors: GraphQLError[];
}

export function createContext(sources: Sources): GatewayContext {
  const warnings: SourceWarning[] = [];
  const call: SourceCall = { warn: (warning) => warnings.push(warning) };
  return { sources, loaders: createLoaders(sources, call), warnings, partialErrors: [] };
}
