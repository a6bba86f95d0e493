// GET /ready: 200 when every configured source answers a probe with our credentials, else 503
// naming the sources that did not (never why in detail: that could describe credentials). A probe
// that does not answer within its deadline counts as failed; a draining process is not ready.
import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { liveSources, type Sources } from '../sources/index.ts';
import { createRequestScope } from '../sources/request-scope.ts';

const READY_PATH = '/ready';
const PROBE_TTL_MS = 5_000;
export const DEFAULT_PROBE_TIMEOUT_MS = 2_000;

export interface ReadinessOptions {
  /** True once the process is shutting down: /ready answers 503 so that no new traffic comes. */
  draining?: () => boolean;
  /** How long all probes together may take. */
  probeTimeoutMs?: number;
}

export function useSourceReadiness(sources: Sources, options: ReadinessOptions = {}): Plugin {
  const timeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  let last: { at: number; failing: Promise<string[]> } | null = null;
  const probeAll = async (): Promise<string[]> => {
    const live = liveSources(sources);
    // The probes' vendor calls run in a scope of their own, whose deadline cuts them off (http.ts).
    const signal = AbortSignal.timeout(timeoutMs);
    const scope = createRequestScope({ requestId: `ready-${randomUUID()}`, signal, deadlineAt: Date.now() + timeoutMs, shareReads: false });
    const deadline = new Promise<never>((_, reject) =>
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
    );
    deadline.catch(() => undefined);
    const results = await Promise.allSettled(live.map((source) => Promise.race([source.probe(scope), deadline])));
    return live.filter((_, index) => results[index]?.status === 'rejected').map((source) => source.source);
  };
  // Not yoga's useReadinessCheck: it matches every request's URL against a URLPattern, a cost each
  // GraphQL request paid.
  return {
    onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== READY_PATH) return;
      if (options.draining?.()) {
        endResponse(fetchAPI.Response.json({ ready: false, draining: true, failing: [] }, { status: 503 }));
        return;
      }
      if (!last || Date.now() - last.at > PROBE_TTL_MS) last = { at: Date.now(), failing: probeAll() };
      return last.failing.then(
        (failing) =>
          endResponse(fetchAPI.Response.json({ ready: failing.length === 0, failing }, { status: failing.length === 0 ? 200 : 503 })),
        () => endResponse(fetchAPI.Response.json({ ready: false, failing: [] }, { status: 503 })),
      );
    },
  };
}
