import { describe, expect, it } from 'vitest';
import type { SubmitRequestBody } from '@govflow/contracts';
import { fingerprint, regionDay } from '@govflow/platform';
import { alreadyApplied, applyProgress, formatCaseNumber, openCase } from '../src/domain/case';
import { revealFields, toCaseView } from '../src/domain/view';

const body: SubmitRequestBody = {
  channel: 'hotline-12345',
  kind: 'complaint',
  title: '小区路灯不亮',
  description: '尊敬的领导您好，迎宾小区3号楼前路灯坏了一个月了。',
  location: { address: '海勃湾区迎宾小区' },
  reporter: { name: '张女士', phone: '13912345678' },
  attachments: [],
};

const opened = () =>
  openCase({
    caseId: '7d3c1f0e-0000-4000-8000-000000000001',
    caseNumber: 'WH-20261124-000001',
    partnerId: 'hotline-12345',
    traceId: 't-1',
    body,
    receivedAt: new Date('2026-11-24T02:00:00Z'),
    name: { sealed: 'v1.name', masked: '张**' },
    phone: { sealed: 'v1.sealed', masked: '139****5678' },
    text: { title: body.title, description: body.description },
  });

describe('case numbers', () => {
  it('use the day in the region time zone, not UTC', () => {
    // 16:30 UTC on the 23rd is 00:30 on the 24th in Asia/Shanghai.
    expect(regionDay(new Date('2026-11-23T16:30:00Z'), 'Asia/Shanghai')).toBe('20261124');
    expect(regionDay(new Date('2026-11-23T15:59:59Z'), 'Asia/Shanghai')).toBe('20261123');
  });

  it('pad the sequence to six digits', () => {
    expect(formatCaseNumber('WH', '20261123', 42)).toBe('WH-20261123-000042');
  });
});

