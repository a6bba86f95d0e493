// The example web app's two pieces outside the browser: its request() (gateway-client.ts) over real
// sockets — a refused connection, an answer that is not GraphQL, one that never comes, a GraphQL error
// from a gateway in trusted-documents mode — and its dev server's port (vite.config.ts, WEB_PORT).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createViteServer, resolveConfig } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayClient, RequestError, UNREACHABLE } from '../../examples/web/src/gateway-client.ts';
import { CustomerByIdDocument, CustomersPageDocument } from '../../schema/generated/graphql.ts';
import { sha256Hex } from '../../src/auth/authenticate.ts';
import { DEVELOPMENT_SECURITY } from '../../src/plugins/security.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { rejectionOf } from '../support/sources.ts';

const APP_KEY = 'sbk_example_web_app_key_000001';

let gateway: TestGateway;

beforeAll(async () => {
  gateway = await startTestGateway({
    security: {
      ...DEVELOPMENT_SECURITY,
      production: true,
      introspection: false,
      trustedDocuments: 'schema/generated/persisted-documents.json',
      auth: { allowAnonymous: false, jwt: null, apiKeys: [{ clientId: 'web', sha256: sha256Hex(APP_KEY), scopes: ['customers:read'] }] },
    },
  });
});

afterAll(() => gateway?.stop());

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("the example app's request()", () => {
  const client = (url: string, timeoutMs?: number) => gatewayClient(url, APP_KEY, timeoutMs);

  it('turns a refused connection into "The gateway cannot be reached"', async () => {
    const closed = createServer();
    const origin = await listen(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await rejectionOf(client(`${origin}/graphql`).request(CustomersPageDocument, { first: 1 }));
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ failure: 'unreachable', message: UNREACHABLE });
  });

  it('turns an answer that is not JSON, and one that never comes, into a RequestError', async () => {
    const proxy = createServer((req, res) => {
      if (req.url === '/hang') return;
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad Gateway</body></html>');
    });
    const origin = await listen(proxy);
    try {
      const notGraphQL = await rejectionOf(client(`${origin}/graphql`).request(CustomersPageDocument, { first: 1 }));
      expect(notGraphQL).toMatchObject({
        failure: 'not-graphql',
        message: 'The gateway answered HTTP 502 with something that is not GraphQL.',
      });
      const late = await rejectionOf(client(`${origin}/hang`, 300).request(CustomersPageDocument, { first: 1 }));
      expect(late).toMatchObject({ failure: 'timeout', message: 'The gateway did not answer within 0.3 seconds.' });
    } finally {
      proxy.closeAllConnections();
      proxy.close();
    }
  });

  it("turns a GraphQL error without data into a RequestError with the gateway's message", async () => {
    const error = await rejectionOf(client(`${gateway.origin}/graphql`).request(CustomerByIdDocument, {} as { id: string }));
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ failure: 'graphql' });
    expect((error as Error).message).toMatch(/\$id/);
  });
});

describe("the example app's dev server", () => {
  const configFile = 'examples/web/vite.config.ts';

  it('listens on WEB_PORT, and on 5173 without it', async () => {
    const probe = createServer();
    const port = Number(new URL(await listen(probe)).port);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    process.env.WEB_PORT = String(port);
    const cacheDir = mkdtempSync(join(tmpdir(), 'switchboard-web-cache-'));
    const dev = await createViteServer({
      configFile,
      logLevel: 'silent',
      cacheDir,
      optimizeDeps: { noDiscovery: true },
      server: { watch: null },
    });
    try {
      await dev.listen();
      const url = dev.resolvedUrls?.local[0] ?? '';
      expect(new URL(url).port).toBe(String(port));
      expect(await (await fetch(url)).text()).toContain('<title>Switchboard example</title>');
    } finally {
      await dev.close();
      delete process.env.WEB_PORT;
      rmSync(cacheDir, { recursive: true, force: true });
    }
    expect((await resolveConfig({ configFile, logLevel: 'silent' }, 'serve')).server.port).toBe(5173);
  });

  it('refuses a WEB_PORT that is not a port', async () => {
    process.env.WEB_PORT = 'eighty';
    try {
      await expect(resolveConfig({ configFile, logLevel: 'silent' }, 'serve')).rejects.toThrow('WEB_PORT must be a port number');
    } finally {
      delete process.env.WEB_PORT;
    }
  });
});
