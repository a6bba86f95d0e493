// The address a request comes from, for limits kept per address: the socket's peer, or — behind the
// proxies TRUST_PROXY names — the nearest address in X-Forwarded-For that is not one of them
// (proxy-addr, as Express decides it). Without TRUST_PROXY the header is the client's own word and
// is ignored.
import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

export type ClientAddressOf = (request: Request, peer: string | undefined) => string;

export function clientAddressOf(trustedProxies: readonly string[]): ClientAddressOf {
  if (trustedProxies.length === 0) return (_request, peer) => peer ?? 'unknown';
  const trust = proxyAddr.compile([...trustedProxies]);
  return (request, peer) => {
    if (!peer) return 'unknown';
    const forwarded = request.headers.get('x-forwarded-for');
    // proxy-addr reads only these two of a Node request.
    const shape = { socket: { remoteAddress: peer }, headers: forwarded === null ? {} : { 'x-forwarded-for': forwarded } };
    return proxyAddr(shape as unknown as IncomingMessage, trust);
  };
}

/** The socket's peer address of a request served by Node's HTTP server (yoga's server context). */
export function peerAddressOf(serverContext: unknown): string | undefined {
  const req = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req;
  return req?.socket?.remoteAddress;
}
