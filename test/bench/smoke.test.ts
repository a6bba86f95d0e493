// Keeps the benchmark from rotting: `node bench/run.ts --smoke` starts the vendors, the gateway and the
// baseline in their own processes, loads scenarios (a) and (f) for ~2 s each at concurrency 1, and exits 0 only
// when every answer was good; its last line is `SMOKE {"requests":…,"failures":…}`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NODE = existsSync(join(ROOT, 'node_modules', '.bin', 'node')) ? join(ROOT, 'node_modules', '.bin', 'node') : process.execPath;

function runSmoke(timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(NODE, [join(ROOT, 'bench', 'run.ts'), '--smoke'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // The runner stops its own children on SIGTERM; they also stop when it is gone.
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

it('runs the benchmark smoke mode: gateway and baseline answer scenarios (a) and (f) without a failure', async () => {
  const { code, stdout, stderr } = await runSmoke(50_000);
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('SMOKE '));
  expect(line, `no SMOKE line\n${stderr}`).toBeDefined();
  const summary = JSON.parse((line ?? '').slice('SMOKE '.length)) as { requests: number; failures: number; rows: number };
  expect(summary.failures, stderr).toBe(0);
  expect(summary.requests).toBeGreaterThan(0);
  expect(summary.rows).toBe(2);
  expect(code, stderr).toBe(0);
}, 60_000);
