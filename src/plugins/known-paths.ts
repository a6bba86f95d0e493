// Only the gateway's own paths are served, exactly as written. yoga would also run an operation sent
// to `/graphql/`, `//graphql` or any URL that ends in `/graphql`; here those answer 404 before
// anything else looks at them, so that no check has to guess which paths reach the executor.
import type { Plugin } from 'graphql-yoga';
import type { Endpoints } from './auth.ts';

export function isKnownPath(pathname: string, endpoints: Endpoints): boolean {
  return pathname === endpoints.graphql || endpoints.open.includes(pathname);
}

export function useKnownPathsOnly(endpoints: Endpoints): Plugin {
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (!isKnownPath(url.pathname, endpoints)) endResponse(new fetchAPI.Response(null, { status: 404 }));
    },
  };
}
