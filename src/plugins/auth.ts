// Every GraphQL request carries credentials (or, in development, may go without): a refused one ends
// here with HTTP 401 and a GraphQL error, before parsing or any vendor call. The GraphiQL page itself
// and the health, readiness and metrics endpoints are not GraphQL requests and need none.
import type { Plugin } from 'graphql-yoga';
import { AuthenticationError, type Authenticator } from '../auth/authenticate.ts';
import type { Principal } from '../auth/principal.ts';

const principals = new WeakMap<Request, Principal>();

export function principalOf(request: Request): Principal | undefined {
  return principals.get(request);
}

export function isGraphQLRequest(request: Request, graphqlPath: string): boolean {
  const url = new URL(request.url);
  if (url.pathname !== graphqlPath) return false;
  // A browser opening GraphiQL: the page, not an operation.
  const wantsPage = request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
  return !wantsPage && request.method !== 'OPTIONS';
}

export function graphQLErrorResponse(status: number, message: string, code: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

export function useAuthentication(authenticate: Authenticator, graphqlPath: string): Plugin {
  return {
    async onRequest({ request, endResponse }) {
      if (!isGraphQLRequest(request, graphqlPath)) return;
      try {
        principals.set(request, await authenticate(request.headers.get('authorization')));
      } catch (error) {
        if (!(error instanceof AuthenticationError)) throw error;
        endResponse(graphQLErrorResponse(401, error.message, 'UNAUTHENTICATED', { 'www-authenticate': 'Bearer' }));
      }
    },
  };
}
