// Global ids: base64 of `Type:local id`, where a customer's local id is `SOURCE:vendor id` (PLATFORM:
// `PLATFORM:organization:vendor id`). A malformed one is the client's mistake, said plainly.
import { badUserInput } from '../errors.ts';

export function encodeGlobalId(typename: string, localId: bigint | number | string): string {
  return Buffer.from(`${typename}:${localId}`, 'utf8').toString('base64');
}

export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const text = /^[A-Za-z0-9+/=_-]{1,400}$/.test(globalId) ? Buffer.from(globalId, 'base64').toString('utf8') : '';
  const separator = text.indexOf(':');
  if (separator <= 0 || separator === text.length - 1) {
    throw badUserInput(`"${globalId.slice(0, 80)}" is not an id this API handed out`, 'id');
  }
  return { typename: text.slice(0, separator), id: text.slice(separator + 1) };
}
