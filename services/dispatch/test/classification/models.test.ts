import { describe, expect, it } from 'vitest';
import { coarsen, countTable, createModel, finishTraining } from '../../src/domain/classification/models';

/* The text models on examples small enough to score by hand (smoothing α = 0.5, vocabulary size + 1 = v). */

const f = (entries: Record<string, number>) => new Map(Object.entries(entries));
const labels = ['a', 'b'];
const close = (actual: number[], expected: number[]) => actual.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 10));

describe('multinomial naive Bayes', () => {
  it('scores log((count + α) / (label total + α·v)) per feature, weighted', () => {
    const model = createModel('multinomial-nb', labels);
    model.learn('a', f({ x: 2 }));
    model.learn('b', f({ y: 1 }));
    // v = 3 (x, y, and one for the unseen); totals a 2, b 1.
    close(model.scores(f({ x: 1 }), labels), [Math.log(2.5 / 3.5), Math.log(0.5 / 2.5)]);
    close(model.scores(f({ x: 2, y: 1 }), ['b', 'a']), [2 * Math.log(0.5 / 2.5) + Math.log(1.5 / 2.5), 2 * Math.log(2.5 / 3.5) + Math.log(0.5 / 3.5)]);
    // Nothing known: no evidence either way.
    expect(model.scores(f({ z: 3 }), labels)).toEqual([0, 0]);
    expect(model.known(f({ x: 1, z: 5, y: 2 }))).toBe(3);
  });

  it('weighs an example by its weight, and refuses an unknown label', () => {
    const weighted = createModel('multinomial-nb', labels);
    weighted.learn('a', f({ x: 1 }), 2);
    weighted.learn('b', f({ y: 1 }));
    const repeated = createModel('multinomial-nb', labels);
    repeated.learn('a', f({ x: 1 }));
    repeated.learn('a', f({ x: 1 }));
    repeated.learn('b', f({ y: 1 }));
    close(weighted.scores(f({ x: 1, y: 1 }), labels), repeated.scores(f({ x: 1, y: 1 }), labels));
    expect(() => weighted.learn('c', f({ x: 1 }))).toThrow(RangeError);
  });

  it('loads from a count table exactly as if it had learned the text, and goes on learning on top', () => {
    const table = countTable(labels, ['x', 'y'], (feature) => (feature === 'x' ? [0, 2] : [1, 1]));
    expect([...table.offsets]).toEqual([0, 1, 2]);
    expect([...table.postingLabels]).toEqual([0, 1]);
    expect([...table.postingCounts]).toEqual([2, 1]);
    const loaded = createModel('multinomial-nb', labels, table);
    const learned = createModel('multinomial-nb', labels);
    learned.learn('a', f({ x: 2 }));
    learned.learn('b', f({ y: 1 }));
    const query = f({ x: 1, y: 2, w: 1 });
    close(loaded.scores(query, labels), learned.scores(query, labels));
    expect(loaded.known(query)).toBe(3);

    // More of a known pair, a new pair for a known feature, a new feature.
    for (const model of [loaded, learned]) {
      model.learn('a', f({ x: 1 }));
      model.learn('a', f({ y: 1 }));
      model.learn('b', f({ w: 3 }));
      model.learn('b', f({ w: 1 }));
    }
    close(loaded.scores(query, labels), learned.scores(query, labels));
    close(loaded.scores(query, ['b']), learned.scores(query, ['b']));
    expect(() => createModel('multinomial-nb', ['b', 'a'], table)).toThrow('counts are over other labels');
    expect(() => createModel('multinomial-nb', ['a'], table)).toThrow(RangeError);
  });
});

