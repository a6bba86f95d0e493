// The benchmark's child processes: started with the project's own node, tied to the runner through
// their stdin (bench/lifeline.ts), logs in a temporary folder, every one stopped at the end — and
// what /proc says about them (CPU time, peak RSS).
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, createWriteStream, existsSync, openSync, readFileSync, type WriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Child {
  name: string;
  process: ChildProcess;
  pid: number;
  logFile: string;
}

const children = new Set<Child>();

export function nodeBinary(root: string): string {
  const local = join(root, 'node_modules', '.bin', 'node');
  return existsSync(local) ? local : process.execPath;
}

export interface StartOptions {
  name: string;
  node: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logDir: string;
  /** Wait for a first stdout line that is JSON (`{"ready":true,…}`); otherwise stdout goes to the log file. */
  readyLine: boolean;
  timeoutMs: number;
}

/** Starts a child; with `readyLine`, resolves with the JSON of its first stdout line. */
export async function startChild(options: StartOptions): Promise<{ child: Child; ready: unknown }> {
  const logFile = join(options.logDir, `${options.name}.log`);
  const fd = openSync(logFile, 'a');
  const proc = spawn(options.node, options.args, {
    cwd: options.cwd,
    env: { ...options.env, BENCH_LIFELINE: '1' },
    stdio: ['pipe', options.readyLine ? 'pipe' : fd, fd],
  });
  closeSync(fd);
  if (proc.pid === undefined) throw new Error(`${options.name} did not start`);
  const child: Child = { name: options.name, process: proc, pid: proc.pid, logFile };
  children.add(child);
  proc.once('exit', () => children.delete(child));
  // Our end of its stdin stays open while we live: closing it (or dying) tells the child to stop.
  proc.stdin?.on('error', () => undefined);
  if (!options.readyLine) return { child, ready: null };

  const stdout = proc.stdout;
  if (!stdout) throw new Error(`${options.name}: no stdout`);
  const log: WriteStream = createWriteStream(logFile, { flags: 'a' });
  const ready = await new Promise<unknown>((resolve, reject) => {
    let buffered = '';
    let settled = false;
    const timer = setTimeout(
      () => finish(new Error(`${options.name} was not ready within ${options.timeoutMs} ms (log: ${logFile})`)),
      options.timeoutMs,
    );
    function finish(error: Error | null, value?: unknown): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(value);
    }
    stdout.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (settled) return;
      buffered += chunk.toString('utf8');
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      try {
        finish(null, JSON.parse(buffered.slice(0, newline)) as unknown);
      } catch {
        finish(new Error(`${options.name}: first line was not JSON: ${buffered.slice(0, 200)} (log: ${logFile})`));
      }
    });
    proc.once('exit', (code, signal) =>
      finish(new Error(`${options.name} exited (${code ?? signal}) before it was ready (log: ${logFile})`)),
    );
  });
  return { child, ready };
}

/** Polls `url` until it answers 200; bounded by `timeoutMs`. */
export async function waitForHttp(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; attempt < 10_000 && Date.now() < deadline; attempt++) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      throw new Error(`${child.name} exited before it answered ${url} (log: ${child.logFile})`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${child.name} did not answer ${url} within ${timeoutMs} ms (log: ${child.logFile})`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** SIGTERM to every child still running, SIGKILL to those still there after `graceMs`. */
export async function stopAll(graceMs = 3_000): Promise<void> {
  const running = [...children].filter((child) => child.process.exitCode === null && child.process.signalCode === null);
  const exited = running.map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.process.exitCode !== null || child.process.signalCode !== null) return resolve();
        child.process.once('exit', () => resolve());
      }),
  );
  for (const child of running) {
    child.process.kill('SIGTERM');
    child.process.stdin?.end();
  }
  const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), graceMs).unref());
  if ((await Promise.race([Promise.all(exited).then(() => 'done' as const), timer])) === 'late') {
    for (const child of running) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    await Promise.race([Promise.all(exited), sleep(1_000)]);
  }
  children.clear();
}

/**
 * A benchmark's process: `body` runs with every child it starts stopped at its end (and killed should
 * the process exit first); a failure is printed and exits 1. Answers the exit code.
 */
export async function runBenchmark(body: () => Promise<number>): Promise<number> {
  process.once('exit', killAllNow);
  try {
    return await body();
  } catch (error) {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  } finally {
    await stopAll();
  }
}

/** Synchronous last resort on process exit: SIGKILL to every child still running. */
export function killAllNow(): void {
  for (const child of children) {
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
  }
}

// ——— /proc ———

const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU time of a process so far, in ms (/proc/<pid>/stat utime + stime). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; fields after it are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** The whole machine's CPU time so far (/proc/stat, all cores): busy and total, in clock ticks. */
export function machineCpuTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal …
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: total - idle, total };
}

/** The share of the machine's CPU (all cores) that was busy between two readings, in percent. */
export function machineBusyPercent(before: { busy: number; total: number }, after: { busy: number; total: number }): number {
  const total = after.total - before.total;
  return total > 0 ? (100 * (after.busy - before.busy)) / total : Number.NaN;
}

function statusKb(pid: number, key: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((candidate) => candidate.startsWith(`${key}:`));
  return line ? Number(line.replace(/[^0-9]/g, '')) : Number.NaN;
}

/** Peak resident set (VmHWM) in MB, since start or since the last resetPeakRss. */
export function peakRssMb(pid: number): number {
  return statusKb(pid, 'VmHWM') / 1024;
}

export function rssMb(pid: number): number {
  return statusKb(pid, 'VmRSS') / 1024;
}

/** Starts VmHWM again from the current RSS (`5` to /proc/<pid>/clear_refs); false where that is not allowed. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
