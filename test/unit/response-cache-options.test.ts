// The response cache is given the options its plugin takes now: making a gateway prints nothing (no
// deprecation line on every start), and custom field answers still live longer than the rest.
import { type Cache, createInMemoryCache } from '@graphql-yoga/plugin-response-cache';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGateway } from '../../src/app.ts';
import { defaultResponseCache } from '../../src/plugins/response-cache.ts';
import { startTestGateway } from '../support/gateway.ts';
import { platformFeatures } from '../support/platform-modes.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('response cache options', () => {
  it('creating a gateway with answers cached writes nothing to the console', async () => {
    const said = [
      vi.spyOn(console, 'warn'),
      vi.spyOn(console, 'log'),
      vi.spyOn(console, 'info'),
      vi.spyOn(console, 'error'),
      vi.spyOn(process, 'emitWarning'),
    ];
    const gateway = createGateway({}, { responseCache: defaultResponseCache() });
    expect((await gateway.fetch('http://localhost/health')).status).toBe(200);
    for (const spy of said) expect(spy).not.toHaveBeenCalled();
  });

  it('caches custom field definitions for their own lifetime, other answers for the general one', async () => {
    const lifetimes = new Map<string, number>();
    const memory = createInMemoryCache();
    const recording: Cache = {
      get: (id) => memory.get(id),
      invalidate: (entities) => memory.invalidate(entities),
      set(id, result, entities, ttl) {
        lifetimes.set(Object.keys(result.data ?? {}).join(), ttl);
        return memory.set(id, result, entities, ttl);
      },
    };
    // The PLATFORM lists its custom field definitions only beyond its document.
    const gateway = await startTestGateway({
      responseCache: { ...defaultResponseCache(30_000, 300_000), cache: recording },
      sandbox: { undocumented: platformFeatures('generous') },
    });
    try {
      for (const query of [
        '{ customFields { id label } }',
        '{ customers(first: 1, filter: { sources: [PLATFORM] }) { edges { node { id } } } }',
      ]) {
        const answer = await gateway.execute(query);
        expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
      }
      expect(Object.fromEntries(lifetimes)).toEqual({ customFields: 300_000, customers: 30_000 });
    } finally {
      await gateway.stop();
    }
  });
});
