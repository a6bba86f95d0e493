// Builds one adapter per configured vendor, and answers which are there. Vendors come from registry.ts.
import { SourceError } from './errors.ts';
import type { VendorHttpSettings } from './http/index.ts';
import { CUSTOMER_SOURCES, type CustomerSource, type CustomerSourceName } from './model/index.ts';
import { createSource, type SourceSettings, type Sources } from './registry.ts';

export { isSourceId, type SourceSettings, type Sources } from './registry.ts';

export function createSources(settings: SourceSettings, http: VendorHttpSettings): Sources {
  const sources: Sources = {};
  for (const name of CUSTOMER_SOURCES) add(sources, name, createSource(name, settings, http));
  return sources;
}

function add<Name extends CustomerSourceName>(sources: Sources, name: Name, adapter: Sources[Name]): void {
  if (adapter !== undefined) sources[name] = adapter;
}

/** The configured sources in enum order (the order connections page through them). */
export function liveSources(sources: Sources): CustomerSource[] {
  return CUSTOMER_SOURCES.flatMap((name) => sources[name] ?? []);
}

/** The source by name: the one place that answers "this source is not configured on this gateway". */
export function configured<Name extends CustomerSourceName>(sources: Sources, name: Name): NonNullable<Sources[Name]> {
  const source = sources[name];
  if (!source) throw new SourceError(name, 'NOT_CONFIGURED');
  return source;
}
