import { describe, expect, it } from 'vitest';
import type { Dispute } from '../src/domain/dispute';
import { renderDocument } from '../src/domain/documents';
import { World } from './world';

/* The whole layout of the agreement and the court referral, line by line (blank lines are the format). */

const masked = (v: { masked: string }) => v.masked;
const issuedAt = '2026-12-05T03:00:00.000Z';

function base(): Dispute {
  const d = structuredClone(new World().open());
  return { ...d, code: 'WHTJ-1', centreName: '某调解委员会' };
}

describe('document layout', () => {
  it('the agreement', () => {
    const d: Dispute = { ...base(), agreement: { terms: { masked: '赔偿2000元' }, partial: false, reachedAt: '2026-12-04T02:00:00.000Z' } };
    const lines = renderDocument('agreement', d, masked, issuedAt).split('\n');
    const from = lines.indexOf('## 纠纷主要事实、争议事项');
    expect(lines.slice(from - 1)).toEqual([
      '',
      '## 纠纷主要事实、争议事项',
      '',
      '楼上漏水',
      '',
      '## 经调解，自愿达成如下协议',
      '',
      '赔偿2000元',
      '',
      '## 履行方式、时限',
      '',
      '按上述协议约定履行。',
      '',
      '本协议自各方当事人签名（确认）之日起生效。双方当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。本协议一式3份，当事人各执一份，调解组织留存一份。',
      '',
      '当事人（签名）：',
      '调解员（签名）：',
      '记录人（签名）：',
      '某调解委员会（盖章）',
      '2026年12月4日',
      '',
    ]);
  });

  it('the court referral, with the held sessions only and who came', () => {
    const d: Dispute = {
      ...base(),
      centresSeen: ['a', 'b'],
      referral: { at: issuedAt, reason: '调解不成' },
      sessions: [
        { sessionId: 'S1', at: '2026-12-01T02:00:00.000Z', place: '调解室', held: true, outcome: 'no-agreement', attendance: [{ partyId: 'P1', present: true }, { partyId: 'P2', present: false }], evidence: [] },
        { sessionId: 'S2', at: '2026-12-03T02:00:00.000Z', place: '会议室', held: true, outcome: 'no-agreement', attendance: [], evidence: ['e1', 'e2'] },
        { sessionId: 'S3', at: '2026-12-09T02:00:00.000Z', place: '未开', held: false, attendance: [], evidence: [] },
        { sessionId: 'S4', at: '2026-12-04T02:00:00.000Z', place: '村委会', held: true, attendance: [], evidence: [] },
      ],
    };
    const text = renderDocument('court-referral', d, masked, issuedAt);
    const lines = text.split('\n');
    expect(lines[5]).toBe('人民法院：');
    expect(lines[6]).toBe('');
    expect(lines[7]).toMatch(/经本调解组织（2级）调解未能化解，现依诉调对接机制移送你院。$/);
    const from = lines.indexOf('## 调解经过');
    expect(lines.slice(from - 4, from + 11)).toEqual([
      '## 纠纷情况',
      '',
      '楼上漏水',
      '',
      '## 调解经过',
      '',
      '- 2026年12月1日 调解室：未达成协议；到场 1/2',
      '- 2026年12月3日 会议室：未达成协议；到场 0/0；证据 e1 e2',
      '- 2026年12月4日 村委会：；到场 0/0',
      '',
      '## 移送理由',
      '',
      '调解不成',
      '',
      '某调解委员会',
    ]);
    expect(lines[8]).toBe('');
    expect(lines[lines.indexOf('## 纠纷情况') - 1]).toBe('');
    expect(lines[lines.indexOf('## 当事人') + 1]).toBe('');
  });

  it('a referral before any step or session counts one tier and says none was held', () => {
    const d: Dispute = { ...base(), history: [], parties: [], sessions: [], centresSeen: ['a', 'b'] };
    const lines = renderDocument('court-referral', d, masked, issuedAt).split('\n');
    expect(lines[7]).toMatch(/经本调解组织（1级）/);
    expect(lines).toContain('（待登记）');
    expect(lines).toContain('（未召开调解会）');
    const withSteps = renderDocument('court-referral', { ...base(), centresSeen: ['a', 'b', 'c'] }, masked, issuedAt);
    expect(withSteps).toContain('经本调解组织（3级）');
  });
});
