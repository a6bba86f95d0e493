// A real redis-server for the store tests: its own process on a free loopback port, nothing written
// to disk, killed on stop (and when the test process exits, should a test forget).
import { spawn } from 'node:child_process';
import { type AddressInfo, createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';
const READY_WITHIN_MS = 10_000;

export async function startRedis(): Promise<RedisServer> {
  let lastError: unknown;
  // A free port can be taken between finding it and redis binding it: then try another.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    try {
      return await launch(port);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function launch(port: number): Promise<RedisServer> {
  const child = spawn(
    REDIS_SERVER,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      tmpdir(),
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
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

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (exited) return;
    child.kill('SIGTERM');
    const killed = await Promise.race([exit.then(() => true), sleep(5_000).then(() => false)]);
    if (!killed) {
      child.kill('SIGKILL');
      await exit;
    }
  };

  try {
    await waitForPong(port, () => exited);
  } catch (error) {
    await stop();
    const reason = spawnError ?? error;
    throw new Error(
      `${REDIS_SERVER} did not start on port ${port}: ${reason instanceof Error ? reason.message : String(reason)}\n${output}`,
    );
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
}

async function waitForPong(port: number, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + READY_WITHIN_MS;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('redis-server exited');
    if (await ping(port)) return;
    await sleep(25);
  }
  throw new Error(`no PONG within ${READY_WITHIN_MS} ms`);
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
