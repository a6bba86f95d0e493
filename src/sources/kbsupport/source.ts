// KB Support as a CustomerSource (kbsupport-customers.txt, kbsupport-observed.md): customers by id, by
// email, in pages (list-pages.ts) and counted, read only. An installation answers in one of two shapes
// (installation.ts) and every answer is still checked: what the vendor did not filter is filtered here.
import { failedRead, type SourceError } from '../errors.ts';
import { customerHasEmail } from '../kit/customer-filter.ts';
import { chunks, uniqueBy } from '../kit/lists.ts';
import { normalizeEmail } from '../kit/normalize.ts';
import { siteTimeZone } from '../kit/wordpress-site.ts';
import type { CustomerSource } from '../model/index.ts';
import type { RequestScope } from '../request-scope.ts';
import {
  createKbSupportClient,
  hasListSeparator,
  isRejectedParameter,
  type KbSupportClientOptions,
  MAX_PER_PAGE,
  NEWEST_FIRST,
} from './client.ts';
import { idText, isKbSupportId } from './ids.ts';
import { type Capabilities, learnInstallation } from './installation.ts';
import { createListPages, type KbsCustomerOut, type KbsMap, recordHasEmail } from './list-pages.ts';
import { toCustomer } from './map.ts';
import { type KbsCustomer, kbsCustomerSchema } from './payloads.ts';

export interface KbSupportSourceOptions extends KbSupportClientOptions {
  /** KBS_TIMEZONE; unset: the zone the WordPress site publishes at `/wp-json/`. */
  timeZone?: string | undefined;
  /** Where the warning goes when the site's zone cannot be read (kit/wordpress-site.ts). */
  warn?(message: string): void;
}

const EMAILS_PER_CALL = 50;

