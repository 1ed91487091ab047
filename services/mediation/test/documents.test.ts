import { describe, expect, it } from 'vitest';
import { documentTitles, renderDocument, typeNames } from '../src/domain/documents';
import type { Party } from '../src/domain/dispute';
import { World } from './world';

/* The documents a centre issues, rendered from a dispute taken through its steps. */

const reveal = (v: { masked: string; sealed?: string }) => (v.sealed ? `«${v.sealed}»` : v.masked);
const masked = (v: { masked: string }) => v.masked;
const issuedAt = '2026-12-05T03:00:00.000Z';

const applicant: Party = {
  partyId: 'P1',
  role: 'applicant',
  kind: 'person',
  name: { masked: '张*', sealed: '张三' },
  phone: { masked: '139****5678', sealed: '13912345678' },
  idNumber: { masked: '150302********1237', sealed: '150302199001011237' },
  address: { masked: '新华街道**', sealed: '新华街道1号' },
  channel: 'counter',
  identities: ['a'],
};
const company: Party = {
  partyId: 'P2',
  role: 'respondent',
  kind: 'organisation',
  name: { masked: '某物业公司', sealed: '乌海某物业公司' },
  representative: { masked: '李*', sealed: '李四' },
  channel: 'counter',
  identities: ['b'],
};
const second: Party = { partyId: 'P3', role: 'respondent', kind: 'person', name: { masked: '王*', sealed: '王五' }, channel: 'counter', identities: ['c'] };

function accepted() {
  const world = new World();
  const d = world.open({ type: 'property-management', parties: [applicant, company, second], narrative: { masked: '楼上漏水**', sealed: '楼上漏水三个月' } });
  world.must(d.disputeId, { type: 'accept' });
  return { world, id: d.disputeId };
}

