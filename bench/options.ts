// The benchmark's command line (`node bench/run.ts --help` prints run.ts's opening comment, its usage)
// and the options a run takes, smoke mode's defaults among them.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SCENARIO_KEYS, type ScenarioKey } from './scenarios.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the usage is written: the opening comment of the runner's own file. */
const USAGE_FILE = fileURLToPath(new URL('./run.ts', import.meta.url));

export interface BenchOptions {
  latencies: number[];
  durationS: number;
  warmupS: number;
  scenarios: ScenarioKey[];
  concurrency: number[];
  /** Markdown file written at the end; null: none. */
  out: string | null;
  smoke: boolean;
  /** Extra NAME=value for the gateway's environment (e.g. VENDOR_CONCURRENCY=64). */
  gatewayEnv: string[];
  /** Also measure a second gateway with its response cache on, beside the uncached one. */
  cached: boolean;
  /** Each step measured this many times, the targets taking turns; the report gives medians. */
  rounds: number;
  /** The folder of a GraphQL Mesh composition to measure beside the gateway; null: none. */
  peerDir: string | null;
  log: (line: string) => void;
}

function list(text: string, name: string): number[] {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((value) => !Number.isInteger(value) || value < 0)) {
    throw new Error(`--${name}: a comma-separated list of whole numbers, got "${text}"`);
  }
  return values;
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      latency: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      scenarios: { type: 'string' },
      concurrency: { type: 'string' },
      out: { type: 'string' },
      'gateway-env': { type: 'string', multiple: true },
      smoke: { type: 'boolean', default: false },
      'no-cached': { type: 'boolean', default: false },
      rounds: { type: 'string' },
      peer: { type: 'string' },
      'peer-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    const lines = readFileSync(USAGE_FILE, 'utf8').split('\n');
    process.stdout.write(
      `${lines
        .slice(
          0,
          lines.findIndex((line) => !line.startsWith('//')),
        )
        .join('\n')}\n`,
    );
    process.exit(0);
  }
  const smoke = values.smoke;
  const scenarios = (values.scenarios ?? (smoke ? 'a,f' : SCENARIO_KEYS.join(','))).split(',').map((key) => key.trim());
  for (const key of scenarios) {
    if (!(SCENARIO_KEYS as readonly string[]).includes(key))
      throw new Error(`--scenarios: unknown scenario "${key}" (${SCENARIO_KEYS.join(', ')})`);
  }
  const durationS = Number(values.duration ?? (smoke ? '2' : '10'));
  const warmupS = Number(values.warmup ?? (smoke ? '0.5' : '2'));
  if (!(durationS > 0 && durationS <= 3_600)) throw new Error('--duration: seconds, more than 0');
  if (!(warmupS >= 0 && warmupS <= 600)) throw new Error('--warmup: seconds, 0 or more');
  const rounds = Number(values.rounds ?? '1');
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 9) throw new Error('--rounds: a whole number from 1 to 9');
  if (values.peer !== undefined && values.peer !== 'mesh') throw new Error('--peer: only "mesh" is known');
  const peerDir = values.peer === 'mesh' ? resolve(values['peer-dir'] ?? join(ROOT, '..', 'shared', 'peers', 'mesh')) : null;
  const gatewayEnv = values['gateway-env'] ?? [];
  for (const pair of gatewayEnv) if (!/^[A-Z][A-Z0-9_]*=/.test(pair)) throw new Error(`--gateway-env: NAME=value, got "${pair}"`);
  return {
    latencies: list(values.latency ?? (smoke ? '0' : '20,0'), 'latency'),
    durationS,
    warmupS,
    scenarios: scenarios as ScenarioKey[],
    concurrency: list(values.concurrency ?? (smoke ? '1' : '1,16,64'), 'concurrency').filter((c) => c > 0),
    out: smoke ? null : resolve(values.out ?? join(ROOT, 'bench', 'results.md')),
    smoke,
    gatewayEnv,
    cached: !smoke && !values['no-cached'],
    rounds,
    peerDir,
    log: (line) => process.stderr.write(`${line}\n`),
  };
}
