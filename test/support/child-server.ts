// What the tests' real servers (postgres.ts, redis.ts) share: a free loopback port, a child process
// watched (its last output kept, killed when the test process exits, stopped with its own signal),
// and waiting for it to answer.
import type { ChildProcess } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A port can be taken between finding it and the server binding it: then another is tried. */
export async function onAFreePort<T>(launch: (port: number) => Promise<T>, attempts = 3): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    try {
      return await launch(await freePort());
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

export interface WatchedChild {
  /** Its last 4,000 characters of output. */
  output(): string;
  exited(): boolean;
  /** Why it could not be started, when it could not. */
  spawnError(): Error | null;
  /** `signal` (its graceful stop), then SIGKILL when it has not exited within `withinMs`. */
  stop(): Promise<void>;
}

export function watchChild(child: ChildProcess, stopWith: { signal: NodeJS.Signals; withinMs: number }): WatchedChild {
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited = false;
  let spawnError: Error | null = null;
  // 'exit', or 'error' alone when the binary could not be started.
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      spawnError = error;
      resolve();
    });
  }).then(() => {
    exited = true;
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    output: () => output,
    exited: () => exited,
    spawnError: () => spawnError,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (exited) return;
      child.kill(stopWith.signal);
      const stopped = await Promise.race([exit.then(() => true), sleep(stopWith.withinMs).then(() => false)]);
      if (!stopped) {
        child.kill('SIGKILL');
        await exit;
      }
    },
  };
}

/** Asks `ready` every `everyMs` until it answers true; throws when the child exits or `withinMs` passes. */
export async function waitUntilAnswering(
  child: WatchedChild,
  ready: () => Promise<boolean>,
  options: { withinMs: number; everyMs: number; what: string; lastProblem?: () => string },
): Promise<void> {
  const deadline = Date.now() + options.withinMs;
  while (Date.now() < deadline) {
    if (child.exited()) throw new Error(`${options.what} exited`);
    if (await ready()) return;
    await sleep(options.everyMs);
  }
  throw new Error(`${options.what} not ready within ${options.withinMs} ms${options.lastProblem ? `: ${options.lastProblem()}` : ''}`);
}
