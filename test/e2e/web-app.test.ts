// The example web app in a real browser (Debian's chromium, driven by playwright-core) against a
// gateway on the sandbox in trusted-documents mode, across origins (CORS) with the CSRF header.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerPlatformDetailsDocument, CustomersPageDocument } from '../../schema/generated/graphql.ts';
import { sha256Hex } from '../../src/auth/authenticate.ts';
import { DEVELOPMENT_SECURITY } from '../../src/plugins/security.ts';
import { FIELD_IDS } from '../../src/sandbox/platform/data.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const APP_KEY = 'sbk_example_web_app_key_000001';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

let gateway: TestGateway;
let site: Server;
let siteOrigin: string;
let distDir: string;
let browser: Browser;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  distDir = mkdtempSync(join(tmpdir(), 'switchboard-web-'));
  site = createServer((req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://site').pathname).replace(/^(\.\.[/\\])+/, '');
    const file = join(distDir, path === '/' ? 'index.html' : path);
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  siteOrigin = await listen(site);
  gateway = await startTestGateway({
    // A PLATFORM that lists its custom field definitions: the app's form offers every field, held or not.
    sandbox: { undocumented: new Set(['platform-custom-fields-route']) },
    corsOrigins: [siteOrigin],
    security: {
      ...DEVELOPMENT_SECURITY,
      production: true,
      introspection: false,
      trustedDocuments: 'schema/generated/persisted-documents.json',
      auth: {
        allowAnonymous: false,
        jwt: null,
        apiKeys: [
          { clientId: 'web', sha256: sha256Hex(APP_KEY), scopes: ['customers:read', 'customers:write', 'employees:read', 'pii:read'] },
        ],
      },
    },
  });
  process.env.VITE_GATEWAY_URL = `${gateway.origin}/graphql`;
  process.env.VITE_API_KEY = APP_KEY;
  await build({ configFile: 'examples/web/vite.config.ts', logLevel: 'silent', build: { outDir: distDir, emptyOutDir: true } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  site?.close();
  if (distDir) rmSync(distDir, { recursive: true, force: true });
});

/** A generated document sent by its id, as the app does (the gateway runs trusted documents only). */
async function trusted<Data, Variables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Data> {
  const documentId = (document as unknown as { __meta__: { hash: string } }).__meta__.hash;
  const response = await fetch(`${gateway.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${APP_KEY}` },
    body: JSON.stringify({ documentId, variables }),
  });
  const body = (await response.json()) as { data: Data };
  return body.data;
}

async function openApp(): Promise<Page> {
  const page = await browser.newPage();
  const failures: string[] = [];
  page.on('pageerror', (error) => failures.push(error.message));
  page.on('requestfailed', (request) => failures.push(`${request.url()} ${request.failure()?.errorText ?? ''}`));
  await page.goto(siteOrigin);
  expect(failures).toEqual([]);
  return page;
}

describe('the example web app', () => {
  it('searches every source, opens a customer with its records elsewhere, and saves a custom field without losing the others', async () => {
    const page = await openApp();
    await page.getByTestId('search-input').fill('jordan');
    await page.getByTestId('search-form').getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByTestId('result').count()).toBeGreaterThan(3);
    expect(await page.getByTestId('search-status').textContent()).toMatch(/^\d+ customers$/);

    // Jordan Kim is in all four sources: the PLATFORM record shows the other three and its custom fields.
    await page.getByTestId('result').filter({ hasText: 'Jordan Kim' }).filter({ hasText: 'PLATFORM' }).click();
    await expect.poll(() => page.getByTestId('customer-name').textContent()).toBe('Jordan Kim');
    const sameAs = await page.getByTestId('same-as').textContent();
    for (const source of ['AMELIA', 'KB_SUPPORT', 'CRM']) expect(sameAs).toContain(source);

    const jordanKim = async () => {
      const list = await trusted(CustomersPageDocument, { first: 5, filter: { sources: ['PLATFORM'], search: 'Jordan Kim' } });
      return (await trusted(CustomerPlatformDetailsDocument, { id: list.customers.edges[0]!.node.id })).customer!.customFields ?? [];
    };
    const others = (fields: Awaited<ReturnType<typeof jordanKim>>) => fields.filter((field) => field.fieldId !== FIELD_IDS.memberNumber);
    const before = others(await jordanKim());
    expect(before.length).toBeGreaterThan(0);

    await page.getByTestId('field-Member Number').fill('JK-2026');
    await page.getByRole('button', { name: 'Save custom fields' }).click();
    await expect.poll(() => page.getByTestId('saved').count()).toBe(1);
    expect(await page.getByTestId('field-Member Number').inputValue()).toBe('JK-2026');

    // MERGE: what the page did not touch is still there, as the vendor has it.
    const fields = await jordanKim();
    expect(fields.find((field) => field.fieldId === FIELD_IDS.memberNumber)?.text).toBe('JK-2026');
    expect(others(fields)).toEqual(before);
    await page.close();
  });

  it("shows an employee's week", async () => {
    const page = await openApp();
    await page.getByTestId('nav-employees').click();
    await expect.poll(() => page.getByTestId('employee').count()).toBeGreaterThan(3);
    await page.getByTestId('employee').first().click();
    await expect.poll(() => page.getByTestId('employee-name').count()).toBe(1);
    expect(await page.getByTestId('week').textContent()).toMatch(/Bookable|Not bookable/);
    await page.close();
  });
});
