// A webhook's filter as the store keeps it: the subscription's ChangeFilter, as JSON.
import { z } from 'zod';
import type { ChangeFilter } from '../live/change-reading.ts';
import type { JsonValue } from '../sources/model/index.ts';
import { CUSTOMER_SOURCES } from '../sources/model/index.ts';

const stored = z.object({
  sources: z.array(z.enum(CUSTOMER_SOURCES)).optional(),
  records: z.array(z.object({ source: z.enum(CUSTOMER_SOURCES), sourceId: z.string() })).optional(),
  search: z.string().optional(),
});

export function storedFilter(filter: ChangeFilter): JsonValue {
  return stored.parse(filter);
}

export function filterOfStored(value: JsonValue): ChangeFilter {
  return stored.parse(value);
}
