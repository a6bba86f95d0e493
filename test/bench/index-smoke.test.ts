// Keeps the synced index's benchmark from rotting: `node bench/index.ts --smoke` starts the vendors (200
// generated customers each) and the gateway with its index on, in their own processes, waits for the
// load, then asks a search, an email lookup and a page with sameAs, INDEXED and LIVE, ~1 s each at one
// client. It exits 0 only when every answer was good and the INDEXED questions made no vendor call
// (the sync's own calls counted apart); its last line is `SMOKE {…}`.
import { expect, it } from 'vitest';
import { runSmoke } from './run-smoke.ts';

interface Summary {
  requests: number;
  failures: number;
  indexedCalls: number;
  liveCalls: number;
  steps: number;
}

it('runs the index benchmark smoke mode: indexed questions answer with no vendor call, live ones call the vendors', async () => {
  const { code, stdout, stderr, summary: found } = await runSmoke<Summary>('index.ts', 80_000);
  expect(found, `no SMOKE line\n${stderr}`).toBeDefined();
  const summary = found!;
  expect(summary.failures, stderr).toBe(0);
  expect(summary.requests).toBeGreaterThan(0);
  // Three questions, INDEXED and LIVE, at one client.
  expect(summary.steps).toBe(6);
  expect(summary.indexedCalls, stderr).toBe(0);
  // The count is real: the same questions asked LIVE reach the vendors.
  expect(summary.liveCalls).toBeGreaterThan(0);
  expect(stdout).toContain('## Indexed against live, 200 customers per vendor');
  // Tables come out padded as the formatter leaves them: every row of a table as wide as its header.
  const lines = stdout.split('\n');
  const header = lines.findIndex((row) => row.startsWith('| question ') && row.includes('indexed ÷ live'));
  const after = lines.slice(header).findIndex((row) => !row.startsWith('|'));
  const rows = lines.slice(header, header + after);
  expect(rows.length).toBe(2 + 3);
  expect(new Set(rows.map((row) => [...row].length)).size).toBe(1);
  expect(code, stderr).toBe(0);
}, 90_000);
