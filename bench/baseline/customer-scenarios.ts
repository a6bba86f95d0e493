// The baseline's answers to the customer scenarios of bench/scenarios.ts: (a) one customer, (b)
// customers by id with sameAs, custom fields and identifiers, (c) a search across the sources,
// (e) a CRM note written and read back, (f) the first page of three sources.
import { AUTH, CRM_URL, type Source } from './config.ts';
import { type Customer, fromAmelia, fromCrm, fromPlatform, matches, normalizeEmail } from './customer.ts';
import type { AmeliaCustomerRecord, AmeliaList, CrmEnvelope, CrmUser } from './payloads.ts';
import {
  ameliaCustomer,
  ameliaSearch,
  ameliaUrl,
  crmEverything,
  crmSingle,
  getJson,
  kbsEverything,
  kbsSingle,
  oneCustomer,
  platformAll,
  platformFieldLabels,
  platformIdentifiers,
  platformList,
  vendor,
} from './vendor-calls.ts';

function fullCustomer(customer: Customer): Record<string, unknown> {
  return {
    id: customer.id,
    source: customer.source,
    sourceId: customer.sourceId,
    displayName: customer.displayName,
    firstName: customer.firstName,
    lastName: customer.lastName,
    email: customer.email,
    phone: customer.phone,
    ...customer.extra,
  };
}

/** (a) */
export async function customerById(source: Source, id: string): Promise<unknown> {
  const customer = await oneCustomer(source, id);
  return { data: { customer: customer ? fullCustomer(customer) : null } };
}

/** (b): by id per source, and sameAs by email in the other sources, everything as early as it can start. */
export async function customersByIds(ids: Array<{ source: Source; id: string }>): Promise<unknown> {
  const of = (source: Source) => [...new Set(ids.filter((key) => key.source === source).map((key) => key.id))];
  const platformIds = of('PLATFORM');
  const kbsAll = kbsEverything();
  const crmAll = crmEverything();
  const labels = platformIds.length > 0 ? platformFieldLabels() : Promise.resolve(new Map<string, string>());
  const identifiers = new Map(platformIds.map((id) => [id, platformIdentifiers(id)]));
  // Started now, awaited later: a failure elsewhere must not leave them as unhandled rejections.
  for (const pending of [kbsAll, crmAll, labels, ...identifiers.values()]) pending.catch(() => undefined);
  const platformById =
    platformIds.length === 0
      ? Promise.resolve([])
      : platformList({ 'filter[id]': platformIds.join(','), 'page[number]': '1', 'page[size]': String(platformIds.length) }).then(
          (document) => document.data.map(fromPlatform),
        );
  const byId = await Promise.all([
    Promise.all(of('AMELIA').map(ameliaCustomer)),
    Promise.all(of('KB_SUPPORT').map(kbsSingle)),
    platformById,
    Promise.all(of('CRM').map(crmSingle)),
  ]);
  const found = new Map(
    byId.flat().flatMap((customer) => (customer ? [[`${customer.source}:${customer.sourceId}`, customer] as const] : [])),
  );
  const customers = [...found.values()];
  // The addresses each source is asked about: those of the customers from the other sources.
  const emailsFor = (source: Source) => [
    ...new Set(customers.filter((c) => c.source !== source && c.email).map((c) => normalizeEmail(c.email ?? ''))),
  ];
  const [ameliaMatches, platformMatches] = await Promise.all([
    Promise.all(
      emailsFor('AMELIA').map(async (email) =>
        (await ameliaSearch(email, 1)).users.map(fromAmelia).filter((customer) => customer.emails.includes(email)),
      ),
    ),
    Promise.all(
      emailsFor('PLATFORM').map(async (email) =>
        (await platformList({ 'filter[email]': email, 'page[number]': '1', 'page[size]': '100' })).data
          .map(fromPlatform)
          .filter((customer) => customer.emails.includes(email)),
      ),
    ),
  ]);
  const pool = [...ameliaMatches.flat(), ...(await kbsAll), ...platformMatches.flat(), ...(await crmAll)];
  const byEmail = Map.groupBy(
    pool.flatMap((customer) => customer.emails.map((email) => ({ email, customer }))),
    (entry) => entry.email,
  );
  const fieldLabels = await labels;
  const nodes = await Promise.all(
    ids.map(async (key) => {
      const customer = found.get(`${key.source}:${key.id}`);
      if (!customer) return null;
      const email = customer.email ? normalizeEmail(customer.email) : null;
      const seen = new Set<string>();
      const sameAs = (email ? (byEmail.get(email) ?? []) : [])
        .map((entry) => entry.customer)
        .filter((other) => other.source !== customer.source && !seen.has(other.id) && seen.add(other.id))
        .map((other) => ({ id: other.id, source: other.source, email: other.email }));
      const customFields = Object.entries(customer.platformEntries).map(([fieldId, entry]) => ({
        fieldId,
        label: fieldLabels.get(fieldId) ?? entry.label ?? null,
        formattedValue: entry.formatted_value ?? null,
      }));
      return {
        id: customer.id,
        source: customer.source,
        sourceId: customer.sourceId,
        displayName: customer.displayName,
        email: customer.email,
        sameAs,
        customFields,
        identifiers: customer.source === 'PLATFORM' ? await (identifiers.get(customer.sourceId) ?? Promise.resolve([])) : [],
      };
    }),
  );
  return { data: { nodes } };
}

