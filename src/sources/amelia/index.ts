// The Amelia booking plugin (amelia-customers.txt, amelia-employees.txt): customers and employees.
import { noticesTo } from '../http/vendor-observer.ts';
import { defineVendor, vendorEnv } from '../vendor.ts';
import { AMELIA_ID } from './ids.ts';
import { createAmeliaSource } from './source.ts';

export const amelia = defineVendor({
  name: 'AMELIA',
  description: 'Amelia booking plugin (WordPress).',
  idSyntax: AMELIA_ID,
  env: {
    required: { AMELIA_URL: vendorEnv.url, AMELIA_API_KEY: vendorEnv.secret },
    optional: { AMELIA_TIMEZONE: vendorEnv.timeZone },
  },
  settings: (env) => ({ url: env.AMELIA_URL, apiKey: env.AMELIA_API_KEY, timeZone: env.AMELIA_TIMEZONE }),
  create: (settings, http) => createAmeliaSource({ ...settings, http, warn: noticesTo(http.observer, 'AMELIA') }),
});
