// The example web app in a real browser (Debian's chromium, driven by playwright-core) against a
// gateway on the sandbox in trusted-documents mode, across origins (CORS) with the CSRF header.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerPlatformDetailsDocument, CustomersPageDocument } from '../../schema/generated/graphql.ts';
import { FIELD_IDS } from '../../src/sandbox/platform/data.ts';
import { launchChromium } from '../support/chromium.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { answerById, openWebApp, searchIn, startWebAppSite, type WebAppSite, webAppSecurity } from '../support/web-app.ts';

const APP_KEY = 'sbk_example_web_app_key_000001';

let gateway: TestGateway;
let site: WebAppSite;
let siteOrigin: string;
let browser: Browser;

beforeAll(async () => {
  site = await startWebAppSite();
  siteOrigin = site.origin;
  gateway = await startTestGateway({
    // A PLATFORM that lists its custom field definitions: the app's form offers every field, held or not.
    sandbox: { undocumented: new Set(['platform-custom-fields-route']) },
    corsOrigins: [siteOrigin],
    security: webAppSecurity(APP_KEY, ['customers:read', 'customers:write', 'employees:read', 'pii:read']),
  });
  await site.build(`${gateway.origin}/graphql`, APP_KEY);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  site?.close();
});

const trustedAnswer = <Data, Variables>(document: TypedDocumentNode<Data, Variables>, variables: Variables) =>
  answerById(gateway.origin, APP_KEY, document, variables);

async function jordanKimId(): Promise<string> {
  const { data } = await trustedAnswer(CustomersPageDocument, { first: 5, filter: { sources: ['PLATFORM'], search: 'Jordan Kim' } });
  return data.customers.edges[0]!.node.id;
}

/** Jordan Kim's custom fields as the PLATFORM holds them, read past the app. */
async function jordanKimFields() {
  return (await trustedAnswer(CustomerPlatformDetailsDocument, { id: await jordanKimId() })).data.customer!.customFields ?? [];
}

const openApp = () => openWebApp(browser, siteOrigin);

/** The area shows a failure with this message and a Retry button (and nothing else). */
async function expectFailure(area: Locator, message: string | RegExp): Promise<void> {
  await expect.poll(() => area.getByTestId('failure').count()).toBe(1);
  expect(await area.getByTestId('failure').textContent()).toMatch(message);
  expect(await area.getByRole('button', { name: 'Retry' }).isVisible()).toBe(true);
}

const retry = (area: Locator) => area.getByRole('button', { name: 'Retry' }).click();
const UNREACHABLE = /^The gateway cannot be reached/;

/** Runs `steps` with the gateway's port closed, and opens it again whatever happens. */
async function whileGatewayDown(steps: () => Promise<void>): Promise<void> {
  await gateway.pause();
  try {
    await steps();
  } finally {
    await gateway.resume();
  }
}

async function expectHeadedWeek(page: Page): Promise<void> {
  const week = page.getByTestId('week');
  expect(await week.locator('thead th[scope="col"]').allTextContents()).toEqual(['Day', 'Hours', 'Breaks']);
  expect(await week.locator('tbody tr').count()).toBeGreaterThan(0);
  expect(await week.locator('tbody tr').count()).toBe(await week.locator('tbody th[scope="row"]').count());
}

