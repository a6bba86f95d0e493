// Keeps the benchmark from rotting: `node bench/run.ts --smoke` starts the vendors, the gateway and the
// baseline in their own processes, loads scenarios (a) and (f) for ~2 s each at concurrency 1, and exits 0 only
// when every answer was good; its last line is `SMOKE {"requests":…,"failures":…}`.
import { expect, it } from 'vitest';
import { runSmoke } from './run-smoke.ts';

it('runs the benchmark smoke mode: gateway and baseline answer scenarios (a) and (f) without a failure', async () => {
  const { code, stderr, summary: found } = await runSmoke<{ requests: number; failures: number; rows: number }>('run.ts', 50_000);
  expect(found, `no SMOKE line\n${stderr}`).toBeDefined();
  const summary = found!;
  expect(summary.failures, stderr).toBe(0);
  expect(summary.requests).toBeGreaterThan(0);
  expect(summary.rows).toBe(2);
  expect(code, stderr).toBe(0);
}, 60_000);
