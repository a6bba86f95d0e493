// A real PostgreSQL for the store tests: `PG_URL` when set, else a throwaway cluster — initdb in a temp
// directory, the server (what pg_ctl would start) a child process on a free loopback port, fsync off — stopped and deleted on
// stop (killed when the test process exits, should a test forget). PostgreSQL refuses to run as root:
// as root, the cluster belongs to the `postgres` user.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

export interface PostgresServer {
  url: string;
  stop(): Promise<void>;
}

const READY_WITHIN_MS = 20_000;

export async function startPostgres(): Promise<PostgresServer> {
  const given = process.env.PG_URL;
  if (given) return { url: given, stop: async () => undefined };
  const bin = postgresBin();
  const owner = clusterOwner();
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  try {
    execFileSync(
      join(bin, 'initdb'),
      // A linguistic default collation (ICU, en-US), as production databases often have: the index's
      // byte order must come from its own COLLATE "C", not from the cluster.
      [
        '-D',
        data,
        '-U',
        'postgres',
        '--auth=trust',
        '--encoding=UTF8',
        '--locale=C.UTF-8',
        '--locale-provider=icu',
        '--icu-locale=en-US',
        '--no-sync',
        '--no-instructions',
      ],
      { stdio: 'pipe', cwd: dir, ...owner },
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${(error as { stderr?: Buffer }).stderr?.toString() ?? String(error)}`);
  }
  let lastError: unknown;
  // A free port can be taken between finding it and the server binding it: then try another.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      return await launch(bin, data, await freePort(), owner, () => rmSync(dir, { recursive: true, force: true }));
    } catch (error) {
      lastError = error;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

async function launch(bin: string, data: string, port: number, owner: Owner | undefined, cleanUp: () => void): Promise<PostgresServer> {
  const settings = [
    'listen_addresses=127.0.0.1',
    'unix_socket_directories=',
    'fsync=off',
    'synchronous_commit=off',
    'full_page_writes=off',
  ];
  const child: ChildProcess = spawn(join(bin, 'postgres'), ['-D', data, '-p', String(port), ...settings.flatMap((s) => ['-c', s])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: dirname(data),
    ...owner,
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  }).then(() => {
    exited = true;
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const shutDown = async () => {
    process.removeListener('exit', killOnExit);
    if (!exited) {
      // SIGINT: PostgreSQL's fast shutdown.
      child.kill('SIGINT');
      const stopped = await Promise.race([exit.then(() => true), sleep(10_000).then(() => false)]);
      if (!stopped) {
        child.kill('SIGKILL');
        await exit;
      }
    }
  };
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  try {
    await waitUntilReady(url, () => exited);
  } catch (error) {
    await shutDown();
    throw new Error(`postgres did not start on port ${port}: ${error instanceof Error ? error.message : String(error)}\n${output}`);
  }
  return {
    url,
    stop: async () => {
      await shutDown();
      cleanUp();
    },
  };
}

async function waitUntilReady(url: string, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + READY_WITHIN_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('postgres exited');
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      lastError = error;
    } finally {
      await client.end().catch(() => undefined);
    }
    await sleep(50);
  }
  throw new Error(`not ready within ${READY_WITHIN_MS} ms: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
}

/** `PG_BIN`, else the newest /usr/lib/postgresql/<version>/bin, else what `pg_config --bindir` says. */
function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  return execFileSync('pg_config', ['--bindir']).toString().trim();
}

interface Owner {
  uid: number;
  gid: number;
}

/** As root, the `postgres` user (initdb and the server refuse root); else nobody else: ourselves. */
function clusterOwner(): Owner | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
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