describe('the example web app', () => {
  it('searches every source, opens a customer with its records elsewhere, and saves a custom field without losing the others', async () => {
    const { page } = await openApp();
    await searchIn(page, 'jordan');
    await expect.poll(() => page.getByTestId('result').count()).toBeGreaterThan(3);
    expect(await page.getByTestId('search-status').textContent()).toMatch(/^\d+ customers$/);
    // This gateway keeps no synced index: the list says it is not live (web-app-live.test.ts has one that does).
    await expect.poll(() => page.getByTestId('live-status').textContent()).toMatch(/^Not live: live updates need the synced index/);

    // Jordan Kim is in all four sources: the PLATFORM record shows the other three and its custom fields.
    await page.getByTestId('result').filter({ hasText: 'Jordan Kim' }).filter({ hasText: 'PLATFORM' }).click();
    await expect.poll(() => page.getByTestId('customer-name').textContent()).toBe('Jordan Kim');
    const sameAs = await page.getByTestId('same-as').textContent();
    for (const source of ['AMELIA', 'KB_SUPPORT', 'CRM']) expect(sameAs).toContain(source);

    const others = (fields: Awaited<ReturnType<typeof jordanKimFields>>) =>
      fields.filter((field) => field.fieldId !== FIELD_IDS.memberNumber);
    const before = others(await jordanKimFields());
    expect(before.length).toBeGreaterThan(0);

    await page.getByTestId('field-Member Number').fill('JK-2026');
    await page.getByRole('button', { name: 'Save custom fields' }).click();
    await expect.poll(() => page.getByTestId('saved').count()).toBe(1);
    expect(await page.getByTestId('field-Member Number').inputValue()).toBe('JK-2026');

    // MERGE: what the page did not touch is still there, as the vendor has it.
    const fields = await jordanKimFields();
    expect(fields.find((field) => field.fieldId === FIELD_IDS.memberNumber)?.text).toBe('JK-2026');
    expect(others(fields)).toEqual(before);
    await page.close();
  });

  it("shows an employee's week in a table with column headers", async () => {
    const { page } = await openApp();
    await page.getByTestId('nav-employees').click();
    await expect.poll(() => page.getByTestId('employee').count()).toBeGreaterThan(3);
    await page.getByTestId('employee').first().click();
    await expect.poll(() => page.getByTestId('employee-name').count()).toBe(1);
    expect(await page.getByTestId('week').textContent()).toMatch(/Bookable|Not bookable/);
    await expectHeadedWeek(page);
    await page.close();
  });

  it('has an icon of its own: the browser asks for no /favicon.ico and gets no 404', async () => {
    const { page, failedRequests } = await openApp();
    await page.waitForTimeout(300);
    expect(failedRequests).toEqual([]);
    const href = await page.locator('link[rel="icon"]').getAttribute('href', { timeout: 1_000 });
    expect(href).toMatch(/^data:image\/svg\+xml,/);
    // The icon is a picture the browser can draw, not just a link.
    const width = await page.evaluate(async (source) => {
      const image = Object.assign(new Image(), { src: source });
      await image.decode();
      return image.naturalWidth;
    }, href ?? '');
    expect(width).toBeGreaterThan(0);
    await page.close();
  });

  it('shows every failed request where it failed, with a Retry that repeats that request once the gateway is back', async () => {
    const { page, pageErrors, consoleErrors } = await openApp();
    const results = page.getByTestId('results');
    const customer = page.getByTestId('customer');
    const employees = page.getByTestId('employee-list');
    const week = page.getByTestId('week');
    const jordanKim = results.getByTestId('result').filter({ hasText: 'Jordan Kim' }).filter({ hasText: 'PLATFORM' });
    await searchIn(page, 'jordan');
    await expect.poll(() => jordanKim.count()).toBe(1);

    await whileGatewayDown(async () => {
      await jordanKim.click();
      await expectFailure(customer, UNREACHABLE);
      await searchIn(page, 'kim');
      await expectFailure(results, UNREACHABLE);
      await page.getByTestId('nav-employees').click();
      await expectFailure(employees, UNREACHABLE);
    });

    await retry(employees);
    await expect.poll(() => employees.getByTestId('employee').count()).toBeGreaterThan(3);
    await whileGatewayDown(async () => {
      await employees.getByTestId('employee').first().click();
      await expectFailure(week, UNREACHABLE);
    });
    await retry(week);
    await expect.poll(() => week.getByTestId('employee-name').count()).toBe(1);
    await expectHeadedWeek(page);

    // Retry repeats the search that failed ("kim"), not what the box holds by now.
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('search-input').fill('no such person anywhere');
    await retry(results);
    await expect.poll(() => results.getByTestId('search-status').textContent()).toMatch(/^[1-9]\d* customers$/);
    for (const name of await results.getByTestId('result').allTextContents()) expect(name).toMatch(/kim/i);

    await retry(customer);
    await expect.poll(() => customer.getByTestId('customer-name').textContent()).toBe('Jordan Kim');
    const field = customer.getByTestId('field-Member Number');
    await expect.poll(() => field.count()).toBe(1);

    // A save that fails is sent again by Retry with the values it had, whatever the form holds by then.
    await field.fill('JK-RETRY');
    await whileGatewayDown(async () => {
      await customer.getByRole('button', { name: 'Save custom fields' }).click();
      await expectFailure(customer.getByTestId('save-status'), UNREACHABLE);
    });
    await field.fill('never sent');
    await retry(customer.getByTestId('save-status'));
    await expect.poll(() => customer.getByTestId('saved').count()).toBe(1);
    expect(await customer.getByTestId('field-Member Number').inputValue()).toBe('JK-RETRY');
    expect((await jordanKimFields()).find((stored) => stored.fieldId === FIELD_IDS.memberNumber)?.text).toBe('JK-RETRY');

    // The PLATFORM failing its custom fields fails that section alone, with the gateway's own message.
    const platform = gateway.vendors.platform.server;
    platform.injectFault({ fault: { kind: 'status', status: 503 }, when: (request) => request.path.startsWith('/api/v1/custom-fields') });
    const section = customer.getByTestId('custom-fields-section');
    try {
      await searchIn(page, 'jordan');
      await expect.poll(() => jordanKim.count()).toBe(1);
      await jordanKim.click();
      await expect.poll(() => customer.getByTestId('customer-name').textContent()).toBe('Jordan Kim');
      const { errors } = await trustedAnswer(CustomerPlatformDetailsDocument, { id: await jordanKimId() });
      const message = errors.find((error) => error.path?.join('.') === 'customer.customFields')?.message;
      await expectFailure(section, message ?? /the gateway gave no message for customer.customFields/);
    } finally {
      platform.clearFaults();
    }
    await retry(section);
    await expect.poll(() => section.getByTestId('field-Member Number').inputValue()).toBe('JK-RETRY');

    expect(pageErrors).toEqual([]);
    // What the browser itself logs for a fetch it could not send; the page logs nothing of its own.
    expect(consoleErrors.length).toBeGreaterThan(0);
    for (const message of consoleErrors) expect(message).toMatch(/^Failed to load resource: net::ERR_CONNECTION_REFUSED$/);
    await page.close();
  });
});
