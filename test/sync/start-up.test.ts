// The process with its synced index: `src/main.ts` run as a child process over the sandbox. It says its
// sync settings, loads every source into the SQLite file at INDEX_PATH, lets go on SIGTERM; restarted
// on other sandbox ports it erases the former sandbox's rows; with REDIS_URL and no INDEX_URL it warns
// that each instance keeps its own index; INDEX=off keeps the pass-through only.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { openSqliteIndexStore } from '../../src/index/sqlite/store.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NODE = `${ROOT}node_modules/.bin/node`;
const dir = mkdtempSync(join(tmpdir(), 'switchboard-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Main {
  child: ChildProcessWithoutNullStreams;
  lines(): Array<{ msg?: string; sync?: string; erased?: number }>;
  waitFor(test: (lines: ReturnType<Main['lines']>) => boolean): Promise<void>;
  stop(): Promise<number | null>;
}

function startMain(env: Record<string, string>): Main {
  const child = spawn(NODE, ['src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', SANDBOX: '1', PORT: '0', LOG_FORMAT: 'json', ...env },
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const lines = () =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; sync?: string; erased?: number });
  return {
    child,
    lines,
    async waitFor(test) {
      const end = Date.now() + 20_000;
      while (!test(lines())) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`not seen:\n${stdout}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      return code as number | null;
    },
  };
}

const loadsCompleted = (lines: ReturnType<Main['lines']>) => lines.filter((line) => line.msg === 'initial load: completed').length;

it('loads every source into INDEX_PATH, says its settings, and a restart on other ports erases the former rows', {
  timeout: 60_000,
}, async () => {
  const path = join(dir, 'data', 'index.sqlite');
  const first = startMain({ INDEX_PATH: path });
  await first.waitFor((lines) => loadsCompleted(lines) === 4);
  const settings = first.lines().find((line) => line.msg?.startsWith('Synced index:'))?.msg ?? '';
  expect(settings).toContain(`SQLite at ${path}`);
  expect(settings).toMatch(/ticks every 30 s .*full sweeps every 24 h .*above 2 % .*Projected full sweep: AMELIA: /);
  expect(await first.stop()).toBe(0);
  expect(existsSync(path)).toBe(true);

  const store = await openSqliteIndexStore({ path });
  const rows = await store.count({});
  await store.close();
  expect(rows).toBeGreaterThan(100);

  const second = startMain({ INDEX_PATH: path, REDIS_URL: 'redis://127.0.0.1:1' });
  await second.waitFor((lines) => loadsCompleted(lines) === 4);
  expect(second.lines().find((line) => line.msg?.includes('no longer configured'))?.erased).toBe(rows);
  expect(second.lines().some((line) => line.msg?.startsWith('SEVERAL INSTANCES, SEVERAL INDEXES'))).toBe(true);
  expect(await second.stop()).toBe(0);
  const reopened = await openSqliteIndexStore({ path });
  expect(await reopened.count({})).toBe(rows);
  await reopened.close();
});

it('INDEX=off: no index file, pass-through only', { timeout: 30_000 }, async () => {
  const path = join(dir, 'off', 'index.sqlite');
  const main = startMain({ INDEX: 'off', INDEX_PATH: path });
  await main.waitFor((lines) => lines.some((line) => line.msg?.startsWith('Switchboard GraphQL at')));
  expect(main.lines().some((line) => line.msg?.startsWith('INDEX=off'))).toBe(true);
  expect(await main.stop()).toBe(0);
  expect(existsSync(path)).toBe(false);
});
