import { describe, expect, it } from 'vitest';
import type { MeterSnapshot } from '@govflow/local/metering';
import { itemKilobytes } from '../bench-cost';

const table = (recordSizes: number[]) => ({ recordSizes }) as unknown as MeterSnapshot['dynamodb'][string][string];

describe('the minimal design’s item size', () => {
  it('is the median record a stage writes, so that a log’s few large items do not make every record larger', () => {
    const snapshot = {
      dynamodb: {
        'reporting-consumer': { reporting: table([700, 720, 760]) },
        'reporting-fold': { reporting: table([40_000]) },
        'mediation-api': { mediation: table([1_600, 1_700, 1_800]) },
      },
    } as unknown as MeterSnapshot;
    const kb = itemKilobytes(snapshot);
    expect(kb.reporting).toBeCloseTo(720 / 1024);
    expect(kb.mediation).toBeCloseTo(1_700 / 1024);
    // A stage that wrote no record: one kilobyte.
    expect(kb.intake).toBe(1);
  });
});
