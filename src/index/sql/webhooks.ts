// The webhooks' tables (webhooks.ts says what they keep). A webhook is delivered by the instance that
// holds its lease; every write of a delivery is conditional on still holding it, so an instance that
// lost it (taken over, the webhook deleted) learns so at its next write and stops.
import type { JsonValue } from '../../sources/model/index.ts';
import type { DeliveryOutcome, LogPositions, StoredWebhook, WebhookDelivery, WebhookStatus, WebhookStore } from '../webhooks.ts';
import { type SqlDatabase, type SqlExecutor, SqlParams, type SqlRow, toNullableNumber, toNullableText, toNumber } from './database.ts';

type Clock = () => number;

const COLUMNS =
  'id, client_id, url, filter, secret, created_at, positions, status, attempts, next_attempt_at, last_event_id, last_delivered_at';

export function createWebhookStore(db: SqlDatabase, clock: Clock): WebhookStore {
  const held = (sql: SqlParams, holder: string, id: string) => `id = ${sql.param(id)} AND lease_holder = ${sql.param(holder)}`;
  return {
    create: (webhook, maxPerClient) =>
      db.transaction(async (tx) => {
        // One client's creations take turns, so two at once cannot both pass the cap.
        await db.lock(tx, [`webhooks/${webhook.clientId}`]);
        const count = new SqlParams(db.dialect);
        const [row] = await tx.all(`SELECT COUNT(*) AS n FROM webhooks WHERE client_id = ${count.param(webhook.clientId)}`, count.values);
        if (toNumber(row?.n) >= maxPerClient) return null;
        const now = clock();
        const sql = new SqlParams(db.dialect);
        await tx.run(
          `INSERT INTO webhooks (${COLUMNS}, deliveries_seq) VALUES (${sql.list([
            webhook.id,
            webhook.clientId,
            webhook.url,
            JSON.stringify(webhook.filter),
            webhook.secret,
            now,
            JSON.stringify(webhook.positions),
            'ACTIVE',
            0,
            null,
            null,
            null,
            0,
          ])})`,
          sql.values,
        );
        const created: StoredWebhook = {
          ...webhook,
          createdAt: new Date(now),
          status: 'ACTIVE',
          attempts: 0,
          nextAttemptAt: null,
          lastEventId: null,
          lastDeliveredAt: null,
        };
        return created;
      }),
    async list(clientId) {
      const sql = new SqlParams(db.dialect);
      const rows = await db.all(
        `SELECT ${COLUMNS} FROM webhooks WHERE client_id = ${sql.param(clientId)} ORDER BY created_at, id`,
        sql.values,
      );
      return rows.map(toWebhook);
    },
    async get(clientId, id) {
      const sql = new SqlParams(db.dialect);
      const [row] = await db.all(
        `SELECT ${COLUMNS} FROM webhooks WHERE id = ${sql.param(id)} AND client_id = ${sql.param(clientId)}`,
        sql.values,
      );
      return row ? toWebhook(row) : null;
    },
    delete: (clientId, id) =>
      db.transaction(async (tx) => {
        const sql = new SqlParams(db.dialect);
        const deleted = await tx.run(`DELETE FROM webhooks WHERE id = ${sql.param(id)} AND client_id = ${sql.param(clientId)}`, sql.values);
        if (deleted === 0) return false;
        const deliveries = new SqlParams(db.dialect);
        await tx.run(`DELETE FROM webhook_deliveries WHERE webhook_id = ${deliveries.param(id)}`, deliveries.values);
        return true;
      }),
    async claim(holder, ttlMs) {
      const now = clock();
      const sql = new SqlParams(db.dialect);
      // One statement: of two instances claiming at once, each row goes to one (PostgreSQL re-checks the
      // condition on a row another transaction changed; SQLite has one writer).
      const rows = await db.all(
        `UPDATE webhooks SET lease_holder = ${sql.param(holder)}, lease_until = ${sql.param(now + ttlMs)}
         WHERE status <> 'EXPIRED' AND (lease_holder IS NULL OR lease_holder = ${sql.param(holder)} OR lease_until < ${sql.param(now)})
         RETURNING ${COLUMNS}`,
        sql.values,
      );
      return rows.map(toWebhook);
    },
    async release(holder) {
      const sql = new SqlParams(db.dialect);
      await db.run(`UPDATE webhooks SET lease_holder = NULL, lease_until = NULL WHERE lease_holder = ${sql.param(holder)}`, sql.values);
    },
    beginAttempt: (holder, webhookId, eventId) =>
      db.transaction(async (tx) => {
        const now = clock();
        const sql = new SqlParams(db.dialect);
        const [webhook] = await tx.all(
          `SELECT deliveries_seq FROM webhooks WHERE ${held(sql, holder, webhookId)} ${db.dialect.forUpdate}`,
          sql.values,
        );
        if (!webhook) return false;
        const again = new SqlParams(db.dialect);
        const repeated = await tx.run(
          `UPDATE webhook_deliveries SET attempts = attempts + 1, outcome = 'PENDING', last_tried_at = ${again.param(now)}
           WHERE webhook_id = ${again.param(webhookId)} AND event_id = ${again.param(eventId)}`,
          again.values,
        );
        if (repeated > 0) return true;
        const seq = toNumber(webhook.deliveries_seq) + 1;
        const bump = new SqlParams(db.dialect);
        await tx.run(`UPDATE webhooks SET deliveries_seq = ${bump.param(seq)} WHERE id = ${bump.param(webhookId)}`, bump.values);
        const insert = new SqlParams(db.dialect);
        await tx.run(
          `INSERT INTO webhook_deliveries (webhook_id, seq, event_id, attempts, outcome, first_tried_at, last_tried_at)
           VALUES (${insert.list([webhookId, seq, eventId, 1, 'PENDING', now, now])})`,
          insert.values,
        );
        return true;
      }),
    endAttempt: (holder, webhookId, eventId, result) =>
      db.transaction(async (tx) => {
        const now = clock();
        const sql = new SqlParams(db.dialect);
        const delivered = result.outcome === 'DELIVERED';
        const changed = await tx.run(
          delivered
            ? `UPDATE webhooks SET status = 'ACTIVE', attempts = 0, next_attempt_at = NULL, positions = ${sql.param(JSON.stringify(result.positions))},
                 last_event_id = ${sql.param(eventId)}, last_delivered_at = ${sql.param(now)} WHERE ${held(sql, holder, webhookId)}`
            : `UPDATE webhooks SET status = 'FAILING', attempts = attempts + 1, next_attempt_at = ${sql.param(result.retryAt.getTime())}
                 WHERE ${held(sql, holder, webhookId)}`,
          sql.values,
        );
        if (changed === 0) return false;
        await setDelivery(db, tx, webhookId, eventId, {
          outcome: result.outcome,
          lastStatus: result.status,
          lastError: delivered ? null : result.error,
          deliveredAt: delivered ? now : null,
        });
        return true;
      }),
    async advance(holder, webhookId, positions) {
      const sql = new SqlParams(db.dialect);
      const changed = await db.run(
        `UPDATE webhooks SET positions = ${sql.param(JSON.stringify(positions))} WHERE ${held(sql, holder, webhookId)}`,
        sql.values,
      );
      return changed > 0;
    },
    expire: (holder, webhookId) =>
      db.transaction(async (tx) => {
        const sql = new SqlParams(db.dialect);
        const changed = await tx.run(
          `UPDATE webhooks SET status = 'EXPIRED', next_attempt_at = NULL, lease_holder = NULL, lease_until = NULL WHERE ${held(sql, holder, webhookId)}`,
          sql.values,
        );
        if (changed === 0) return false;
        const failing = new SqlParams(db.dialect);
        await tx.run(
          `UPDATE webhook_deliveries SET outcome = 'EXPIRED' WHERE webhook_id = ${failing.param(webhookId)} AND outcome IN ('FAILING', 'PENDING')`,
          failing.values,
        );
        return true;
      }),
    async deliveries(webhookId, beforeSeq, first) {
      const sql = new SqlParams(db.dialect);
      const rows = await db.all(
        `SELECT webhook_id, seq, event_id, attempts, outcome, last_status, last_error, first_tried_at, last_tried_at, delivered_at
         FROM webhook_deliveries WHERE webhook_id = ${sql.param(webhookId)}
         ${beforeSeq === null ? '' : `AND seq < ${sql.param(beforeSeq)}`} ORDER BY seq DESC LIMIT ${sql.param(first)}`,
        sql.values,
      );
      return rows.map(toDelivery);
    },
    async countDeliveries(webhookId) {
      const sql = new SqlParams(db.dialect);
      const [row] = await db.all(`SELECT COUNT(*) AS n FROM webhook_deliveries WHERE webhook_id = ${sql.param(webhookId)}`, sql.values);
      return toNumber(row?.n);
    },
    purgeDeliveries(before) {
      const sql = new SqlParams(db.dialect);
      return db.run(`DELETE FROM webhook_deliveries WHERE last_tried_at < ${sql.param(before.getTime())}`, sql.values);
    },
  };
}

