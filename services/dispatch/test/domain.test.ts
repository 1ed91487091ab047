import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, loadRegion, resolveJurisdiction } from '@govflow/regions';

const region = loadRegion('wuhai');

describe('jurisdiction', () => {
  const grid = region.grids[5]!;

  it('follows a grid id up the tree', () => {
    const j = resolveJurisdiction(region, { gridId: grid.id });
    expect(j).toMatchObject({ gridId: grid.id, villageId: grid.villageId, resolvedBy: 'grid-id' });
    expect(j.townId).toBeDefined();
    expect(j.districtId).toBeDefined();
  });

  it('finds the grid a point falls in', () => {
    const [x0, y0] = grid.polygon[0]!;
    const [x1, y1] = grid.polygon[2]!;
    expect(resolveJurisdiction(region, { point: { lng: (x0 + x1) / 2, lat: (y0 + y1) / 2 } })).toMatchObject({ gridId: grid.id, resolvedBy: 'point' });
  });

  it('reads the most specific place in an address, preferring the longer name', () => {
    expect(resolveJurisdiction(region, { address: '海勃湾区新华西街道' })).toMatchObject({ districtId: 'hbw', townId: 'hbw-xinhuaxi', resolvedBy: 'address' });
    expect(resolveJurisdiction(region, { address: '乌海市迎宾小区3号楼' })).toMatchObject({ townId: 'hbw-xinhua', villageId: 'hbw-xinhua-1' });
  });

  it('uses a district named alongside an ambiguous community name', () => {
    // 团结社区 exists in 海勃湾区新华街道 and 乌达区梁家沟街道.
    expect(resolveJurisdiction(region, { address: '乌达区团结社区' })).toMatchObject({ districtId: 'wd' });
    expect(resolveJurisdiction(region, { address: '海勃湾区团结社区' })).toMatchObject({ districtId: 'hbw' });
  });

  it('looks in the description when the address names no known place, and otherwise gives up', () => {
    expect(resolveJurisdiction(region, { address: '我家楼下' }, '乌达区三道坎街道的路灯')).toMatchObject({ townId: 'wd-sandaokan' });
    expect(resolveJurisdiction(region, { address: '火星基地' })).toEqual({ resolvedBy: 'unresolved' });
    expect(resolveJurisdiction(region, { gridId: 'no-such-grid' })).toEqual({ resolvedBy: 'unresolved' });
  });
});

describe('working-day calendar', () => {
  const tz = 'Asia/Shanghai';
  const at = (local: string) => new Date(`${local}+08:00`);

  it('skips weekends and counts only working hours', () => {
    // Friday 16:30 + 1 working day (8.5 h) → Monday 16:30.
    expect(addWorkingDays(region.calendar, tz, at('2026-11-20T16:30:00'), 1).toISOString()).toBe(at('2026-11-23T16:30:00').toISOString());
    // After hours starts the next working morning.
    expect(addWorkingDays(region.calendar, tz, at('2026-11-23T20:00:00'), 0.5).toISOString()).toBe(at('2026-11-24T13:15:00').toISOString());
  });

  it('skips the Spring Festival and works its make-up Saturdays', () => {
    expect(isWorkingDay(region.calendar, '2026-02-14')).toBe(true);
    expect(isWorkingDay(region.calendar, '2026-02-18')).toBe(false);
    expect(isWorkingDay(region.calendar, '2026-02-28')).toBe(true);
    // Friday 13 Feb 09:00 + 2 days: Fri, Sat 14 (make-up) → ends Sat 14 17:30.
    expect(addWorkingDays(region.calendar, tz, at('2026-02-13T09:00:00'), 2).toISOString()).toBe(at('2026-02-14T17:30:00').toISOString());
    // Sat 14 17:30 + 1 day: the holiday runs to the 23rd; next working day is Tue 24.
    expect(addWorkingDays(region.calendar, tz, at('2026-02-14T17:30:00'), 1).toISOString()).toBe(at('2026-02-24T17:30:00').toISOString());
  });

  it('skips National Day and works 10 October', () => {
    // Wed 30 Sep 17:30 + 1 day → Fri 9 Oct 17:30; + 2 days → Sat 10 Oct (make-up day) 17:30.
    expect(addWorkingDays(region.calendar, tz, at('2026-09-30T17:30:00'), 1).toISOString()).toBe(at('2026-10-08T17:30:00').toISOString());
    expect(addWorkingDays(region.calendar, tz, at('2026-09-30T17:30:00'), 3).toISOString()).toBe(at('2026-10-10T17:30:00').toISOString());
  });
});
