// Cached answers in Redis, shared by every gateway instance, with the in-memory cache's semantics
// (@envelop/response-cache's in-memory-cache.js): each answer lives for its own TTL; every entity it
// holds (`Typename:id`, and `Typename`) points at it, so invalidating an entity — or a whole type —
// drops every answer that contained it, whichever instance cached it or asks next.
//
// Keys (under the connection's `switchboard:` prefix):
//   cache:response:<responseId>  the answer as JSON, expiring with its TTL
//   cache:entity:<entityId>      set of responseIds holding the entity; lives as long as its longest answer
//   cache:links:<responseId>     set of entityIds of the answer, to unlink them when it is dropped
// Both writes run as Lua scripts, so an answer is never half-indexed and an invalidation never misses
// an answer cached while it runs.
import type { Cache } from '@graphql-yoga/plugin-response-cache';
import type { ExecutionResult } from 'graphql';
import type { Redis } from 'ioredis';

export type ResponseCacheOperation = 'get' | 'set' | 'invalidate';

export interface RedisResponseCacheOptions {
  /**
   * Redis failures. The cache never throws: a failed read is a miss, a failed write is not cached,
   * a failed invalidation leaves answers to their TTL (the plugin does not await set/invalidate, so
   * a rejection there would be unhandled). Give it the logger.
   */
  onError?: (error: unknown, operation: ResponseCacheOperation) => void;
}

type EntityRecord = Parameters<Cache['invalidate']>[0] extends Iterable<infer Entity> ? Entity : never;

const NAMESPACE = 'cache:';

// ARGV: prefix, responseId, answer, ttl in ms (-1: no expiry), entityIds…
const SET_SCRIPT = `
local prefix, id, answer, ttl = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local responseKey = prefix .. 'response:' .. id
local linksKey = prefix .. 'links:' .. id
for _, old in ipairs(redis.call('SMEMBERS', linksKey)) do
  redis.call('SREM', prefix .. 'entity:' .. old, id)
end
redis.call('DEL', linksKey)
if ttl > 0 then
  redis.call('SET', responseKey, answer, 'PX', ttl)
else
  redis.call('SET', responseKey, answer)
end
for i = 5, #ARGV do
  local entityKey = prefix .. 'entity:' .. ARGV[i]
  local existed = redis.call('EXISTS', entityKey)
  redis.call('SADD', entityKey, id)
  redis.call('SADD', linksKey, ARGV[i])
  if ttl > 0 then
    local left = redis.call('PTTL', entityKey)
    if existed == 0 or (left >= 0 and left < ttl) then redis.call('PEXPIRE', entityKey, ttl) end
  else
    redis.call('PERSIST', entityKey)
  end
end
if ttl > 0 and #ARGV >= 5 then redis.call('PEXPIRE', linksKey, ttl) end
return 1
`;

// ARGV: prefix, entityIds… Answers: how many cached answers were dropped.
const INVALIDATE_SCRIPT = `
local prefix = ARGV[1]
local dropped = 0
for i = 2, #ARGV do
  local entityKey = prefix .. 'entity:' .. ARGV[i]
  for _, id in ipairs(redis.call('SMEMBERS', entityKey)) do
    local linksKey = prefix .. 'links:' .. id
    for _, other in ipairs(redis.call('SMEMBERS', linksKey)) do
      redis.call('SREM', prefix .. 'entity:' .. other, id)
    end
    redis.call('DEL', linksKey)
    dropped = dropped + redis.call('DEL', prefix .. 'response:' .. id)
  end
  redis.call('DEL', entityKey)
end
return dropped
`;

/** As @envelop/response-cache's defaultBuildEntityId: `Typename:id`, or the bare typename. */
function entityIdOf({ typename, id }: EntityRecord): string {
  return id == null ? typename : `${typename}:${id}`;
}

export function createRedisResponseCache(redis: Redis, options: RedisResponseCacheOptions = {}): Cache {
  // The scripts build keys themselves, so they get the connection's prefix, which ioredis adds only
  // to declared keys.
  const prefix = `${redis.options.keyPrefix ?? ''}${NAMESPACE}`;
  const report = (error: unknown, operation: ResponseCacheOperation) => {
    try {
      options.onError?.(error, operation);
    } catch {
      // A failing reporter must not turn into an unhandled rejection either.
    }
  };
  return {
    async get(responseId) {
      try {
        const text = await redis.get(`${NAMESPACE}response:${responseId}`);
        return text === null ? null : (JSON.parse(text) as ExecutionResult<Record<string, unknown>>);
      } catch (error) {
        report(error, 'get');
        return null;
      }
    },
    async set(responseId, data, entities, ttl) {
      // The plugin never sets a TTL of 0 (not cached); Infinity means no expiry.
      if (!(ttl > 0)) return;
      const ttlArgument = Number.isFinite(ttl) ? String(Math.ceil(ttl)) : '-1';
      try {
        const entityIds = new Set<string>();
        for (const entity of entities) {
          entityIds.add(entity.typename);
          if (entity.id != null) entityIds.add(entityIdOf(entity));
        }
        await redis.eval(SET_SCRIPT, 0, prefix, responseId, JSON.stringify(data), ttlArgument, ...entityIds);
      } catch (error) {
        report(error, 'set');
      }
    },
    async invalidate(entities) {
      const entityIds = new Set<string>();
      for (const entity of entities) entityIds.add(entityIdOf(entity));
      if (entityIds.size === 0) return;
      try {
        await redis.eval(INVALIDATE_SCRIPT, 0, prefix, ...entityIds);
      } catch (error) {
        report(error, 'invalidate');
      }
    },
  };
}
