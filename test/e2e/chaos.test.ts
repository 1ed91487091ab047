import { describe, expect, it } from 'vitest';
import { formatTally, runChaos } from './chaos';

describe('fault injection (the small run of `npm run chaos`)', () => {
  it('loses no accepted case and applies no effect twice under crashes, throttles, races, duplicated and reordered deliveries and a restart', async () => {
    // Faults fire by chance: a second round runs only when the first fired fewer than 100.
    const tally = await runChaos({ runs: 100, casesPerRound: 150, maxRounds: 2, log: (line) => console.log(line) });
    console.log(formatTally(tally));
    expect(tally.runs).toBeGreaterThanOrEqual(100);
    expect(tally.lostCases).toEqual([]);
    expect(tally.duplicates).toEqual({});
    expect(tally.wrongFigures).toBe(0);
    expect(tally.recordsNotInArchive).toBe(0);
    expect(tally.everyCaseReachedReporting).toBe(true);
  }, 360_000);
});
