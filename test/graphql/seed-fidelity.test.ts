// Every record each sandbox vendor is seeded with, read through the gateway: each value the vendor
// holds comes back in the unified answer (no vendor value dropped or blanked), held against the
// vendor's own record (`sourceRecord`). The seeds include internationalised mailboxes (RFC 6531).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerSourceName } from '../../src/sources/model/index.ts';
import { type GraphQLResponse, startTestGateway, type TestGateway } from '../support/gateway.ts';

interface Unified {
  source: CustomerSourceName;
  sourceRecord: Record<string, unknown>;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  email: string | null;
  additionalEmails: string[];
  phones: Array<{ raw: string }>;
  birthday: string | null;
  gender: string | null;
  note: string | null;
  locale: string | null;
  company: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  amelia: { wordpressUserId: number | null } | null;
  kbSupport: {
    wordpressUserId: number | null;
    companyId: string | null;
    website: string | null;
    address: unknown;
    ticketCount: number | null;
    notes: unknown[];
  } | null;
  platform: { accountId: string | null; customEntryMap: Record<string, unknown> } | null;
  crm: {
    number: string | null;
    cityId: string | null;
    unsubscribed: boolean | null;
    genderCode: number | null;
    archivedAt: string | null;
  } | null;
}

const PAGE = `query Page($sources: [CustomerSource!], $after: String) {
  customers(first: 10, after: $after, filter: { sources: $sources }) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      source sourceRecord firstName lastName displayName email additionalEmails phones { raw }
      birthday gender note locale company createdAt updatedAt
      amelia { wordpressUserId }
      kbSupport { wordpressUserId companyId website address { line1 } ticketCount notes { text } }
      platform { accountId customEntryMap }
      crm { number cityId unsubscribed genderCode archivedAt }
    } }
  }
}`;

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.stop());

interface PageAnswer {
  customers: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: Unified }> };
}

async function everyCustomer(source: CustomerSourceName): Promise<Unified[]> {
  const found: Unified[] = [];
  let after: string | null = null;
  do {
    const answer: GraphQLResponse<PageAnswer> = await gateway.execute<PageAnswer, unknown>(PAGE, { sources: [source], after });
    expect(answer.errors).toBeUndefined();
    const page: PageAnswer['customers'] | undefined = answer.data?.customers;
    found.push(...(page?.edges.map((edge) => edge.node) ?? []));
    after = page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after !== null);
  return found;
}

const present = (value: unknown): boolean =>
  value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0) && value !== 0;

/** Each vendor value that is there, and the unified value it must show up as (not null, not empty). */
type Held = Array<[field: string, vendor: unknown, unified: unknown]>;

function heldValues(customer: Unified): Held {
  const record = customer.sourceRecord;
  switch (customer.source) {
    case 'AMELIA':
      return [
        ['firstName', record.firstName, customer.firstName],
        ['lastName', record.lastName, customer.lastName],
        ['email', record.email, customer.email],
        ['phone', record.phone, customer.phones],
        ['birthday', record.birthday, customer.birthday],
        ['gender', record.gender, customer.gender],
        ['note', record.note, customer.note],
        ['externalId', record.externalId, customer.amelia?.wordpressUserId],
      ];
    case 'KB_SUPPORT': {
      const phone = record.phone as { primary?: string; additional?: string } | undefined;
      return [
        ['name', record.name, customer.displayName],
        ['email', record.email, customer.email],
        ['additional_emails', record.additional_emails, customer.additionalEmails],
        ['phone.primary', phone?.primary, customer.phones],
        ['phone.additional', phone?.additional, customer.phones[1]],
        ['website', record.website, customer.kbSupport?.website],
        ['address', record.address, customer.kbSupport?.address],
        // A company post id; "0" is none.
        ['company', record.company === '0' ? null : record.company, customer.kbSupport?.companyId],
        ['user_id', record.user_id, customer.kbSupport?.wordpressUserId],
        ['date_created', record.date_created, customer.createdAt],
        ['notes', record.notes, customer.kbSupport?.notes],
      ];
    }
    case 'PLATFORM': {
      const attributes = record.attributes as Record<string, unknown>;
      return [
        ['given_name', attributes.given_name, customer.firstName],
        ['family_name', attributes.family_name, customer.lastName],
        ['email', attributes.email, customer.email],
        ['mobile', attributes.mobile, customer.phones],
        ['phone', attributes.phone, customer.phones],
        ['company', attributes.company, customer.company],
        ['sex', attributes.sex, customer.gender],
        ['birth_date', attributes.birth_date, customer.birthday],
        ['locale', attributes.locale, customer.locale],
        ['account_id', attributes.account_id, customer.platform?.accountId],
        ['custom_entry_map', attributes.custom_entry_map, customer.platform?.customEntryMap],
      ];
    }
    case 'CRM':
      return [
        ['firstName', record.firstName, customer.firstName],
        ['lastName', record.lastName, customer.lastName],
        ['email', record.email, customer.email],
        ['phone', record.phone, customer.phones],
        ['birthDate', record.birthDate, customer.birthday],
        ['gender', (record.gender as { code?: number } | undefined)?.code, customer.crm?.genderCode],
        ['internalNote', record.internalNote, customer.note],
        ['number', record.number, customer.crm?.number],
        ['cityId', record.cityId, customer.crm?.cityId],
        ['unsubscribed', record.unsubscribed, customer.crm?.unsubscribed],
        ['createdAt', record.createdAt, customer.createdAt],
        ['updatedAt', record.updatedAt, customer.updatedAt],
        ['archivedAt', record.archivedAt, customer.crm?.archivedAt],
      ];
    default:
      return [];
  }
}

describe.each(['AMELIA', 'KB_SUPPORT', 'PLATFORM', 'CRM'] as const)('every %s seed record', (source) => {
  it('keeps each value its vendor holds', async () => {
    const customers = await everyCustomer(source);
    expect(customers.length).toBeGreaterThan(10);
    const dropped = customers.flatMap((customer) =>
      heldValues(customer)
        .filter(([, vendor, unified]) => present(vendor) && !present(unified) && unified !== false)
        .map(([field, vendor]) => `${customer.displayName ?? customer.sourceRecord.id}: ${field} ${JSON.stringify(vendor)}`),
    );
    expect(dropped).toEqual([]);
  });
});

it('answers internationalised mailboxes as the vendors hold them, and finds them by email', async () => {
  for (const email of ['chloé.lefèvre@example.test', 'mateo.garcía@exämple.test']) {
    const answer = await gateway.execute<{ customers: { edges: Array<{ node: { source: string; email: string } }> } }, unknown>(
      'query ($email: EmailAddress!) { customers(first: 10, filter: { email: $email }) { edges { node { source email } } } }',
      { email },
    );
    expect(answer.errors).toBeUndefined();
    const found = answer.data?.customers.edges.map((edge) => edge.node) ?? [];
    expect(found.map((node) => node.source).sort()).toEqual(['AMELIA', 'CRM', 'KB_SUPPORT', 'PLATFORM']);
    expect(found.every((node) => node.email === email)).toBe(true);
  }
});
