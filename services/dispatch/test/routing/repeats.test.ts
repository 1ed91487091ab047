import { describe, expect, it } from 'vitest';
import { type CaseClassified, caseLinkedAsRepeatV1, caseReceivedV1, type Location, makeEvent, parseEvent } from '@govflow/contracts';
import { loadTrainingRegion } from '@govflow/regions/training';
import { jiebaSegmenter } from '../../src/adapters/segmenter';
import { regionClassifier } from '../../src/domain/classification/classify';
import { decideDispatch, type DispatchRecord } from '../../src/domain/routing/decide';
import { findRepeat, linkAsRepeat, matterKey, priorityOf, repeatHistoryEntry, similarity } from '../../src/domain/routing/repeats';

const region = loadTrainingRegion('wuhai');
const classifier = regionClassifier(region, { segment: jiebaSegmenter(region) });
const settings = { windowDays: 30, similarity: 0.25 };

function dispatched(caseId: string, title: string, description: string, location: Location, receivedAt: string): { record: DispatchRecord; classified: CaseClassified } {
  const received = makeEvent(caseReceivedV1, {
    region: 'wuhai',
    caseId,
    traceId: `t-${caseId}`,
    occurredAt: new Date(receivedAt),
    payload: { caseNumber: `WH-${caseId}`, partnerId: 'hotline-12345', channel: 'hotline-12345', kind: 'complaint', title, description, location, receivedAt, attachmentCount: 0 },
  });
  const { record, events } = decideDispatch(region, classifier, received, new Date(receivedAt));
  return { record, classified: events[0] as CaseClassified };
}

const yingbin = { gridId: 'hbw-xinhua-1-g1' };
const original = dispatched('1', '小区路灯不亮', '迎宾社区门口的路灯坏了一个多月，晚上很黑', yingbin, '2026-11-20T02:00:00.000Z').record;

describe('重复件 repeats', () => {
  it('keys a matter by category and the most precise place known', () => {
    expect(matterKey('urban-streetlight', { villageId: 'v', townId: 't', resolvedBy: 'grid-id' })).toBe('urban-streetlight#v');
    expect(matterKey('urban-streetlight', { townId: 't', resolvedBy: 'address' })).toBe('urban-streetlight#t');
    expect(matterKey('urban-streetlight', { districtId: 'd', resolvedBy: 'address' })).toBeUndefined();
  });

  it('measures alike descriptions as alike', () => {
    expect(similarity('小区门口路灯坏了一个多月', '门口的路灯坏了一个月了')).toBeGreaterThan(0.3);
    expect(similarity('小区门口路灯坏了一个多月', '楼下饭店油烟太大')).toBeLessThan(0.1);
  });

  it('finds the open case a new request repeats, within the window', () => {
    const fresh = dispatched('2', '路灯还是不亮', '我们小区门口的路灯坏了一个多月了，还没人修', yingbin, '2026-11-24T02:00:00.000Z');
    expect(findRepeat([original], fresh.record, new Date('2026-11-24T02:00:00Z'), settings)?.caseId).toBe('1');
    expect(findRepeat([original], fresh.record, new Date('2027-01-24T02:00:00Z'), settings)).toBeUndefined();
    const closed = { ...original, workOrder: { ...original.workOrder!, status: 'closed' as const } };
    expect(findRepeat([closed], fresh.record, new Date('2026-11-24T02:00:00Z'), settings)).toBeUndefined();
    const unlike = dispatched('3', '路灯杆倾斜', '路灯杆被车撞歪了，随时可能倒下砸到行人', yingbin, '2026-11-24T02:00:00.000Z');
    expect(findRepeat([original], unlike.record, new Date('2026-11-24T02:00:00Z'), settings)).toBeUndefined();
  });

  it('links it: no second order, the partner is told, with the count the open case reached', () => {
    const fresh = dispatched('2', '路灯还是不亮', '我们小区门口的路灯坏了一个多月了，还没人修', yingbin, '2026-11-24T02:00:00.000Z');
    const linked = linkAsRepeat(original, fresh.record, fresh.classified, new Date('2026-11-24T02:00:01Z'), 2);
    expect(linked.record).toMatchObject({ status: 'linked', repeatOf: { caseId: '1', caseNumber: 'WH-1' } });
    expect(linked.record.workOrder).toBeUndefined();
    const event = parseEvent(JSON.stringify(linked.events[1]), [caseLinkedAsRepeatV1]);
    expect(event.payload).toMatchObject({ originalCaseNumber: 'WH-1', repeatCount: 2 });
    expect(repeatHistoryEntry(original, fresh.record, new Date('2026-11-24T02:00:01Z'))).toEqual({ at: '2026-11-24T02:00:01.000Z', status: original.status, by: 'classifier', note: 'repeat: WH-2' });
  });

  it('raises the open case’s priority with its repeats: one makes it high, three urgent', () => {
    expect([0, 1, 2, 3, 7].map((repeatCount) => priorityOf({ repeatCount }))).toEqual(['normal', 'high', 'high', 'urgent', 'urgent']);
    expect(priorityOf({})).toBe('normal');
    // Orders stored before the priority was derived keep what they were given.
    expect(priorityOf({ repeatCount: 1, priority: 'urgent' })).toBe('urgent');
    expect(priorityOf({ priority: 'high' })).toBe('high');
  });
});
