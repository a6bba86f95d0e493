// Starts the four sandbox vendors in this process, each on its own loopback port.
import type { SourceSettings } from '../sources/index.ts';
import { type AmeliaSandbox, createAmeliaSandbox } from './amelia/server.ts';
import { type CrmSandbox, createCrmSandbox } from './crm/server.ts';
import { createKbSupportSandbox, type KbSupportSandbox, type KbSupportSandboxOptions } from './kbsupport/server.ts';
import { createPlatformSandbox, type PlatformSandbox } from './platform/server.ts';
import type { UndocumentedFeature } from './undocumented.ts';

export interface SandboxVendors {
  amelia: AmeliaSandbox;
  kbSupport: KbSupportSandbox;
  platform: PlatformSandbox;
  crm: CrmSandbox;
  /** Settings that point the gateway at these servers. */
  settings: Required<SourceSettings>;
  /** Restores every vendor's seed data and clears request logs and faults. */
  reset(): void;
  stop(): Promise<void>;
}

export interface SandboxOptions {
  kbSupport?: KbSupportSandboxOptions;
  /** What the vendors offer beyond their documents (undocumented.ts); none by default. */
  undocumented?: ReadonlySet<UndocumentedFeature>;
  /** Generated customers per vendor, after the hand-written seed people (SANDBOX_CUSTOMERS, generated/people.ts); none by default. */
  customers?: number;
}

export async function startSandboxVendors(options: SandboxOptions = {}): Promise<SandboxVendors> {
  const undocumented = options.undocumented ?? new Set<UndocumentedFeature>();
  const customers = options.customers ?? 0;
  const amelia = createAmeliaSandbox({ undocumented, customers });
  const kbSupport = createKbSupportSandbox({ ...options.kbSupport, customers });
  const platform = createPlatformSandbox({ undocumented, customers });
  const crm = createCrmSandbox({ customers });
  const all = [amelia, kbSupport, platform, crm];
  await Promise.all(all.map((vendor) => vendor.server.start()));
  return {
    amelia,
    kbSupport,
    platform,
    crm,
    settings: {
      AMELIA: { url: amelia.server.url, apiKey: amelia.credentials.apiKey, timeZone: amelia.timeZone },
      KB_SUPPORT: { url: kbSupport.server.url, ...kbSupport.credentials, timeZone: kbSupport.timeZone },
      PLATFORM: { url: platform.server.url, ...platform.credentials },
      CRM: { url: crm.server.url, ...crm.credentials },
    },
    reset: () => {
      for (const vendor of all) vendor.reset();
    },
    stop: async () => {
      await Promise.all(all.map((vendor) => vendor.server.stop()));
    },
  };
}
