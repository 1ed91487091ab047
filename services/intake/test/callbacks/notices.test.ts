import { describe, expect, it } from 'vitest';
import { disputeStepEvents, noticeTypes, type DisputeStepEvent } from '@govflow/contracts';
import { acceptedMessage, noticeFor } from '../../src/domain/callbacks/notices';
import type { ProgressEvent } from '../../src/domain/progress';

const tz = 'Asia/Shanghai';
const base = { eventId: 'e', version: 1, occurredAt: '2026-11-27T01:00:00.000Z', region: 'wuhai', caseId: 'c', traceId: 't' };
const step = (type: string, to: string, extra: object = {}) =>
  ({
    ...base,
    type,
    payload: {
      workOrderId: 'w',
      partnerId: 'p',
      sequence: 2,
      from: 'dispatched',
      to,
      by: { id: 'x', role: 'department' },
      departmentId: 'd',
      departmentName: '海勃湾区住房和城乡建设局',
      signDeadline: '2026-11-27T03:00:00.000Z',
      resolveDeadline: '2026-12-03T09:00:00.000Z',
      escalated: false,
      receivedAt: base.occurredAt,
      ...extra,
    },
  }) as unknown as ProgressEvent;

describe('citizen sentences', () => {
  it('tell each step of a work order in Chinese, with the unit and the deadline as a local date', () => {
    expect(acceptedMessage('WH-20261127-000042')).toBe('您的诉求已受理，编号WH-20261127-000042，我们将尽快派遣办理。');
    expect(noticeFor(step('workorder.signed', 'signed'), tz)).toEqual({ notice: 'case.signed', message: '海勃湾区住房和城乡建设局已签收您的诉求，正在办理。' });
    expect(noticeFor(step('workorder.transferred', 'dispatched'), tz)?.message).toContain('2026年12月3日');
    expect(noticeFor(step('workorder.extension-decided', 'signed', { reason: 'approved' }), tz)?.notice).toBe('case.extended');
    expect(noticeFor(step('workorder.extension-decided', 'signed', { reason: 'refused: 理由不足' }), tz)?.notice).toBe('case.extension-refused');
    expect(noticeFor(step('workorder.verified', 'verified'), tz)?.notice).toBe('case.awaiting-rating');
    expect(noticeFor(step('workorder.verified', 'signed'), tz)?.notice).toBe('case.reopened');
    expect(noticeFor(step('workorder.rated', 'closed', { rating: 'satisfied' }), tz)?.notice).toBe('case.closed');
    expect(noticeFor(step('workorder.rated', 'signed', { rating: 'unsatisfied' }), tz)?.notice).toBe('case.reopened');
    expect(noticeFor({ ...base, type: 'workorder.supervised', payload: {} } as unknown as ProgressEvent, tz)).toBeUndefined();
  });

  it('tell every dispute step without a party’s or mediator’s name or a reason’s words', () => {
    for (const contract of disputeStepEvents) {
      const event = {
        ...base,
        type: contract.type,
        version: contract.version,
        payload: { code: 'WHTJ-20261127-000001', tier: 'town', centreName: '新华街道矛调中心', mediatorName: '王调解', reason: '张三说李四家漏水', outcome: 'agreement' },
      } as unknown as DisputeStepEvent;
      const text = noticeFor(event, tz)!;
      expect(text.notice).toBe(contract.type);
      expect(noticeTypes).toContain(text.notice);
      expect(text.message).toMatch(/[\u4e00-\u9fff]/);
      expect(text.message).not.toMatch(/王调解|张三|李四/);
    }
  });

  it('say exactly this for each step of a case and its work order', () => {
    const event = (type: string, payload: object, version = 1) => ({ ...base, type, version, payload }) as unknown as ProgressEvent;
    const told = (e: ProgressEvent) => noticeFor(e, tz);
    expect(told(event('case.classified', { minorName: '路灯照明' }))).toEqual({ notice: 'case.classified', message: '您的诉求已归类为“路灯照明”，正在派遣承办单位。' });
    expect(told(event('case.held-for-triage', {}))).toEqual({ notice: 'case.held-for-triage', message: '您的诉求正在由工作人员人工分拣，分拣后将尽快派遣。' });
    expect(told(event('case.linked-as-repeat', { originalCaseNumber: 'WH-20261127-000001' }))).toEqual({ notice: 'case.linked', message: '您反映的问题此前已有人反映，已并入WH-20261127-000001一并办理。' });
    expect(told(step('workorder.dispatched', 'dispatched'))).toEqual({ notice: 'case.dispatched', message: '您的诉求已派遣至海勃湾区住房和城乡建设局办理，办理时限至2026年12月3日。' });
    expect(told(step('workorder.returned', 'returned'))).toEqual({ notice: 'case.returned', message: '承办单位提出该诉求不属其职责，正在重新派遣。' });
    expect(told(step('workorder.transferred', 'dispatched'))).toEqual({ notice: 'case.transferred', message: '您的诉求已转由海勃湾区住房和城乡建设局办理，办理时限至2026年12月3日。' });
    expect(told(step('workorder.extension-requested', 'extension-requested'))).toEqual({ notice: 'case.extension-requested', message: '海勃湾区住房和城乡建设局申请延长办理时限，正在审批。' });
    expect(told(step('workorder.extension-decided', 'signed', { reason: 'approved: 3 days' }))).toEqual({ notice: 'case.extended', message: '您的诉求办理时限已延长至2026年12月3日。' });
    // A reason that only ends with the word is a refusal; an event without a reason too.
    expect(told(step('workorder.extension-decided', 'signed', { reason: 'refused, not approved' }))).toEqual({ notice: 'case.extension-refused', message: '延期申请未获批准，海勃湾区住房和城乡建设局将在2026年12月3日前办结。' });
    expect(told(step('workorder.extension-decided', 'signed'))?.notice).toBe('case.extension-refused');
    expect(told(step('workorder.resolved', 'resolved'))).toEqual({ notice: 'case.resolved', message: '海勃湾区住房和城乡建设局已办结您的诉求，将进行核实回访。' });
    expect(told(step('workorder.verified', 'verified'))).toEqual({ notice: 'case.awaiting-rating', message: '办理结果已核实，请您对办理情况作出评价。' });
    expect(told(step('workorder.verified', 'signed'))).toEqual({ notice: 'case.reopened', message: '核实未通过，您的诉求已交海勃湾区住房和城乡建设局重新办理。' });
    expect(told(step('workorder.rated', 'closed'))).toEqual({ notice: 'case.closed', message: '感谢您的评价，您的诉求已办结。' });
    expect(told(step('workorder.rated', 'signed'))).toEqual({ notice: 'case.reopened', message: '收到您的不满意评价，您的诉求已交海勃湾区住房和城乡建设局重新办理。' });
    // A dispute opened from a case (version 1 names the committee), and one registered at a centre (version 2).
    expect(told(event('mediation.opened', { tier: 'village', committeeName: '新华街道第一社区人民调解委员会' }, 1))).toEqual({
      notice: 'mediation.opened',
      message: '您的纠纷已由村（社区）调解组织受理：新华街道第一社区人民调解委员会。',
    });
    expect(told(event('mediation.opened', { tier: 'town', centreName: '新华街道矛调中心', code: 'WHTJ-1' }, 2))).toEqual({
      notice: 'mediation.opened',
      message: '您的纠纷已由镇（街道）调解组织登记：新华街道矛调中心，纠纷编号WHTJ-1。',
    });
  });

  it('say exactly this for the dispute steps whose sentence depends on how it went', () => {
    const message = (type: string, payload: object) => noticeFor({ ...base, type, version: 1, payload: { code: 'WHTJ-1', tier: 'town', centreName: '中心', ...payload } } as unknown as DisputeStepEvent, tz)?.message;
    expect(message('mediation.session-scheduled', { nextSession: { at: '2026-12-02T02:00:00.000Z' } })).toBe('调解会已安排在2026-12-02召开，请按时参加。');
    expect(message('mediation.session-scheduled', {})).toBe('调解会已安排召开，请按时参加。');
    expect(message('mediation.session-held', { outcome: 'no-agreement' })).toBe('调解会已召开，双方暂未达成协议。');
    expect(message('mediation.session-held', { outcome: 'withdrawn' })).toBe('调解会已召开，申请已撤回。');
    expect(message('mediation.session-held', { outcome: 'agreement' })).toBe('调解会已召开，双方达成协议。');
    expect(message('mediation.agreed', { outcome: 'partial-agreement' })).toBe('双方已达成部分调解协议。');
    expect(message('mediation.agreed', { outcome: 'agreement' })).toBe('双方已达成调解协议，请确认协议内容。');
    expect(message('mediation.judicial-recorded', { judicial: { outcome: 'confirmed' } })).toBe('人民法院已对调解协议作出司法确认。');
    expect(message('mediation.judicial-recorded', { judicial: { outcome: 'rejected' } })).toBe('人民法院未予司法确认，您可以重新调解或向法院起诉。');
    expect(message('mediation.judicial-recorded', { judicial: { outcome: 'applied' } })).toBe('司法确认申请已提交人民法院。');
    expect(message('mediation.judicial-recorded', { judicial: { outcome: 'not-applied' } })).toBe('当事人未申请司法确认。');
    expect(message('mediation.judicial-recorded', {})).toBe('当事人未申请司法确认。');
    expect(message('mediation.followed-up', { performance: 'performed' })).toBe('回访：调解协议已履行。');
    expect(message('mediation.followed-up', { performance: 'breached' })).toBe('回访：调解协议未履行。');
    expect(message('mediation.followed-up', { performance: 'in-progress' })).toBe('回访：调解协议正在履行中。');
    expect(message('mediation.linked', { linkedTo: { code: 'WHTJ-9' } })).toBe('您的纠纷已与在办纠纷WHTJ-9合并调解。');
    expect(message('mediation.linked', {})).toBe('您的纠纷已与在办纠纷合并调解。');
    expect(message('mediation.escalated', { tier: 'district', centreName: '海勃湾区矛调中心' })).toBe('您的纠纷已提交区（县）调解：海勃湾区矛调中心。');
  });
});