describe('fingerprint', () => {
  it('ignores key order but not content', () => {
    expect(fingerprint({ a: 1, b: { c: 2, d: [1, 2] } })).toBe(fingerprint({ b: { d: [1, 2], c: 2 }, a: 1 }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
    expect(fingerprint({ a: [1, 2] })).not.toBe(fingerprint({ a: [2, 1] }));
  });
});

describe('opening a case', () => {
  it('keeps only the sealed and masked phone', () => {
    const record = opened();
    expect(record.status).toBe('received');
    expect(JSON.stringify(record)).not.toContain('13912345678');
    expect(record.history).toEqual([{ at: '2026-11-24T02:00:00.000Z', status: 'received', note: '受理 via hotline-12345' }]);
  });
});

describe('progress', () => {
  const classified = { kind: 'classified', at: '2026-11-24T02:00:01.000Z', major: 'urban', minor: 'urban-streetlight', minorName: '路灯' } as const;
  const dispatched = {
    kind: 'dispatched',
    at: '2026-11-24T02:00:02.000Z',
    departmentId: 'hbw-city-management',
    departmentName: '海勃湾区城市管理综合执法局',
    deadline: '2026-12-15T09:30:00.000Z',
  } as const;

  it('records category, department and deadline in order', () => {
    const record = applyProgress(applyProgress(opened(), classified), dispatched);
    expect(record.status).toBe('dispatched');
    expect(record.category?.minor).toBe('urban-streetlight');
    expect(record.department?.name).toBe('海勃湾区城市管理综合执法局');
    expect(record.deadline).toBe('2026-12-15T09:30:00.000Z');
    expect(record.history.map((h) => h.status)).toEqual(['received', 'classified', 'dispatched']);
    expect(record.version).toBe(3);
  });

  it('never moves the status backwards when reports arrive out of order', () => {
    const record = applyProgress(applyProgress(opened(), dispatched), classified);
    expect(record.status).toBe('dispatched');
    expect(record.category?.minor).toBe('urban-streetlight');
    expect(record.history.map((h) => h.status)).toEqual(['received', 'classified', 'dispatched']);
  });

  it('shows the mediation tier for disputes', () => {
    const record = applyProgress(opened(), {
      kind: 'mediation-opened',
      at: '2026-11-24T02:00:03.000Z',
      tier: 'village',
      committeeName: '迎宾社区人民调解委员会',
      mediatorName: '王调解',
    });
    expect(record.status).toBe('mediation-opened');
    expect(record.history.at(-1)?.note).toBe('村/社区调解受理: 迎宾社区人民调解委员会');
  });
});

describe('work-order steps', () => {
  const step = (sequence: number, to: 'signed' | 'resolved', at: string) =>
    ({ kind: 'workorder-step', at, sequence, to, departmentId: 'd1', departmentName: '城管', deadline: '2026-12-15T09:30:00.000Z', note: to }) as const;

  it('follow the work order’s sequence, whatever order they arrive in', () => {
    const late = applyProgress(applyProgress(opened(), step(2, 'resolved', '2026-11-25T02:00:00.000Z')), step(1, 'signed', '2026-11-24T05:00:00.000Z'));
    expect(late.status).toBe('resolved');
    expect(late.workOrderSequence).toBe(2);
    expect(late.history.map((h) => h.status)).toEqual(['received', 'signed', 'resolved']);
  });

  it('record the citizen’s rating only when a step carries one, and the same sequence twice moves nothing', () => {
    const rated = applyProgress(opened(), { ...step(1, 'signed', '2026-11-24T05:00:00.000Z'), rating: 'satisfied' });
    expect(rated.rating).toBe('satisfied');
    expect(applyProgress(rated, step(2, 'resolved', '2026-11-25T05:00:00.000Z')).rating).toBe('satisfied');
    const again = applyProgress(rated, { ...step(1, 'resolved', '2026-11-24T06:00:00.000Z'), departmentName: '别的部门' });
    expect(again).toMatchObject({ status: 'signed', department: { id: 'd1', name: '城管' } });
  });

  it('are not undone by a late dispatch report, and supervision notes change no status', () => {
    const signed = applyProgress(opened(), step(1, 'signed', '2026-11-24T05:00:00.000Z'));
    const dispatched = applyProgress(signed, { kind: 'dispatched', at: '2026-11-24T02:00:02.000Z', departmentId: 'd1', departmentName: '城管', deadline: '2026-12-15T09:30:00.000Z' });
    expect(dispatched.status).toBe('signed');
    const supervised = applyProgress(dispatched, { kind: 'supervised', at: '2026-12-15T10:00:00.000Z', level: 'overdue', departmentName: '城管', deadline: '2026-12-15T09:30:00.000Z' });
    expect(supervised.status).toBe('signed');
    expect(supervised.history.at(-1)?.note).toBe('超期督办: 城管');
  });
});

describe('a report told again (intake keeps no inbox markers)', () => {
  const step = (sequence: number, to: 'signed' | 'resolved', at: string) =>
    ({ kind: 'workorder-step', at, sequence, to, departmentId: 'd1', departmentName: '城管', deadline: '2026-12-15T09:30:00.000Z', note: to }) as const;
  const supervised = { kind: 'supervised', at: '2026-12-15T10:00:00.000Z', level: 'overdue', departmentName: '城管', deadline: '2026-12-15T09:30:00.000Z' } as const;

  it('is known by its history line, also after later steps moved the case on', () => {
    const signed = applyProgress(opened(), step(1, 'signed', '2026-11-24T05:00:00.000Z'));
    expect(alreadyApplied(opened(), step(1, 'signed', '2026-11-24T05:00:00.000Z'))).toBe(false);
    expect(alreadyApplied(signed, step(1, 'signed', '2026-11-24T05:00:00.000Z'))).toBe(true);
    // A supervision note takes the status of its moment: told again after the case was resolved, it is still the same note.
    const noted = applyProgress(signed, supervised);
    const resolved = applyProgress(noted, step(2, 'resolved', '2026-12-16T05:00:00.000Z'));
    expect(alreadyApplied(resolved, supervised)).toBe(true);
    expect(alreadyApplied(resolved, step(2, 'resolved', '2026-12-16T05:00:00.000Z'))).toBe(true);
  });

  it('is not a different fact of the same kind: another moment, other words or another dispute step', () => {
    const noted = applyProgress(opened(), supervised);
    expect(alreadyApplied(noted, { ...supervised, at: '2026-12-16T10:00:00.000Z' })).toBe(false);
    expect(alreadyApplied(noted, { ...supervised, level: 'notice' })).toBe(false);
    const mediation = { tier: 'village', committeeName: '迎宾社区人民调解委员会' } as const;
    const first = { kind: 'dispute-step', at: '2026-11-25T02:00:00.000Z', sequence: 1, to: 'mediation-opened', mediation, note: '受理' } as const;
    const withFirst = applyProgress(opened(), first);
    expect(alreadyApplied(withFirst, first)).toBe(true);
    expect(alreadyApplied(withFirst, { ...first, sequence: 2 })).toBe(false);
  });
});

describe('routing reports', () => {
  const at = (s: number) => `2026-11-24T02:00:${String(s).padStart(2, '0')}.000Z`;

  it('hold a case for triage with the reason, and say exactly what happened at each report', () => {
    const classified = applyProgress(opened(), { kind: 'classified', at: at(1), major: 'urban', minor: 'urban-streetlight', minorName: '路灯' });
    expect(classified.history.at(-1)).toEqual({ at: at(1), status: 'classified', note: '分类: 路灯' });
    expect(classified.status).toBe('classified');
    const held = applyProgress(classified, { kind: 'triage', at: at(2), reason: '无法确定地点' });
    expect(held.status).toBe('triage');
    expect(held.history.at(-1)).toEqual({ at: at(2), status: 'triage', note: '待人工分拣: 无法确定地点' });
    // A classification reported after the case went to triage does not take it back.
    expect(applyProgress(held, { kind: 'classified', at: at(3), major: 'urban', minor: 'urban-streetlight', minorName: '路灯' }).status).toBe('triage');
  });

  it('link a repeat to its open case, and record the mediation a dispute went to', () => {
    const linked = applyProgress(opened(), { kind: 'linked', at: at(1), originalCaseId: 'c-0', originalCaseNumber: 'WH-20261124-000001' });
    expect(linked).toMatchObject({ status: 'linked', repeatOf: { caseId: 'c-0', caseNumber: 'WH-20261124-000001' } });
    expect(linked.history.at(-1)).toEqual({ at: at(1), status: 'linked', note: '重复件: 已并入 WH-20261124-000001 办理' });
    const mediated = applyProgress(opened(), { kind: 'mediation-opened', at: at(1), tier: 'town', committeeName: '新华街道人民调解委员会', mediatorName: '王调解' });
    expect(mediated.mediation).toEqual({ tier: 'town', committeeName: '新华街道人民调解委员会', mediatorName: '王调解' });
  });

  it('follow a dispute’s steps by their sequence, and keep steps of one moment in that order', () => {
    const mediation = { tier: 'town' as const, committeeName: '新华街道人民调解委员会' };
    const step = (sequence: number, to: 'mediation-opened' | 'mediation-agreed' | 'closed', time: number) => ({ kind: 'dispute-step' as const, at: at(time), sequence, to, mediation, note: `step ${sequence}` });
    // A dispute closed, then reopened (a breach) in the same second.
    const reopened = applyProgress(opened(), step(3, 'mediation-opened', 5));
    expect(reopened).toMatchObject({ status: 'mediation-opened', disputeSequence: 3, mediation });
    // An earlier step arriving late is history only.
    const late = applyProgress(reopened, step(2, 'closed', 5));
    expect(late).toMatchObject({ status: 'mediation-opened', disputeSequence: 3 });
    // The same sequence again moves nothing either.
    expect(applyProgress(reopened, step(3, 'mediation-agreed', 6)).status).toBe('mediation-opened');
    // Two steps of one moment: by their sequence, not by the statuses' rank (closed ranks above opened).
    expect(late.history.map((h) => h.note)).toEqual(['受理 via hotline-12345', 'step 2', 'step 3']);
    expect(late.history.at(-1)).toEqual({ at: at(5), status: 'mediation-opened', note: 'step 3', disputeSequence: 3 });
  });
});

describe('case view', () => {
  it('masks the reporter’s name and phone for every caller; only an explicit reveal unseals the fields asked for', () => {
    expect(toCaseView(opened()).reporter).toEqual({ name: '张**', phone: '139****5678' });
    const unseal = (sealed: string) => `revealed:${sealed}`;
    expect(revealFields(opened(), ['reporter.phone'], unseal)).toEqual({ caseId: opened().caseId, reporter: { phone: 'revealed:v1.sealed' } });
    expect(revealFields(opened(), ['reporter.name', 'text'], unseal)).toMatchObject({ reporter: { name: 'revealed:v1.name' }, title: body.title });
  });
});

describe('numbers written into the text', () => {
  it('are shown masked, and as written only through a reveal', () => {
    const record = openCase({
      caseId: '7d3c1f0e-0000-4000-8000-000000000002',
      caseNumber: 'WH-20261124-000002',
      partnerId: 'hotline-12345',
      traceId: 't-2',
      body,
      receivedAt: new Date('2026-11-24T02:00:00Z'),
      text: { title: body.title, description: '请回电139****5678', sealed: 'sealed-text' },
    });
    expect(toCaseView(record).description).toBe('请回电139****5678');
    const originals = { 'sealed-text': JSON.stringify({ title: body.title, description: '请回电13912345678' }) } as Record<string, string>;
    expect(revealFields(record, ['text'], (sealed) => originals[sealed] ?? sealed).description).toBe('请回电13912345678');
  });
});
