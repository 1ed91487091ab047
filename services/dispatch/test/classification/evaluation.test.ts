import { describe, expect, it } from 'vitest';
import { accuracyAtCoverage, calibrationError, logLoss, thresholdFor } from '../../src/domain/classification/evaluation';

const outcomes = [
  { correct: true, confidence: 0.99 },
  { correct: true, confidence: 0.95 },
  { correct: true, confidence: 0.9 },
  { correct: false, confidence: 0.85 },
  { correct: true, confidence: 0.7 },
  { correct: false, confidence: 0.6 },
  { correct: false, confidence: 0.3 },
  { correct: true, confidence: 0.2 },
];

describe('accuracy at coverage', () => {
  it('counts the most confident share of messages', () => {
    expect(accuracyAtCoverage(outcomes, [0.5, 1])).toEqual([
      { coverage: 0.5, accuracy: 0.75, threshold: 0.85 },
      { coverage: 1, accuracy: 0.625, threshold: 0.2 },
    ]);
  });

  it('finds the lowest threshold that keeps automatic routing right often enough', () => {
    expect(thresholdFor(outcomes, 0.75)).toEqual({ coverage: 5 / 8, accuracy: 0.8, threshold: 0.7 });
    expect(thresholdFor(outcomes, 1)).toEqual({ coverage: 3 / 8, accuracy: 1, threshold: 0.9 });
  });

  it('measures how far confidence is from accuracy', () => {
    expect(calibrationError([{ correct: true, confidence: 1 }, { correct: false, confidence: 0 }])).toBe(0);
    expect(calibrationError([{ correct: false, confidence: 0.95 }])).toBeCloseTo(0.95);
  });
});

describe('log-loss', () => {
  it('is the mean negative log of the probability given to what happened, never infinite', () => {
    expect(logLoss([{ correct: true, confidence: 1 }])).toBeCloseTo(0, 10);
    expect(logLoss([{ correct: true, confidence: 0.5 }, { correct: false, confidence: 0.5 }])).toBeCloseTo(Math.log(2), 10);
    expect(logLoss([{ correct: true, confidence: 0.8 }, { correct: false, confidence: 0.2 }])).toBeCloseTo(-Math.log(0.8), 10);
    // Sure and wrong costs the cap (log 1e-6), not infinity.
    expect(logLoss([{ correct: false, confidence: 1 }])).toBeCloseTo(-Math.log(1e-6), 6);
    expect(logLoss([{ correct: true, confidence: 0 }])).toBeCloseTo(-Math.log(1e-6), 6);
  });
});
