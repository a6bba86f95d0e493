// Where a webhook may point. Outside production anything http(s); in production https only, and never
// at this network's own machines: loopback, private, link-local (cloud metadata), CGNAT, unique-local,
// unspecified or multicast addresses — by literal, by name (`localhost`), or by what a name resolves to.
// Checked when a webhook is registered, and again on every connection (the lookup below), so that a
// DNS change cannot turn a registered URL toward a private address.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface UrlPolicy {
  /** The security settings' `production`: https only, public addresses only. */
  production: boolean;
}

/** Why a URL is not allowed, in words for the client; nothing about it was stored or sent. */
export class UrlNotAllowed extends Error {}

const MAX_URL_LENGTH = 2_048;

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** Whether a webhook may be sent to this address (in production). */
export function publicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !blocked.check(address, 'ipv4');
  if (family !== 6) return false;
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  return mapped ? publicAddress(mapped) : !blocked.check(address, 'ipv6');
}

/** The URL when it is allowed; else UrlNotAllowed saying why. */
export async function checkWebhookUrl(raw: string, policy: UrlPolicy): Promise<URL> {
  if (raw.length > MAX_URL_LENGTH) throw new UrlNotAllowed(`must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UrlNotAllowed('is not an absolute URL');
  }
  const schemes = policy.production ? ['https:'] : ['https:', 'http:'];
  if (!schemes.includes(url.protocol)) throw new UrlNotAllowed(policy.production ? 'must be an https URL' : 'must be an http or https URL');
  if (url.username || url.password) throw new UrlNotAllowed('must not carry a user name or password');
  if (!policy.production) return url;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) {
    if (!publicAddress(host)) throw new UrlNotAllowed('must not point at a loopback, private, link-local or other internal address');
    return url;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) throw new UrlNotAllowed('must not point at this machine (localhost)');
  let addresses: LookupAddress[];
  try {
    addresses = await lookup(host, { all: true });
  } catch {
    throw new UrlNotAllowed(`names a host that cannot be resolved (${host})`);
  }
  if (addresses.length === 0 || addresses.some((found) => !publicAddress(found.address))) {
    throw new UrlNotAllowed(`names a host that resolves to a loopback, private, link-local or other internal address (${host})`);
  }
  return url;
}

/** The error a connection meets when its host resolves to an address the policy refuses. */
export class AddressNotAllowed extends Error {
  readonly code = 'ADDRESS_NOT_ALLOWED';
}

/** A `lookup` for the sockets webhooks are sent over (production): a refused address fails the connection. */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, options as LookupOptions, (error, address, family) => {
    if (error) return callback(error, address as string, family);
    const found: LookupAddress[] = Array.isArray(address) ? address : [{ address: address as string, family: family ?? 4 }];
    if (found.length === 0 || found.some((entry) => !publicAddress(entry.address))) {
      return callback(new AddressNotAllowed(`${hostname} resolves to an address webhooks are not sent to`), '', 4);
    }
    callback(null, address as string, family);
  });
};
