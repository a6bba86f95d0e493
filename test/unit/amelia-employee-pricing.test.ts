// Custom pricing as the API types it: Amelia's `customPricing` JSON string ⇄ a list of durations,
// on the example payloads of amelia-employees.txt.
import { describe, expect, it } from 'vitest';
import { pricingDurations, toDurationMap } from '../../src/schema/employee-pricing.ts';
import { toEmployee, toProviderBody } from '../../src/sources/amelia/employees/map.ts';
import { ameliaProviderRecord } from '../../src/sources/amelia/employees/payloads.ts';
import { parseCustomPricing } from '../../src/sources/amelia/employees/services-map.ts';
import type { CustomPricing } from '../../src/sources/model/index.ts';
import {
  AMELIA_EMPLOYEE_CREATE_REQUEST_EXAMPLE as CREATE_REQUEST,
  AMELIA_EMPLOYEE_UPDATE_REQUEST_EXAMPLE as UPDATE_REQUEST,
} from '../fixtures/amelia-employee-docs.ts';

function pricingOf(text: string): CustomPricing {
  const pricing = parseCustomPricing(text);
  if (pricing === null) throw new Error(`unreadable: ${text}`);
  return pricing;
}

describe("the document's examples", () => {
  it('each service of the create and update examples: disabled, no durations', () => {
    for (const example of [CREATE_REQUEST, UPDATE_REQUEST]) {
      const services = toEmployee(ameliaProviderRecord.parse({ id: 88, ...(example as object) })).services ?? [];
      expect(services).toHaveLength(2);
      for (const service of services) {
        expect(service.customPricing).toEqual({ enabled: false, durations: {} });
        expect(pricingDurations(service.customPricing!)).toEqual([]);
      }
    }
  });

  it('an empty list given back is sent as the document sends it', () => {
    const { serviceList } = toProviderBody({
      services: [
        { serviceId: '4', price: 45, minCapacity: 1, maxCapacity: 1, customPricing: { enabled: false, durations: toDurationMap([]) } },
      ],
    });
    const documented = (CREATE_REQUEST as { serviceList: Array<{ customPricing: string }> }).serviceList[0]?.customPricing;
    expect(serviceList?.[0]?.customPricing).toBe(documented);
    expect(toDurationMap(null)).toEqual({});
    expect(toDurationMap(undefined)).toEqual({});
  });
});

describe('durations', () => {
  it("a list shortest first, with price and rules; PHP's empty [] is none", () => {
    const text =
      '{"enabled":true,"durations":{"5400":{"price":60,"rules":[]},"1800":{"price":"25","rules":[{"from":2,"price":20}]},"900":{"price":10}}}';
    expect(pricingDurations(pricingOf(text))).toEqual([
      { durationSeconds: 900, price: 10, rules: null },
      { durationSeconds: 1800, price: 25, rules: [{ from: 2, price: 20 }] },
      { durationSeconds: 5400, price: 60, rules: [] },
    ]);
    expect(pricingDurations(pricingOf('{"enabled":false,"durations":[]}'))).toEqual([]);
  });

  it("the input list becomes Amelia's map, rules [] when left out, and reads back the same", () => {
    const durations = toDurationMap([
      { durationSeconds: 3600, price: 45 },
      { durationSeconds: 1800, price: 25, rules: [{ from: 2, price: 20 }] },
    ]);
    expect(durations).toEqual({ 1800: { price: 25, rules: [{ from: 2, price: 20 }] }, 3600: { price: 45, rules: [] } });
    const { serviceList } = toProviderBody({
      services: [{ serviceId: '4', price: 45, minCapacity: 1, maxCapacity: 1, customPricing: { enabled: true, durations } }],
    });
    const text = serviceList?.[0]?.customPricing ?? '';
    expect(text).toBe('{"enabled":true,"durations":{"1800":{"price":25,"rules":[{"from":2,"price":20}]},"3600":{"price":45,"rules":[]}}}');
    expect(pricingDurations(pricingOf(text))).toEqual([
      { durationSeconds: 1800, price: 25, rules: [{ from: 2, price: 20 }] },
      { durationSeconds: 3600, price: 45, rules: [] },
    ]);
  });
});
