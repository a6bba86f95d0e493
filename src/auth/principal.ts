// Who is asking, and what they may ask for.

/**
 * `customers:forget`: erasure requests (forgetCustomer), apart from writes: it erases what the gateway holds of a person.
 * `webhooks:manage`: a client's own webhooks (createWebhook, deleteWebhook, webhooks, webhookDeliveries).
 */
export const SCOPES = [
  'customers:read',
  'customers:write',
  'customers:forget',
  'employees:read',
  'employees:write',
  'pii:read',
  'webhooks:manage',
] as const;
export type Scope = (typeof SCOPES)[number];

export interface Principal {
  /** The API key's client name, or the JWT's `client_id`/`azp`/`sub`; `anonymous` in development. */
  clientId: string;
  kind: 'api-key' | 'jwt' | 'anonymous';
  scopes: ReadonlySet<Scope>;
}

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

export const ANONYMOUS: Principal = { clientId: 'anonymous', kind: 'anonymous', scopes: new Set(SCOPES) };

/** Stands in where no credentials were checked: may do nothing. */
export const NO_ONE: Principal = { clientId: 'unauthenticated', kind: 'anonymous', scopes: new Set() };