describe('complement naive Bayes', () => {
  it('scores a label by how unlike the other labels’ text the message is', () => {
    const model = createModel('complement-nb', labels);
    model.learn('a', f({ x: 2 }));
    model.learn('b', f({ y: 1 }));
    // −Σ w·log(total_f − count_f,label + α) + mass·log(total − label total + α·v); total 3, v 3.
    close(model.scores(f({ x: 1 }), labels), [-Math.log(0.5) + Math.log(2.5), -Math.log(2.5) + Math.log(3.5)]);
    close(model.scores(f({ x: 1, y: 2 }), labels), [-Math.log(0.5) - 2 * Math.log(1.5) + 3 * Math.log(2.5), -Math.log(2.5) - 2 * Math.log(0.5) + 3 * Math.log(3.5)]);
    expect(model.scores(f({ z: 1 }), labels)).toEqual([0, 0]);
  });

  it('loads from a count table as if it had learned the text, learning on top alike', () => {
    const table = countTable(labels, ['x', 'y'], (feature) => (feature === 'x' ? [0, 2, 1, 1] : [1, 1]));
    const loaded = createModel('complement-nb', labels, table);
    const learned = createModel('complement-nb', labels);
    learned.learn('a', f({ x: 2 }));
    learned.learn('b', f({ x: 1, y: 1 }));
    for (const model of [loaded, learned]) {
      model.learn('a', f({ y: 2, w: 1 }));
      model.learn('b', f({ x: 0.5 }));
    }
    const query = f({ x: 2, y: 1, w: 1 });
    close(loaded.scores(query, labels), learned.scores(query, labels));
  });
});

describe('counts over coarser labels', () => {
  it('add each fine label’s counts into its coarse one, feature by feature', () => {
    const fine = ['a1', 'a2', 'b1'];
    const table = countTable(fine, ['x', 'y', 'z'], (feature) => ({ x: [0, 1, 1, 2, 2, 3], y: [2, 4], z: [] })[feature]!);
    const coarse = coarsen(table, ['A', 'B'], (label) => label[0]!.toUpperCase());
    expect(coarse.labels).toEqual(['A', 'B']);
    expect(coarse.features).toEqual(['x', 'y', 'z']);
    expect([...coarse.offsets]).toEqual([0, 2, 3, 3]);
    expect([...coarse.postingLabels]).toEqual([0, 1, 1]);
    expect([...coarse.postingCounts]).toEqual([3, 3, 4]);
  });
});

describe('logistic regression', () => {
  it('learns from texts, separates what it was shown, and takes a correction made after fitting', () => {
    expect(() => createModel('logistic', labels, countTable(labels, [], () => []))).toThrow(RangeError);
    const model = createModel('logistic', ['light', 'water', 'noise']);
    const examples: [string, Record<string, number>][] = [
      ['light', { 路灯: 1, 不亮: 1 }],
      ['light', { 路灯: 2, 坏: 1 }],
      ['water', { 停水: 1, 水管: 1 }],
      ['water', { 水管: 1, 漏水: 1 }],
      ['noise', { 噪音: 1, 施工: 1 }],
      ['noise', { 噪音: 1, 夜间: 1 }],
    ];
    for (const [label, features] of examples) model.learn(label, f(features));
    finishTraining(model);
    const best = (features: Record<string, number>) => {
      const scores = model.scores(f(features), ['light', 'water', 'noise']);
      return ['light', 'water', 'noise'][scores.indexOf(Math.max(...scores))];
    };
    expect(best({ 路灯: 1 })).toBe('light');
    expect(best({ 漏水: 1 })).toBe('water');
    expect(best({ 夜间: 1, 施工: 1 })).toBe('noise');
    expect(model.known(f({ 路灯: 2, 外星: 1 }))).toBe(2);
    expect(() => model.learn('fire', f({ 火: 1 }))).toThrow(RangeError);

    // Before the correction 积水 is unknown; after it, it points to water.
    const before = model.scores(f({ 积水: 1 }), ['water', 'light']);
    model.learn('water', f({ 积水: 1 }), 3);
    const after = model.scores(f({ 积水: 1 }), ['water', 'light']);
    expect(after[0]! - after[1]!).toBeGreaterThan(before[0]! - before[1]!);
    expect(best({ 积水: 1 })).toBe('water');
  });

  it('leaves the Bayes models as they are when training finishes', () => {
    const model = createModel('multinomial-nb', labels);
    model.learn('a', f({ x: 1 }));
    const before = model.scores(f({ x: 1 }), labels);
    finishTraining(model);
    expect(model.scores(f({ x: 1 }), labels)).toEqual(before);
  });
});
