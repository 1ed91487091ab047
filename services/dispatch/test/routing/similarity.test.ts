import { describe, expect, it } from 'vitest';
import type { DispatchRecord } from '../../src/domain/routing/decide';
import { findRepeat, similarity } from '../../src/domain/routing/repeats';
import { recordWith, workOrder } from '../workorder/fixtures';

/*
 * 重复件 matching on records built by hand (no classifier, so it runs fast under mutation
 * testing); routing/repeats.test.ts covers it on classified cases end to end.
 */
describe('how alike two reports read', () => {
  it('compares the words that carry the matter: filler, numbers, case and punctuation aside', () => {
    expect(similarity('路灯坏了', '路灯坏了')).toBe(1);
    // Courtesy and filler do not make two reports alike, nor keep alike ones apart.
    expect(similarity('尊敬的领导您好，路灯坏了，谢谢', '路灯坏了')).toBe(1);
    // Numbers of any width are one token: another house number is the same report.
    expect(similarity('3号楼路灯坏了', '15号楼路灯坏了')).toBe(1);
    expect(similarity('３号楼路灯坏了', '3号楼路灯坏了')).toBe(1);
    // Latin letters match whatever their case; punctuation splits runs (no bigram across it).
    expect(similarity('LED路灯坏了', 'led路灯坏了')).toBe(1);
    expect(similarity('路灯，坏了', '路灯坏了')).toBeCloseTo(2 / 3, 10);
    expect(similarity('路灯坏了', '油烟太大')).toBe(0);
  });

  it('is 0 when either side has nothing left to compare, and counts a two-character run', () => {
    expect(similarity('', '路灯坏了')).toBe(0);
    expect(similarity('路灯坏了', '谢谢')).toBe(0);
    expect(similarity('！！', '')).toBe(0);
    expect(similarity('路灯', '路灯')).toBe(1);
  });
});

describe('which open case a report repeats', () => {
  const settings = { windowDays: 30, similarity: 0.5 };
  const now = new Date('2026-11-25T02:00:00.000Z');
  const withText = (caseId: string, text: string, extra: Partial<DispatchRecord> = {}): DispatchRecord => {
    const base = { ...recordWith([]), caseId, caseNumber: `WH-${caseId}`, receivedAt: '2026-11-24T02:00:00.000Z' };
    return { ...base, request: { ...base.request, caseId, title: text, description: '' }, ...extra };
  };
  const fresh = withText('new', '迎宾小区门口路灯坏了');

  it('takes the most alike open case within the window, at the threshold or above', () => {
    const close = withText('close', '迎宾小区门口路灯坏了');
    const fair = withText('fair', '迎宾小区路灯坏了');
    expect(findRepeat([fair, close], fresh, now, settings)?.caseId).toBe('close');
    expect(findRepeat([close, fair], fresh, now, settings)?.caseId).toBe('close');
    // Exactly at the threshold counts.
    const score = similarity('迎宾小区门口路灯坏了', '迎宾小区路灯坏了');
    expect(findRepeat([fair], fresh, now, { ...settings, similarity: score })?.caseId).toBe('fair');
    expect(findRepeat([fair], fresh, now, { ...settings, similarity: score + 0.01 })).toBeUndefined();
  });

  it('passes over the report itself, cases without an order or with a closed one, and those before the window', () => {
    expect(findRepeat([fresh], fresh, now, settings)).toBeUndefined();
    expect(findRepeat([withText('triage', '迎宾小区门口路灯坏了', { workOrder: undefined, status: 'triage' })], fresh, now, settings)).toBeUndefined();
    expect(findRepeat([withText('closed', '迎宾小区门口路灯坏了', { workOrder: workOrder('closed') })], fresh, now, settings)).toBeUndefined();
    const old = withText('old', '迎宾小区门口路灯坏了', { receivedAt: '2026-10-25T01:59:59.999Z' });
    expect(findRepeat([old], fresh, now, settings)).toBeUndefined();
    // The window's first moment is in.
    expect(findRepeat([{ ...old, receivedAt: '2026-10-26T02:00:00.000Z' }], fresh, now, settings)?.caseId).toBe('old');
  });
});
