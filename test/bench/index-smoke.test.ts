// Keeps the synced index's benchmark from rotting: `node bench/index.ts --smoke` starts the vendors (200
// generated customers each) and the gateway with its index on, in their own processes, waits for the
// load, then asks a search, an email lookup and a page with sameAs, INDEXED and LIVE, ~1 s each at one
// client. It exits 0 only when every answer was good and the INDEXED questions made no vendor call
// (the sync's own calls counted apart); its last line is `SMOKE {…}`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NODE = existsSync(join(ROOT, 'node_modules', '.bin', 'node')) ? join(ROOT, 'node_modules', '.bin', 'node') : process.execPath;

interface Summary {
  requests: number;
  failures: number;
  indexedCalls: number;
  liveCalls: number;
  steps: number;
}

function runSmoke(timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(NODE, [join(ROOT, 'bench', 'index.ts'), '--smoke'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

it('runs the index benchmark smoke mode: indexed questions answer with no vendor call, live ones call the vendors', async () => {
  const { code, stdout, stderr } = await runSmoke(80_000);
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('SMOKE '));
  expect(line, `no SMOKE line\n${stderr}`).toBeDefined();
  const summary = JSON.parse((line ?? '').slice('SMOKE '.length)) as Summary;
  expect(summary.failures, stderr).toBe(0);
  expect(summary.requests).toBeGreaterThan(0);
  // Three questions, INDEXED and LIVE, at one client.
  expect(summary.steps).toBe(6);
  expect(summary.indexedCalls, stderr).toBe(0);
  // The count is real: the same questions asked LIVE reach the vendors.
  expect(summary.liveCalls).toBeGreaterThan(0);
  expect(stdout).toContain('## Indexed against live, 200 customers per vendor');
  // Tables come out padded as the formatter leaves them: every row of a table as wide as its header.
  const lines = stdout.split('\n');
  const header = lines.findIndex((row) => row.startsWith('| question ') && row.includes('indexed ÷ live'));
  const after = lines.slice(header).findIndex((row) => !row.startsWith('|'));
  const rows = lines.slice(header, header + after);
  expect(rows.length).toBe(2 + 3);
  expect(new Set(rows.map((row) => [...row].length)).size).toBe(1);
  expect(code, stderr).toBe(0);
}, 90_000);
