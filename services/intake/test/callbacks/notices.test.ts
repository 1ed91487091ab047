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
});
