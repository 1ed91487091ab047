import { describe, expect, it } from 'vitest';
import { majorCategories, type DisputeStepEvent } from '@govflow/contracts';
import { loadRegion } from '@govflow/regions';
import { progressOf, type ProgressEvent } from '../src/domain/progress';
import { taxonomyList } from '../src/domain/taxonomy';

/* What a partner is told of each later step of its case, read from the other services' events. */

const base = { eventId: 'e', version: 1, occurredAt: '2026-11-27T01:00:00.000Z', region: 'wuhai', caseId: 'c', traceId: 't' };
const event = (type: string, payload: object, version = 1) => ({ ...base, type, version, payload }) as unknown as ProgressEvent;

const dispute = { disputeId: 'D-1', code: 'WHTJ-20261127-000001', sequence: 4, to: 'accepted', tier: 'town', centreName: '新华街道矛调中心', mediatorName: '王调解' };
const disputeNote = (type: string, extra: object = {}) => (progressOf(event(type, { ...dispute, ...extra })) as { note: string }).note;

describe('a dispute step as progress', () => {
  it('is told in Chinese, step by step', () => {
    expect(progressOf(event('mediation.opened', dispute, 2))).toMatchObject({ note: '镇/街道调解登记: 新华街道矛调中心 (WHTJ-20261127-000001)' });
    expect(progressOf(event('mediation.opened', { ...dispute, tier: 'district' }, 2))).toMatchObject({ note: '区/县调解登记: 新华街道矛调中心 (WHTJ-20261127-000001)' });
    expect(progressOf(event('mediation.opened', { ...dispute, tier: 'city' }, 2))).toMatchObject({ note: '市调解登记: 新华街道矛调中心 (WHTJ-20261127-000001)' });
    expect(progressOf(event('mediation.opened', { ...dispute, tier: 'village' }, 2))).toMatchObject({ note: '村/社区调解登记: 新华街道矛调中心 (WHTJ-20261127-000001)' });
    const notes: [string, object, string][] = [
      ['mediation.assigned', {}, '指派调解员: 王调解'],
      ['mediation.assigned', { mediatorName: undefined }, '指派调解员: '],
      ['mediation.queued', {}, '排队等待调解员: 新华街道矛调中心'],
      ['mediation.risk-alerted', {}, '风险预警: 已提级处置'],
      ['mediation.accepted', {}, '调解受理: 新华街道矛调中心'],
      ['mediation.declined', { reason: '不属于调解范围' }, '不予受理: 不属于调解范围'],
      ['mediation.declined', {}, '不予受理'],
      ['mediation.session-scheduled', { nextSession: { at: '2026-11-28T02:00:00.000Z', place: '调解室' } }, '已安排调解: 2026-11-28T02:00:00.000Z'],
      ['mediation.session-scheduled', {}, '已安排调解: '],
      ['mediation.session-held', { outcome: 'no-agreement' }, '调解会已召开: 未达成协议'],
      ['mediation.session-held', { outcome: 'withdrawn' }, '调解会已召开: 申请撤回'],
      ['mediation.session-held', { outcome: 'agreement' }, '调解会已召开: 已达成协议'],
      ['mediation.extended', {}, '经双方同意延长调解期限'],
      ['mediation.escalated', { centreName: '海勃湾区矛调中心' }, '提级调解: 海勃湾区矛调中心'],
      ['mediation.reassigned', { mediatorName: '李调解' }, '更换调解员: 李调解'],
      ['mediation.reassigned', { mediatorName: undefined }, '更换调解员: '],
      ['mediation.agreed', { outcome: 'partial-agreement' }, '达成部分调解协议'],
      ['mediation.agreed', { outcome: 'agreement' }, '达成调解协议'],
      ['mediation.party-confirmed', {}, '当事人确认调解协议'],
      ['mediation.judicial-recorded', { judicial: { outcome: 'confirmed' } }, '司法确认: 已确认'],
      ['mediation.judicial-recorded', { judicial: { outcome: 'rejected' } }, '司法确认: 未予确认'],
      ['mediation.judicial-recorded', { judicial: { outcome: 'applied' } }, '司法确认: 已申请'],
      ['mediation.judicial-recorded', {}, '司法确认: 未申请'],
      ['mediation.reminded', {}, '提醒: 司法确认申请期限将至'],
      ['mediation.followed-up', { performance: 'performed' }, '回访: 已履行'],
      ['mediation.followed-up', { performance: 'breached' }, '回访: 未履行'],
      ['mediation.followed-up', { performance: 'performing' }, '回访: 履行中'],
      ['mediation.breached', {}, '协议未履行'],
      ['mediation.reopened', {}, '重新调解: 新华街道矛调中心'],
      ['mediation.referred-to-court', {}, '调解不成, 已移送法院 (诉调对接)'],
      ['mediation.withdrawn', {}, '当事人撤回调解申请'],
      ['mediation.closed', {}, '调解结案'],
      ['mediation.linked', { linkedTo: { disputeId: 'D-0', code: 'WHTJ-20261126-000009' } }, '与在办纠纷合并: WHTJ-20261126-000009'],
      ['mediation.linked', {}, '与在办纠纷合并: '],
    ];
    for (const [type, extra, note] of notes) expect(disputeNote(type, extra), type).toBe(note);
  });

  it('carries the case status, the mediation and its next session', () => {
    const nextSession = { at: '2026-11-28T02:00:00.000Z', place: '调解室' };
    expect(progressOf(event('mediation.session-scheduled', { ...dispute, to: 'agreed', nextSession, outcome: 'agreement' }) as DisputeStepEvent)).toEqual({
      kind: 'dispute-step',
      at: base.occurredAt,
      sequence: 4,
      to: 'mediation-agreed',
      note: '已安排调解: 2026-11-28T02:00:00.000Z',
      mediation: { tier: 'town', committeeName: '新华街道矛调中心', mediatorName: '王调解', disputeId: 'D-1', code: 'WHTJ-20261127-000001', status: 'agreed', nextSession, outcome: 'agreement' },
    });
  });

  it('reads the first version of mediation.opened, from before disputes had steps', () => {
    expect(progressOf(event('mediation.opened', { tier: 'village', committeeName: '新华一村调委会', mediatorName: '赵' }))).toEqual({
      kind: 'mediation-opened',
      at: base.occurredAt,
      tier: 'village',
      committeeName: '新华一村调委会',
      mediatorName: '赵',
    });
  });
});

