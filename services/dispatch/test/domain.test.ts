import { describe, expect, it } from 'vitest';
import {
  caseClassifiedV1,
  caseHeldForTriageV1,
  caseReceivedV1,
  mediationRequestedV1,
  parseEvent,
  workorderDispatchedV1,
  type CaseReceived,
  type RequestKind,
} from '@govflow/contracts';
import { makeEvent } from '@govflow/platform/events';
import { loadRegion } from '@govflow/regions';
import { addWorkingDays, isWorkingDay } from '@govflow/regions';
import { regionClassifier } from '../src/domain/classify';
import { decideDispatch } from '../src/domain/decide';
import { resolveJurisdiction } from '@govflow/regions';
import { pickDepartment } from '../src/domain/routing';

const region = loadRegion('wuhai');
const classifier = regionClassifier(region);
const minor = (code: string) => region.taxonomy.minors.find((m) => m.code === code)!;

describe('classifier', () => {
  it('reads a long, informal message that opens with greetings', () => {
    const result = classifier.classify(
      '反映问题',
      '尊敬的领导您好！我是新华街道迎宾社区的居民，我们小区门口那几个路灯坏了一个多月了，晚上黑灯瞎火的，老人孩子出门都害怕，物业说不归他们管，麻烦领导给协调一下，谢谢！',
      'complaint',
    );
    expect(result?.minor.code).toBe('urban-streetlight');
    expect(result!.confidence).toBeGreaterThan(0.5);
  });

  it('weighs the title over passing mentions in the body', () => {
    expect(classifier.classify('暖气不热', '家里暖气不热，打电话问物业也没用', 'complaint')?.minor.code).toBe('urban-heating');
  });

  it('keeps disputes among dispute categories', () => {
    expect(classifier.classify('工地拖欠工资', '包工头拖欠我们工资三万元', 'dispute')?.minor.major).toBe('dispute');
    expect(classifier.classify('工地拖欠工资', '包工头拖欠我们工资三万元', 'complaint')?.minor.code).toBe('labour-wage-arrears');
  });

  it('does not route text with no signal, except a dispute goes to the generic dispute category', () => {
    const guess = classifier.classify('随便问问', '明天天气怎么样', 'inquiry');
    expect(guess === undefined || guess.confidence < region.settings.classificationThreshold).toBe(true);
    expect(classifier.classify('有事', '说不清楚', 'dispute')?.minor.code).toBe('dispute-other');
  });
});

describe('jurisdiction', () => {
  const grid = region.grids[5]!;

  it('follows a grid id up the tree', () => {
    const j = resolveJurisdiction(region, { gridId: grid.id });
    expect(j).toMatchObject({ gridId: grid.id, villageId: grid.villageId, resolvedBy: 'grid-id' });
    expect(j.townId).toBeDefined();
    expect(j.districtId).toBeDefined();
  });

  it('finds the grid a point falls in', () => {
    const [x0, y0] = grid.polygon[0]!;
    const [x1, y1] = grid.polygon[2]!;
    expect(resolveJurisdiction(region, { point: { lng: (x0 + x1) / 2, lat: (y0 + y1) / 2 } })).toMatchObject({ gridId: grid.id, resolvedBy: 'point' });
  });

  it('reads the most specific place in an address, preferring the longer name', () => {
    expect(resolveJurisdiction(region, { address: '海勃湾区新华西街道' })).toMatchObject({ districtId: 'hbw', townId: 'hbw-xinhuaxi', resolvedBy: 'address' });
    expect(resolveJurisdiction(region, { address: '乌海市迎宾小区3号楼' })).toMatchObject({ townId: 'hbw-xinhua', villageId: 'hbw-xinhua-1' });
  });

  it('uses a district named alongside an ambiguous community name', () => {
    // 团结社区 exists in 海勃湾区新华街道 and 乌达区梁家沟街道.
    expect(resolveJurisdiction(region, { address: '乌达区团结社区' })).toMatchObject({ districtId: 'wd' });
    expect(resolveJurisdiction(region, { address: '海勃湾区团结社区' })).toMatchObject({ districtId: 'hbw' });
  });

  it('looks in the description when the address names no known place, and otherwise gives up', () => {
    expect(resolveJurisdiction(region, { address: '我家楼下' }, '乌达区三道坎街道的路灯')).toMatchObject({ townId: 'wd-sandaokan' });
    expect(resolveJurisdiction(region, { address: '火星基地' })).toEqual({ resolvedBy: 'unresolved' });
    expect(resolveJurisdiction(region, { gridId: 'no-such-grid' })).toEqual({ resolvedBy: 'unresolved' });
  });
});

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

describe('working-day calendar', () => {
  const tz = 'Asia/Shanghai';
  const at = (local: string) => new Date(`${local}+08:00`);

  it('skips weekends and counts only working hours', () => {
    // Friday 16:30 + 1 working day (8.5 h) → Monday 16:30.
    expect(addWorkingDays(region.calendar, tz, at('2026-11-20T16:30:00'), 1).toISOString()).toBe(at('2026-11-23T16:30:00').toISOString());
    // After hours starts the next working morning.
    expect(addWorkingDays(region.calendar, tz, at('2026-11-23T20:00:00'), 0.5).toISOString()).toBe(at('2026-11-24T13:15:00').toISOString());
  });

  it('skips the Spring Festival and works its make-up Saturdays', () => {
    expect(isWorkingDay(region.calendar, '2026-02-14')).toBe(true);
    expect(isWorkingDay(region.calendar, '2026-02-18')).toBe(false);
    expect(isWorkingDay(region.calendar, '2026-02-28')).toBe(true);
    // Friday 13 Feb 09:00 + 2 days: Fri, Sat 14 (make-up) → ends Sat 14 17:30.
    expect(addWorkingDays(region.calendar, tz, at('2026-02-13T09:00:00'), 2).toISOString()).toBe(at('2026-02-14T17:30:00').toISOString());
    // Sat 14 17:30 + 1 day: the holiday runs to the 23rd; next working day is Tue 24.
    expect(addWorkingDays(region.calendar, tz, at('2026-02-14T17:30:00'), 1).toISOString()).toBe(at('2026-02-24T17:30:00').toISOString());
  });

  it('skips National Day and works 10 October', () => {
    // Wed 30 Sep 17:30 + 1 day → Fri 9 Oct 17:30; + 2 days → Sat 10 Oct (make-up day) 17:30.
    expect(addWorkingDays(region.calendar, tz, at('2026-09-30T17:30:00'), 1).toISOString()).toBe(at('2026-10-08T17:30:00').toISOString());
    expect(addWorkingDays(region.calendar, tz, at('2026-09-30T17:30:00'), 3).toISOString()).toBe(at('2026-10-10T17:30:00').toISOString());
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
