import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { loadRegion } from '@govflow/regions';
import { regionClassifier } from '../src/domain/classify';

/**
 * Accuracy on our own held-out messages, written apart from the taxonomy's keywords.
 * A floor, not a target: it catches a change that makes the classifier worse.
 */
describe('classifier on the held-out set', () => {
  const rows = parse(readFileSync(join(import.meta.dirname, 'data', 'heldout.csv')), { columns: true }) as { id: string; title: string; body: string; major: string }[];
  const classifier = regionClassifier(loadRegion('wuhai'));

  it('gets most majors right', () => {
    const misses = rows.filter((r) => classifier.classify(r.title, r.body, 'complaint')?.minor.major !== r.major);
    const accuracy = 1 - misses.length / rows.length;
    console.log(`held-out major accuracy ${(accuracy * 100).toFixed(1)}% (${rows.length - misses.length}/${rows.length}); misses: ${misses.map((m) => m.id).join(' ')}`);
    expect(accuracy).toBeGreaterThanOrEqual(0.75);
  });
});

describe('learning from corrections', () => {
  it('classifies a phrasing it missed once an operator has corrected a similar case', () => {
    const region = loadRegion('wuhai');
    const fresh = regionClassifier(region);
    const text = ['楼道堆放杂物', '楼道里被邻居堆满了纸箱和旧家具，万一着火人都跑不出去'] as const;
    expect(fresh.classify(...text, 'complaint')?.minor.code).not.toBe('safety-fire');
    fresh.learn({ title: '楼道堆满杂物', body: '楼道里堆满了纸箱旧家具，着火了跑不出去', minor: 'safety-fire' });
    expect(fresh.classify(...text, 'complaint')?.minor.code).toBe('safety-fire');
  });

  it('ignores a correction naming a category the region does not have', () => {
    const classifier = regionClassifier(loadRegion('wuhai'), [{ title: 'x', body: 'y', minor: 'no-such-minor' }]);
    expect(classifier.classify('路灯不亮', '小区路灯坏了', 'complaint')?.minor.code).toBe('urban-streetlight');
  });
});
