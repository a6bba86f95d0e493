// Ties a benchmark child process to its parent: the parent holds the write end of our stdin, so when
// the parent goes away (normal end, crash, SIGKILL) stdin ends and this process stops too. Loaded
// with `--import` into the gateway (`node --import ./bench/lifeline.ts src/main.ts`) and imported by
// bench/vendors.ts and bench/baseline.ts. SIGTERM first, so the gateway drains as in production.
// Only when the runner asks for it (BENCH_LIFELINE=1): started by hand, stdin may be anything.

import { isMainThread } from 'node:worker_threads';

let stopping = false;

function parentGone(): void {
  if (stopping) return;
  stopping = true;
  process.kill(process.pid, 'SIGTERM');
  // A process that ignores SIGTERM (or never listens for it) still ends.
  setTimeout(() => process.exit(0), 3_000).unref();
}

// A worker thread (the gateway's sync) inherits `--import`: its stdin is its own, and ends at once.
if (process.env.BENCH_LIFELINE === '1' && isMainThread) {
  process.stdin.on('data', () => undefined);
  process.stdin.once('end', parentGone);
  process.stdin.once('close', parentGone);
  process.stdin.once('error', parentGone);
}
