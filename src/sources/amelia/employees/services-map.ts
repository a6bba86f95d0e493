// The services an Amelia provider gives, with their prices and custom pricing (amelia-employees.txt:
// serviceList) ⇄ the unified EmployeeService. Pure functions only.

import { isJsonObject } from '../../kit/parsed-json.ts';
import type { CustomPricing, EmployeeDraft, EmployeeService, JsonObject, JsonValue } from '../../model/index.ts';
import type { AmeliaProviderService, AmeliaProviderServiceBody } from './payloads.ts';

export function toEmployeeService(service: AmeliaProviderService): EmployeeService {
  return {
    serviceId: String(service.id),
    price: Number(service.price),
    minCapacity: Number(service.minCapacity),
    maxCapacity: Number(service.maxCapacity),
    customPricing: parseCustomPricing(service.customPricing),
    customPricingRaw: service.customPricing ?? null,
  };
}

/**
 * `"{\"enabled\":false,\"durations\":{}}"` → an object whose durations are each keyed by whole
 * seconds with a numeric price (numeric text, as PHP may send it, becomes a number); anything
 * unreadable → null, never a crash.
 */
export function parseCustomPricing(raw: JsonValue | undefined): CustomPricing | null {
  let value: JsonValue | undefined = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as JsonValue;
    } catch {
      return null;
    }
  }
  if (!isJsonObject(value) || typeof value.enabled !== 'boolean') return null;
  const durations = value.durations;
  // PHP encodes an empty map as `[]`.
  if (durations === undefined || (Array.isArray(durations) && durations.length === 0)) return { enabled: value.enabled, durations: {} };
  if (!isJsonObject(durations)) return null;
  const entries = Object.entries(durations).map(([seconds, entry]) => readDuration(seconds, entry));
  if (entries.some((entry) => entry === null)) return null;
  return { enabled: value.enabled, durations: Object.fromEntries(entries.filter((entry) => entry !== null)) };
}

/** `"1800": { "price": 25, "rules": [] }`; null when the key is no whole number of seconds or the price no number. */
function readDuration(seconds: string, entry: JsonValue): [string, JsonObject] | null {
  if (!/^[1-9]\d*$/.test(seconds) || !Number.isSafeInteger(Number(seconds)) || !isJsonObject(entry)) return null;
  const raw = entry.price;
  const price = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : null;
  return price === null || !Number.isFinite(price) ? null : [seconds, { ...entry, price }];
}

const DISABLED_PRICING: CustomPricing = { enabled: false, durations: {} };

type DraftService = NonNullable<EmployeeDraft['services']>[number];

export function toServiceBody(service: DraftService): AmeliaProviderServiceBody {
  return {
    id: Number(service.serviceId),
    price: service.price,
    minCapacity: service.minCapacity,
    maxCapacity: service.maxCapacity,
    customPricing: toCustomPricingText(service.customPricing ?? DISABLED_PRICING),
  };
}

/** Amelia keeps custom pricing as JSON inside a string. */
export function toCustomPricingText(pricing: CustomPricing): string {
  return JSON.stringify({ enabled: pricing.enabled, durations: pricing.durations ?? {} });
}
