import { describe, expect, it } from 'vitest';
import { loadRegion } from '@govflow/regions';
import { judgeSurge, monthOfWarning, poissonTail, surgeThreshold, warningId } from '../src/domain/warnings';

const settings = loadRegion('wuhai').reporting.warnings;

/** A small seeded generator, so the synthetic streams are the same on every run. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(rand: () => number, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  for (let p = rand(); p > limit; p *= rand()) k++;
  return k;
}

const hoursPerWeek = 168;
/** Requests per hour: quiet nights, a morning and an afternoon peak, calmer weekends, a slow seasonal drift. */
function rate(base: number, hour: number): number {
  const hourOfDay = hour % 24;
  const weekday = Math.floor(hour / 24) % 7;
  const daily = hourOfDay < 7 ? 0.1 : hourOfDay < 9 ? 0.6 : hourOfDay < 12 ? 1.2 : hourOfDay < 14 ? 0.8 : hourOfDay < 18 ? 1.1 : hourOfDay < 22 ? 0.5 : 0.2;
  const weekly = weekday >= 5 ? 0.6 : 1;
  const seasonal = 1 + 0.1 * Math.sin((2 * Math.PI * hour) / (hoursPerWeek * 16));
  return base * daily * weekly * seasonal;
}

/** Arrival minutes (0–59) of each hour's requests. */
function stream(rand: () => number, weeks: number, lambdaAt: (hour: number) => number): number[][] {
  return Array.from({ length: weeks * hoursPerWeek }, (_, hour) =>
    Array.from({ length: poisson(rand, lambdaAt(hour)) }, () => Math.floor(rand() * 60)).sort((a, b) => a - b),
  );
}

/** What the sweep sees at `minute` of `hour`: the last three hours' counts so far, and the same hours of trailing weeks. */
function judgeAt(arrivals: number[][], hour: number, minute: number) {
  const count = (h: number, upTo = 60) => arrivals[h]!.filter((m) => m < upTo).length;
  const recent = [count(hour - 2), count(hour - 1), count(hour, minute)];
  const history = Array.from({ length: settings.baselineWeeks }, (_, w) => [hour - 2, hour - 1, hour].map((h) => count(h - (w + 1) * hoursPerWeek)));
  return judgeSurge(recent, history, minute / 60, settings);
}

