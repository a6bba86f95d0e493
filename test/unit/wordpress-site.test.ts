// kit/wordpress-site.ts: the zone a `/wp-json/` answer names, and how the adapters' zone is found,
// kept and stood in for (the HTTP side is in test/sources/wordpress-site-zone.test.ts).
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/sources/errors.ts';
import type { VendorResponse } from '../../src/sources/http/index.ts';
import { isSiteZone, siteTimeZone, zoneOfSite } from '../../src/sources/kit/wordpress-site.ts';
import { unscoped } from '../support/sources.ts';

describe('zoneOfSite', () => {
  it.each([
    [{ timezone_string: 'America/Chicago', gmt_offset: -6 }, 'America/Chicago'],
    [{ timezone_string: '', gmt_offset: '5.5' }, 'UTC+5:30'],
    [{ timezone_string: '', gmt_offset: 5.75 }, 'UTC+5:45'],
    [{ timezone_string: '', gmt_offset: '-3.5' }, 'UTC-3:30'],
    [{ timezone_string: '', gmt_offset: '-0.5' }, 'UTC-0:30'],
    [{ timezone_string: '', gmt_offset: '0' }, 'UTC'],
    [{ timezone_string: 'UTC+2', gmt_offset: '2' }, 'UTC+2'],
    [{ timezone_string: 'Mars/Olympus', gmt_offset: 1 }, 'UTC+1'],
    [{ timezone_string: '', gmt_offset: '' }, null],
    [{ timezone_string: '', gmt_offset: 'five' }, null],
    [{ timezone_string: '', gmt_offset: 99 }, null],
    [{ name: 'A site without its settings' }, null],
    ['<html>', null],
  ])('%j → %s', (index, zone) => {
    expect(zoneOfSite(index)).toBe(zone);
  });

  it('names zones the site times can be read in', () => {
    expect(['Europe/Berlin', 'UTC', 'UTC+5:30', 'UTC-3:30', 'UTC+2'].every(isSiteZone)).toBe(true);
    expect(['Mars/Olympus', 'UTC+5:3', 'GMT+99', ''].some(isSiteZone)).toBe(false);
  });
});

describe('siteTimeZone', () => {
  const answer = (body: unknown, status = 200): VendorResponse => ({ status, headers: {}, body });

  function reader(answers: Array<VendorResponse | Error>) {
    const state = { calls: 0, warnings: [] as string[] };
    const zone = siteTimeZone({
      source: 'KB_SUPPORT',
      variable: 'KBS_TIMEZONE',
      configured: undefined,
      readIndex: async () => {
        const next = answers[Math.min(state.calls, answers.length - 1)];
        state.calls += 1;
        if (next instanceof Error) throw next;
        return next as VendorResponse;
      },
      warn: (message) => state.warnings.push(message),
    });
    return { zone, state };
  }

  it('takes the configured zone without asking', async () => {
    let asked = 0;
    const zone = siteTimeZone({
      source: 'AMELIA',
      variable: 'AMELIA_TIMEZONE',
      configured: 'Europe/Belgrade',
      readIndex: async () => {
        asked += 1;
        return answer({});
      },
    });
    expect(await zone(unscoped())).toBe('Europe/Belgrade');
    expect(asked).toBe(0);
  });

  it('asks the site once, however many reads ask at once or later', async () => {
    const { zone, state } = reader([answer({ timezone_string: '', gmt_offset: '5.5' })]);
    expect(await Promise.all([zone(unscoped()), zone(unscoped())])).toEqual(['UTC+5:30', 'UTC+5:30']);
    expect(await zone(unscoped())).toBe('UTC+5:30');
    expect(state.calls).toBe(1);
    expect(state.warnings).toEqual([]);
  });

  it('stands UTC in for a site that will not tell, says so once, and asks again only later', async () => {
    const { zone, state } = reader([answer({ code: 'rest_no_route' }, 404)]);
    expect(await zone(unscoped())).toBe('UTC');
    expect(await zone(unscoped())).toBe('UTC');
    expect(state.calls).toBe(1);
    expect(state.warnings).toHaveLength(1);
    expect(state.warnings[0]).toMatch(/KB_SUPPORT: .*\/wp-json\/.*HTTP 404.*UTC.*KBS_TIMEZONE/);
  });

  it('asks again after a passing failure, saying it once, and learns the zone when the site answers', async () => {
    const down = new SourceError('KB_SUPPORT', 'VENDOR_ERROR', 503);
    const { zone, state } = reader([down, down, answer({ timezone_string: 'America/Chicago', gmt_offset: -6 })]);
    expect(await zone(unscoped())).toBe('UTC');
    expect(await zone(unscoped())).toBe('UTC');
    expect(await zone(unscoped())).toBe('America/Chicago');
    expect(await zone(unscoped())).toBe('America/Chicago');
    expect(state.calls).toBe(3);
    expect(state.warnings).toHaveLength(1);
  });
});
