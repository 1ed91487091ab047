import { describe, expect, it } from 'vitest';
import { addWorkingMinutes, loadRegion, workingMinutesBetween } from '../src';

const region = loadRegion('wuhai');
const { calendar, timeZone } = region;
const beijing = (local: string) => new Date(`${local}+08:00`);

describe('working time on the region calendar', () => {
  it('counts only office hours on working days', () => {
    // Friday 16:30 to Monday 10:00: one hour on Friday, one on Monday.
    expect(workingMinutesBetween(calendar, timeZone, beijing('2026-11-20T16:30:00'), beijing('2026-11-23T10:00:00'))).toBe(120);
    // Before opening and after closing count from and to the office hours.
    expect(workingMinutesBetween(calendar, timeZone, beijing('2026-11-23T07:00:00'), beijing('2026-11-23T20:00:00'))).toBe(510);
    expect(workingMinutesBetween(calendar, timeZone, beijing('2026-11-23T20:00:00'), beijing('2026-11-23T08:00:00'))).toBe(0);
  });

  it('skips statutory holidays and counts make-up working days (调休)', () => {
    // National Day week: 30 Sep 17:30 to 10 Oct (a Saturday worked) 17:30 is 8 Oct, 9 Oct and 10 Oct.
    expect(workingMinutesBetween(calendar, timeZone, beijing('2026-09-30T17:30:00'), beijing('2026-10-10T17:30:00'))).toBe(3 * 510);
  });

  it('is the inverse of adding working minutes', () => {
    const start = beijing('2026-11-19T15:10:00');
    for (const minutes of [0, 1, 140, 510, 1000, 5000]) {
      const end = addWorkingMinutes(calendar, timeZone, start, minutes);
      expect(workingMinutesBetween(calendar, timeZone, start, end)).toBe(minutes);
    }
  });
});
