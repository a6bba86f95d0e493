// A gateway on a real port in front of the four sandbox vendors on theirs: tests speak HTTP to it,
// it speaks HTTP (got) to them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type DocumentNode, print } from 'graphql';
import { createGateway, type GatewayOptions } from '../../src/app.ts';
import { serveGraphQLOverWebSocket } from '../../src/live/websocket.ts';
import { type SandboxOptions, type SandboxVendors, startSandboxVendors } from '../../src/sandbox/index.ts';
import { schema } from '../../src/schema/index.ts';
import type { VendorHttpSettings } from '../../src/sources/http/index.ts';
import { createSources } from '../../src/sources/index.ts';
import { TEST_HTTP_SETTINGS } from './sources.ts';

export interface GraphQLErrorJson {
  message: string;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
}

export interface GraphQLResponse<Data> {
  status: number;
  data?: Data | null;
  errors?: GraphQLErrorJson[];
  extensions?: Record<string, unknown>;
}

export interface TestGateway {
  vendors: SandboxVendors;
  origin: string;
  execute<Data, Variables>(
    document: TypedDocumentNode<Data, Variables> | DocumentNode | string,
    variables?: Variables,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<Data>>;
  /** Every request the four sandbox vendors received, since the last reset. */
  vendorCalls(): number;
  /** Seed data back, logs and faults cleared. */
  reset(): void;
  /** Closes the gateway's port (the vendors keep running): clients meet a refused connection until `resume`. */
  pause(): Promise<void>;
  /** Listens again, on the same port, after `pause`. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestGatewayOptions extends GatewayOptions {
  /** Vendor HTTP settings over the fast test defaults. */
  http?: Partial<VendorHttpSettings>;
  /** How the sandbox vendors answer; by default as their documents promise and no more. */
  sandbox?: SandboxOptions;
}

export async function startTestGateway({ http, sandbox, ...options }: TestGatewayOptions = {}): Promise<TestGateway> {
  const vendors = await startSandboxVendors(sandbox);
  const gateway = createGateway(createSources(vendors.settings, { ...TEST_HTTP_SETTINGS, ...http }), {
    graphiql: { writeExamples: true },
    ...options,
  });
  const server: Server = createServer(gateway);
  const closeWebSockets = serveGraphQLOverWebSocket(server, '/graphql', schema, (request, serverContext) =>
    gateway.fetch(request, serverContext),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const servers = [vendors.amelia.server, vendors.kbSupport.server, vendors.platform.server, vendors.crm.server];

  return {
    vendors,
    origin,
    async execute(document, variables, headers = {}) {
      const query = typeof document === 'string' ? document : print(document);
      const response = await fetch(`${origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    vendorCalls: () => servers.reduce((sum, vendor) => sum + vendor.requests.length, 0),
    reset: () => vendors.reset(),
    async pause() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    resume: () =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject).listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      }),
    async stop() {
      await gateway.dispose();
      await closeWebSockets();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await vendors.stop();
    },
  };
}
