// Connection ids: one per configured vendor account, made of the source and a short hash of where its
// records live (the URL, and the PLATFORM organization), never of a credential. Rows, checkpoints and
// leases are kept under it, so a sandbox restarted on other ports, or a site changed in the
// configuration, is a new connection whose rows start empty.
import { createHash } from 'node:crypto';
import type { ConnectionId } from '../index/types.ts';
import type { SourceSettings } from '../sources/index.ts';
import { CUSTOMER_SOURCES, type CustomerSourceName } from '../sources/model/index.ts';

export function connectionIdOf(source: CustomerSourceName, settings: SourceSettings): ConnectionId | null {
  const own = settings[source];
  if (own === undefined) return null;
  const organization = 'organization' in own ? own.organization : '';
  const where = `${new URL(own.url).href}\n${organization}`;
  return `${source}:${createHash('sha256').update(where).digest('hex').slice(0, 12)}`;
}

/** The connection of every configured source. */
export function connectionsOf(settings: SourceSettings): Partial<Record<CustomerSourceName, ConnectionId>> {
  const connections: Partial<Record<CustomerSourceName, ConnectionId>> = {};
  for (const source of CUSTOMER_SOURCES) {
    const id = connectionIdOf(source, settings);
    if (id !== null) connections[source] = id;
  }
  return connections;
}
