import { describe, expect, it } from 'vitest';
import { shardOf } from '@govflow/contracts';
import { localDate } from '../src/local-date';
import { erasureDay, erasureMarkerPut, erasureShards, retentionDays, retentionDaysEnvName } from '../src/retention';

const region = { personalDataRetentionDays: 180 };

describe('retentionDays', () => {
  it("is the region's when the environment has no override, or an empty one", () => {
    expect(retentionDays({}, region)).toBe(180);
    expect(retentionDays({ [retentionDaysEnvName]: '' }, region)).toBe(180);
  });

  it("is the environment's whole number of days, zero included", () => {
    expect(retentionDays({ PERSONAL_DATA_RETENTION_DAYS: '7' }, region)).toBe(7);
    expect(retentionDays({ PERSONAL_DATA_RETENTION_DAYS: '0' }, region)).toBe(0);
  });

  it('refuses a negative, fractional or non-numeric override, naming the variable and the value', () => {
    for (const bad of ['-1', '1.5', 'ten', '3 days']) {
      expect(() => retentionDays({ PERSONAL_DATA_RETENTION_DAYS: bad }, region), bad).toThrow(
        `PERSONAL_DATA_RETENTION_DAYS must be a whole number of days ≥ 0, not "${bad}"`,
      );
    }
  });
});

describe('localDate', () => {
  it("is the day in the region's time zone, not UTC's", () => {
    // 16:00 UTC is already midnight in Beijing; 15:59 is still the day before.
    expect(localDate(new Date('2026-03-01T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-03-02');
    expect(localDate(new Date('2026-03-01T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-03-01');
    expect(localDate(new Date('2026-03-01T16:00:00Z'), 'UTC')).toBe('2026-03-01');
    expect(localDate(new Date('2026-03-01T02:00:00Z'), 'America/Los_Angeles')).toBe('2026-02-28');
  });
});

describe('erasureDay', () => {
  it('counts the retention from the local day of the closing', () => {
    expect(erasureDay('2026-03-01T15:59:59Z', 10, 'Asia/Shanghai')).toBe('2026-03-11');
    expect(erasureDay('2026-03-01T16:00:00Z', 10, 'Asia/Shanghai')).toBe('2026-03-12');
    expect(erasureDay('2026-03-01T16:00:00Z', 0, 'Asia/Shanghai')).toBe('2026-03-02');
  });

  it('runs across month and year ends (and a leap day)', () => {
    expect(erasureDay('2026-01-31T04:00:00Z', 30, 'Asia/Shanghai')).toBe('2026-03-02');
    expect(erasureDay('2026-12-31T17:00:00Z', 1, 'Asia/Shanghai')).toBe('2027-01-02');
    expect(erasureDay('2026-12-15T04:00:00Z', 180, 'Asia/Shanghai')).toBe('2027-06-13');
    expect(erasureDay('2028-02-28T04:00:00Z', 1, 'Asia/Shanghai')).toBe('2028-02-29');
  });
});

describe('erasureMarkerPut', () => {
  it("puts the marker under its shard's partition, sorted by day then id", () => {
    const id = 'WH-2026-000123';
    const shard = shardOf(id, erasureShards);
    expect(erasureMarkerPut('intake', id, '2026-09-01')).toEqual({
      Put: { TableName: 'intake', Item: { pk: `ERASE#${shard}`, sk: `2026-09-01#${id}`, id, day: '2026-09-01' } },
    });
    expect(erasureShards).toBe(16);
  });
});
