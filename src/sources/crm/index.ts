// The CRM service (crm-customers.txt): customers and their incremental export.
import { defineVendor, vendorEnv } from '../vendor.ts';
import { CRM_ID } from './ids.ts';
import { createCrmSource } from './source.ts';

export const crm = defineVendor({
  name: 'CRM',
  description: 'The CRM service.',
  idSyntax: CRM_ID,
  env: { required: { CRM_URL: vendorEnv.url, CRM_TOKEN: vendorEnv.secret }, optional: {} },
  settings: (env) => ({ url: env.CRM_URL, token: env.CRM_TOKEN }),
  create: (settings, http) => createCrmSource({ ...settings, http }),
});
