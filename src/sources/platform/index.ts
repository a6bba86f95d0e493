// The JSON:API booking platform (platform-customers-jsonapi.txt, "Admin Customer Management"): one
// organization's customers and extras, defined for the vendor registry.
import { defineVendor, vendorEnv } from '../vendor.ts';
import { PLATFORM_ID } from './ids.ts';
import { createPlatformSource } from './source.ts';

export const platform = defineVendor({
  name: 'PLATFORM',
  description: 'The JSON:API booking platform, one organization.',
  idSyntax: PLATFORM_ID,
  env: {
    required: { PLATFORM_URL: vendorEnv.url, PLATFORM_TOKEN: vendorEnv.secret, PLATFORM_ORGANIZATION: vendorEnv.secret },
    optional: {},
  },
  settings: (env) => ({ url: env.PLATFORM_URL, token: env.PLATFORM_TOKEN, organization: env.PLATFORM_ORGANIZATION }),
  create: (settings, http) => createPlatformSource({ ...settings, http }),
});
