import { describe, expect, it } from 'vitest';
import {
  caseClassifiedV1,
  caseReceivedV1,
  mediationOpenedV1,
  workorderDispatchedV1,
  type AnyEvent,
} from '@govflow/contracts';
import { makeEvent } from '@govflow/platform/events';
import { applyEvent, daysBetween, summarize, type CaseProjection } from '../src/domain/projection';

const common = (caseId: string, at: string) => ({ region: 'wuhai', caseId, traceId: 't', occurredAt: new Date(at) });
const jurisdiction = { districtId: 'hbw', townId: 'hbw-xinhua', resolvedBy: 'address' } as const;

function lifecycle(caseId: string, partnerId = 'hotline-12345', receivedAt = '2026-11-24T02:00:00.000Z'): AnyEvent[] {
  return [
    makeEvent(caseReceivedV1, {
      ...common(caseId, receivedAt),
      payload: { caseNumber: 'WH-1', partnerId, channel: 'hotline-12345', kind: 'complaint', title: 't', description: 'd', location: { address: 'x' }, receivedAt, attachmentCount: 0 },
    }),
    makeEvent(caseClassifiedV1, {
      ...common(caseId, '2026-11-24T02:00:01.000Z'),
      payload: { partnerId, kind: 'complaint', major: 'urban', minor: 'urban-streetlight', minorName: '路灯', confidence: 0.9, route: 'workorder', jurisdiction, receivedAt },
    }),
    makeEvent(workorderDispatchedV1, {
      ...common(caseId, '2026-11-24T02:00:01.000Z'),
      payload: {
        workOrderId: 'WO-1', partnerId, major: 'urban', minor: 'urban-streetlight', departmentId: 'hbw-city-management-bureau', departmentName: '城管',
        coHandlerIds: [], jurisdiction, signDeadline: '2026-11-25T02:00:00.000Z', resolveDeadline: '2026-12-15T02:00:00.000Z', receivedAt,
      },
    }),
  ];
}

const fold = (events: AnyEvent[]) => events.reduce<CaseProjection | undefined>((p, e) => applyEvent(p, e), undefined)!;

describe('case projection', () => {
  it('follows a case through its stages', () => {
    const p = fold(lifecycle('c1'));
    expect(p).toMatchObject({ status: 'dispatched', channel: 'hotline-12345', major: 'urban', districtId: 'hbw', departmentId: 'hbw-city-management-bureau', version: 3 });
    expect(p.routedAt).toBe('2026-11-24T02:00:01.000Z');
  });

  it('ends the same whatever order the events arrive in', () => {
    const events = lifecycle('c1');
    const reversed = fold([...events].reverse());
    const inOrder = fold(events);
    expect({ ...reversed, version: 0 }).toEqual({ ...inOrder, version: 0 });
  });

  it('records the mediation tier for disputes', () => {
    const opened = makeEvent(mediationOpenedV1, {
      ...common('c2', '2026-11-24T02:00:02.000Z'),
      payload: { mediationId: 'MED-1', partnerId: 'grid-app', tier: 'village', committeeId: 'x', committeeName: 'x', jurisdiction, receivedAt: '2026-11-24T02:00:00.000Z' },
    });
    expect(applyEvent(undefined, opened)).toMatchObject({ status: 'mediation-opened', mediationTier: 'village', major: 'dispute' });
  });
});

describe('summary', () => {
  const projections = [fold(lifecycle('a')), fold(lifecycle('b', 'grid-app')), fold(lifecycle('c', 'hotline-12345', '2026-10-01T00:00:00.000Z')), fold(lifecycle('d').slice(0, 1))];
  const scope = { region: 'wuhai', from: '2026-11-01T00:00:00.000Z', to: '2026-11-30T00:00:00.000Z', generatedAt: '2026-11-30T00:00:00.000Z' };

  it('counts by status, category, district, department and channel within the range', () => {
    const s = summarize(projections, scope);
    expect(s.total).toBe(3);
    expect(s.byStatus).toEqual({ dispatched: 2, received: 1 });
    expect(s.byMajor).toEqual({ urban: 2, unknown: 1 });
    expect(s.byDistrict).toEqual({ hbw: 2, unknown: 1 });
    expect(s.byDepartment).toEqual({ 'hbw-city-management-bureau': 2 });
    expect(s.byChannel).toEqual({ 'hotline-12345': 3 });
  });

  it('shows a partner only its own cases, and department staff only their department’s', () => {
    expect(summarize(projections, { ...scope, partnerId: 'grid-app' }).total).toBe(1);
    expect(summarize(projections, { ...scope, departmentId: 'hbw-city-management-bureau' }).total).toBe(2);
    expect(summarize(projections, { ...scope, departmentId: 'city-water-utility' }).total).toBe(0);
  });

  it('lists the UTC days a range touches', () => {
    expect(daysBetween(new Date('2026-11-29T23:00:00Z'), new Date('2026-12-01T01:00:00Z'))).toEqual(['2026-11-29', '2026-11-30', '2026-12-01']);
  });
});