describe('surge detection on synthetic streams', () => {
  it('raises at most one false warning per area per week over 8 weeks of steady seasonal traffic', () => {
    const bases = [0.3, 1, 3, 6, 12];
    for (const [i, base] of bases.entries()) {
      const arrivals = stream(random(100 + i), 16, (h) => rate(base, h));
      const warnedDays = new Set<number>();
      for (let hour = 8 * hoursPerWeek + 2; hour < 16 * hoursPerWeek; hour++) {
        for (let minute = 0; minute < 60; minute += 10) {
          if (judgeAt(arrivals, hour, minute)) warnedDays.add(Math.floor(hour / 24));
        }
      }
      const perWeek = Array.from({ length: 8 }, (_, w) => [...warnedDays].filter((d) => Math.floor(d / 7) === 8 + w).length);
      expect({ base, perWeek: perWeek.map((n) => Math.min(n, 2)) }).toEqual({ base, perWeek: perWeek.map((n) => Math.min(n, 1)) });
    }
  });

  it('flags a surge of three times the baseline in one community within an hour of its start', () => {
    // A busy community at its peak hours: about 20 requests an hour, all categories.
    const base = 20;
    const delays: number[] = [];
    for (let trial = 0; trial < 40; trial++) {
      const rand = random(7_000 + trial);
      // Start somewhere in a weekday's working hours of week 9, at any minute.
      const startHour = 8 * hoursPerWeek + 24 * (trial % 5) + 9 + (trial % 7);
      const startMinute = Math.floor(rand() * 60);
      const arrivals = stream(rand, 9, (h) => rate(base, h));
      // Three times the rate from the start on: extra arrivals at twice the rate.
      for (let h = startHour; h < startHour + 3; h++) {
        const extra = Array.from({ length: poisson(rand, 2 * rate(base, h)) }, () => Math.floor(rand() * 60)).filter((m) => h > startHour || m >= startMinute);
        arrivals[h] = [...arrivals[h]!, ...extra].sort((a, b) => a - b);
      }
      // The sweep runs every 10 minutes.
      for (let elapsed = 0; elapsed <= 120; elapsed += 10) {
        const minuteOfDay = startMinute + elapsed;
        if (judgeAt(arrivals, startHour + Math.floor(minuteOfDay / 60), minuteOfDay % 60)) {
          delays.push(elapsed);
          break;
        }
      }
    }
    expect(delays).toHaveLength(40);
    // Chance decides the last few: at least 95% within the hour, all within two.
    expect(delays.filter((d) => d <= 60).length).toBeGreaterThanOrEqual(38);
  });

  it('states the threshold a count must reach, from the Poisson tail', () => {
    expect(poissonTail(0, 3)).toBe(1);
    expect(poissonTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 10);
    const t = surgeThreshold(4, settings);
    expect(poissonTail(t, 4)).toBeLessThan(settings.surgeSignificance);
    expect(poissonTail(t - 1, 4) >= settings.surgeSignificance || t - 1 < Math.max(settings.surgeMinCount, 2 * 4)).toBe(true);
    expect(surgeThreshold(0, settings)).toBe(settings.surgeMinCount);
  });

  it('needs enough weeks of history before judging', () => {
    expect(judgeSurge([0, 0, 50], [[0, 0, 1]], 0.5, settings)).toBeUndefined();
  });

  describe('on a baseline of one an hour over the minimum two weeks', () => {
    const twoWeeks = [[1, 1, 1], [1, 1, 1]];

    it('flags an hour that reaches its threshold exactly, and not one below it', () => {
      expect(judgeSurge([0, 0, 8], twoWeeks, 1, settings)).toEqual({ hours: 1, observed: 8, expected: 1, threshold: 8 });
      expect(judgeSurge([0, 0, 7], twoWeeks, 1, settings)).toBeUndefined();
    });

    it('looks back as far as three hours for a slower rise', () => {
      expect(judgeSurge([5, 5, 5], twoWeeks, 1, settings)).toEqual({ hours: 3, observed: 15, expected: 3, threshold: 13 });
      expect(judgeSurge([4, 4, 4], twoWeeks, 1, settings)).toBeUndefined();
    });

    it('reports the window furthest over its threshold', () => {
      // 16 of 8 in the last hour; over three hours the same 16 are barely over 13.
      expect(judgeSurge([0, 0, 16], twoWeeks, 1, settings)).toMatchObject({ hours: 1, observed: 16, threshold: 8 });
      // 8 of 8 in the last hour, 17 of 11 over two, 26 of 13 over three: the three hours.
      expect(judgeSurge([9, 9, 8], twoWeeks, 1, settings)).toEqual({ hours: 3, observed: 26, expected: 3, threshold: 13 });
    });
  });

  it('expects the current hour pro rata, rounded to cents', () => {
    expect(judgeSurge([0, 0, 9], [[0, 0, 1], [0, 0, 2], [0, 0, 2]], 1 / 3, settings)).toEqual({ hours: 1, observed: 9, expected: 0.56, threshold: 6 });
  });
});

describe('warning ids', () => {
  it('name the month they are filed under and are the same for the same signal', () => {
    const id = warningId('dispute-risk', '2026-11-26', 'c1|violence');
    expect(id).toMatch(/^20261126-risk-[0-9a-f]{10}$/);
    expect(warningId('dispute-risk', '2026-11-26', 'c1|violence')).toBe(id);
    expect(monthOfWarning(id)).toBe('2026-11');
    expect(monthOfWarning('../etc')).toBeUndefined();
    expect(monthOfWarning(`x${id}`)).toBeUndefined();
    expect(monthOfWarning(`${id}0`)).toBeUndefined();
  });

  it('differ for a different subject or kind of signal on the same day', () => {
    const hash = (id: string) => id.slice(-10);
    expect(warningId('dispute-risk', '2026-11-26', 'c1|group')).not.toBe(warningId('dispute-risk', '2026-11-26', 'c1|violence'));
    expect(hash(warningId('cluster', '2026-11-26', 'g|m'))).not.toBe(hash(warningId('volume-surge', '2026-11-26', 'g|m')));
  });
});
