import { describe, expect, it } from 'vitest';
import { parseEvent, workorderSupervisedV1 } from '@govflow/contracts';
import { loadRegion } from '@govflow/regions';
import { supervisionSettings } from '../../src/adapters/runtime';
import { nextCheckAt, supervise } from '../../src/domain/workorder/supervision';
import type { WorkOrder } from '../../src/domain/workorder/lifecycle';

const region = loadRegion('wuhai');
const settings = supervisionSettings(region);
const trace = { region: 'wuhai', caseId: 'c1', traceId: 't1', receivedAt: '2026-11-23T01:00:00.000Z' };

// Dispatched Monday 23 Nov 09:00 Beijing; 24 h to sign, resolve by Friday 27 Nov 17:30 Beijing.
const order: WorkOrder = {
  workOrderId: 'WO-1',
  partnerId: 'hotline-12345',
  status: 'signed',
  sequence: 1,
  departmentId: 'hbw-city-management-bureau',
  departmentName: '海勃湾区城市管理综合执法局',
  coHandlerIds: [],
  signDeadline: '2026-11-24T01:00:00.000Z',
  resolveDeadline: '2026-11-27T09:30:00.000Z',
  signHours: 24,
  resolveWorkingDays: 5,
  returnCount: 0,
  reopenCount: 0,
  escalated: false,
  clockStartedAt: '2026-11-23T01:00:00.000Z',
  audit: [],
};
const at = (iso: string) => new Date(iso);

describe('督办 supervision', () => {
  it('warns when 80% of the time is used, escalates at the deadline, gives notice five working days later', () => {
    // Five working days of 8.5 h; 80% of them is four: the end of Thursday 26 Nov (17:30 Beijing).
    expect(nextCheckAt(order, settings)).toBe('2026-11-26T09:30:00.000Z');
    expect(supervise(order, at('2026-11-26T09:29:00Z'), settings, trace)).toBeUndefined();

    const warned = supervise(order, at('2026-11-26T09:30:00Z'), settings, trace)!;
    expect(warned.event.payload).toMatchObject({ level: 'due-soon', deadlineKind: 'resolve' });
    expect(warned.order.escalated).toBe(false);
    expect(nextCheckAt(warned.order, settings)).toBe('2026-11-27T09:30:00.000Z');

    const overdue = supervise(warned.order, at('2026-11-27T10:00:00Z'), settings, trace)!;
    expect(overdue.event.payload.level).toBe('overdue');
    expect(overdue.order.escalated).toBe(true);
    // Five working days after Friday 27 Nov 17:30 Beijing is Friday 4 Dec 17:30.
    expect(nextCheckAt(overdue.order, settings)).toBe('2026-12-04T09:30:00.000Z');
    const notice = supervise(overdue.order, at('2026-12-05T00:00:00Z'), settings, trace)!;
    expect(notice.event.payload.level).toBe('notice');
    expect(nextCheckAt(notice.order, settings)).toBeUndefined();
    expect(parseEvent(JSON.stringify(notice.event), [workorderSupervisedV1]).payload.level).toBe('notice');
  });

  it('raises only the highest level due when the sweep comes late', () => {
    const late = supervise(order, at('2026-11-30T00:00:00Z'), settings, trace)!;
    expect(late.event.payload.level).toBe('overdue');
  });

  it('watches the signing deadline while dispatched, and nothing once resolved', () => {
    expect(nextCheckAt({ ...order, status: 'dispatched' }, settings)).toBe('2026-11-23T20:12:00.000Z');
    expect(nextCheckAt({ ...order, status: 'resolved' }, settings)).toBeUndefined();
  });

  it('starts afresh for a new deadline (an approved extension)', () => {
    const overdue = supervise(order, at('2026-11-27T10:00:00Z'), settings, trace)!;
    const extended = { ...overdue.order, resolveDeadline: '2026-12-04T09:30:00.000Z' };
    // Ten working days from Monday 23 Nov 09:00 Beijing; 80% is eight: the end of Wednesday 2 Dec.
    expect(nextCheckAt(extended, settings)).toBe('2026-12-02T09:30:00.000Z');
  });

  it('counts the warning in working time: a weekend in between does not use up the time', () => {
    // Clock started Friday 20 Nov 09:00 Beijing, deadline Monday 09:00: the only working time
    // is Friday's 8.5 h, so the warning comes at 15:48 that Friday (wall-clock 80% would be Sunday night).
    const friday = { ...order, clockStartedAt: '2026-11-20T01:00:00.000Z', resolveDeadline: '2026-11-23T01:00:00.000Z' };
    expect(nextCheckAt(friday, settings)).toBe('2026-11-20T07:48:00.000Z');
  });
});
