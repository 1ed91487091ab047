/**
 * When a failed delivery is tried again: exponential backoff (base × 2^(n−1), capped) with
 * "equal jitter" (a random half of each delay), so endpoints that failed together do not
 * come back together; after `giveUpAfterMs` from the first failed attempt, and at least
 * `minAttempts` attempts (so a stalled sweep never dead-letters what it did not try), the
 * delivery is dead-lettered.
 */
export interface RetrySchedule {
  baseMs: number;
  capMs: number;
  giveUpAfterMs: number;
  minAttempts: number;
}

/** One minute, doubling to six hours, for three days: 20 to 32 attempts, 24 at average jitter (ADR 0008). */
export const defaultRetrySchedule: RetrySchedule = { baseMs: 60_000, capMs: 6 * 3600_000, giveUpAfterMs: 3 * 24 * 3600_000, minAttempts: 5 };

/** The delay after the `attempt`-th failed attempt (1-based); `random` in [0, 1). */
export function retryDelayMs(schedule: RetrySchedule, attempt: number, random: number): number {
  const ceiling = Math.min(schedule.capMs, schedule.baseMs * 2 ** Math.min(attempt - 1, 40));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** The attempts a delivery that always fails gets before it is dead-lettered, at the given jitter. */
export function attemptsWithin(schedule: RetrySchedule, random: () => number): number {
  let elapsed = 0;
  let attempts = 1;
  for (;;) {
    elapsed += retryDelayMs(schedule, attempts, random());
    if (elapsed >= schedule.giveUpAfterMs) return attempts;
    attempts++;
  }
}
