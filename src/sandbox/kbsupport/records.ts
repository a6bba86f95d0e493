// A KB Support customer as the sandbox answers it: string ids and empty fields left out as
// installations answer (kbsupport-observed.md), or the schema types kbsupport-customers.txt documents;
// with `_links`, site-time dates, and WordPress's `_fields` trimming.
import { DateTime } from 'luxon';
import type { KbsStoredCustomer } from './data.ts';
import { CUSTOMERS_ROUTE, type KbSupportSite, routeUrl } from './site.ts';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonRecord = { [key: string]: Json };

export function links(site: KbSupportSite, id: number, userId: number, companyId: number, origin: string): JsonRecord {
  const href = (route: string, params?: URLSearchParams) => ({ href: `${origin}${routeUrl(site, route, params)}` });
  return {
    self: [href(`${CUSTOMERS_ROUTE}/${id}`)],
    collection: [href(CUSTOMERS_ROUTE)],
    tickets: [href('/kbs/v1/tickets', new URLSearchParams({ customer: String(id) }))],
    ...(userId > 0 ? { user: [{ embeddable: true, ...href(`/wp/v2/users/${userId}`) }] } : {}),
    ...(companyId > 0 ? { company: [{ embeddable: true, ...href(`/kbs/v1/companies/${companyId}`) }] } : {}),
  };
}

/** kbsupport-observed.md: string ids, empty fields left out, `phone` only with a primary number. */
export function observedRecord(site: KbSupportSite, customer: KbsStoredCustomer, origin: string): JsonRecord {
  return {
    id: String(customer.id),
    name: customer.name,
    email: customer.email,
    additional_emails: customer.additionalEmails,
    ...(customer.primaryPhone ? { phone: { primary: customer.primaryPhone, additional: customer.additionalPhone } } : {}),
    ...(customer.website ? { website: customer.website } : {}),
    ...(customer.address ? { address: { ...customer.address } } : {}),
    company: String(customer.companyId),
    ...(customer.userId > 0 ? { user_id: String(customer.userId) } : {}),
    date_created: siteTime(site, customer.createdAt),
    ...(customer.notes.length > 0 ? { notes: customer.notes.map((note) => noteText(site, note)) } : {}),
    ticket_count: customer.ticketCount,
    _links: links(site, customer.id, customer.userId, customer.companyId, origin),
  };
}

/**
 * kbsupport-customers.txt's schema types: integer ids, `address` a string, `additional_emails` and
 * `notes` objects (here keyed by index, as PHP encodes a list with gaps), every field present.
 */
export function documentedRecord(site: KbSupportSite, customer: KbsStoredCustomer, origin: string): JsonRecord {
  return {
    id: customer.id,
    name: customer.name,
    user_id: customer.userId,
    email: customer.email,
    additional_emails: indexed(customer.additionalEmails),
    phone: { primary: customer.primaryPhone, additional: customer.additionalPhone },
    website: customer.website,
    address: customer.address
      ? [
          customer.address.line1,
          customer.address.line2,
          customer.address.city,
          `${customer.address.state} ${customer.address.zip}`.trim(),
          customer.address.country,
        ]
          .filter((part) => part !== '')
          .join(', ')
      : '',
    company: customer.companyId,
    date_created: siteTime(site, customer.createdAt),
    notes: indexed(customer.notes.map((note) => noteText(site, note))),
    ticket_count: customer.ticketCount,
    _links: links(site, customer.id, customer.userId, customer.companyId, origin),
  };
}

/** WordPress `_fields`: only the named top-level keys (`_links` too only when named). */
export function trimFields(record: JsonRecord, fields: string | null): JsonRecord {
  if (fields === null) return record;
  const keep = new Set(fields.split(',').map((field) => field.trim().split('.')[0]));
  return Object.fromEntries(Object.entries(record).filter(([key]) => keep.has(key)));
}

function siteTime(site: KbSupportSite, utc: string): string {
  return DateTime.fromISO(utc, { zone: 'utc' }).setZone(site.timeZone).toFormat('yyyy-LL-dd HH:mm:ss');
}

function noteText(site: KbSupportSite, note: { at: string; text: string }): string {
  const written = DateTime.fromISO(note.at, { zone: 'utc' }).setZone(site.timeZone).setLocale('en-US');
  return `${written.toFormat('LLLL d, yyyy HH:mm:ss')} - ${note.text}`;
}

function indexed(items: readonly string[]): JsonRecord {
  return Object.fromEntries(items.map((item, index) => [String(index), item]));
}
