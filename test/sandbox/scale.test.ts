// The sandbox at scale (SANDBOX_CUSTOMERS=N): N generated customers per vendor after the hand-written
// seed people, read over HTTP through each vendor's own paging. Deterministic, varied like the seed,
// shared across vendors by email, stored each vendor's way with its own kind of ids. (How cheap a page
// is at 100,000: bench/sandbox-scale.ts.)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type SandboxVendors, startSandboxVendors } from '../../src/sandbox/index.ts';
import { SEED_SLICES } from '../../src/sandbox/seed.ts';
import { isCrmCustomerId } from '../../src/sources/crm/ids.ts';
import { isPlatformId } from '../../src/sources/platform/ids.ts';
import { startTestGateway } from '../support/gateway.ts';
import { everyVendorsCustomers, kbSupportCustomer, kbSupportObservedList, type ListedCustomer } from './vendor-lists.ts';

const N = 1_000;
type Listings = Awaited<ReturnType<typeof everyVendorsCustomers>>;
type Vendor = keyof Listings;
const VENDORS: readonly Vendor[] = ['AMELIA', 'KB_SUPPORT', 'PLATFORM', 'CRM'];

/** The records as sent, with the server's own address (in links) taken out: two starts listen on different ports. */
function portable(vendors: SandboxVendors, listings: Listings): string {
  let json = JSON.stringify(VENDORS.map((vendor) => listings[vendor].map((customer) => customer.raw)));
  for (const server of [vendors.amelia.server, vendors.kbSupport.server, vendors.platform.server, vendors.crm.server]) {
    json = json.replaceAll(server.url, 'http://sandbox');
  }
  return json;
}

const generated = (listings: Listings, vendor: Vendor): ListedCustomer[] => listings[vendor].slice(SEED_SLICES[vendor].length);
const lowerEmails = (customers: ListedCustomer[]) =>
  new Set(customers.flatMap((customer) => (customer.email ? [customer.email.toLowerCase()] : [])));

