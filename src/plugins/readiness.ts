// GET /ready: 200 when every configured source answers a probe with our credentials, else 503
// naming the sources that did not (never why in detail: that could describe credentials).
import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import { liveSources, type Sources } from '../sources/index.ts';

const PROBE_TTL_MS = 5_000;

export function useSourceReadiness(sources: Sources): Plugin {
  let last: { at: number; failing: Promise<string[]> } | null = null;
  const probeAll = async (): Promise<string[]> => {
    const live = liveSources(sources);
    const results = await Promise.allSettled(live.map((source) => source.probe({ warn: () => {} })));
    return live.filter((_, index) => results[index]?.status === 'rejected').map((source) => source.source);
  };
  return useReadinessCheck({
    endpoint: '/ready',
    check: async ({ fetchAPI }) => {
      if (!last || Date.now() - last.at > PROBE_TTL_MS) last = { at: Date.now(), failing: probeAll() };
      const failing = await last.failing;
      return fetchAPI.Response.json({ ready: failing.length === 0, failing }, { status: failing.length === 0 ? 200 : 503 });
    },
  });
}
