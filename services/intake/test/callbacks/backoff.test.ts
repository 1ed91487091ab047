import { describe, expect, it } from 'vitest';
import { attemptsWithin, defaultRetrySchedule, retryDelayMs } from '../../src/domain/callbacks/backoff';

describe('retry schedule', () => {
  it('doubles from one minute to a six-hour cap, each delay jittered within its upper half', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => retryDelayMs(defaultRetrySchedule, n, 1));
    expect(ceilings.slice(0, 4)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(Math.max(...ceilings)).toBe(6 * 3600_000);
    for (let n = 1; n <= 30; n++) {
      const ceiling = retryDelayMs(defaultRetrySchedule, n, 1);
      expect(retryDelayMs(defaultRetrySchedule, n, 0)).toBe(ceiling / 2);
      expect(retryDelayMs(defaultRetrySchedule, n, 0.5)).toBeGreaterThan(ceiling / 2);
    }
  });

  it('gives a delivery that keeps failing 20 to 32 tries over three days (24 at average jitter)', () => {
    const most = attemptsWithin(defaultRetrySchedule, () => 0);
    const fewest = attemptsWithin(defaultRetrySchedule, () => 0.9999);
    const typical = attemptsWithin(defaultRetrySchedule, () => 0.5);
    expect([fewest, typical, most]).toEqual([20, 24, 32]);
  });
});
