// The processes of the synced index's benchmark (bench/index.ts): the sandbox vendors with N generated
// customers each, and the gateway with its index on (SQLite in the run's folder), each in its own
// process as in bench/targets.ts; and the gateway's syncStatus, polled.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ask } from './index-questions.ts';
import { type Child, nodeBinary, sleep, startChild, waitForHttp } from './processes.ts';
import { freePort, GATEWAY_ARGS, GATEWAY_ENV } from './targets.ts';
import type { VendorsReady } from './vendors.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const baseEnv = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TZ: process.env.TZ ?? 'UTC' });

export async function startVendors(logDir: string, customers: number, latencyMs: number): Promise<VendorsReady> {
  const { ready } = await startChild({
    name: `vendors-${customers}`,
    node: nodeBinary(ROOT),
    args: [join(ROOT, 'bench', 'vendors.ts')],
    cwd: ROOT,
    env: { ...baseEnv(), BENCH_LATENCY_MS: String(latencyMs), SANDBOX_CUSTOMERS: String(customers) },
    logDir,
    readyLine: true,
    timeoutMs: 300_000,
  });
  return ready as VendorsReady;
}

export interface IndexedGateway {
  url: string;
  child: Child;
}

/** The gateway with its index at `indexPath`; `env` on top (SYNC_*, MAX_VENDOR_CALLS…). */
export async function startIndexedGateway(
  name: string,
  vendors: VendorsReady,
  logDir: string,
  indexPath: string,
  env: Record<string, string>,
): Promise<IndexedGateway> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { child } = await startChild({
    name,
    node: nodeBinary(ROOT),
    args: GATEWAY_ARGS,
    cwd: logDir,
    env: {
      ...baseEnv(),
      ...vendors.env,
      PORT: String(port),
      ...GATEWAY_ENV,
      RESPONSE_CACHE: '0',
      INDEX_PATH: indexPath,
      // The sandbox vendors are configured vendors here, so the sync would be paced as for a real
      // site (5 calls a second): lifted as npm start lifts it for its own sandbox.
      SYNC_CALLS_PER_SECOND: '1000',
      ...env,
    },
    logDir,
    readyLine: false,
    timeoutMs: 0,
  });
  await waitForHttp(`${url}/health`, child, 60_000);
  return { url, child };
}

export interface SourceStatus {
  source: string;
  state: string;
  records: number | null;
  verifiedAsOf: string | null;
  lastError: string | null;
}

export async function syncStatus(url: string): Promise<SourceStatus[]> {
  const data = await ask<{ syncStatus: SourceStatus[] }>(url, '{ syncStatus { source state records verifiedAsOf lastError } }');
  return data.syncStatus;
}

/**
 * Polls syncStatus every `everyMs` until `done` holds for every source; `onPoll` sees each answer (with
 * the time since the start). Throws after `timeoutMs`.
 */
export async function waitForSync(
  url: string,
  done: (status: SourceStatus) => boolean,
  timeoutMs: number,
  onPoll: (statuses: SourceStatus[], elapsedMs: number) => void = () => undefined,
  everyMs = 250,
): Promise<number> {
  const started = performance.now();
  for (;;) {
    const statuses = await syncStatus(url);
    const elapsed = performance.now() - started;
    onPoll(statuses, elapsed);
    if (statuses.length > 0 && statuses.every(done)) return elapsed;
    if (elapsed > timeoutMs) throw new Error(`the sync did not get there within ${timeoutMs} ms: ${JSON.stringify(statuses)}`);
    await sleep(everyMs);
  }
}