async function setDelivery(
  db: SqlDatabase,
  tx: SqlExecutor,
  webhookId: string,
  eventId: string,
  set: { outcome: DeliveryOutcome; lastStatus: number | null; lastError: string | null; deliveredAt: number | null },
): Promise<void> {
  const sql = new SqlParams(db.dialect);
  await tx.run(
    `UPDATE webhook_deliveries SET outcome = ${sql.param(set.outcome)}, last_status = ${sql.param(set.lastStatus)},
       last_error = ${sql.param(set.lastError)}, delivered_at = ${sql.param(set.deliveredAt)}
     WHERE webhook_id = ${sql.param(webhookId)} AND event_id = ${sql.param(eventId)}`,
    sql.values,
  );
}

function toWebhook(row: SqlRow): StoredWebhook {
  const nextAttemptAt = toNullableNumber(row.next_attempt_at);
  const lastDeliveredAt = toNullableNumber(row.last_delivered_at);
  return {
    id: String(row.id),
    clientId: String(row.client_id),
    url: String(row.url),
    filter: JSON.parse(String(row.filter)) as JsonValue,
    secret: String(row.secret),
    createdAt: new Date(toNumber(row.created_at)),
    positions: JSON.parse(String(row.positions)) as LogPositions,
    status: String(row.status) as WebhookStatus,
    attempts: toNumber(row.attempts),
    nextAttemptAt: nextAttemptAt === null ? null : new Date(nextAttemptAt),
    lastEventId: toNullableText(row.last_event_id),
    lastDeliveredAt: lastDeliveredAt === null ? null : new Date(lastDeliveredAt),
  };
}

function toDelivery(row: SqlRow): WebhookDelivery {
  const deliveredAt = toNullableNumber(row.delivered_at);
  return {
    webhookId: String(row.webhook_id),
    eventId: String(row.event_id),
    seq: toNumber(row.seq),
    attempts: toNumber(row.attempts),
    outcome: String(row.outcome) as DeliveryOutcome,
    lastStatus: toNullableNumber(row.last_status),
    lastError: toNullableText(row.last_error),
    firstTriedAt: new Date(toNumber(row.first_tried_at)),
    lastTriedAt: new Date(toNumber(row.last_tried_at)),
    deliveredAt: deliveredAt === null ? null : new Date(deliveredAt),
  };
}
