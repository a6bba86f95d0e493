// The change log's doorbell between instances: a Redis channel. An instance that stored a change
// publishes; every other one hears it and lets its streams look now. Only a doorbell: the log in the
// shared index is the truth, so a message lost while Redis is away is caught up by each instance's poll.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SharedDoorbell } from '../live/change-feed.ts';
import { REDIS_KEY_PREFIX } from './redis.ts';

const CHANNEL = `${REDIS_KEY_PREFIX}index-changes`;

export interface RedisDoorbell extends SharedDoorbell {
  close(): Promise<void>;
}

/** Publishes on `redis`; listens on a connection of its own (a subscribed connection can do nothing else). */
export function createRedisDoorbell(redis: Redis, onError: (error: Error) => void): RedisDoorbell {
  const self = randomUUID();
  const listeners = new Set<() => void>();
  const subscriber = redis.duplicate({ connectionName: 'switchboard-doorbell' });
  subscriber.on('error', onError);
  subscriber.on('message', (_channel: string, from: string) => {
    if (from === self) return;
    for (const listener of listeners) listener();
  });
  subscriber.subscribe(CHANNEL).catch(onError);
  return {
    ring() {
      redis.publish(CHANNEL, self).catch(onError);
    },
    listen(onRing) {
      listeners.add(onRing);
    },
    async close() {
      listeners.clear();
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}
