// What Amelia can take for the services an employee gives (amelia-employees.txt: serviceList): prices,
// capacities and custom pricing by duration.
import { z } from 'zod';
import { isJsonObject } from '../../kit/parsed-json.ts';
import { ameliaIdInput } from '../ids.ts';

const price = z.number({ error: 'a price is a number' }).min(0, 'a price cannot be negative');

/** `durations`: whole seconds → `{ price, rules }`, as Amelia keeps them. */
const customPricing = z
  .object({ enabled: z.boolean({ error: 'enabled is true or false' }), durations: z.record(z.string(), z.json()).nullish() })
  .superRefine((pricing, ctx) => {
    for (const [duration, entry] of Object.entries(pricing.durations ?? {})) {
      const path = ['durations', duration];
      if (!/^[1-9]\d*$/.test(duration) || !Number.isSafeInteger(Number(duration))) {
        ctx.addIssue({ code: 'custom', path, message: 'a duration is a positive whole number of seconds' });
        continue;
      }
      const value = isJsonObject(entry) ? entry.price : undefined;
      if (typeof value !== 'number') ctx.addIssue({ code: 'custom', path: [...path, 'price'], message: 'a price is a number' });
      else if (value < 0) ctx.addIssue({ code: 'custom', path: [...path, 'price'], message: 'a price cannot be negative' });
    }
  });

export const employeeService = z
  .object({
    serviceId: ameliaIdInput('service'),
    price,
    minCapacity: z.number({ error: 'a capacity is a whole number' }).int('a capacity is a whole number').min(1, 'at least 1'),
    maxCapacity: z.number({ error: 'a capacity is a whole number' }).int('a capacity is a whole number'),
    customPricing: customPricing.nullish(),
  })
  .superRefine((service, ctx) => {
    if (service.maxCapacity < service.minCapacity) {
      ctx.addIssue({ code: 'custom', path: ['maxCapacity'], message: `must be at least minCapacity (${service.minCapacity})` });
    }
  });
