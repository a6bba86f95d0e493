// `npm run bench`: the gateway against a hand-written baseline, both in front of the sandbox vendors
// in a process of their own, under autocannon. See bench/results.md for what it reports.
//
//   node bench/run.ts [--latency 20,0] [--duration 10] [--warmup 2] [--scenarios a,b,c,d,e,f]
//                     [--concurrency 1,16,64] [--out bench/results.md] [--gateway-env NAME=value]…
//                     [--no-cached]        (skip the second gateway, the one with its response cache on)
//                     [--rounds 1]         (measure each step this many times, interleaved; report medians)
//                     [--peer mesh] [--peer-dir ../shared/peers/mesh]
//                                          (also measure GraphQL Mesh over the same vendors, for the
//                                          scenarios it can answer: (f); installed once into
//                                          node_modules/.cache/switchboard-bench)
//   node bench/run.ts --smoke     scenarios (a) and (f), concurrency 1, ~2 s each, latency 0, no
//                                 results file; exits non-zero when a request failed or an answer carried errors

// The entry point (its opening comment is the usage --help prints): options.ts reads the command
// line, runner.ts makes the run.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions } from './options.ts';
import { killAllNow, stopAll } from './processes.ts';
import { runBench } from './runner.ts';

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    options.log(`bench: ${signal}, stopping the children`);
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', killAllNow);
  try {
    const result = await runBench(options);
    if (options.smoke) {
      const summary = { requests: result.requests, failures: result.failures, rows: result.rows.length };
      process.stdout.write(`${result.markdown}\nSMOKE ${JSON.stringify(summary)}\n`);
      return result.failures === 0 && result.requests > 0 ? 0 : 1;
    }
    process.stdout.write(`${result.markdown}\n`);
    if (options.out) {
      writeFileSync(options.out, `${result.markdown}\n`);
      options.log(`bench: wrote ${options.out}`);
    }
    return 0;
  } catch (error) {
    options.log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  } finally {
    await stopAll();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(await main());
}
