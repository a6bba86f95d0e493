// The process as a new user meets it: `src/main.ts` run as a child process. A port that cannot be had
// is one line naming the variable and the port, and a non-zero exit, with no stack and no hang; logs
// are readable lines at a terminal (a pseudo-terminal from util-linux `script`) or with
// LOG_FORMAT=pretty, and JSON on a pipe.
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NODE = `${ROOT}node_modules/.bin/node`;
/** A stack frame as Node prints one. */
const STACK_FRAME = /^\s+at /m;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A port held by another listener (on every address, as the gateway listens). */
async function busyPort(): Promise<number> {
  const holder: Server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => holder.listen(0, () => resolve()));
  cleanups.push(() => new Promise<void>((resolve) => holder.close(() => resolve())));
  const address = holder.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

interface Run {
  child: ChildProcessWithoutNullStreams;
  /** The exit code, and when (performance.now()) the process exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  output: () => { stdout: string; stderr: string };
  /** Resolves when stdout has a line matching `pattern`. */
  waitFor(pattern: RegExp): Promise<string>;
}

function run(command: string, args: string[], env: Record<string, string>): Run {
  const child = spawn(command, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', INDEX: 'off', ...env } });
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    at: performance.now(),
  }));
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  const watchers: Array<() => void> = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const watcher of [...watchers]) watcher();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const line = stdout.split(/\r?\n/).find((candidate) => pattern.test(candidate));
          if (line === undefined) return;
          watchers.splice(watchers.indexOf(check), 1);
          resolve(line);
        };
        watchers.push(check);
        child.once('exit', (code) => reject(new Error(`exited (${code}) first:\n${stdout}\n${stderr}`)));
        check();
      }),
  };
}

const startMain = (env: Record<string, string>) => run(NODE, ['src/main.ts'], { SANDBOX: '1', ...env });

describe('a port that cannot be had', () => {
  it('PORT busy: one line naming PORT and the port, exit 1, no stack, the sandbox stopped', { timeout: 30_000 }, async () => {
    const port = await busyPort();
    const main = startMain({ PORT: String(port) });
    // The sandbox vendors were up before the gateway tried its port.
    await main.waitFor(/SANDBOX MODE/);
    const sandboxUp = performance.now();
    const { code, at } = await main.exited;
    const { stdout, stderr } = main.output();
    expect(code).toBe(1);
    expect(at - sandboxUp).toBeLessThan(5_000);
    expect(stderr).toBe(`PORT: port ${port} is already in use by another process: stop it, or set PORT to a free port\n`);
    expect(stdout).not.toMatch(STACK_FRAME);
    expect(stdout).not.toMatch(/EADDRINUSE/);
  });

  it('METRICS_PORT busy: the same, naming METRICS_PORT', { timeout: 30_000 }, async () => {
    const port = await busyPort();
    const main = startMain({ PORT: '0', METRICS_PORT: String(port) });
    const { code } = await main.exited;
    const { stdout, stderr } = main.output();
    expect(code).toBe(1);
    expect(stderr).toBe(`METRICS_PORT: port ${port} is already in use by another process: stop it, or set METRICS_PORT to a free port\n`);
    expect(`${stdout}${stderr}`).not.toMatch(STACK_FRAME);
    // It never said the gateway was up.
    expect(stdout).not.toMatch(/Switchboard GraphQL at/);
  });
});

describe('log lines', () => {
  const READY = /Switchboard GraphQL at http:\/\/localhost:\d+\/graphql/;

  async function stop(main: Run): Promise<void> {
    main.child.kill('SIGTERM');
    const { code, signal } = await main.exited;
    expect({ code, signal, output: main.output() }).toMatchObject({ code: 0, signal: null });
  }

  it('are JSON on a pipe', { timeout: 30_000 }, async () => {
    const main = startMain({ PORT: '0' });
    const line = await main.waitFor(READY);
    expect(JSON.parse(line)).toMatchObject({ level: 30, msg: expect.stringMatching(READY) });
    await stop(main);
  });

  it('are readable with LOG_FORMAT=pretty, on a pipe too', { timeout: 30_000 }, async () => {
    const main = startMain({ PORT: '0', LOG_FORMAT: 'pretty' });
    const line = await main.waitFor(READY);
    expect(() => JSON.parse(line)).toThrow();
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: Switchboard GraphQL at/);
    expect(main.output().stdout).toMatch(/WARN: SANDBOX MODE/);
    await stop(main);
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('are readable at a terminal, and JSON there with LOG_FORMAT=json', { timeout: 40_000 }, async () => {
    // `script` runs the command on a pseudo-terminal and copies what it writes to our pipe.
    const atTerminal = (env: Record<string, string>) =>
      run('script', ['--quiet', '--return', '--command', `${NODE} src/main.ts`, '/dev/null'], { SANDBOX: '1', PORT: '0', ...env });

    const pretty = atTerminal({});
    const readable = await pretty.waitFor(READY);
    // Colours at a terminal: strip them to read the line.
    expect(stripVTControlCharacters(readable)).toMatch(/INFO: Switchboard GraphQL at/);
    expect(() => JSON.parse(readable)).toThrow();
    await stop(pretty);

    const json = atTerminal({ LOG_FORMAT: 'json' });
    expect(JSON.parse(await json.waitFor(READY))).toMatchObject({ level: 30 });
    await stop(json);
  });
});
