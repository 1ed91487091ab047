import { describe, expect, it } from 'vitest';
import { erasureDay } from '@govflow/platform';
import { applyProgress, openCase, type CaseRecord } from '../src/domain/case';
import { erasePersonalData, erasureDue, withClosing } from '../src/domain/retention';
import { toCaseView } from '../src/domain/view';

const opened = (): CaseRecord =>
  openCase({
    caseId: '7d3c1f0e-0000-4000-8000-000000000001',
    caseNumber: 'WH-20261124-000001',
    partnerId: 'hotline-12345',
    traceId: 't-1',
    body: {
      channel: 'hotline-12345',
      kind: 'complaint',
      title: '路灯不亮',
      description: '路灯坏了，请回电139****5678。',
      location: { address: '海勃湾区迎宾小区' },
      reporter: { name: '张女士', phone: '13912345678' },
      attachments: [],
    },
    receivedAt: new Date('2026-11-24T02:00:00Z'),
    name: { sealed: 'v1.name', masked: '张**' },
    phone: { sealed: 'v1.phone', masked: '139****5678' },
    email: { sealed: 'v1.email', masked: 'z***@example.com' },
    text: { title: '路灯不亮', description: '路灯坏了，请回电139****5678。', sealed: 'v1.text' },
  });

const step = (record: CaseRecord, to: 'closed' | 'signed', at: string, sequence: number) =>
  applyProgress(record, { kind: 'workorder-step', at, sequence, to, departmentId: 'd', departmentName: '城管局', deadline: at, note: to });

describe('retention of a case’s personal data', () => {
  it('starts when the case is finished, and only then', () => {
    const signed = step(opened(), 'signed', '2026-11-24T03:00:00.000Z', 1);
    expect(withClosing(opened(), signed, '2026-11-24T03:00:00.000Z')).toEqual({ record: signed, closes: false });
    const closed = withClosing(signed, step(signed, 'closed', '2026-11-25T03:00:00.000Z', 2), '2026-11-25T03:00:00.000Z');
    expect(closed.closes).toBe(true);
    expect(closed.record.closedAt).toBe('2026-11-25T03:00:00.000Z');
    // A later report about a finished case does not close it again.
    const later = { ...closed.record, history: [...closed.record.history] };
    expect(withClosing(closed.record, later, '2026-11-26T00:00:00.000Z').closes).toBe(false);
  });

  it('falls due the given number of region days after the close', () => {
    // 16:30 UTC on the 24th is the 25th in Asia/Shanghai.
    expect(erasureDay('2026-11-24T16:30:00.000Z', 0, 'Asia/Shanghai')).toBe('2026-11-25');
    expect(erasureDay('2026-11-24T03:00:00.000Z', 1095, 'Asia/Shanghai')).toBe('2029-11-23');
    const closed = { ...opened(), status: 'closed' as const, closedAt: '2026-11-24T03:00:00.000Z' };
    expect(erasureDue(closed, '2026-11-24', '2026-11-24')).toBe(true);
    expect(erasureDue(closed, '2026-11-25', '2026-11-24')).toBe(false);
    expect(erasureDue({ ...closed, status: 'signed' }, '2026-11-24', '2026-11-24')).toBe(false);
    expect(erasureDue({ ...closed, personalDataErasedAt: '2026-11-24T05:00:00.000Z' }, '2026-11-24', '2026-11-24')).toBe(false);
  });

  it('erases the sealed text, the reporter and the photos, keeping what the figures are made of', () => {
    const photo = { uploadId: 'upl_1', purpose: 'case-photo' as const, key: 'cases/c/upl_1', fileName: '张女士家门口.jpg', contentType: 'image/jpeg' as const, size: 10 };
    const closed = {
      ...step(opened(), 'closed', '2026-11-25T03:00:00.000Z', 1),
      closedAt: '2026-11-25T03:00:00.000Z',
      category: { major: 'urban' as const, minor: 'urban-streetlight', minorName: '路灯' },
      files: [photo],
      requestFingerprint: '0123456789abcdef0123456789abcdef',
    };
    const erased = erasePersonalData(closed, '2026-11-26T00:00:00.000Z');
    expect(Object.keys(erased).filter((k) => /Sealed$|^reporter|^files$|Fingerprint$/.test(k))).toEqual([]);
    expect(erased).toMatchObject({ personalDataErasedAt: '2026-11-26T00:00:00.000Z', version: closed.version + 1 });
    const { reporter: _r, ...viewKept } = toCaseView({ ...closed, files: [] });
    expect(toCaseView(erased)).toEqual(viewKept);
    expect(toCaseView(erased).description).toBe('路灯坏了，请回电139****5678。');
  });
});
