// The process runs its sync engine in a thread of its own (src/sync/thread/): `src/main.ts` as a
// child process, AMELIA served by a sandbox vendor of this test (the other sources by the process's
// own sandbox). The thread loads AMELIA into the SQLite file while clients read AMELIA live through
// the gateway; the vendor never has more calls in flight than its one budget allows, the sync's
// calls among the clients'; the rows the thread wrote are answered from the index by the process.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type SandboxVendors, startSandboxVendors } from '../../src/sandbox/index.ts';
import { SYNC_THREAD_NICE } from '../../src/sync/thread/priority.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sync-thread-'));
let vendors: SandboxVendors;
let child: ChildProcessWithoutNullStreams | undefined;
beforeAll(async () => {
  vendors = await startSandboxVendors({ customers: 300 });
});
afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  await vendors.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface LogLine {
  msg?: string;
  sync?: string;
  thread?: string;
}

it('loads in its own thread, within the vendor budget it shares with client requests', { timeout: 60_000 }, async () => {
  const amelia = vendors.settings.AMELIA;
  vendors.amelia.server.latencyMs = 20;
  child = spawn(`${ROOT}node_modules/.bin/node`, ['src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      SANDBOX: '1',
      PORT: '0',
      LOG_FORMAT: 'json',
      INDEX_PATH: join(dir, 'index.sqlite'),
      AMELIA_URL: amelia.url,
      AMELIA_API_KEY: amelia.apiKey,
      AMELIA_TIMEZONE: amelia.timeZone ?? 'UTC',
      VENDOR_CONCURRENCY: 'AMELIA=2',
      SYNC_CONCURRENCY: '1',
      SYNC_CALLS_PER_SECOND: '1000',
      RATE_LIMIT_PER_SECOND: '0',
    },
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const lines = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  const waitFor = async (test: (all: LogLine[]) => boolean) => {
    const end = Date.now() + 30_000;
    while (!test(lines())) {
      if (Date.now() > end || child?.exitCode !== null) throw new Error(`not seen:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  await waitFor((all) => all.some((line) => line.msg?.startsWith('Switchboard GraphQL at')));
  const url = /(http:\/\/localhost:\d+\/graphql)/.exec(output)?.[1] ?? '';
  const ask = async (query: string) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    return (await response.json()) as { data?: { customers: { edges: unknown[]; totalCount?: number } }; errors?: unknown[] };
  };

  // Clients read AMELIA live while the thread loads it (31 pages of 10 at 20 ms a call).
  const loaded = () => lines().some((line) => line.sync === 'AMELIA' && line.msg === 'initial load: completed');
  const live = `{ customers(first: 10, filter: { sources: [AMELIA] }, consistency: LIVE) { edges { node { id } } } }`;
  while (!loaded()) {
    const answers = await Promise.all([1, 2, 3].map(() => ask(live)));
    for (const answer of answers) expect(JSON.stringify(answer.errors)).toBeUndefined();
  }
  const requests = vendors.amelia.server.requests;
  const bySync = requests.filter((request) => String(request.headers['x-request-id']).startsWith('sync-'));
  expect(bySync.length).toBeGreaterThanOrEqual(31);
  expect(requests.length - bySync.length).toBeGreaterThan(0);
  expect(vendors.amelia.server.maxInFlight).toBeLessThanOrEqual(2);
  expect(
    lines()
      .filter((line) => line.msg === 'initial load: completed')
      .every((line) => line.thread === 'sync'),
  ).toBe(true);

  // The thread runs at a lower CPU priority than the rest of the process (Linux: its own niceness).
  const tasks = readdirSync(`/proc/${child.pid}/task`).map((tid) => readFileSync(`/proc/${child?.pid}/task/${tid}/stat`, 'utf8'));
  const niceOf = (stat: string) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  expect(niceOf(readFileSync(`/proc/${child.pid}/stat`, 'utf8'))).toBe(0);
  expect(tasks.filter((stat) => niceOf(stat) === SYNC_THREAD_NICE)).toHaveLength(1);

  const indexed = await ask(`{ customers(first: 1, filter: { sources: [AMELIA] }) { totalCount edges { node { id } } } }`);
  expect(indexed.data?.customers.totalCount).toBe(330);

  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  expect(code).toBe(0);
});
