// GraphiQL's subscription tab in a real browser, on a gateway with the synced index (as `npm start`
// serves it): ▶ opens the event stream, a write made meanwhile shows as its event, ■ ends the stream.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateCustomerDocument } from '../../schema/generated/graphql.ts';
import { sandboxCustomer } from '../../src/graphiql/sandbox-ids.ts';
import { exampleTabs } from '../../src/graphiql/tabs.ts';
import { type IndexedGateway, startIndexedGateway } from '../graphql/indexed-setup.ts';
import { launchChromium } from '../support/chromium.ts';

const TABS = exampleTabs({ writeExamples: true, credentialsRequired: false });
const SUBSCRIPTION_TAB = TABS.findIndex((example) => example.operation.name === 'CustomerChanged') + 1;

let gateway: IndexedGateway;
let browser: Browser;

beforeAll(async () => {
  gateway = await startIndexedGateway();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
});

describe('the subscription tab', () => {
  it('shows the event of a write made while it runs, and ■ ends its stream', { timeout: 60_000 }, async () => {
    expect(SUBSCRIPTION_TAB).toBeGreaterThan(0);
    const context = await browser.newContext();
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${gateway.origin}/graphql`);
    await expect.poll(() => page.locator('.graphiql-tab').count()).toBe(TABS.length + 1);
    await page.locator(`#graphiql-session-tab-${SUBSCRIPTION_TAB}`).click();
    const isStream = (request: { method(): string; postDataJSON(): { operationName?: string } | null }) =>
      request.method() === 'POST' && request.postDataJSON()?.operationName === 'CustomerChanged';
    const opened = page.waitForResponse((response) => isStream(response.request()));
    await page.locator('.graphiql-execute-button').click();
    expect((await opened).headers()['content-type']).toMatch(/^text\/event-stream/);
    // The stream takes its place in the change log as it starts; a write just after it is heard.
    await new Promise((resolve) => setTimeout(resolve, 200));

    const id = sandboxCustomer('CRM', 'kwame.mensah@example.test');
    const written = await gateway.execute(UpdateCustomerDocument, { id, input: { firstName: 'Kwabena' } });
    expect(written.data?.updateCustomer.__typename).toBe('UpdateCustomerSuccess');
    // The result editor shows spaces as no-break spaces.
    const result = async () => ((await page.locator('.result-window').textContent()) ?? '').replace(/\s+/g, ' ');
    await expect.poll(result, { timeout: 20_000 }).toContain('"Kwabena"');
    expect(await result()).toMatch(/"kind": "UPDATED",.*"origin": "GATEWAY_WRITE",.*"source": "CRM",/);

    const ended = page.waitForEvent('requestfailed', (request) => isStream(request));
    await page.locator('.graphiql-execute-button').click();
    expect((await ended).failure()?.errorText).toMatch(/ABORTED/);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
