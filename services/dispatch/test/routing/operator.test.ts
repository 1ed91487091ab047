import { describe, expect, it } from 'vitest';
import { caseClassifiedV1, workorderDispatchedV1 } from '@govflow/contracts';
import { loadRegion, resolveJurisdiction } from '@govflow/regions';
import { classifyByOperator, NotInTriage, recategorisation, type DispatchRecord } from '../../src/domain/routing/decide';

/*
 * An operator's decision on a case waiting in triage, and a dispatcher's 改类: routed from the
 * record as it is, without the classifier (so these run fast under mutation testing).
 */
const region = loadRegion('wuhai');
const now = new Date('2026-11-24T06:00:00Z');
const inXinhua = resolveJurisdiction(region, { address: '海勃湾区新华街道' });

function waiting(overrides: Partial<DispatchRecord> = {}): DispatchRecord {
  return {
    caseId: 'c-1',
    caseNumber: 'WH-20261124-000001',
    partnerId: 'hotline-12345',
    status: 'triage',
    triageReason: 'unclassified',
    jurisdiction: inXinhua,
    request: { region: 'wuhai', caseId: 'c-1', caseNumber: 'WH-20261124-000001', traceId: 't-1', partnerId: 'hotline-12345', kind: 'complaint', title: '路灯', description: '门口路灯坏了', location: { address: '海勃湾区新华街道' }, receivedAt: '2026-11-24T02:00:00.000Z' },
    receivedAt: '2026-11-24T02:00:00.000Z',
    decidedAt: '2026-11-24T02:00:01.000Z',
    history: [{ at: '2026-11-24T02:00:01.000Z', status: 'triage', by: 'classifier', note: 'unclassified' }],
    version: 1,
    ...overrides,
  };
}

describe('an operator routes a case from triage', () => {
  it('to the category’s unit, its clock starting now, the history and version carried on', () => {
    const { record, events } = classifyByOperator(region, waiting(), 'urban-streetlight', 'op-7', now);
    expect(record).toMatchObject({
      status: 'dispatched',
      category: { major: 'urban', minor: 'urban-streetlight', confidence: 1, by: 'operator' },
      workOrder: { status: 'dispatched', departmentId: 'hbw-city-management-bureau', clockStartedAt: now.toISOString(), escalated: false, audit: [], returnCount: 0, reopenCount: 0, sequence: 0 },
      version: 2,
      decidedAt: now.toISOString(),
    });
    expect(record.history).toEqual([
      { at: '2026-11-24T02:00:01.000Z', status: 'triage', by: 'classifier', note: 'unclassified' },
      { at: now.toISOString(), status: 'dispatched', by: 'operator:op-7', note: 'urban-streetlight' },
    ]);
    expect(events.map((e) => e.type)).toEqual([caseClassifiedV1.type, workorderDispatchedV1.type]);
    expect(events[0]!.payload).toMatchObject({ route: 'workorder', minor: 'urban-streetlight', confidence: 1 });
    expect(events[1]!.payload).toMatchObject({ departmentId: 'hbw-city-management-bureau', coHandlerIds: record.workOrder!.coHandlerIds });
  });

  it('a street matter with the street office leading and the bureau co-handling', () => {
    const { record } = classifyByOperator(region, waiting(), 'urban-street-vendor', 'op-7', now);
    expect(record.workOrder).toMatchObject({ departmentId: 'hbw-xinhua-office', coHandlerIds: ['hbw-city-management-bureau'] });
  });

  it('even where the place is unknown: the city’s unit takes it', () => {
    const { record } = classifyByOperator(region, waiting({ jurisdiction: { resolvedBy: 'unresolved' }, triageReason: 'location-unresolved' }), 'urban-streetlight', 'op-7', now);
    expect(record).toMatchObject({ status: 'dispatched', workOrder: { departmentId: 'city-city-management-bureau' } });
  });

  it('a dispute to mediation', () => {
    const dispute = region.taxonomy.minors.find((m) => m.major === 'dispute')!;
    const { record, events } = classifyByOperator(region, waiting(), dispute.code, 'op-7', now);
    expect(record.status).toBe('mediation-requested');
    expect(events[0]!.payload).toMatchObject({ route: 'mediation' });
  });

  it('refuses a case no longer in triage, and a category that does not exist', () => {
    expect(() => classifyByOperator(region, waiting({ status: 'dispatched' }), 'urban-streetlight', 'op-7', now)).toThrow(new NotInTriage('case WH-20261124-000001 is dispatched, not in triage'));
    expect(() => classifyByOperator(region, waiting({ status: 'dispatched' }), 'urban-streetlight', 'op-7', now)).toThrow(NotInTriage);
    expect(() => classifyByOperator(region, waiting(), 'no-such-minor', 'op-7', now)).toThrow(new RangeError('unknown category no-such-minor'));
    expect(new NotInTriage('x').name).toBe('NotInTriage');
  });
});

describe('a dispatcher recategorises a dispatched case (改类)', () => {
  const dispatched = () => classifyByOperator(region, waiting(), 'urban-streetlight', 'op-7', now).record;

  it('refuses the category it has, an unknown one and a dispute category', () => {
    expect(recategorisation(region, dispatched(), 'urban-streetlight', now)).toEqual({ refused: 'same-category' });
    expect(recategorisation(region, dispatched(), 'nope', now)).toEqual({ refused: 'unknown-category' });
    expect(recategorisation(region, dispatched(), region.taxonomy.minors.find((m) => m.major === 'dispute')!.code, now)).toEqual({ refused: 'dispute-category' });
    // A record without a category yet is not refused as the same.
    expect(recategorisation(region, { ...dispatched(), category: undefined }, 'urban-streetlight', now)).not.toHaveProperty('refused');
  });

  it('places the new category from the case’s place, with that category’s limits, and nowhere for an unknown code', () => {
    const out = recategorisation(region, dispatched(), 'urban-street-vendor', now);
    if ('refused' in out) throw new Error(out.refused);
    const vendor = region.taxonomy.minors.find((m) => m.code === 'urban-street-vendor')!;
    expect(out.placement('urban-street-vendor')).toMatchObject({ lead: { id: 'hbw-xinhua-office' }, signHours: vendor.limits.signHours, resolveWorkingDays: vendor.limits.resolveWorkingDays.complaint });
    expect(out.placement('no-such-minor')).toBeUndefined();
    expect(out.category).toEqual({ major: 'urban', minor: 'urban-street-vendor', minorName: vendor.name, confidence: 1, by: 'operator' });
    expect(out.classified.payload).toMatchObject({ minor: 'urban-street-vendor', route: 'workorder' });
  });
});
