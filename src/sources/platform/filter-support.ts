// Whether this PLATFORM honours the list filters its document does not name (`filter[account_id]`, and
// `filter[custom_fields][…]`, whose "syntax in JSON-API Conventions" the document does not include): each is
// tried once and the answer remembered for a while (kit/learned.ts). One refused (a 400, as strict JSON:API
// servers answer an unknown filter) or ignored (records it does not hold come back) is then applied on our
// side alone, over the whole list; the answers are the same either way.
import { SourceError } from '../errors.ts';
import { type Learned, learned } from '../kit/learned.ts';
import type { CustomerOf, CustomFieldDefinition } from '../model/index.ts';
import { matcher, type PlatformListFilter, UNDOCUMENTED_FILTERS, type UndocumentedFilter, undocumentedIn } from './list-filter.ts';

export interface FilterSupport {
  /** Whether the undocumented filters `filter` asks for are left to our side: one of them is known not to be honoured. */
  local(filter: PlatformListFilter): boolean;
  /** The vendor refused a list that carried them. */
  refused(filter: PlatformListFilter): void;
  /** The vendor answered a list that carried them: a record one of them does not hold shows that one ignored. */
  answered(
    filter: PlatformListFilter,
    customers: ReadonlyArray<CustomerOf<'PLATFORM'>>,
    definitions: readonly CustomFieldDefinition[],
  ): void;
}

/** A list call the vendor refused as asked (a 400): with an undocumented filter in it, a refusal of that filter. */
export function isRefusal(error: unknown): boolean {
  return error instanceof SourceError && error.failure === 'BAD_RESPONSE' && error.status === 400;
}

export function createFilterSupport(): FilterSupport {
  const honoured = Object.fromEntries(UNDOCUMENTED_FILTERS.map((name) => [name, learned<boolean>()])) as Record<
    UndocumentedFilter,
    Learned<boolean>
  >;
  return {
    local: (filter) => undocumentedIn(filter).some((name) => honoured[name].get() === false),
    refused(filter) {
      for (const name of undocumentedIn(filter)) honoured[name].set(false);
    },
    answered(filter, customers, definitions) {
      for (const name of undocumentedIn(filter)) {
        const holds = matcher({ [name]: filter[name] }, definitions);
        honoured[name].set(customers.every(holds));
      }
    },
  };
}
