// GraphiQL in a real browser (Debian's chromium, driven by playwright-core) on a gateway in front of
// the sandbox vendors, as `npm start` serves it: every example tab runs with ▶ as it opens, tabs take
// clicks at once, the Variables pane and the Explorer are there, nothing comes from another origin,
// and a second visit loads next to nothing.

import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { type GraphQLInterfaceType, isInterfaceType } from 'graphql';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleTabs } from '../../src/graphiql/tabs.ts';
import { DEVELOPMENT_SECURITY } from '../../src/plugins/security.ts';
import { schema } from '../../src/schema/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

const TABS = exampleTabs({ writeExamples: true, credentialsRequired: false });
const errorInterface = schema.getType('Error');
const ERROR_RESULT_TYPES = new Set(
  isInterfaceType(errorInterface) ? schema.getImplementations(errorInterface as GraphQLInterfaceType).objects.map((type) => type.name) : [],
);

let gateway: TestGateway;
let browser: Browser;

beforeAll(async () => {
  gateway = await startTestGateway();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
});

interface OpenedGraphiQL {
  context: BrowserContext;
  page: Page;
  /** Every URL the page asked for. */
  requested: string[];
  pageErrors: string[];
}

/** GraphiQL in a fresh browser profile (no tabs kept from an earlier visit). */
async function openGraphiQL(): Promise<OpenedGraphiQL> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const opened: OpenedGraphiQL = { context, page, requested: [], pageErrors: [] };
  page.on('request', (request) => opened.requested.push(request.url()));
  page.on('pageerror', (error) => opened.pageErrors.push(error.message));
  await page.goto(`${gateway.origin}/graphql`);
  return opened;
}

const tab = (page: Page, index: number) => page.locator(`#graphiql-session-tab-${index}`);
const activeTab = (page: Page) => page.evaluate(`document.querySelector('.graphiql-tab-active .graphiql-tab-button')?.id`);
const shown = (page: Page, selector: string) =>
  page.evaluate(`(document.querySelector(${JSON.stringify(selector)})?.innerText ?? '').replace(/\\s+/g, ' ')`) as Promise<string>;

/** What an answer shows as errors: codes of `errors`, and result types that are errors (NotFound, …). */
function errorsShown(answer: { errors?: Array<{ extensions?: { code?: string } }>; data?: unknown }): string[] {
  const shownErrors = (answer.errors ?? []).map((error) => error.extensions?.code ?? 'NO_CODE');
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const typename = (value as { __typename?: unknown }).__typename;
      if (typeof typename === 'string' && ERROR_RESULT_TYPES.has(typename)) shownErrors.push(typename);
      Object.values(value).forEach(visit);
    }
  };
  visit(answer.data);
  return shownErrors;
}

