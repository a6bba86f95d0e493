import { describe, expect, it } from 'vitest';
import { foldText } from '../../src/sources/kit/customer-filter.ts';
import { isoToDate, siteTimeToDate, toLocalDate } from '../../src/sources/kit/normalize.ts';

describe('toLocalDate', () => {
  it('keeps real calendar dates, leap days included, and the date part of a date-time', () => {
    // amelia-customers.txt: `birthday` in YYYY-MM-DD format.
    expect(toLocalDate('1990-05-17')).toBe('1990-05-17');
    expect(toLocalDate('2024-02-29')).toBe('2024-02-29');
    expect(toLocalDate('2000-02-29')).toBe('2000-02-29');
    expect(toLocalDate(' 1990-05-17 00:00:00')).toBe('1990-05-17');
  });

  it('answers null for dates no calendar has and for other shapes', () => {
    for (const raw of [
      '2023-02-29',
      '1900-02-29',
      '2024-04-31',
      '2024-13-01',
      '2024-00-10',
      '2024-01-00',
      '17/05/1990',
      '',
      null,
      undefined,
    ]) {
      expect(toLocalDate(raw), String(raw)).toBeNull();
    }
  });
});

describe('foldText', () => {
  it('lower-cases, and takes accents off where there are any', () => {
    expect(foldText('Jordan.Reed@Example.TEST')).toBe('jordan.reed@example.test');
    expect(foldText('Björn ÓLAFSSON')).toBe('bjorn olafsson');
    expect(foldText('Müller')).toBe(foldText('MULLER'));
  });
});

describe('instants', () => {
  it('reads ISO 8601 with its offset, and the same text again from the cache', () => {
    // crm-customers.txt sends createdAt/updatedAt as text; an offset is honoured.
    expect(isoToDate('2026-03-01T10:00:00+02:00')?.toISOString()).toBe('2026-03-01T08:00:00.000Z');
    expect(isoToDate('2026-03-01T10:00:00+02:00')?.toISOString()).toBe('2026-03-01T08:00:00.000Z');
    expect(isoToDate('not a time')).toBeNull();
  });

  it('reads a site wall-clock time in the zone it is asked for, each zone apart', () => {
    expect(siteTimeToDate('2024-01-01 09:00:00', 'Europe/Berlin')?.toISOString()).toBe('2024-01-01T08:00:00.000Z');
    expect(siteTimeToDate('2024-01-01 09:00:00', 'America/New_York')?.toISOString()).toBe('2024-01-01T14:00:00.000Z');
  });
});
