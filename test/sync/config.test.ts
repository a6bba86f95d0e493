// The index and sync settings read from the environment, with their defaults; and the store they open.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { openIndexStore } from '../../src/index/open.ts';

it('defaults: SQLite under ./data, ticks every 30 s, sweeps daily, 2 % deletion guard, 5 calls/s, tombstones kept 30 days', () => {
  const config = loadConfig({});
  expect(config.index).toEqual({ enabled: true, path: './data/index.sqlite', url: null });
  expect(config.sync).toEqual({
    intervalMs: 30_000,
    fullEveryMs: 86_400_000,
    maxDeleteShare: 0.02,
    callsPerSecond: 5,
    changeLogRetentionMs: 30 * 86_400_000,
  });
  expect(config.syncPaceSet).toBe(false);
});

it('reads INDEX, INDEX_PATH, INDEX_URL and SYNC_*; refuses what makes no sense', () => {
  const config = loadConfig({
    INDEX: 'off',
    INDEX_PATH: '/var/lib/switchboard/index.sqlite',
    INDEX_URL: 'postgres://switchboard@db.internal/switchboard',
    SYNC_INTERVAL_MS: '5000',
    SYNC_FULL_EVERY_MS: '3600000',
    SYNC_MAX_DELETE_SHARE: '0.1',
    SYNC_CALLS_PER_SECOND: '20',
    SYNC_CONCURRENCY: '3',
    CHANGE_LOG_RETENTION: '7',
  });
  expect(config.index).toEqual({
    enabled: false,
    path: '/var/lib/switchboard/index.sqlite',
    url: 'postgres://switchboard@db.internal/switchboard',
  });
  expect(config.sync).toEqual({
    intervalMs: 5_000,
    fullEveryMs: 3_600_000,
    maxDeleteShare: 0.1,
    callsPerSecond: 20,
    changeLogRetentionMs: 7 * 86_400_000,
  });
  expect(config.syncPaceSet).toBe(true);
  const problems = (() => {
    try {
      loadConfig({
        INDEX: 'maybe',
        INDEX_URL: 'mysql://db/x',
        SYNC_MAX_DELETE_SHARE: '2',
        SYNC_INTERVAL_MS: '10',
        CHANGE_LOG_RETENTION: '0',
      });
    } catch (error) {
      if (error instanceof ConfigError) return error.problems.join('\n');
    }
    return '';
  })();
  for (const name of ['INDEX', 'INDEX_URL', 'SYNC_MAX_DELETE_SHARE', 'SYNC_INTERVAL_MS', 'CHANGE_LOG_RETENTION'])
    expect(problems).toContain(name);
});

it('INDEX=off opens no store; otherwise an owner-only SQLite file at INDEX_PATH', async () => {
  expect(await openIndexStore({ enabled: false, path: ':memory:', url: null })).toBeNull();
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-open-'));
  try {
    const path = join(dir, 'data', 'index.sqlite');
    const store = await openIndexStore({ enabled: true, path, url: null });
    expect(store?.kind).toBe('sqlite');
    await store?.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
