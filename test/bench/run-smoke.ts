// Runs a benchmark script in its smoke mode (`node bench/<script> --smoke`) as its own process, with
// the project's Node, and reads back its last line `SMOKE {…}`: what the smoke tests check.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NODE = existsSync(join(ROOT, 'node_modules', '.bin', 'node')) ? join(ROOT, 'node_modules', '.bin', 'node') : process.execPath;

export interface SmokeRun<Summary> {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The `SMOKE {…}` line's figures; undefined when there was none. */
  summary: Summary | undefined;
}

/** SIGTERM after `timeoutMs` (the runners stop their own children on it; they also stop when it is gone). */
export function runSmoke<Summary>(script: string, timeoutMs: number): Promise<SmokeRun<Summary>> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(NODE, [join(ROOT, 'bench', script), '--smoke'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('SMOKE '));
      const summary = line === undefined ? undefined : (JSON.parse(line.slice('SMOKE '.length)) as Summary);
      resolveRun({ code, stdout, stderr, summary });
    });
  });
}
