// A real PostgreSQL for the store tests: `PG_URL` when set, else a throwaway cluster — initdb in a temp
// directory, the server (what pg_ctl would start) a child process on a free loopback port, fsync off — stopped and deleted on
// stop (killed when the test process exits, should a test forget). PostgreSQL refuses to run as root:
// as root, the cluster belongs to the `postgres` user.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { onAFreePort, waitUntilAnswering, watchChild } from './child-server.ts';

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
  try {
    return await onAFreePort((port) => launch(bin, data, port, owner, () => rmSync(dir, { recursive: true, force: true })));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
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
  // SIGINT: PostgreSQL's fast shutdown.
  const watched = watchChild(child, { signal: 'SIGINT', withinMs: 10_000 });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let lastProblem = '';
  const answers = async () => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  try {
    await waitUntilAnswering(watched, answers, {
      withinMs: READY_WITHIN_MS,
      everyMs: 50,
      what: 'postgres',
      lastProblem: () => lastProblem,
    });
  } catch (error) {
    await watched.stop();
    throw new Error(
      `postgres did not start on port ${port}: ${error instanceof Error ? error.message : String(error)}\n${watched.output()}`,
    );
  }
  return {
    url,
    stop: async () => {
      await watched.stop();
      cleanUp();
    },
  };
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