describe(`SANDBOX_CUSTOMERS=${N}`, () => {
  let vendors: SandboxVendors;
  let listings: Listings;
  beforeAll(async () => {
    vendors = await startSandboxVendors({ customers: N });
    listings = await everyVendorsCustomers(vendors);
  }, 60_000);
  afterAll(() => vendors.stop());

  it('lists N + seed customers per vendor through its own paging, none twice, with ids of its own kind', () => {
    for (const vendor of VENDORS) {
      const ids = listings[vendor].map((customer) => customer.id);
      expect(ids, vendor).toHaveLength(SEED_SLICES[vendor].length + N);
      expect(new Set(ids).size, vendor).toBe(ids.length);
    }
    const integers = (vendor: Vendor) => listings[vendor].every((customer) => /^[1-9]\d*$/.test(customer.id));
    expect(integers('AMELIA') && integers('KB_SUPPORT')).toBe(true);
    expect(listings.PLATFORM.every((customer) => isPlatformId(customer.id))).toBe(true);
    expect(listings.CRM.every((customer) => isCrmCustomerId(customer.id))).toBe(true);
  });

  it('starts with the seed people as they were, and gives the same records on every start', async () => {
    const again = await startSandboxVendors({ customers: N });
    const seedOnly = await startSandboxVendors();
    try {
      expect(portable(again, await everyVendorsCustomers(again))).toBe(portable(vendors, listings));
      const seedListings = await everyVendorsCustomers(seedOnly);
      const prefix = Object.fromEntries(VENDORS.map((vendor) => [vendor, listings[vendor].slice(0, SEED_SLICES[vendor].length)]));
      expect(portable(vendors, prefix as Listings)).toBe(portable(seedOnly, seedListings));
    } finally {
      await Promise.all([again.stop(), seedOnly.stop()]);
    }
  }, 60_000);

  it('shares 3 in 10 generated people with other vendors by email, some with all four', () => {
    const emails = Object.fromEntries(VENDORS.map((vendor) => [vendor, lowerEmails(generated(listings, vendor))])) as Record<
      Vendor,
      Set<string>
    >;
    for (const vendor of VENDORS) {
      const elsewhere = [...emails[vendor]].filter((email) => VENDORS.some((other) => other !== vendor && emails[other].has(email)));
      // 30 % shared, 94 % of them with an email.
      expect(elsewhere.length / N, vendor).toBeGreaterThan(0.25);
      expect(elsewhere.length / N, vendor).toBeLessThan(0.31);
    }
    const inAllFour = [...emails.AMELIA].filter((email) => VENDORS.every((vendor) => emails[vendor].has(email)));
    expect(inAllFour.length).toBeGreaterThan(10);
  });

  it('varies like the seed: scripts, accents, missing fields, phone forms, mailboxes, 29 February', () => {
    const people = generated(listings, 'CRM');
    const share = (holds: (customer: ListedCustomer) => boolean) => people.filter(holds).length / people.length;
    expect(
      share((c) => /\p{Script=Cyrillic}|\p{Script=Han}|\p{Script=Arabic}|\p{Script=Greek}|\p{Script=Hangul}/u.test(`${c.firstName}`)),
    ).toBeGreaterThan(0.05);
    expect(share((c) => /[À-ž]/u.test(`${c.firstName}${c.lastName}`))).toBeGreaterThan(0.05);
    expect(share((c) => c.email === null)).toBeGreaterThan(0.02);
    expect(share((c) => c.phone === null)).toBeGreaterThan(0.08);
    expect(share((c) => c.phone?.startsWith('+') === true)).toBeGreaterThan(0.2);
    expect(share((c) => c.phone !== null && !c.phone.startsWith('+'))).toBeGreaterThan(0.2);
    expect(share((c) => /[^\p{ASCII}]/u.test(c.email ?? ''))).toBeGreaterThan(0.02);
    expect(share((c) => c.email !== null && c.email !== c.email.toLowerCase())).toBeGreaterThan(0.005);
    expect(share((c) => c.note !== null)).toBeGreaterThan(0.05);
    expect(share((c) => c.birthday !== null)).toBeGreaterThan(0.4);
    const everyone = VENDORS.flatMap((vendor) => generated(listings, vendor));
    expect(everyone.some((customer) => customer.birthday?.endsWith('-02-29'))).toBe(true);
    expect(generated(listings, 'PLATFORM').some((customer) => customer.raw.company !== null)).toBe(true);
    expect(generated(listings, 'KB_SUPPORT').some((customer) => Number(customer.raw.company) > 0)).toBe(true);
  });

  it('serves KB Support as installations do too: the 20 highest ids, and each customer by id', async () => {
    const documented = listings.KB_SUPPORT;
    const top = await kbSupportObservedList(vendors);
    expect(top.map((customer) => customer.id)).toEqual(
      documented
        .slice(-20)
        .reverse()
        .map((customer) => customer.id),
    );
    // Observed records hold what documented ones do, in their own shapes (string ids, empty fields left out).
    for (const expected of documented.filter((_customer, index) => index % 25 === 0)) {
      const observed = await kbSupportCustomer(vendors, expected.id);
      expect({ ...observed, raw: null }).toEqual({ ...expected, raw: null });
      expect(observed.raw.id).toBe(expected.id);
    }
  });
});

describe('through the gateway', () => {
  it('counts the generated customers with the seed ones', { timeout: 60_000 }, async () => {
    const gateway = await startTestGateway({ sandbox: { customers: N } });
    try {
      const answer = await gateway.execute<{ customers: { totalCount: number } }, unknown>(
        '{ customers(first: 10, filter: { sources: [CRM] }) { totalCount } }',
      );
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.customers.totalCount).toBe(SEED_SLICES.CRM.length + N);
    } finally {
      await gateway.stop();
    }
  });

  it('is SANDBOX_CUSTOMERS for npm start', { timeout: 60_000 }, async () => {
    expect(loadConfig({ SANDBOX_CUSTOMERS: '250' }).sandboxCustomers).toBe(250);
    expect(loadConfig({}).sandboxCustomers).toBe(0);
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const main = spawn(`${root}node_modules/.bin/node`, ['src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', PORT: '0', SANDBOX: '1', SANDBOX_CUSTOMERS: '250', LOG_FORMAT: 'json', INDEX: 'off' },
    });
    try {
      let output = '';
      main.stdout.setEncoding('utf8');
      const origin = await new Promise<string>((resolve, reject) => {
        main.stdout.on('data', (chunk: string) => {
          output += chunk;
          const found = /GraphQL at (http:\/\/localhost:\d+)\/graphql/.exec(output)?.[1];
          if (found) resolve(found);
        });
        main.once('exit', () => reject(new Error(`exited before listening: ${output}`)));
      });
      const response = await fetch(`${origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ customers(first: 1, filter: { sources: [PLATFORM] }) { totalCount } }' }),
      });
      const body = (await response.json()) as { data?: { customers: { totalCount: number } } };
      expect(body.data?.customers.totalCount).toBe(SEED_SLICES.PLATFORM.length + 250);
    } finally {
      main.kill('SIGTERM');
      if (main.exitCode === null) await once(main, 'exit');
    }
  });
});
