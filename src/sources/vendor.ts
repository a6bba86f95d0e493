// What a vendor folder hands the registry: its name, what its ids look like, the environment
// variables that configure it, and how its adapter is built. The rest of the gateway learns about a
// vendor from this and nothing else.
import { IANAZone } from 'luxon';
import { z } from 'zod';
import type { VendorHttpSettings } from './http/index.ts';
import type { CustomerSource, CustomerSourceName } from './model/index.ts';

/** A vendor's own variables: all `required` set turns it on, none leaves it off, some is a mistake. */
export interface VendorEnv<Required extends z.ZodRawShape, Optional extends z.ZodRawShape> {
  required: Required;
  optional: Optional;
}

export interface VendorDefinition<Name extends CustomerSourceName, Settings, Adapter extends CustomerSource> {
  name: Name;
  /** The GraphQL CustomerSource value's description. */
  description: string;
  /** What one of its record ids looks like: anything else names no record and never reaches a URL. */
  idSyntax: RegExp;
  /** Its variables, as `.env.example` and the README list them. */
  envNames: readonly string[];
  /**
   * Its settings from the environment (empty values already dropped): null when none of its required
   * variables is set (the vendor is off), else the settings or the problems found.
   */
  readSettings(env: Readonly<Record<string, string>>): { settings: Settings } | { problems: string[] } | null;
  create(settings: Settings, http: VendorHttpSettings): Adapter;
}

export function defineVendor<
  Name extends CustomerSourceName,
  Required extends z.ZodRawShape,
  Optional extends z.ZodRawShape,
  Settings,
  Adapter extends CustomerSource,
>(definition: {
  name: Name;
  description: string;
  idSyntax: RegExp;
  env: VendorEnv<Required, Optional>;
  settings: (env: z.output<z.ZodObject<Required & Optional>>) => Settings;
  create: (settings: Settings, http: VendorHttpSettings) => Adapter;
}): VendorDefinition<Name, Settings, Adapter> {
  const required = Object.keys(definition.env.required);
  const schema = z.object({ ...definition.env.required, ...definition.env.optional });
  // Every value set is checked, a vendor left off included: a bad value is a mistake either way.
  const lenient = schema.partial();
  return {
    name: definition.name,
    description: definition.description,
    idSyntax: definition.idSyntax,
    envNames: [...required, ...Object.keys(definition.env.optional)],
    readSettings(env) {
      const checked = lenient.safeParse(env);
      const problems = checked.success ? [] : checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      const missing = required.filter((name) => !(name in env));
      if (missing.length > 0 && missing.length < required.length) {
        const set = required.filter((name) => !missing.includes(name));
        problems.push(`${definition.name} is half configured: set ${missing.join(', ')} too (or unset ${set.join(', ')})`);
      }
      if (problems.length > 0) return { problems };
      if (missing.length === required.length) return null;
      return { settings: definition.settings(schema.parse(env)) };
    },
    create: definition.create,
  };
}

/** The shapes vendor variables share. */
export const vendorEnv = {
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  secret: z.string().min(1, 'must not be empty'),
  /** The zone a WordPress site writes wall-clock times in; unset: the zone the site publishes (kit/wordpress-site.ts). */
  timeZone: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone such as Europe/Berlin')
    .optional(),
};