describe('the other stages’ events as progress', () => {
  it('tells classification, triage, dispatch, repeats and supervision', () => {
    expect(progressOf(event('case.classified', { major: 'urban', minor: 'urban-streetlight', minorName: '路灯' }))).toEqual({ kind: 'classified', at: base.occurredAt, major: 'urban', minor: 'urban-streetlight', minorName: '路灯' });
    expect(progressOf(event('case.held-for-triage', { reason: 'unclassified' }))).toEqual({ kind: 'triage', at: base.occurredAt, reason: '无法自动分类' });
    expect(progressOf(event('case.held-for-triage', { reason: 'location-unresolved' }))).toMatchObject({ reason: '无法定位' });
    expect(progressOf(event('workorder.dispatched', { departmentId: 'd', departmentName: '城管局', resolveDeadline: '2026-12-03T09:00:00.000Z', signDeadline: 'x' }))).toEqual({
      kind: 'dispatched',
      at: base.occurredAt,
      departmentId: 'd',
      departmentName: '城管局',
      deadline: '2026-12-03T09:00:00.000Z',
    });
    expect(progressOf(event('case.linked-as-repeat', { originalCaseId: 'c0', originalCaseNumber: 'WH-20261126-000001' }))).toEqual({ kind: 'linked', at: base.occurredAt, originalCaseId: 'c0', originalCaseNumber: 'WH-20261126-000001' });
    expect(progressOf(event('workorder.supervised', { level: 'yellow', departmentName: '城管局', deadline: '2026-12-03T09:00:00.000Z' }))).toEqual({
      kind: 'supervised',
      at: base.occurredAt,
      level: 'yellow',
      departmentName: '城管局',
      deadline: '2026-12-03T09:00:00.000Z',
    });
  });

  it('tells each work-order step with its unit, and the reason when there is one', () => {
    const payload = { sequence: 3, to: 'signed', departmentId: 'd', departmentName: '城管局', resolveDeadline: '2026-12-03T09:00:00.000Z', rating: undefined };
    const steps: [string, string][] = [
      ['workorder.signed', '签收'],
      ['workorder.returned', '退单'],
      ['workorder.transferred', '转办'],
      ['workorder.extension-requested', '申请延期'],
      ['workorder.extension-decided', '延期审批'],
      ['workorder.resolved', '办结'],
      ['workorder.verified', '核验'],
      ['workorder.rated', '评价'],
    ];
    for (const [type, word] of steps) {
      expect(progressOf(event(type, payload))).toEqual({ kind: 'workorder-step', at: base.occurredAt, sequence: 3, to: 'signed', departmentId: 'd', departmentName: '城管局', deadline: '2026-12-03T09:00:00.000Z', rating: undefined, note: `${word}: 城管局` });
    }
    expect(progressOf(event('workorder.rated', { ...payload, to: 'closed', rating: 'satisfied', reason: 'satisfied: 很快' }))).toMatchObject({ rating: 'satisfied', note: '评价: 城管局 (satisfied: 很快)' });
  });
});

describe('the category list partners see', () => {
  it('lists every minor category with its major’s name, lead unit, limits and route', () => {
    const region = loadRegion('wuhai');
    const list = taxonomyList(region);
    expect(list.region).toBe('wuhai');
    expect(list.majors).toEqual(region.taxonomy.majors);
    expect(list.categories).toHaveLength(region.taxonomy.minors.length);
    const minor = region.taxonomy.minors[0]!;
    expect(list.categories[0]).toEqual({
      code: minor.code,
      name: minor.name,
      description: minor.description,
      major: minor.major,
      majorName: region.taxonomy.majors.find((m) => m.code === minor.major)!.name,
      leadDepartment: { kind: minor.leadDepartmentKind, level: minor.handlingLevel },
      coHandlerKinds: minor.coHandlerKinds,
      urgency: minor.urgency,
      signHours: minor.limits.signHours,
      resolveWorkingDays: minor.limits.resolveWorkingDays,
      route: majorCategories.find((c) => c.code === minor.major)!.route,
    });
    const routes = new Set(list.categories.map((c) => c.route));
    expect(routes.size).toBeGreaterThan(1);
  });

  it('falls back to the code for a major without a name, and to the work-order route for a major of no known kind', () => {
    const region = loadRegion('wuhai');
    const minor = { ...region.taxonomy.minors[0]!, major: 'elsewhere' };
    const list = taxonomyList({ ...region, taxonomy: { ...region.taxonomy, minors: [minor] } } as typeof region);
    expect(list.categories[0]).toMatchObject({ majorName: 'elsewhere', route: 'workorder' });
  });
});