/** (f): one list call per vendor, all three at once; each answer says whether more follow. */
export async function firstPages(first: number): Promise<unknown> {
  const page = (customers: Customer[], more: boolean) => ({
    pageInfo: { hasNextPage: more || customers.length > first },
    edges: customers.slice(0, first).map((customer) => ({
      node: {
        id: customer.id,
        sourceId: customer.sourceId,
        firstName: customer.firstName,
        lastName: customer.lastName,
        email: customer.email,
      },
    })),
  });
  const [amelia, platform, crm] = await Promise.all([
    getJson<AmeliaList<AmeliaCustomerRecord>>('AMELIA', ameliaUrl('/users/customers', '&page=1')).then((answer) => {
      const users = answer.data.users;
      return page(users.map(fromAmelia), users.length < (answer.data.filteredCount ?? 0));
    }),
    platformList({ 'page[number]': '1', 'page[size]': String(first) }).then((document) =>
      page(document.data.map(fromPlatform), (document.meta?.page?.lastPage ?? 1) > 1),
    ),
    getJson<CrmEnvelope<{ users: CrmUser[]; next?: string | null }>>('CRM', `${CRM_URL}/v1/crm/customers`).then((answer) =>
      page(answer.data.users.map(fromCrm), Boolean(answer.data.next)),
    ),
  ]);
  return { data: { amelia, platform, crm } };
}

/** (c): every source at once, pages in enum order, a total over all. */
export async function search(term: string, first: number): Promise<unknown> {
  const amelia = (async () => {
    const page1 = await ameliaSearch(term, 1);
    const size = Math.max(1, page1.users.length);
    const filtered = page1.filteredCount ?? page1.users.length;
    const pagesNeeded = Math.min(Math.ceil(Math.min(filtered, first + 1) / size), 100);
    const more = await Promise.all(Array.from({ length: Math.max(0, pagesNeeded - 1) }, (_, index) => ameliaSearch(term, index + 2)));
    const customers = [page1, ...more].flatMap((page) => page.users.map(fromAmelia)).filter((customer) => matches(customer, term));
    return { customers, total: filtered };
  })();
  const local = async (all: Promise<Customer[]>) => {
    const customers = (await all).filter((customer) => matches(customer, term));
    return { customers, total: customers.length };
  };
  const results = await Promise.all([
    amelia,
    local(kbsEverything()),
    local(platformAll({ 'filter[search]': term })),
    local(crmEverything()),
  ]);
  const all = results.flatMap((result) => result.customers);
  const edges = all.slice(0, first).map((customer) => ({
    node: {
      id: customer.id,
      source: customer.source,
      sourceId: customer.sourceId,
      displayName: customer.displayName,
      email: customer.email,
      phone: customer.phone,
    },
  }));
  return {
    data: {
      customers: {
        totalCount: results.reduce((sum, result) => sum + result.total, 0),
        pageInfo: { hasNextPage: all.length > first, endCursor: edges.length > 0 ? String(edges.length - 1) : null },
        edges,
      },
    },
  };
}

/** (e): the CRM's PATCH answers only `succeed`, so the customer is read back. */
export async function updateNote(id: string, note: string): Promise<unknown> {
  const url = `${CRM_URL}/v1/crm/customers/${encodeURIComponent(id)}`;
  const answer = await vendor
    .patch(url, { headers: AUTH.CRM, json: { params: { id, internalNote: note } } })
    .json<CrmEnvelope<{ succeed?: boolean }>>();
  if (answer.data.succeed !== true) return { data: { updateCustomer: { __typename: 'WriteOutcomeUnknown', message: 'not confirmed' } } };
  const customer = await crmSingle(id);
  return {
    data: {
      updateCustomer: {
        __typename: 'UpdateCustomerSuccess',
        customer: { id: customer.id, note: customer.extra.note, updatedAt: customer.extra.updatedAt },
      },
    },
  };
}
