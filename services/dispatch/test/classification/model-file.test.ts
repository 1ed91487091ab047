import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTrainingRegion } from '@govflow/regions/training';
import { modelFilePath, readModelFile, writeModelFile } from '../../src/adapters/model-file';
import { jiebaSegmenter } from '../../src/adapters/segmenter';
import { regionClassifier, trainingCounts } from '../../src/domain/classification/classify';
import { coarsen, countTable, createModel } from '../../src/domain/classification/models';

const region = loadTrainingRegion('wuhai');
const segment = jiebaSegmenter(region);

describe('the model file', () => {
  it('holds the counts the training text gives today (if not: npm run train)', () => {
    const file = readModelFile(region);
    expect(file.counts, 'the model file is missing or stale: run `npm run train`').toBeDefined();
    const counted = trainingCounts(region, segment);
    expect(file.counts!.labels).toEqual(counted.labels);
    expect(file.counts!.features).toEqual(counted.features);
    expect([...file.counts!.offsets]).toEqual([...counted.offsets]);
    expect([...file.counts!.postingLabels]).toEqual([...counted.postingLabels]);
    expect([...file.counts!.postingCounts]).toEqual([...counted.postingCounts]);
  });

  it('is not used once the taxonomy in the region data changes', () => {
    const path = modelFilePath(region.id, mkdtempSync(join(tmpdir(), 'model-file-')));
    writeModelFile(region, segment, path);
    expect(readModelFile(region, path).counts).toBeDefined();
    const [first, ...rest] = region.taxonomy.minors;
    const changed = { ...region, taxonomy: { ...region.taxonomy, minors: [{ ...first!, keywords: [...first!.keywords, '新关键词'] }, ...rest] } };
    expect(readModelFile(changed, path)).toEqual({ problem: 'stale' });
    expect(readModelFile(region, join(tmpdir(), 'no-such-model.gz'))).toEqual({ problem: 'missing' });
  });

  it('gives the classifier the answers it gives after counting the text itself', () => {
    const fromFile = regionClassifier(region, { segment, counts: readModelFile(region).counts });
    const fromText = regionClassifier(region, { segment });
    const messages: [string, string][] = [
      ['路灯坏了', '小区门口路灯不亮一个多月了'],
      ['医保报销', '我妈住院花了两万，医保只报了一半'],
      ['噪音扰民', '楼下烧烤店半夜还在营业，吵得睡不着'],
      ['拖欠工资', '包工头拖欠我们工资三万元'],
    ];
    for (const [title, body] of messages) expect(fromFile.classify(title, body, 'complaint')).toEqual(fromText.classify(title, body, 'complaint'));
  });
});

describe('count tables', () => {
  const table = countTable(['a1', 'a2', 'b1'], ['w:x', 'w:y'], (f) => (f === 'w:x' ? [0, 2, 1, 1, 2, 4] : [2, 0.5]));

  it('merge fine labels onto coarse ones', () => {
    const coarse = coarsen(table, ['a', 'b'], (label) => label[0]!);
    expect([...coarse.offsets]).toEqual([0, 2, 3]);
    expect([...coarse.postingLabels]).toEqual([0, 1, 1]);
    expect([...coarse.postingCounts]).toEqual([3, 4, 0.5]);
  });

  it('make a Bayes model that scores as one taught the same counts, and keeps learning', () => {
    const loaded = createModel('multinomial-nb', table.labels, table);
    const taught = createModel('multinomial-nb', table.labels);
    taught.learn('a1', new Map([['w:x', 2]]));
    taught.learn('a2', new Map([['w:x', 1]]));
    taught.learn('b1', new Map([['w:x', 4], ['w:y', 0.5]]));
    const message = new Map([['w:x', 1], ['w:y', 2], ['w:z', 1]]);
    const close = (xs: number[], ys: number[]) => xs.forEach((x, i) => expect(x).toBeCloseTo(ys[i]!, 10));
    close(loaded.scores(message, table.labels), taught.scores(message, table.labels));
    for (const model of [loaded, taught]) model.learn('a2', new Map([['w:y', 3], ['w:z', 1]]));
    close(loaded.scores(message, table.labels), taught.scores(message, table.labels));
    expect(loaded.scores(message, ['a2'])[0]).toBeGreaterThan(loaded.scores(message, ['a1'])[0]!);
  });
});
