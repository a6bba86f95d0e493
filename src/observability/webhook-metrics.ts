// Webhook deliveries in the metrics: attempts by outcome, their duration, and the webhooks this
// instance delivers (how many are retrying a failed event: their later events wait).
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type DeliveryMetric = 'delivered' | 'failed' | 'expired';

/** What the webhook deliverer tells the metrics (src/webhooks/deliverer.ts). */
export interface WebhookObserver {
  /** An attempt acknowledged or failed (with its duration), or a webhook expired. */
  onDelivery(outcome: DeliveryMetric, durationMs: number | null): void;
  onHeld(held: number, failing: number): void;
}

export function webhookMetrics(registry: Registry): WebhookObserver {
  const deliveries = new Counter({
    name: 'webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome (delivered: acknowledged with a 2xx; failed: retried later), and webhooks expired',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'webhook_delivery_duration_seconds',
    help: 'Duration of webhook POSTs, answered or not',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const held = new Gauge({
    name: 'webhooks_delivering',
    help: 'Webhooks this instance delivers, by state (failing: retrying an event, the later ones waiting behind it)',
    labelNames: ['state'] as const,
    registers: [registry],
  });
  return {
    onDelivery(outcome, durationMs) {
      deliveries.inc({ outcome });
      if (durationMs !== null) duration.observe(durationMs / 1000);
    },
    onHeld(count, failing) {
      held.set({ state: 'ok' }, count - failing);
      held.set({ state: 'failing' }, failing);
    },
  };
}
