// The example web app (examples/web) built by Vite for a gateway and served as static files from a
// port of its own: another origin than the gateway's, as a deployed app is.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { expect } from 'vitest';
import { sha256Hex } from '../../src/auth/authenticate.ts';
import type { Scope } from '../../src/auth/principal.ts';
import { DEVELOPMENT_SECURITY, type SecuritySettings } from '../../src/plugins/security.ts';
import type { GraphQLErrorJson } from './gateway.ts';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** A gateway as the app meets it in production: its generated documents only, by id, with the app's key. */
export function webAppSecurity(appKey: string, scopes: Scope[]): SecuritySettings {
  return {
    ...DEVELOPMENT_SECURITY,
    production: true,
    introspection: false,
    trustedDocuments: 'schema/generated/persisted-documents.json',
    auth: { allowAnonymous: false, jwt: null, apiKeys: [{ clientId: 'web', sha256: sha256Hex(appKey), scopes }] },
  };
}

export interface WebAppSite {
  origin: string;
  /** Builds the app for this gateway and key (VITE_GATEWAY_URL, VITE_API_KEY): the site serves it from then on. */
  build(gatewayUrl: string, apiKey: string): Promise<void>;
  close(): void;
}

/** The site listens at once (a gateway's CORS_ORIGINS needs its origin); it serves the app once built. */
export async function startWebAppSite(): Promise<WebAppSite> {
  const distDir = mkdtempSync(join(tmpdir(), 'switchboard-web-'));
  const site = createServer((req, res) => {
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
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', () => resolve()));
  return {
    origin: `http://127.0.0.1:${(site.address() as AddressInfo).port}`,
    async build(gatewayUrl, apiKey) {
      process.env.VITE_GATEWAY_URL = gatewayUrl;
      process.env.VITE_API_KEY = apiKey;
      await build({ configFile: 'examples/web/vite.config.ts', logLevel: 'silent', build: { outDir: distDir, emptyOutDir: true } });
    },
    close() {
      site.close();
      rmSync(distDir, { recursive: true, force: true });
    },
  };
}

/** A generated document sent by its id with the app's key, as the app does (its gateway runs trusted documents only). */
export async function answerById<Data, Variables>(
  gatewayOrigin: string,
  apiKey: string,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<{ data: Data; errors: GraphQLErrorJson[] }> {
  const documentId = (document as unknown as { __meta__: { hash: string } }).__meta__.hash;
  const response = await fetch(`${gatewayOrigin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ documentId, variables }),
  });
  const { data, errors = [] } = (await response.json()) as { data: Data; errors?: GraphQLErrorJson[] };
  return { data, errors };
}

/** The page, its uncaught errors (and unhandled rejections), what it logged as errors (the browser's own messages too), its requests that failed or were answered 400 and above. */
export interface OpenedApp {
  page: Page;
  pageErrors: string[];
  consoleErrors: string[];
  failedRequests: string[];
}

/** The app in a new page, loaded without a failed request or an error. */
export async function openWebApp(browser: Browser, siteOrigin: string): Promise<OpenedApp> {
  const page = await browser.newPage();
  const opened: OpenedApp = { page, pageErrors: [], consoleErrors: [], failedRequests: [] };
  page.on('pageerror', (error) => opened.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') opened.consoleErrors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) opened.failedRequests.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => opened.failedRequests.push(`${request.url()} ${request.failure()?.errorText ?? ''}`));
  await page.goto(siteOrigin);
  expect(opened.failedRequests).toEqual([]);
  expect(opened.pageErrors).toEqual([]);
  return opened;
}

/** Searches as a person does: the words in the box, then Search. */
export async function searchIn(page: Page, text: string): Promise<void> {
  await page.getByTestId('search-input').fill(text);
  await page.getByTestId('search-form').getByRole('button', { name: 'Search' }).click();
}
