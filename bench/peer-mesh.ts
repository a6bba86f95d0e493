// GraphQL Mesh as a peer to measure against (`--peer mesh`): the composition in ../shared/peers/mesh
// (or --peer-dir), installed once into a cache folder of its own, composed over the benchmark's vendor
// process (its URLs are fixed at compose time) and served by Hive Gateway in a process of its own,
// with the project's node. Nothing of it is part of the project: without `--peer` it is never read.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Child, startChild, waitForHttp } from './processes.ts';

const run = promisify(execFile);

export interface MeshPeerOptions {
  /** The folder holding mesh.config.ts, the OpenAPI files and package.json. */
  dir: string;
  /** Where installs are kept between runs (one folder per version of the peer's files). */
  cacheRoot: string;
  node: string;
  port: number;
  /** The benchmark vendors' variables (AMELIA_URL … CRM_TOKEN). */
  vendorsEnv: Record<string, string>;
  logDir: string;
  log: (line: string) => void;
}

/** Copies the peer's files into a cache folder named by their content and installs them there, once. */
async function installed(options: MeshPeerOptions): Promise<string> {
  const files = readdirSync(options.dir).filter((name) => statSync(join(options.dir, name)).isFile());
  if (!files.includes('mesh.config.ts') || !files.includes('package.json'))
    throw new Error(`--peer-dir ${options.dir}: no mesh.config.ts and package.json there`);
  const hash = createHash('sha256');
  for (const name of files.sort()) hash.update(name).update(readFileSync(join(options.dir, name)));
  const home = join(options.cacheRoot, `mesh-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(join(home, 'node_modules', '@graphql-hive', 'gateway', 'package.json'))) return home;
  mkdirSync(home, { recursive: true });
  for (const name of files) copyFileSync(join(options.dir, name), join(home, name));
  options.log(`bench: installing GraphQL Mesh into ${home} (once; npm install)`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: home,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 10 * 60_000,
  });
  return home;
}

function binOf(home: string, packageName: string, bin: string): string {
  const manifest = JSON.parse(readFileSync(join(home, 'node_modules', packageName, 'package.json'), 'utf8')) as {
    bin?: Record<string, string>;
  };
  const path = manifest.bin?.[bin];
  if (!path) throw new Error(`${packageName} has no ${bin} command`);
  return join(home, 'node_modules', packageName, path);
}

/** Installs (once), composes over these vendors and starts Hive Gateway; resolves when it answers. */
export async function startMeshPeer(options: MeshPeerOptions): Promise<{ url: string; child: Child }> {
  const home = await installed(options);
  const vendors = options.vendorsEnv;
  const env = {
    PATH: `${join(home, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME ?? home,
    AMELIA_URL: vendors.AMELIA_URL ?? '',
    PLATFORM_URL: vendors.PLATFORM_URL ?? '',
    CRM_URL: vendors.CRM_URL ?? '',
  };
  await run(options.node, [binOf(home, '@graphql-mesh/compose-cli', 'mesh-compose'), '-o', 'supergraph.graphql'], {
    cwd: home,
    env,
    timeout: 120_000,
  });
  const { child } = await startChild({
    name: 'mesh',
    node: options.node,
    args: [
      binOf(home, '@graphql-hive/gateway', 'hive-gateway'),
      'supergraph',
      'supergraph.graphql',
      '--host',
      '127.0.0.1',
      '--port',
      String(options.port),
      '--fork',
      '1',
    ],
    cwd: home,
    env: {
      ...env,
      NODE_ENV: 'production',
      AMELIA_API_KEY: vendors.AMELIA_API_KEY ?? '',
      PLATFORM_TOKEN: vendors.PLATFORM_TOKEN ?? '',
      PLATFORM_ORG: vendors.PLATFORM_ORGANIZATION ?? '',
      CRM_TOKEN: vendors.CRM_TOKEN ?? '',
    },
    logDir: options.logDir,
    readyLine: false,
    timeoutMs: 0,
  });
  const url = `http://127.0.0.1:${options.port}`;
  await waitForHttp(`${url}/healthcheck`, child, 60_000);
  return { url, child };
}
