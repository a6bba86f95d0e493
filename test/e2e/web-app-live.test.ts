// The example web app's customer list, live, in a real browser: two pages show the same search; a name
// saved in one shows in the other, a customer made directly at a vendor shows in both after the sync's
// tick, a deletion removes its row, and a change made while the connection was down comes once it is back. The gateway keeps the synced index, ticking every half second,
// and runs trusted documents only, on another origin than the app.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomersPageDocument, DeleteCustomerDocument } from '../../schema/generated/graphql.ts';
import { type IndexedGateway, startIndexedGateway } from '../graphql/indexed-setup.ts';
import { launchChromium } from '../support/chromium.ts';
import { answerById, openWebApp, searchIn, startWebAppSite, type WebAppSite, webAppSecurity } from '../support/web-app.ts';

const APP_KEY = 'sbk_example_web_app_key_000001';
/** Generous: how soon a change shows is the live benchmark's question, not this test's. */
const SHOWS = { timeout: 30_000, interval: 200 };

let gateway: IndexedGateway;
let site: WebAppSite;
let browser: Browser;

beforeAll(async () => {
  site = await startWebAppSite();
  gateway = await startIndexedGateway({
    sync: { intervalMs: 500 },
    corsOrigins: [site.origin],
    security: webAppSecurity(APP_KEY, ['customers:read', 'customers:write', 'pii:read']),
  });
  await site.build(`${gateway.origin}/graphql`, APP_KEY);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  site?.close();
});

const rows = (page: Page) => page.getByTestId('result').allTextContents();
const liveState = (page: Page) => page.getByTestId('live-status').getAttribute('data-state');

/** The app showing `search`, its list followed live. */
async function showing(search: string) {
  const opened = await openWebApp(browser, site.origin);
  await searchIn(opened.page, search);
  await expect.poll(() => liveState(opened.page), SHOWS).toBe('live');
  return opened;
}

describe('the live customer list', () => {
  it('shows in one page a name saved in another, a customer made at a vendor after the tick, a deletion, and what it missed while cut off', {
    timeout: 120_000,
  }, async () => {
    const writer = await showing('mensah');
    const watcher = await showing('mensah');
    // Kwame Mensah is in all four sources.
    expect((await rows(watcher.page)).sort()).toEqual([
      'Kwame MensahAMELIA',
      'Kwame MensahCRM',
      'Kwame MensahKB_SUPPORT',
      'Kwame MensahPLATFORM',
    ]);

    await writer.page.getByTestId('result').filter({ hasText: 'CRM' }).click();
    await expect.poll(() => writer.page.getByTestId('customer-name').textContent()).toBe('Kwame Mensah');
    await writer.page.getByTestId('first-name').fill('Kwabena');
    await writer.page.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => writer.page.getByTestId('customer-name').textContent()).toBe('Kwabena Mensah');
    await expect.poll(() => rows(watcher.page), SHOWS).toContain('Kwabena MensahCRM');
    expect(await rows(writer.page)).toContain('Kwabena MensahCRM');
    expect(await rows(watcher.page)).toHaveLength(4);

    // Made at KB Support itself: the sync's next tick finds it, and the list shows it on top.
    gateway.vendors.kbSupport.addCustomer({ name: 'Ama Mensah', email: 'ama.mensah@example.test' });
    await expect.poll(async () => (await rows(watcher.page))[0], SHOWS).toBe('Ama MensahKB_SUPPORT');
    expect(await watcher.page.getByTestId('search-status').textContent()).toBe('5 customers');
    await expect.poll(() => rows(writer.page), SHOWS).toContain('Ama MensahKB_SUPPORT');

    const { data } = await answerById(gateway.origin, APP_KEY, CustomersPageDocument, {
      first: 1,
      filter: { sources: ['CRM'], search: 'mensah' },
    });
    const deleted = await answerById(gateway.origin, APP_KEY, DeleteCustomerDocument, { id: data.customers.edges[0]!.node.id });
    expect(deleted.data.deleteCustomer.__typename).toBe('DeleteCustomerSuccess');
    await expect.poll(() => rows(watcher.page), SHOWS).not.toContain('Kwabena MensahCRM');
    expect(await watcher.page.getByTestId('search-status').textContent()).toBe('4 customers');

    // The connection drops; what happens meanwhile comes when the list is followed again (after: its last event id).
    await gateway.pause();
    await expect.poll(() => liveState(watcher.page), SHOWS).toBe('reconnecting');
    gateway.vendors.kbSupport.addCustomer({ name: 'Kofi Mensah', email: 'kofi.mensah@example.test' });
    await gateway.sync();
    await gateway.resume();
    await expect.poll(() => liveState(watcher.page), SHOWS).toBe('live');
    await expect.poll(async () => (await rows(watcher.page))[0], SHOWS).toBe('Kofi MensahKB_SUPPORT');

    for (const { page, pageErrors, consoleErrors } of [writer, watcher]) {
      expect(pageErrors).toEqual([]);
      // What the browser itself logs for the stream cut off and the fetches it could not send while the gateway was away;
      // the page logs nothing of its own.
      for (const message of consoleErrors) {
        expect(message).toMatch(/^Failed to load resource: net::ERR_(INCOMPLETE_CHUNKED_ENCODING|CONNECTION_REFUSED)$/);
      }
      await page.close();
    }
  });
});
