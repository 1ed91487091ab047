import { describe, expect, it } from 'vitest';
import { loadTrainingRegion } from '@govflow/regions/training';
import { jiebaSegmenter } from '../../src/adapters/segmenter';
import { regionClassifier, type Correction } from '../../src/domain/classification/classify';
import { transferCorrection } from '../../src/domain/classification/corrections';

const region = loadTrainingRegion('wuhai');
const segment = jiebaSegmenter(region);
const streetlight = ['路灯坏了', '小区门口的路灯一个月都不亮'] as const;
const wrong: Correction = { title: '路灯不亮', body: '我们小区路灯坏了', minor: 'safety-fraud', source: 'triage' };

describe('learning from corrections', () => {
  it('classifies a phrasing it missed once an operator has corrected a similar case', () => {
    const classifier = regionClassifier(region, { segment });
    // A phrasing none of the training text has: sky lanterns, a fire hazard.
    const text = ['孔明灯', '晚上有人放孔明灯落到楼顶'] as const;
    expect(classifier.classify(...text, 'complaint')?.minor.major).not.toBe('safety');
    classifier.learn({ title: '孔明灯', body: '小区里天天有人放孔明灯，掉在楼顶和草地上差点着火', minor: 'safety-fire', source: 'triage' });
    expect(classifier.classify(...text, 'complaint')?.minor.code).toBe('safety-fire');
  });

  it('does not let one operator’s mistake flip a clear category, but many agreeing corrections do', () => {
    const classifier = regionClassifier(region, { segment });
    classifier.learn(wrong);
    expect(classifier.classify(...streetlight, 'complaint')?.minor.code).toBe('urban-streetlight');
    // How many it takes grows with the category's own training text (43 examples for street lights).
    for (let i = 0; i < 19; i++) classifier.learn(wrong);
    expect(classifier.classify(...streetlight, 'complaint')?.minor.code).toBe('safety-fraud');
  });

  it('weighs a transfer less than a triage decision', () => {
    const afterTriage = regionClassifier(region, { segment, corrections: [wrong, wrong, wrong] });
    const afterTransfer = regionClassifier(region, { segment, corrections: [wrong, wrong, wrong].map((c) => ({ ...c, source: 'transfer' as const })) });
    const confidence = (c: typeof afterTriage) => c.classify(...streetlight, 'complaint')!.confidence;
    expect(afterTriage.classify(...streetlight, 'complaint')?.minor.code).toBe('urban-streetlight');
    expect(confidence(afterTransfer)).toBeGreaterThan(confidence(afterTriage));
  });

  it('weighs a dispatcher’s recategorisation as much as a triage decision', () => {
    const afterTriage = regionClassifier(region, { segment, corrections: [wrong, wrong, wrong] });
    const afterRecategorisation = regionClassifier(region, { segment, corrections: [wrong, wrong, wrong].map((c) => ({ ...c, source: 'recategorisation' as const })) });
    const result = (c: typeof afterTriage) => c.classify(...streetlight, 'complaint')!;
    expect(result(afterRecategorisation)).toEqual(result(afterTriage));
    // One mistaken recategorisation does not flip a clear category either.
    expect(regionClassifier(region, { segment, corrections: [{ ...wrong, source: 'recategorisation' }] }).classify(...streetlight, 'complaint')?.minor.code).toBe('urban-streetlight');
  });

  it('learns from transfers the category their new department handles that fits the text best', () => {
    const classifier = regionClassifier(region, { segment });
    const text = ['药费', '在医院看病花的药费能报多少'] as const;
    expect(classifier.classify(...text, 'complaint')?.minor.code).toBe('health-hospital-service');
    const correction = transferCorrection(region, { title: '看病的钱', description: '在医院看病花的钱能报多少' }, 'health-hospital-service', 'city-medical-security-bureau');
    expect(correction).toMatchObject({ departmentKind: 'medical-security-bureau', source: 'transfer' });
    classifier.learn(correction!);
    expect(classifier.classify(...text, 'complaint')?.minor.code).toBe('health-hospital-service');
    // Several agreeing transfers (at half a triage decision's weight each) teach the new phrasing.
    for (let i = 0; i < 5; i++) classifier.learn(correction!);
    expect(classifier.classify(...text, 'complaint')?.minor.code).toBe('labour-medical-insurance');
  });

  it('learns nothing from a transfer to another unit handling the same category', () => {
    const request = { title: '占道经营', description: '门口有人摆摊' };
    expect(transferCorrection(region, request, 'urban-street-vendor', 'wd-city-management-bureau')).toBeUndefined();
    expect(transferCorrection(region, request, 'urban-street-vendor', 'no-such-department')).toBeUndefined();
  });

  it('ignores a correction naming a category the region does not have', () => {
    const classifier = regionClassifier(region, { segment, corrections: [{ title: 'x', body: 'y', minor: 'no-such-minor' }] });
    expect(classifier.classify('路灯不亮', '小区路灯坏了', 'complaint')?.minor.code).toBe('urban-streetlight');
  });
});
