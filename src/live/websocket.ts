// GraphQL over WebSocket (the graphql-ws protocol) on the gateway's own port and path, for mobile and
// server clients. Each operation a socket sends goes through the same HTTP pipeline as any other —
// credentials (the `connection_init` payload's `authorization`), scopes, trusted documents, limits,
// logging — as one request to the gateway's handler (a subscription asks for its event stream), and
// what comes back is sent on the socket. One pipeline, whatever the transport.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ExecutionArgs, type ExecutionResult, type FormattedExecutionResult, GraphQLError, type GraphQLSchema, parse } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { eventStreamMessages } from './event-stream.ts';

/** The gateway's handler: a Fetch request in, its response out (yoga's `fetch`, given the upgrade request as its server context). */
export type GatewayFetch = (request: Request, serverContext: { req: IncomingMessage }) => Promise<Response> | Response;

interface Bridged {
  payload: SubscribePayload;
  authorization: string | null;
  upgrade: IncomingMessage;
}

/** Serves graphql-ws at `path` on `server` (`schema`: the gateway's, to tell an operation's type); answers a close function for shutdown. */
export function serveGraphQLOverWebSocket(server: Server, path: string, schema: GraphQLSchema, handle: GatewayFetch): () => Promise<void> {
  // Upgrades are taken from the server here (noServer): the socket server then has no part in the
  // HTTP server's own errors (a port already in use is main.ts's to say).
  const sockets = new WebSocketServer({ noServer: true });
  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://gateway.internal').pathname !== path) {
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => sockets.emit('connection', client, request));
  };
  server.on('upgrade', upgrade);
  const origin = 'http://gateway.internal';
  const disposable = useServer<{ authorization?: unknown; Authorization?: unknown }>(
    {
      schema,
      onSubscribe: (ctx, _id, payload): ExecutionArgs | readonly GraphQLError[] => {
        const params = ctx.connectionParams ?? {};
        const given = params.authorization ?? params.Authorization;
        let document: ExecutionArgs['document'];
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('the operation does not parse')];
        }
        const contextValue: Bridged = { payload, authorization: typeof given === 'string' ? given : null, upgrade: ctx.extra.request };
        return { schema, document, operationName: payload.operationName ?? null, variableValues: payload.variables ?? null, contextValue };
      },
      execute: (args) => bridge(handle, origin, path, args.contextValue as Bridged),
      subscribe: (args) => bridge(handle, origin, path, args.contextValue as Bridged),
    },
    sockets,
  );
  return async () => {
    server.off('upgrade', upgrade);
    await disposable.dispose();
    await new Promise<void>((resolve) => sockets.close(() => resolve()));
  };
}

/** The operation as an HTTP request to the gateway; its answer, or each event of its stream. */
async function* bridge(handle: GatewayFetch, origin: string, path: string, op: Bridged): AsyncGenerator<ExecutionResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  if (op.authorization) headers.authorization = op.authorization;
  const response = await handle(new Request(`${origin}${path}`, { method: 'POST', headers, body: JSON.stringify(op.payload) }), {
    req: op.upgrade,
  });
  if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream') || !response.body) {
    yield resultOf(await response.json());
    return;
  }
  // Ending early (the client stopped, the socket closed) lets the body go: the stream's subscription ends with it.
  for await (const message of eventStreamMessages(response.body)) {
    if (message.event === 'complete') return;
    if (message.data) yield resultOf(JSON.parse(message.data) as FormattedExecutionResult);
  }
}

/** A result as the HTTP path formatted it; its errors sent on exactly as they are (graphql-ws asks each for its JSON). */
function resultOf(formatted: FormattedExecutionResult): ExecutionResult {
  const { errors, ...rest } = formatted;
  if (!errors) return rest as ExecutionResult;
  return {
    ...rest,
    errors: errors.map((error) => Object.assign(new GraphQLError(error.message), { toJSON: () => error })),
  } as ExecutionResult;
}