describe('GraphiQL in a browser', () => {
  it('runs every example tab with ▶ as it opens, and shows no error its example does not mean to show', { timeout: 120_000 }, async () => {
    gateway.reset();
    const { context, page, pageErrors } = await openGraphiQL();
    await expect.poll(() => page.locator('.graphiql-tab').count()).toBe(TABS.length + 1);
    expect(TABS.length).toBe(26);
    const outcomes: Array<{ operation: string; errors: string[] }> = [];
    for (const [index, example] of TABS.entries()) {
      const operation = example.operation.name;
      // A subscription's answer does not end: graphiql-live.test.ts runs it and stops it.
      if (example.operation.type === 'subscription') continue;
      await tab(page, index + 1).click();
      expect(await activeTab(page)).toBe(`graphiql-session-tab-${index + 1}`);
      const answered = page.waitForResponse(
        (response) => response.request().method() === 'POST' && response.request().postDataJSON()?.operationName === operation,
      );
      await page.locator('.graphiql-execute-button').click();
      const answer = await (await answered).json();
      const errors = errorsShown(answer);
      outcomes.push({ operation, errors: errors.filter((error) => !example.example.mayShow?.errors.includes(error)) });
      // The result pane shows this answer: its first error's code, else its root field.
      const expected = answer.errors?.[0]?.extensions?.code ?? Object.keys(answer.data ?? {})[0];
      await expect.poll(() => shown(page, '.result-window'), { message: operation }).toContain(`${expected}`);
    }
    expect(outcomes.filter((outcome) => outcome.errors.length > 0)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('takes a tab click at once after a fresh load, and opens on the Variables pane with the variables filled in', async () => {
    for (const index of [3, 6, 9]) {
      const { context, page } = await openGraphiQL();
      await tab(page, index).scrollIntoViewIfNeeded();
      // As a person clicks: down and up where the tab is, without waiting for it to settle.
      await tab(page, index).click({ force: true });
      await expect.poll(() => activeTab(page)).toBe(`graphiql-session-tab-${index}`);
      const example = TABS[index - 1];
      await expect.poll(() => shown(page, '.graphiql-query-editor')).toContain(`${example?.operation.type} ${example?.operation.name}`);
      expect(await page.locator('.graphiql-editor-tools button[data-name="variables"]').getAttribute('class')).toContain('active');
      const firstVariable = Object.keys(example?.example.variables ?? {})[0];
      await expect.poll(() => shown(page, '.graphiql-editor-tool')).toContain(`"${firstVariable}"`);
      await context.close();
    }
  });

  it('where credentials are needed and vendors may be real: no tab writes, Variables open, the auth scheme under Headers', async () => {
    const guarded = await startTestGateway({
      graphiql: { writeExamples: false },
      security: { ...DEVELOPMENT_SECURITY, auth: { allowAnonymous: false, jwt: null, apiKeys: [] } },
    });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${guarded.origin}/graphql`);
      const reads = TABS.filter((example) => example.operation.type !== 'mutation').map((example) => example.operation.name);
      await expect.poll(() => page.locator('.graphiql-tab-button').allTextContents()).toEqual(['SearchCustomers', ...reads]);
      await tab(page, 1).click();
      expect(await page.locator('.graphiql-editor-tools button[data-name="variables"]').getAttribute('class')).toContain('active');
      await page.locator('.graphiql-editor-tools button[data-name="headers"]').click();
      await expect.poll(() => shown(page, '.graphiql-editor-tool')).toContain('"Authorization": "Bearer <your API key or token>"');
    } finally {
      await context.close();
      await guarded.stop();
    }
  });

  it('offers the Explorer, which builds a query from the schema', async () => {
    const { context, page } = await openGraphiQL();
    await page.getByRole('button', { name: 'Show GraphiQL Explorer' }).click();
    const explorer = page.locator('.graphiql-explorer-root');
    await expect.poll(() => explorer.isVisible()).toBe(true);
    await expect.poll(() => shown(page, '.graphiql-explorer-root')).toMatch(/customers.*customerChanges|customerChanges.*customers/);
    await context.close();
  });

  it('loads nothing from another origin, compressed, and a second visit loads almost nothing', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const urls = new Map<string, string>();
    let bytes = 0;
    cdp.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, `${event.request.method} ${event.request.url}`));
    cdp.on('Network.loadingFinished', (event) => {
      // The page and its assets (GraphiQL's schema question, a POST, is not code; data: URLs are in the assets).
      if (urls.get(event.requestId)?.startsWith(`GET ${gateway.origin}`)) bytes += event.encodedDataLength;
    });
    const visit = async () => {
      bytes = 0;
      const schemaAsked = page.waitForResponse((response) => response.request().method() === 'POST');
      await page.goto(`${gateway.origin}/graphql`);
      await schemaAsked;
      await expect.poll(() => page.locator('.graphiql-tab').count()).toBe(TABS.length + 1);
      await page.waitForTimeout(500);
      return bytes;
    };
    const first = await visit();
    expect(requested.filter((url) => !url.startsWith(gateway.origin) && !/^(data|blob):/.test(url))).toEqual([]);
    expect(requested.filter((url) => url.includes('/graphiql/assets/')).length).toBeGreaterThanOrEqual(5);
    // Yoga's page was 9 MB, uncompressed, on every visit.
    expect(first).toBeGreaterThan(1_000_000);
    expect(first).toBeLessThan(2_500_000);
    // Only the page comes again (about 6 kB: each POST to /graphql drops the browser's stored copy of
    // /graphql); the assets come from the browser's cache.
    // Open with the tab last shown, and no tab more (GraphiQL added an empty one on each visit).
    await tab(page, 5).click();
    await page.waitForTimeout(700);
    const second = await visit();
    expect(await activeTab(page)).toBe('graphiql-session-tab-5');
    expect(second).toBeLessThan(10_000);
    console.info(`GraphiQL in Chromium: first visit ${first} bytes, second ${second} bytes (page and assets, headers included)`);
    await context.close();
  });
});

/** A GET whose body is counted as sent (node's fetch would decode it). */
function rawGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

const decoded = (answer: { headers: IncomingHttpHeaders; body: Buffer }) =>
  answer.headers['content-encoding'] === 'br'
    ? brotliDecompressSync(answer.body)
    : answer.headers['content-encoding'] === 'gzip'
      ? gunzipSync(answer.body)
      : answer.body;

const PAGE = { accept: 'text/html' };

async function pageHtml(origin: string, headers: Record<string, string> = {}): Promise<string> {
  return decoded(await rawGet(`${origin}/graphql`, { ...PAGE, 'accept-encoding': 'gzip, br', ...headers })).toString('utf8');
}

describe('GraphiQL over HTTP', () => {
  it('sends the page and each asset compressed as asked, cacheable, and 304 to a browser that has them', async () => {
    const page = await rawGet(`${gateway.origin}/graphql`, { ...PAGE, 'accept-encoding': 'gzip, br' });
    expect(page.headers).toMatchObject({ 'content-encoding': 'br', 'cache-control': 'no-cache', vary: 'Accept-Encoding' });
    const html = decoded(page).toString('utf8');
    expect(html).toContain('<title>Switchboard</title>');
    const assets = [...new Set(html.match(/\/graphiql\/assets\/[\w.-]+/g))];
    expect(assets.map((path) => path.replace(/\.[0-9a-f]{16}\./, '.*.')).sort()).toEqual(
      ['editor.worker.*.js', 'favicon.*.ico', 'graphiql.*.css', 'graphiql.*.js', 'graphql.worker.*.js', 'json.worker.*.js'].map(
        (name) => `/graphiql/assets/${name}`,
      ),
    );
    expect((await rawGet(`${gateway.origin}/graphql`, { ...PAGE, 'if-none-match': String(page.headers.etag) })).status).toBe(304);
    let sent = page.body.length;
    let identity = 0;
    for (const path of assets) {
      const br = await rawGet(`${gateway.origin}${path}`, { 'accept-encoding': 'gzip, br' });
      const gzip = await rawGet(`${gateway.origin}${path}`, { 'accept-encoding': 'gzip' });
      const plain = await rawGet(`${gateway.origin}${path}`);
      expect([br.headers['content-encoding'], gzip.headers['content-encoding'], plain.headers['content-encoding']]).toEqual([
        'br',
        'gzip',
        undefined,
      ]);
      expect(decoded(br).equals(plain.body) && decoded(gzip).equals(plain.body)).toBe(true);
      expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const again = await rawGet(`${gateway.origin}${path}`, { 'accept-encoding': 'gzip, br', 'if-none-match': String(br.headers.etag) });
      expect([again.status, again.body.length]).toEqual([304, 0]);
      sent += br.body.length;
      identity += plain.body.length;
    }
    // Yoga's page inlined all of it: 9 MB on every visit.
    expect(identity).toBeGreaterThan(8_000_000);
    expect(sent).toBeLessThan(2_200_000);
    console.info(`GraphiQL over HTTP: page and assets ${sent} bytes with br (${identity + page.body.length} uncompressed)`);
  });

  it('serves the asset paths it names and no other, and none with GraphiQL off (production without GRAPHIQL=1)', async () => {
    const named = (await pageHtml(gateway.origin)).match(/\/graphiql\/assets\/graphiql\.[0-9a-f]{16}\.js/)?.[0] ?? '';
    expect((await rawGet(`${gateway.origin}${named}`)).status).toBe(200);
    for (const path of ['/graphiql/assets/graphiql.0000000000000000.js', '/graphiql/assets/', `${named}/`]) {
      expect((await rawGet(`${gateway.origin}${path}`)).status).toBe(404);
    }
    const off = await startTestGateway({ security: { ...DEVELOPMENT_SECURITY, production: true, graphiql: false } });
    try {
      expect((await rawGet(`${off.origin}${named}`)).status).toBe(404);
      expect((await rawGet(`${off.origin}/graphql`, PAGE)).body.toString()).not.toMatch(/<html/i);
    } finally {
      await off.stop();
    }
  });

  it('offers tabs that write only when told every vendor is a sandbox one, and shows the auth scheme when credentials are needed', async () => {
    expect(await pageHtml(gateway.origin)).toContain('mutation DeleteCustomer');
    const readsOnly = await startTestGateway({
      graphiql: undefined,
      security: { ...DEVELOPMENT_SECURITY, auth: { allowAnonymous: false, jwt: null, apiKeys: [] } },
    });
    try {
      const html = await pageHtml(readsOnly.origin);
      expect(html).toContain('query CustomersPage');
      expect(html).not.toMatch(/\bmutation [A-Z]/);
      expect(html).toContain('Bearer \\u003cyour API key or token>');
    } finally {
      await readsOnly.stop();
    }
  });
});
