import { describe, expect, it } from 'vitest';
import { caseClassifiedV1, caseHeldForTriageV1, type CaseReceived, caseReceivedV1, makeEvent, mediationRequestedV1, parseEvent, type RequestKind, workorderDispatchedV1 } from '@govflow/contracts';
import { resolveJurisdiction } from '@govflow/regions';
import { loadTrainingRegion } from '@govflow/regions/training';
import { jiebaSegmenter } from '../../src/adapters/segmenter';
import { regionClassifier } from '../../src/domain/classification/classify';
import { decideDispatch, recategorisation } from '../../src/domain/routing/decide';
import { pickDepartment } from '../../src/domain/routing/departments';

const region = loadTrainingRegion('wuhai');
const classifier = regionClassifier(region, { segment: jiebaSegmenter(region) });
const minor = (code: string) => region.taxonomy.minors.find((m) => m.code === code)!;

describe('routing', () => {
  const inXinhua = resolveJurisdiction(region, { address: '海勃湾区新华街道' });

  it('sends a district matter to that district’s unit', () => {
    expect(pickDepartment(region, minor('urban-streetlight'), inXinhua)?.lead.id).toBe('hbw-city-management-bureau');
  });

  it('sends a street matter to the street office, with the functional bureau as co-handler', () => {
    const a = pickDepartment(region, minor('urban-street-vendor'), inXinhua)!;
    expect(a.lead.id).toBe('hbw-xinhua-office');
    expect(a.coHandlers.map((d) => d.id)).toEqual(['hbw-city-management-bureau']);
  });

  it('falls back upward when the place is known only roughly', () => {
    expect(pickDepartment(region, minor('urban-street-vendor'), { districtId: 'wd', resolvedBy: 'address' })?.lead.id).toBe('wd-city-management-bureau');
    expect(pickDepartment(region, minor('urban-streetlight'), { resolvedBy: 'unresolved' })?.lead.id).toBe('city-city-management-bureau');
    expect(pickDepartment(region, minor('urban-heating'), inXinhua)?.lead.id).toBe('city-heating-utility');
  });
});

function received(overrides: Partial<CaseReceived['payload']> & { kind?: RequestKind } = {}): CaseReceived {
  return makeEvent(caseReceivedV1, {
    region: 'wuhai',
    caseId: 'case-1',
    traceId: 'trace-1',
    occurredAt: new Date('2026-11-24T02:00:00Z'),
    payload: {
      caseNumber: 'WH-20261124-000001',
      partnerId: 'hotline-12345',
      channel: 'hotline-12345',
      kind: 'complaint',
      title: '路灯不亮',
      description: '小区门口的路灯坏了一个月',
      location: { address: '海勃湾区新华街道' },
      receivedAt: '2026-11-24T02:00:00.000Z',
      attachmentCount: 0,
      ...overrides,
    },
  });
}

describe('decideDispatch', () => {
  const now = new Date('2026-11-24T02:00:01Z');
  const consumerSide = [caseClassifiedV1, caseHeldForTriageV1, workorderDispatchedV1, mediationRequestedV1];
  const reparse = (events: { type: string }[]) => events.map((e) => parseEvent(JSON.stringify(e), consumerSide));

  it('turns a local complaint into one work order with deadlines', () => {
    const { record, events } = decideDispatch(region, classifier, received(), now);
    expect(record.status).toBe('dispatched');
    expect(record.workOrder).toMatchObject({ workOrderId: 'WO-WH-20261124-000001', departmentId: 'hbw-city-management-bureau' });
    expect(reparse(events).map((e) => e.type)).toEqual(['case.classified', 'workorder.dispatched']);
    const dispatched = events[1]! as { payload: { resolveDeadline: string; signDeadline: string } };
    expect(dispatched.payload.signDeadline).toBe('2026-11-25T02:00:00.000Z');
    expect(dispatched.payload.resolveDeadline > dispatched.payload.signDeadline).toBe(true);
    expect(events.every((e) => e.traceId === 'trace-1' && e.caseId === 'case-1')).toBe(true);
  });

  it('recategorises a dispatched case: the new category’s unit from the case’s place, and case.classified to tell the others', () => {
    const { record } = decideDispatch(region, classifier, received(), now);
    const change = recategorisation(region, record, 'urban-water-supply', now);
    if ('refused' in change) throw new Error(change.refused);
    expect(change.category).toEqual({ major: 'urban', minor: 'urban-water-supply', minorName: minor('urban-water-supply').name, confidence: 1, by: 'operator' });
    expect(reparse([change.classified])[0]).toMatchObject({ type: 'case.classified', payload: { minor: 'urban-water-supply', confidence: 1, route: 'workorder' } });
    expect(change.placement('urban-water-supply')?.lead.id).toBe(pickDepartment(region, minor('urban-water-supply'), record.jurisdiction)!.lead.id);
    expect(recategorisation(region, record, record.category!.minor, now)).toEqual({ refused: 'same-category' });
    expect(recategorisation(region, record, 'dispute-neighbour', now)).toEqual({ refused: 'dispute-category' });
    expect(recategorisation(region, record, 'no-such-thing', now)).toEqual({ refused: 'unknown-category' });
  });

  it('hands a dispute to mediation', () => {
    const { record, events } = decideDispatch(region, classifier, received({ kind: 'dispute', title: '邻里纠纷', description: '楼上漏水邻居不赔' }), now);
    expect(record.status).toBe('mediation-requested');
    expect(reparse(events).map((e) => e.type)).toEqual(['case.classified', 'mediation.requested']);
  });

  it('holds for triage what it cannot classify or place', () => {
    const unclassified = decideDispatch(region, classifier, received({ title: '随便问问', description: '明天天气怎么样' }), now);
    expect(unclassified.record).toMatchObject({ status: 'triage', triageReason: 'unclassified' });
    const nowhere = decideDispatch(region, classifier, received({ location: { address: '火星基地' } }), now);
    expect(nowhere.record).toMatchObject({ status: 'triage', triageReason: 'location-unresolved' });
    expect(reparse([...unclassified.events, ...nowhere.events]).map((e) => e.type)).toEqual(['case.held-for-triage', 'case.held-for-triage']);
  });

  it('still dispatches a city-level matter whose place is unknown', () => {
    const { record } = decideDispatch(region, classifier, received({ title: '电信诈骗', description: '冒充公检法让我转账', location: { address: '火星基地' } }), now);
    expect(record).toMatchObject({ status: 'dispatched', workOrder: { departmentId: 'city-public-security-bureau' } });
  });
});
