// The KB Support helpdesk plugin (kbsupport-customers.txt, kbsupport-observed.md): customers, read only.
import { noticesTo } from '../http/vendor-observer.ts';
import { defineVendor, vendorEnv } from '../vendor.ts';
import { KBS_ID } from './ids.ts';
import { createKbSupportSource } from './source.ts';

export const kbSupport = defineVendor({
  name: 'KB_SUPPORT',
  description: 'KB Support helpdesk plugin (WordPress REST); read only.',
  idSyntax: KBS_ID,
  env: {
    required: { KBS_URL: vendorEnv.url, KBS_USERNAME: vendorEnv.secret, KBS_APP_PASSWORD: vendorEnv.secret },
    optional: { KBS_TIMEZONE: vendorEnv.timeZone },
  },
  settings: (env) => ({ url: env.KBS_URL, username: env.KBS_USERNAME, appPassword: env.KBS_APP_PASSWORD, timeZone: env.KBS_TIMEZONE }),
  create: (settings, http) => createKbSupportSource({ ...settings, http, warn: noticesTo(http.observer, 'KB_SUPPORT') }),
});
