import { describe, expect, it } from 'vitest';
import { addRows, decodeDigest, digestedDimensions, digestId, encodeDigest, isClosed, isSealable, parseDigestId, pendingAttribute, pendingChanges, pendingRows, sealingMarginMinutes } from '../src/domain/digests';
import type { Counts } from '../src/domain/figures';

/* The items digests are kept in: pending changes, their attribute names, the encoded rows, and the edges of closing and sealing. */

describe('digest items', () => {
  it('are named dimension#bucket, and read back', () => {
    expect(digestId('department', '2026-11')).toBe('department#2026-11');
    expect(parseDigestId('topic#2026-11-20')).toEqual({ dimension: 'topic', bucket: '2026-11-20' });
  });

  it('hold pending changes as value|metric, the value free to contain bars', () => {
    expect(pendingAttribute('t|urban', 'open')).toBe('t|urban|open');
    const rows = pendingRows({ pk: 'PENDING#x', seq: 3, 'd1|open': -1, 'd1|closed': 2, 't|urban|received': 1, 'd2|note': 'not a number' });
    expect(rows).toEqual(
      new Map<string, Counts>([
        ['d1', { open: -1, closed: 2 }],
        ['t|urban', { received: 1 }],
      ]),
    );
    // The empty value (a bar first) is a value still; a name without a bar is not a count.
    expect(pendingRows({ '|open': 1, open: 2 })).toEqual(new Map([['', { open: 1 }]]));
  });

  it('add pending rows to the digest’s, value by value, without changing either', () => {
    const base = new Map<string, Counts>([['a', { received: 2 }], ['b', { received: 1 }]]);
    const more = new Map<string, Counts>([['a', { received: 1, open: -1 }], ['c', { closed: 1 }]]);
    expect(addRows(base, more)).toEqual(
      new Map<string, Counts>([
        ['a', { received: 3, open: -1 }],
        ['b', { received: 1 }],
        ['c', { closed: 1 }],
      ]),
    );
    expect(base.get('a')).toEqual({ received: 2 });
  });

  it('encode each metric once, sorted, and each value’s counts in that order, keeping zeros between', () => {
    const rows = new Map<string, Counts>([['x', { open: 2, closed: 0, received: 1 }], ['y', { closed: 4 }], ['z', {}]]);
    expect(JSON.parse(encodeDigest(rows))).toEqual({ m: ['closed', 'open', 'received'], v: { x: [0, 2, 1], y: [4] } });
    expect(decodeDigest(encodeDigest(rows))).toEqual(new Map([['x', { open: 2, received: 1 }], ['y', { closed: 4 }]]));
    expect(decodeDigest(encodeDigest(new Map()))).toEqual(new Map());
    const allZero = new Map<string, Counts>([['x', { open: 0, received: 1 }], ['y', { open: 0 }]]);
    expect(JSON.parse(encodeDigest(allZero))).toEqual({ m: ['received'], v: { x: [1] } });
  });

  it('keep hotspot hours and cluster cells out of digests', () => {
    expect(digestedDimensions).toEqual(['place', 'category', 'handling', 'topic']);
    const delta = new Map<string, Counts>([['hotspot#2026-11-20#v', { received: 1 }], ['cluster#2026-11-20#v', { received: 1 }]]);
    expect(pendingChanges(delta, '2026-11-26')).toEqual(new Map());
  });

  it('close a month only once its last day has passed, and seal it only past the margin on the day after', () => {
    expect(sealingMarginMinutes).toBe(20);
    expect(isClosed('2026-11', '2026-11-30')).toBe(false);
    expect(isClosed('2026-11', '2026-12-01')).toBe(true);
    expect(isClosed('2026-02', '2026-03-01')).toBe(true);
    expect(isClosed('2028-02', '2028-02-29')).toBe(false);
    expect(isSealable('2026-11-25', '2026-11-26', 19)).toBe(false);
    expect(isSealable('2026-11-25', '2026-11-26', 20)).toBe(true);
    expect(isSealable('2026-11', '2026-12-01', 19)).toBe(false);
    expect(isSealable('2026-11', '2026-12-01', 20)).toBe(true);
    expect(isSealable('2026-11', '2026-12-02', 0)).toBe(true);
    expect(isSealable('2026-11-27', '2026-11-26', 1000)).toBe(false);
  });

  it('send a change of yesterday to its day’s pending item, and to its month’s only once that month is over too', () => {
    const delta = new Map<string, Counts>([['place#2026-11-30#hbw|xh|v1|g1', { closed: 1 }]]);
    expect([...pendingChanges(delta, '2026-12-01').keys()]).toEqual(['place#2026-11-30', 'place#2026-11']);
    expect([...pendingChanges(delta, '2026-11-30').keys()]).toEqual([]);
    const earlier = new Map<string, Counts>([['place#2026-11-29#hbw|xh|v1|g1', { closed: 1 }]]);
    expect(pendingChanges(earlier, '2026-11-30')).toEqual(new Map([['place#2026-11-29', { 'hbw|xh|v1|g1|closed': 1 }]]));
  });
});
