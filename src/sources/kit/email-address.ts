// What counts as an email address: the mailboxes the vendors accept, internationalised ones included
// (RFC 6531: UTF-8 in the local part, an internationalised domain name), so no vendor value is blanked
// for being outside ASCII. The local part is a dot-atom (quoted local parts are not taken).
import { LRUCache } from 'lru-cache';

const LOCAL_MAX = 64;
const ADDRESS_MAX = 254;
/** RFC 5322 atext, and any character outside ASCII (RFC 6531 UTF8-non-ascii). */
const ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\u{10FFFF}]+$/u;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function isEmailAddress(text: string): boolean {
  if (text.length > ADDRESS_MAX || /\s/u.test(text)) return false;
  const at = text.lastIndexOf('@');
  if (at < 1 || at === text.length - 1) return false;
  const local = text.slice(0, at);
  if (Buffer.byteLength(local, 'utf8') > LOCAL_MAX) return false;
  if (!local.split('.').every((atom) => ATOM.test(atom))) return false;
  return isMailDomain(text.slice(at + 1));
}

// Most addresses share a handful of domains: each is checked once (the URL parser is the costly part).
const mailDomains = new LRUCache<string, { valid: boolean }>({ max: 1_000 });

function isMailDomain(domain: string): boolean {
  let known = mailDomains.get(domain);
  if (!known) {
    known = { valid: checkMailDomain(domain) };
    mailDomains.set(domain, known);
  }
  return known.valid;
}

/** A domain of two labels or more, its last not all digits; an internationalised one as its ASCII (punycode) form says. */
function checkMailDomain(domain: string): boolean {
  let ascii: string;
  try {
    // The URL parser applies IDNA (UTS #46): `nguyễn.example` → `xn--nguyn-….example`, and refuses what cannot be a host.
    ascii = new URL(`http://${domain}`).hostname;
  } catch {
    return false;
  }
  if (ascii !== domain.toLowerCase() && /^[\x21-\x7e]*$/.test(domain)) return false;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return false;
  return !/^\d+$/.test(labels[labels.length - 1] ?? '');
}
