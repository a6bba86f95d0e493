// What the index keeps of webhooks: each registration (its URL, filter, signing secret and position in
// the change log), who delivers it now (a lease), and its deliveries. Shared by every instance on one
// store, so that one delivers each webhook and another takes over when it stops.
import type { JsonValue } from '../sources/model/index.ts';

/** ACTIVE: delivering; FAILING: the next event is being retried; EXPIRED: its position left the change log. */
export type WebhookStatus = 'ACTIVE' | 'FAILING' | 'EXPIRED';

/** PENDING: being sent; DELIVERED: acknowledged (2xx); FAILING: refused or unanswered, retried; EXPIRED: given up with its webhook. */
export type DeliveryOutcome = 'PENDING' | 'DELIVERED' | 'FAILING' | 'EXPIRED';

/** By connection id, the last change log number passed (as a subscription's event id holds them). */
export type LogPositions = Record<string, number>;

export interface NewWebhook {
  id: string;
  clientId: string;
  url: string;
  filter: JsonValue;
  secret: string;
  positions: LogPositions;
}

export interface StoredWebhook extends NewWebhook {
  createdAt: Date;
  status: WebhookStatus;
  /** Attempts made at the event it waits on (0 when none failed). */
  attempts: number;
  /** When the event it waits on is tried again; null: as soon as there is one. */
  nextAttemptAt: Date | null;
  lastEventId: string | null;
  lastDeliveredAt: Date | null;
}

export interface WebhookDelivery {
  webhookId: string;
  eventId: string;
  /** 1, 2, 3… per webhook, in the order first tried. */
  seq: number;
  attempts: number;
  outcome: DeliveryOutcome;
  /** The receiver's last HTTP status; null when none came. */
  lastStatus: number | null;
  /** Why the last attempt failed without a status (TIMEOUT, CONNECTION_REFUSED…), or NOT_2XX. */
  lastError: string | null;
  firstTriedAt: Date;
  lastTriedAt: Date;
  deliveredAt: Date | null;
}

/** How an attempt ended: acknowledged (the position moves to `positions`), or failed and retried at `retryAt`. */
export type AttemptResult =
  | { outcome: 'DELIVERED'; status: number; positions: LogPositions }
  | { outcome: 'FAILING'; status: number | null; error: string; retryAt: Date };

export interface WebhookStore {
  /** Stores it unless the client already has `maxPerClient`: then null, nothing stored. */
  create(webhook: NewWebhook, maxPerClient: number): Promise<StoredWebhook | null>;
  /** A client's webhooks, oldest first. */
  list(clientId: string): Promise<StoredWebhook[]>;
  /** The client's webhook (null: none, or another client's). */
  get(clientId: string, id: string): Promise<StoredWebhook | null>;
  /** Deletes the client's webhook and its deliveries; false when it has none by that id. */
  delete(clientId: string, id: string): Promise<boolean>;
  /** Takes every webhook whose lease is free or expired, and renews `holder`'s own; the expired ones are left alone. */
  claim(holder: string, ttlMs: number): Promise<StoredWebhook[]>;
  /** Lets `holder`'s leases go. */
  release(holder: string): Promise<void>;
  /** Records an attempt at `eventId` as PENDING; false when `holder` no longer holds the webhook (taken over, deleted). */
  beginAttempt(holder: string, webhookId: string, eventId: string): Promise<boolean>;
  /** Records how the attempt ended, on the delivery and the webhook; false when `holder` no longer holds it. */
  endAttempt(holder: string, webhookId: string, eventId: string, result: AttemptResult): Promise<boolean>;
  /** Moves the position past entries the filter did not want; false when `holder` no longer holds it. */
  advance(holder: string, webhookId: string, positions: LogPositions): Promise<boolean>;
  /** Marks it EXPIRED (and its failing delivery): its position was purged from the change log. */
  expire(holder: string, webhookId: string): Promise<boolean>;
  /** Deliveries newest first, those numbered below `beforeSeq` (null: from the newest), at most `first`. */
  deliveries(webhookId: string, beforeSeq: number | null, first: number): Promise<WebhookDelivery[]>;
  countDeliveries(webhookId: string): Promise<number>;
  /** Drops deliveries last tried before `before`; answers how many. */
  purgeDeliveries(before: Date): Promise<number>;
}
