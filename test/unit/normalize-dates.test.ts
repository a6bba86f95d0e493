import { describe, expect, it } from 'vitest';
import { toLocalDate } from '../../src/sources/normalize.ts';

describe('toLocalDate', () => {
  it('keeps real calendar dates, leap days included, and the date part of a date-time', () => {
    // amelia-customers.txt: `birthday` in YYYY-MM-DD format.
    expect(toLocalDate('1990-05-17')).toBe('1990-05-17');
    expect(toLocalDate('2024-02-29')).toBe('2024-02-29');
    expect(toLocalDate('2000-02-29')).toBe('2000-02-29');
    expect(toLocalDate(' 1990-05-17 00:00:00')).toBe('1990-05-17');
  });

  it('answers null for dates no calendar has and for other shapes', () => {
    for (const raw of ['2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '17/05/1990', '', null, undefined]) {
      expect(toLocalDate(raw), String(raw)).toBeNull();
    }
  });
});
