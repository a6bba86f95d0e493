// Keeps the live updates' benchmark from rotting: `node bench/live.ts --smoke` starts the vendors and the
// gateway with its index on, in their own processes, opens 25 SSE subscribers and makes 3 writes through
// the gateway; it exits 0 only when every subscriber received every write's event.
import { expect, it } from 'vitest';
import { runSmoke } from './run-smoke.ts';

it('runs the live updates benchmark smoke mode: every write reaches every subscriber', async () => {
  const { code, stdout, stderr, summary } = await runSmoke<{ deliveries: number; missing: number }>('live.ts', 60_000);
  expect(summary, `no SMOKE line\n${stderr}`).toEqual({ deliveries: 75, missing: 0 });
  expect(code).toBe(0);
  expect(stdout).toContain('| memory per subscriber');
}, 70_000);
