// Builds one adapter per configured vendor. The only place that knows every vendor by name.
import type { SourceSettings } from '../config.ts';
import { createAmeliaSource, type AmeliaSource } from './amelia/source.ts';
import { createCrmSource, type CrmSource } from './crm/source.ts';
import type { VendorHttpSettings } from './http/index.ts';
import { createKbSupportSource } from './kbsupport/source.ts';
import { SourceError } from './errors.ts';
import { CUSTOMER_SOURCES, type CustomerSource, type CustomerSourceName } from './model/index.ts';
import { createPlatformSource, type PlatformSource } from './platform/source.ts';

export interface Sources {
  AMELIA?: AmeliaSource;
  KB_SUPPORT?: CustomerSource;
  PLATFORM?: PlatformSource;
  CRM?: CrmSource;
}

export function createSources(settings: SourceSettings, http: VendorHttpSettings): Sources {
  const sources: Sources = {};
  if (settings.AMELIA) sources.AMELIA = createAmeliaSource({ ...settings.AMELIA, http });
  if (settings.KB_SUPPORT) sources.KB_SUPPORT = createKbSupportSource({ ...settings.KB_SUPPORT, http });
  if (settings.PLATFORM) sources.PLATFORM = createPlatformSource({ ...settings.PLATFORM, http });
  if (settings.CRM) sources.CRM = createCrmSource({ ...settings.CRM, http });
  return sources;
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
