// A real redis-server for the store tests: its own process on a free loopback port, nothing written
// to disk, killed on stop (and when the test process exits, should a test forget).
import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { onAFreePort, waitUntilAnswering, watchChild } from './child-server.ts';

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';
const READY_WITHIN_MS = 10_000;

export function startRedis(): Promise<RedisServer> {
  return onAFreePort(launch);
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
  const watched = watchChild(child, { signal: 'SIGTERM', withinMs: 5_000 });
  try {
    await waitUntilAnswering(watched, () => ping(port), { withinMs: READY_WITHIN_MS, everyMs: 25, what: 'redis-server' });
  } catch (error) {
    await watched.stop();
    const reason = watched.spawnError() ?? error;
    throw new Error(
      `${REDIS_SERVER} did not start on port ${port}: ${reason instanceof Error ? reason.message : String(reason)}\n${watched.output()}`,
    );
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => watched.stop() };
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