describe('documents', () => {
  it('the acceptance notice names the parties, the kind of dispute, the mediator and the day, masked unless revealed', () => {
    const { world, id } = accepted();
    const d = world.disputes.get(id)!;
    const text = renderDocument('acceptance-notice', d, reveal, issuedAt);
    expect(text.startsWith(`# 人民调解受理通知书\n\n案件编号：${d.code}\n调解组织：${d.centreName}\n`)).toBe(true);
    expect(text).toContain(`«张三»：\n\n你（们）与«乌海某物业公司»、«王五»之间的物业纠纷，本调解组织已于2026年12月5日依法受理，由调解员${d.mediator!.name}主持调解。`);
    expect(text.endsWith(`\n${d.centreName}\n2026年12月5日\n`)).toBe(true);
    const shown = renderDocument('acceptance-notice', d, masked, issuedAt);
    expect(shown).not.toMatch(/张三|乌海某物业公司|王五/);
    expect(renderDocument('acceptance-notice', { ...d, mediator: undefined, parties: [] }, masked, issuedAt)).toContain('（待登记）：\n\n你（们）与（待登记）之间的物业纠纷，本调解组织已于2026年12月5日依法受理，由调解员（待指派）主持调解。');
  });

  it('the agreement lists each party’s particulars, the facts, the terms, the deadline and one copy more than parties', () => {
    const { world, id } = accepted();
    world.now = new Date('2026-12-04T02:00:00.000Z');
    const agreed = world.must(id, {
      type: 'record-session',
      attendance: [
        { partyId: 'P1', present: true },
        { partyId: 'P2', present: true },
        { partyId: 'P3', present: false },
      ],
      evidence: [],
      outcome: 'agreement',
      escalate: false,
      terms: { masked: '物业赔偿****元', sealed: '物业赔偿2000元' },
      performanceDeadline: '2026-12-20T09:00:00.000Z',
    } as never);
    const text = renderDocument('agreement', agreed.dispute, reveal, issuedAt);
    expect(text).toContain('申请人：«张三»\n  公民身份号码：«150302199001011237»\n  住址：«新华街道1号»\n  联系电话：«13912345678»\n被申请人：«乌海某物业公司»\n  法定代表人/委托代理人：«李四»\n被申请人：«王五»');
    expect(text).toContain('## 纠纷主要事实、争议事项\n\n«楼上漏水三个月»');
    expect(text).toContain('## 经调解，自愿达成如下协议\n\n«物业赔偿2000元»');
    expect(text).toContain('各方应于2026年12月20日前履行完毕。');
    expect(text).toContain('本协议一式4份');
    expect(text).toContain(`${agreed.dispute.centreName}（盖章）\n2026年12月4日\n`);

    const plain = renderDocument('agreement', { ...agreed.dispute, agreement: { ...agreed.dispute.agreement!, performanceDeadline: undefined } }, masked, issuedAt);
    expect(plain).toContain('按上述协议约定履行。');
    expect(plain).not.toMatch(/张三|李四|2000元/);
    // A person's representative is not listed; an organisation's is.
    const withAgent = renderDocument('agreement', { ...agreed.dispute, parties: [{ ...second, representative: { masked: '赵*' } }] }, masked, issuedAt);
    expect(withAgent).not.toContain('法定代表人');
    // Not yet agreed: no terms, the day of issue.
    const draft = renderDocument('agreement', { ...agreed.dispute, agreement: undefined }, masked, issuedAt);
    expect(draft).toContain('## 经调解，自愿达成如下协议\n\n\n');
    expect(draft).toContain('（盖章）\n2026年12月5日\n');
  });

  it('the decline notice gives the reason and where to go instead', () => {
    const world = new World();
    const d = world.open({ type: 'labour' });
    const declined = world.must(d.disputeId, { type: 'decline', reason: 'labour-arbitration' });
    const text = renderDocument('decline-notice', declined.dispute, masked, issuedAt);
    expect(text.startsWith('# 不予受理通知书\n')).toBe(true);
    expect(text).toContain(`之间的劳资纠纷，经审查，本调解组织决定不予受理。\n\n理由及建议：${declined.dispute.declined!.guidance}\n`);
    expect(renderDocument('decline-notice', { ...declined.dispute, declined: undefined }, masked, issuedAt)).toContain('理由及建议：\n');
  });

  it('the court referral tells the sessions held, with outcome, attendance and evidence, and the reason', () => {
    const { world, id } = accepted();
    world.must(id, { type: 'schedule-session', at: '2026-11-28T02:00:00.000Z', place: '村委会调解室' });
    world.now = new Date('2026-11-28T03:00:00.000Z');
    world.must(id, {
      type: 'record-session',
      attendance: [
        { partyId: 'P1', present: true },
        { partyId: 'P2', present: false },
      ],
      evidence: ['https://evidence.example/a.jpg', 'https://evidence.example/b.jpg'],
      outcome: 'no-agreement',
      escalate: false,
    });
    const referred = world.must(id, { type: 'refer-to-court', reason: '双方分歧较大' });
    const text = renderDocument('court-referral', referred.dispute, reveal, issuedAt);
    expect(text.startsWith('# 诉调对接移送函\n')).toBe(true);
    expect(text).toContain('«张三»与«乌海某物业公司»、«王五»之间的物业纠纷，经本调解组织（');
    expect(text).toMatch(/- 2026年11月28日 村委会调解室：未达成协议；到场 1\/2；证据 https:\/\/evidence\.example\/a\.jpg https:\/\/evidence\.example\/b\.jpg/);
    expect(text).toContain('## 移送理由\n\n双方分歧较大');
    expect(text).toContain('## 当事人\n\n申请人：«张三»');
    expect(text).toContain('## 纠纷情况\n\n«楼上漏水三个月»');

    const bare = renderDocument('court-referral', { ...referred.dispute, sessions: [], parties: [], history: [], referral: undefined }, masked, issuedAt);
    expect(bare).toContain('（未召开调解会）');
    expect(bare).toContain('## 当事人\n\n（待登记）');
    expect(bare).toContain('经本调解组织（1级）调解未能化解');
    expect(bare).toContain('## 移送理由\n\n\n');
  });

  it('has a title for every document and a name for every kind of dispute', () => {
    expect(Object.values(documentTitles)).toEqual(['人民调解受理通知书', '不予受理通知书', '人民调解协议书', '诉调对接移送函']);
    expect(typeNames).toMatchObject({ neighbour: '邻里纠纷', family: '婚姻家庭纠纷', labour: '劳资纠纷', other: '其他纠纷' });
  });
});
