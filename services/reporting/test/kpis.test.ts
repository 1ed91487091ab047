import { describe, expect, it } from 'vitest';
import { loadRegion } from '@govflow/regions';
import { emptyRecord, type CaseRecord } from '../src/domain/case-record';
import { contribution } from '../src/domain/figures';
import { groupName, kpiGroups, p90Hours, rowsFromRecords, type CounterRow } from '../src/domain/kpis';

const region = loadRegion('wuhai');
const ctx = { calendar: region.calendar, timeZone: region.timeZone };

describe('the 90th percentile of resolve hours', () => {
  it('is the first bound at which 90% of the closed cases are counted, exactly 90% included', () => {
    expect(p90Hours({ resolvedIn0: 9, resolvedIn1: 1 })).toBe(1);
    expect(p90Hours({ resolvedIn0: 8, resolvedIn1: 2 })).toBe(2);
    expect(p90Hours({ resolvedIn9: 1 })).toBe(320);
  });

  it('is null when it lies beyond the last bound', () => {
    expect(p90Hours({ resolvedIn0: 1, resolvedIn10: 9 })).toBeNull();
  });
});

describe('group names', () => {
  it('name areas, grids and categories from the region’s data, and fall back to the key', () => {
    expect(groupName(region, 'district', 'hbw')).toBe('海勃湾区');
    expect(groupName(region, 'town', 'hbw-xinhua')).toBe('新华街道');
    expect(groupName(region, 'community', 'hbw-xinhua-1')).toBe('迎宾社区');
    expect(groupName(region, 'community', 'nowhere')).toBe('nowhere');
    expect(groupName(region, 'grid', 'hbw-xinhua-1-g1')).toBe('迎宾社区第1网格');
    expect(groupName(region, 'major', 'urban')).toBe('城市管理与市政公用');
    expect(groupName(region, 'major', 'other')).toBe('other');
    expect(groupName(region, 'minor', 'housing-elevator')).toBe('电梯故障');
    expect(groupName(region, 'minor', 'other')).toBe('other');
  });
});

describe('KPI groups', () => {
  const row = (value: string, counts: Record<string, number>): CounterRow => ({ value, day: '2026-11-23', counts });

  it('are ordered by key, and leave out only groups whose every count is zero', () => {
    const { groups, total } = kpiGroups(region, [row('c', { received: 1, open: 0 }), row('a', { received: 2 }), row('b', { received: 0, open: 0 }), row('b2', { received: 3 })], 'district');
    expect(groups.map((g) => [g.key, g.received])).toEqual([['a', 2], ['b2', 3], ['c', 1]]);
    expect(total.received).toBe(6);
  });
});

describe('rows from records', () => {
  const at = '2026-11-23T01:00:00.000Z';
  const record: CaseRecord = { ...emptyRecord('R'), receivedAt: at, place: { value: { districtId: 'hbw' }, at } };

  it('take the days from `from` to `to`, both included', () => {
    const rows = (from: string, to: string) => rowsFromRecords([contribution(record, ctx)], 'district', from, to).map((r) => [r.day, r.counts.received]);
    expect(rows('2026-11-23', '2026-11-23')).toEqual([['2026-11-23', 1]]);
    expect(rows('2026-11-24', '2026-11-30')).toEqual([]);
    expect(rows('2026-11-01', '2026-11-22')).toEqual([]);
  });
});
