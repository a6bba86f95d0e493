// Every vendor the gateway knows, one line each, in the order connections page through them. Adding a
// vendor: its folder under src/sources/ and its line here (README, "Adding a vendor").
import { amelia } from './amelia/index.ts';
import { crm } from './crm/index.ts';
import type { VendorHttpSettings } from './http/index.ts';
import { kbSupport } from './kbsupport/index.ts';
import { CUSTOMER_SOURCES, type CustomerSource, type CustomerSourceName } from './model/index.ts';
import { platform } from './platform/index.ts';
import type { VendorDefinition } from './vendor.ts';

export const VENDORS = {
  AMELIA: amelia,
  KB_SUPPORT: kbSupport,
  PLATFORM: platform,
  CRM: crm,
} as const satisfies { [Name in CustomerSourceName]: VendorDefinition<Name, unknown, CustomerSource> };

type Vendors = typeof VENDORS;
type SettingsOf = { [Name in CustomerSourceName]: Parameters<Vendors[Name]['create']>[0] };
type AdapterOf = { [Name in CustomerSourceName]: ReturnType<Vendors[Name]['create']> };

/** What each vendor's variables configure; a vendor left out is off. */
export type SourceSettings = { [Name in CustomerSourceName]?: SettingsOf[Name] };

/** The adapter of each configured vendor. */
export type Sources = { [Name in CustomerSourceName]?: AdapterOf[Name] };

/** The registry as a map TypeScript can index with a name it only knows as generic. */
const byName: { [Name in CustomerSourceName]: VendorDefinition<Name, SettingsOf[Name], AdapterOf[Name]> } = VENDORS;

/** The adapter of `name`, when its settings are there. */
export function createSource<Name extends CustomerSourceName>(
  name: Name,
  settings: SourceSettings,
  http: VendorHttpSettings,
): AdapterOf[Name] | undefined {
  const own = settings[name];
  return own === undefined ? undefined : byName[name].create(own, http);
}

/** Whether `id` can name a record of `source` at all; checked before a client's id goes near a vendor URL. */
export function isSourceId(source: CustomerSourceName, id: string): boolean {
  return VENDORS[source].idSyntax.test(id);
}

/** Each vendor's settings from its own variables; a problem added for each bad or half-set one. */
export function readSourceSettings(env: Readonly<Record<string, string>>, problems: string[]): SourceSettings {
  const settings: SourceSettings = {};
  for (const name of CUSTOMER_SOURCES) readInto(settings, name, env, problems);
  return settings;
}

function readInto<Name extends CustomerSourceName>(
  settings: SourceSettings,
  name: Name,
  env: Readonly<Record<string, string>>,
  problems: string[],
): void {
  const read = byName[name].readSettings(env);
  if (read === null) return;
  if ('problems' in read) problems.push(...read.problems);
  else settings[name] = read.settings;
}
