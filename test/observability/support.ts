// A tiny yoga server over a real socket, for testing the observability plugins on their own: a
// trivial schema whose resolvers pretend to call vendors (they count calls in the request scope the
// way the http layer does), the gateway's own request-scope plugin, and whatever plugins a test adds.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError } from 'graphql';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import type { DestinationStream } from 'pino';
import { operationScope, useRequestScope } from '../../src/plugins/request-scope.ts';
import type { RequestScope } from '../../src/sources/request-scope.ts';

export interface TinyContext {
  scope: RequestScope;
  /** Shaped like the gateway's Principal. */
  client?: { clientId: string; kind: string };
}

export interface TinyServer {
  origin: string;
  post(
    body: { query: string; variables?: Record<string, unknown>; operationName?: string },
    headers?: Record<string, string>,
  ): Promise<Response>;
  stop(): Promise<void>;
}

const typeDefs = /* GraphQL */ `
  type Query {
    hello: String!
    customers: [String!]!
    fail: String
  }
  type Mutation {
    login(email: String!, password: String!): Boolean!
  }
`;

/** Resolvers may call this to log as carelessly as a future developer might. */
export type CarelessLog = (context: TinyContext, variables: Record<string, unknown>) => void;

export async function startTinyServer(plugins: Array<Plugin | object>, carelessLog?: CarelessLog): Promise<TinyServer> {
  const yoga = createYoga<Record<string, unknown>, TinyContext>({
    schema: createSchema<Record<string, unknown> & TinyContext>({
      typeDefs,
      resolvers: {
        Query: {
          hello: () => 'hi',
          customers: (_parent, _args, context) => {
            const calls = context.scope.vendorCalls;
            calls.set('AMELIA', (calls.get('AMELIA') ?? 0) + 2);
            calls.set('CRM', (calls.get('CRM') ?? 0) + 1);
            return ['a', 'b'];
          },
          fail: () => {
            throw new GraphQLError('The CRM could not be reached', {
              extensions: { code: 'SOURCE_UNAVAILABLE', source: 'CRM', reason: 'UNREACHABLE' },
            });
          },
        },
        Mutation: {
          login: (_parent, args: { email: string; password: string }, context) => {
            carelessLog?.(context, args);
            return true;
          },
        },
      },
    }),
    logging: false,
    maskedErrors: true,
    context: ({ request }) => {
      const client = request.headers.get('x-test-client');
      return { scope: operationScope(request, { budgetMs: 5_000 }), ...(client ? { client: { clientId: client, kind: 'api-key' } } : {}) };
    },
    plugins: [useRequestScope({ budgetMs: 5_000 }), ...plugins],
  });
  const server: Server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    post: (body, headers = {}) =>
      fetch(`${origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify(body),
      }),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A pino destination that keeps every line written to it. */
export interface CapturedLog extends DestinationStream {
  /** Everything written, as written. */
  text(): string;
  /** The lines, parsed. */
  lines(): Array<Record<string, unknown>>;
  clear(): void;
}

export function captureLog(): CapturedLog {
  let written = '';
  return {
    write(chunk: string) {
      written += chunk;
    },
    text: () => written,
    lines: () =>
      written
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    clear() {
      written = '';
    },
  };
}
