// Builds one adapter per configured vendor. The only place that knows every vendor by name.
import type { SourceSettings } from '../config.ts';
import { createAmeliaSource, type AmeliaSource } from './amelia/source.ts';
import { createCrmSource, type CrmSource } from './crm/source.ts';
import type { VendorHttpSettings } from './http.ts';
import { createKbSupportSource } from './kbsupport/source.ts';
import { CUSTOMER_SOURCES, type CustomerSource } from './model.ts';
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
