// The two PLATFORM sandboxes the PLATFORM tests run against: `conservative` answers as
// platform-customers-jsonapi.txt promises and no more (the sandbox's default), `generous` also offers every
// route and filter beyond it the sandbox knows (src/sandbox/undocumented.ts).
import { FIELD_IDS } from '../../src/sandbox/platform/data.ts';
import { UNDOCUMENTED_FEATURES, type UndocumentedFeature } from '../../src/sandbox/undocumented.ts';
import type { PlatformSource } from '../../src/sources/platform/source.ts';
import { recordingCall } from './sources.ts';

export type PlatformMode = 'conservative' | 'generous';

export const PLATFORM_MODES: readonly PlatformMode[] = ['conservative', 'generous'];

export const PLATFORM_FEATURES: readonly UndocumentedFeature[] = UNDOCUMENTED_FEATURES.filter((feature) => feature.startsWith('platform-'));

/** What the PLATFORM sandbox offers beyond its document in `mode`. */
export function platformFeatures(mode: PlatformMode): ReadonlySet<UndocumentedFeature> {
  return new Set(mode === 'generous' ? PLATFORM_FEATURES : []);
}

/**
 * Lets an adapter learn what the vendor offers (the custom field definitions route, `filter[id]`, the account
 * and custom field filters, how long the list is), as its first calls would: a test that counts calls then
 * sees the same calls whatever ran before it. Tests of the learning itself use an adapter of their own.
 */
export async function learnVendor(source: PlatformSource, customerId: string): Promise<void> {
  const call = recordingCall();
  await source.getByIds([customerId], call);
  await source.extras.customFields(call).catch(() => undefined);
  await source.count({ customField: { fieldId: FIELD_IDS.tier, value: 'gold' } }, call);
  await source.extras.customersOfAccount('no-such-account', call);
}
