// An employee's custom pricing of a service, typed: Amelia keeps it as a map of duration (seconds) →
// price and rules inside a JSON string; the API answers and takes a list of durations.
import { z } from 'zod';
import type { CustomPricing, JsonObject, JsonValue } from '../sources/model/index.ts';
import { builder } from './builder.ts';

export interface CustomPricingDuration {
  durationSeconds: number;
  price: number;
  rules: JsonValue | null;
}

/** The model's `durations` map as a list, shortest first; the adapter hands over only readable entries. */
export function pricingDurations(pricing: CustomPricing): CustomPricingDuration[] {
  return Object.entries(pricing.durations)
    .flatMap(([seconds, entry]) => {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry) || typeof entry.price !== 'number') return [];
      return [{ durationSeconds: Number(seconds), price: entry.price, rules: entry.rules ?? null }];
    })
    .sort((a, b) => a.durationSeconds - b.durationSeconds);
}

const durationInput = z.object({ durationSeconds: z.number(), price: z.number(), rules: z.json().nullish() });

/**
 * The input list as the model's map (`{"1800": {"price": 25, "rules": []}}`). Rules left out are sent
 * as `[]`, the form Amelia stores for a duration without rules.
 */
export function toDurationMap(input: unknown): JsonObject {
  const list = z.array(durationInput).nullish().parse(input) ?? [];
  return Object.fromEntries(
    list.map((duration) => [String(duration.durationSeconds), { price: duration.price, rules: duration.rules ?? [] }]),
  );
}

const CustomPricingDurationRef = builder.objectRef<CustomPricingDuration>('CustomPricingDuration').implement({
  description: "The employee's price of the service for one duration (an entry of Amelia's `durations`).",
  fields: (t) => ({
    durationSeconds: t.exposeInt('durationSeconds', {
      description: "The duration in seconds (the entry's key in Amelia `durations`), e.g. 1800.",
    }),
    price: t.exposeFloat('price', { description: "Amelia `price`: the employee's price for that duration." }),
    rules: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Amelia `rules` of that duration, as Amelia keeps them (usually `[]`); null when Amelia sent none.',
      resolve: (duration) => duration.rules,
    }),
  }),
});

export const CustomPricingRef = builder.objectRef<CustomPricing>('CustomPricing').implement({
  description: "The employee's custom pricing of one service, parsed from Amelia's `customPricing` JSON string.",
  fields: (t) => ({
    enabled: t.exposeBoolean('enabled', { description: 'Amelia `enabled`: whether these prices apply instead of `price`.' }),
    durations: t.field({
      type: [CustomPricingDurationRef],
      description:
        "Amelia `durations`: a price per duration, shortest first; empty when there are none (also when Amelia sent PHP's `[]`).",
      resolve: pricingDurations,
    }),
  }),
});

const CustomPricingDurationInput = builder.inputType('CustomPricingDurationInput', {
  description: "The employee's price of the service for one duration.",
  fields: (t) => ({
    durationSeconds: t.int({
      required: true,
      description: 'The duration in whole seconds, e.g. 1800; positive, each duration once per service.',
      validate: z.number().int('must be a whole number of seconds').positive('must be a positive number of seconds'),
    }),
    price: t.float({
      required: true,
      description: 'The price for that duration; at least 0.',
      validate: z.number().min(0, 'must not be negative'),
    }),
    rules: t.field({ type: 'JSON', description: 'Amelia `rules` of that duration, sent as given; left out: `[]`.' }),
  }),
});

/** Each duration once: a repeat is named at its own index. */
const uniqueDurations = z
  .array(z.looseObject({ durationSeconds: z.number() }))
  .nullish()
  .superRefine((list, ctx) => {
    const seen = new Set<number>();
    (list ?? []).forEach((duration, index) => {
      if (seen.has(duration.durationSeconds)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'durationSeconds'],
          message: `the duration ${duration.durationSeconds} is given twice`,
        });
      }
      seen.add(duration.durationSeconds);
    });
  });

export const CustomPricingInput = builder.inputType('CustomPricingInput', {
  description: 'Custom pricing of one service for the employee (sent to Amelia as its `customPricing` JSON string). Left out: disabled.',
  fields: (t) => ({
    enabled: t.boolean({ required: true, description: 'Amelia `enabled`: whether these prices apply instead of `price`.' }),
    durations: t.field({
      type: [CustomPricingDurationInput],
      description: 'A price per duration, each duration once; left out: none.',
      validate: uniqueDurations,
    }),
  }),
});