export function createKbSupportSource(options: KbSupportSourceOptions): CustomerSource {
  const client = createKbSupportClient(options);
  const capabilities = learnInstallation(client);
  const timeZone = siteTimeZone({
    source: 'KB_SUPPORT',
    variable: 'KBS_TIMEZONE',
    configured: options.timeZone,
    readIndex: (scope) => client.siteIndex(scope),
    ...(options.warn ? { warn: options.warn } : {}),
  });
  const mapper = async (scope: RequestScope): Promise<KbsMap> => {
    const zone = await timeZone(scope);
    return (record: KbsCustomer) => toCustomer(record, zone);
  };
  const list = createListPages({ client, capabilities, mapper });

  /** Every record, once per request: what an email lookup reads where the vendor cannot filter. */
  const wholeList = (scope: RequestScope) => list.everyCustomer({}, scope);

  /** Ids asked by id, each by its own read: one that fails fails its id alone. */
  async function eachById(ids: readonly string[], map: KbsMap, scope: RequestScope): Promise<Map<string, KbsCustomerOut | SourceError>> {
    const single = (id: string) => client.single(id, scope).then((record) => (record === null ? null : map(record)));
    const found = await Promise.all(ids.map((id) => single(id).catch(failedRead)));
    return new Map(
      ids.flatMap((id, index) => {
        const entry = found[index];
        return entry ? [[id, entry] as const] : [];
      }),
    );
  }

  /**
   * Ids without `include=`: two or more at or above the lowest id the list showed last are looked up in
   * the list (the call a sameAs walk makes too); the rest, and any the list no longer shows, one by one.
   */
  async function byIdsWithoutInclude(
    ids: readonly string[],
    map: KbsMap,
    scope: RequestScope,
  ): Promise<Map<string, KbsCustomerOut | SourceError>> {
    const floor = list.lowestListed() ?? 0;
    const recent = new Set(ids.filter((id) => Number(id) >= floor));
    if (recent.size < 2) return eachById(ids, map, scope);
    const [older, listed] = await Promise.all([
      eachById(
        ids.filter((id) => !recent.has(id)),
        map,
        scope,
      ),
      list.newestList(scope),
    ]);
    const inList = listed.filter((record) => recent.has(idText(record.id))).map(map);
    const found = new Map<string, KbsCustomerOut | SourceError>(older);
    for (const customer of inList) found.set(customer.sourceId, customer);
    const unlisted = await eachById(
      [...recent].filter((id) => !found.has(id)),
      map,
      scope,
    );
    return new Map([...found, ...unlisted]);
  }

  /** `include=` in one call per 100 ids; null when the installation turns out to ignore it. */
  async function byInclude(
    ids: readonly string[],
    map: KbsMap,
    caps: Capabilities,
    scope: RequestScope,
  ): Promise<Map<string, KbsCustomerOut> | null> {
    try {
      const answers = await Promise.all(
        chunks(ids, MAX_PER_PAGE).map((part) =>
          client.list(
            [
              ['include', part.join(',')],
              ['per_page', String(MAX_PER_PAGE)],
            ],
            scope,
          ),
        ),
      );
      const asked = new Set(ids);
      const records = answers.flatMap((answer) => answer.items);
      if (records.some((record) => !asked.has(idText(record.id)))) {
        caps.include = 'ignored';
        return null;
      }
      caps.include = 'honoured';
      return new Map(records.map((record) => [idText(record.id), map(record)] as const));
    } catch (error) {
      if (!isRejectedParameter(error)) throw error;
      caps.include = 'ignored';
      return null;
    }
  }

  /** One `email=` list call per 50 addresses (plus its further pages); null when the filter is ignored. */
  async function byEmailFilter(
    emails: readonly string[],
    map: KbsMap,
    caps: Capabilities,
    scope: RequestScope,
  ): Promise<KbsCustomerOut[] | null> {
    const wanted = new Set(emails);
    const ask = (part: readonly string[], page: number) =>
      client.list(
        [['email', part.join(',')], ['per_page', String(MAX_PER_PAGE)], ['offset', String((page - 1) * MAX_PER_PAGE)], ...NEWEST_FIRST],
        scope,
      );
    try {
      const answers = await Promise.all(
        chunks(emails, EMAILS_PER_CALL).map(async (part) => {
          const first = await ask(part, 1);
          // Without a total we cannot tell whether a full page was the last.
          if (first.totalPages === null && first.items.length >= MAX_PER_PAGE) return null;
          const more = Array.from({ length: Math.max(0, (first.totalPages ?? 1) - 1) }, (_, index) => ask(part, index + 2));
          return [first, ...(await Promise.all(more))];
        }),
      );
      if (answers.some((pages) => pages === null)) return null;
      const records = uniqueBy(
        answers.flatMap((pages) => pages ?? []).flatMap((answer) => answer.items),
        (record) => idText(record.id),
      );
      // KB Support's own lookup also matches additional emails; the answer is still ours to check.
      if (records.some((record) => !recordHasEmail(record, wanted))) {
        caps.email = 'ignored';
        return null;
      }
      if (records.length > 0) caps.email = 'honoured';
      return records.map(map).filter((customer) => customerHasEmail(customer, wanted));
    } catch (error) {
      if (!isRejectedParameter(error)) throw error;
      caps.email = 'ignored';
      return null;
    }
  }

  return {
    source: 'KB_SUPPORT',

    async getByIds(ids, scope) {
      const wanted = [...new Set(ids.filter((id) => isKbSupportId(id)))];
      if (wanted.length === 0) return ids.map(() => null);
      const [caps, map] = await Promise.all([capabilities(scope), mapper(scope)]);
      const viaInclude = caps.paging && caps.include !== 'ignored' ? await byInclude(wanted, map, caps, scope) : null;
      const found = viaInclude ?? (await byIdsWithoutInclude(wanted, map, scope));
      return ids.map((id) => found.get(id) ?? null);
    },

    listPage: (request, scope) => list.listPage(request.filter, request.token, request.sizeHint, scope),

    async count(filter, scope) {
      const caps = await capabilities(scope);
      if (caps.paging && !filter.search && !filter.email) {
        const answer = await client.listIds(
          [
            ['per_page', '1'],
            ['page', '1'],
          ],
          scope,
        );
        if (answer.total !== null) return answer.total;
      }
      return (await list.everyCustomer(filter, scope)).length;
    },

    prepareEmailLookup(scope) {
      // Without a working email filter findByEmails reads the whole list: start it now.
      capabilities(scope)
        .then((caps) => (caps.paging && caps.email !== 'ignored' ? undefined : wholeList(scope)))
        .catch(() => undefined);
    },

    async findByEmails(emails, scope) {
      const wanted = [...new Set(emails.map(normalizeEmail))].filter((email) => email !== '');
      if (wanted.length === 0) return [];
      const [caps, map] = await Promise.all([capabilities(scope), mapper(scope)]);
      if (caps.paging && caps.email !== 'ignored' && !wanted.some(hasListSeparator)) {
        const filtered = await byEmailFilter(wanted, map, caps, scope);
        if (filtered !== null) return filtered;
      }
      const set = new Set(wanted);
      return (await wholeList(scope)).filter((customer) => customerHasEmail(customer, set));
    },

    async probe(scope) {
      await client.listIds([['per_page', '1']], scope);
    },

    async customerFromStored(raw, scope) {
      const record = kbsCustomerSchema.safeParse(raw);
      return record.success ? (await mapper(scope))(record.data) : null;
    },
  };
}
