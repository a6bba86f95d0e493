// Which of two shapes a KB Support installation answers in: as kbsupport-customers.txt documents
// (paging, `include=` and `email=` filters, totals) or as kbsupport-observed.md reports (every list
// parameter ignored, only the 20 highest ids listed). Paging is measured and trusted for a few
// minutes; a filter's trust is set on the same object by the first read that shows it.
import { learned } from '../kit/learned.ts';
import type { RequestScope } from '../request-scope.ts';
import { type KbSupportClient, NEWEST_FIRST } from './client.ts';
import { idNumber } from './ids.ts';

export type FilterTrust = 'untested' | 'honoured' | 'ignored';

export interface Capabilities {
  /** `per_page`/`offset`/`orderby=id&order=desc` are honoured (list-pages.ts pages by them). */
  paging: boolean;
  include: FilterTrust;
  email: FilterTrust;
}

const CAPABILITIES_TTL_MS = 5 * 60_000;

/** The installation's capabilities, measured when first asked and again once they are too old (one measure at a time). */
export function learnInstallation(client: KbSupportClient): (scope: RequestScope) => Promise<Capabilities> {
  const known = learned<Capabilities>(CAPABILITIES_TTL_MS);
  let measuring: Promise<Capabilities> | null = null;

  /** Windows of two, newest first, at offsets 0 and 2: a list that honours paging answers two different, ordered ones. */
  async function measure(scope: RequestScope): Promise<Capabilities> {
    const ask = (offset: string) => client.listIds([['per_page', '2'], ['offset', offset], ...NEWEST_FIRST], scope);
    const [first, second] = await Promise.all([ask('0'), ask('2')]);
    const capabilities: Capabilities = {
      paging: honoursPaging(first.items.map(idNumber), second.items.map(idNumber)),
      include: 'untested',
      email: 'untested',
    };
    known.set(capabilities);
    return capabilities;
  }

  return async (scope) => {
    const current = known.get();
    if (current) return current;
    measuring ??= measure(scope).finally(() => {
      measuring = null;
    });
    return measuring;
  };
}

function honoursPaging(first: number[], second: number[]): boolean {
  if (first.length > 2 || second.length > 2 || !descending(first) || !descending(second)) return false;
  if (first.length < 2) return second.length === 0;
  const lowest = Math.min(...first);
  return second.every((id) => id < lowest);
}

/** Each id below the one before: what a list honouring `orderby=id&order=desc` answers. */
export function descending(ids: readonly number[]): boolean {
  return ids.every((id, index) => index === 0 || id < (ids[index - 1] as number));
}
