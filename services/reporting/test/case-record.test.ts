import { describe, expect, it } from 'vitest';
import {
  caseClassifiedV1,
  caseHeldForTriageV1,
  makeEvent,
  mediationOpenedV1,
  mediationRequestedV1,
  type AnyEvent,
  type Jurisdiction,
} from '@govflow/contracts';
import { currentDepartment, emptyRecord, highestSupervision, isFinished, mergeEvent, statusOf, workOrderStatus, type CaseRecord } from '../src/domain/case-record';
import { bj, CaseStory } from './fixtures';

/** Merging a case's events into reporting's record of it: each event type, any order, any number of times. */

const at = (local: string) => bj(local).toISOString();
const receivedAt = at('2026-11-23T09:00:00');
const common = (local: string) => ({ region: 'wuhai', caseId: 'C', traceId: 't', occurredAt: bj(local) });
const fold = (events: readonly AnyEvent[], start?: CaseRecord) => events.reduce<CaseRecord | undefined>((r, e) => mergeEvent(r, e), start)!;
const story = () => new CaseStory('C', receivedAt);

const jurisdiction = (over: Partial<Jurisdiction> = {}): Jurisdiction => ({ districtId: 'd', townId: 't', villageId: 'v', gridId: 'g', resolvedBy: 'grid-id', ...over });
const classified = (local: string, minor = 'urban-streetlight', j: Jurisdiction = jurisdiction(), kind: 'complaint' | 'report' = 'complaint') =>
  makeEvent(caseClassifiedV1, {
    ...common(local),
    payload: { partnerId: 'hotline-12345', kind, major: 'urban', minor, minorName: 'x', confidence: 0.9, route: 'workorder', jurisdiction: j, receivedAt },
  });
const heldForTriage = (local: string, j: Jurisdiction) =>
  makeEvent(caseHeldForTriageV1, { ...common(local), payload: { partnerId: 'hotline-12345', reason: 'location-unresolved', jurisdiction: j, receivedAt } });
const mediationRequested = (local: string) =>
  makeEvent(mediationRequestedV1, {
    ...common(local),
    payload: { caseNumber: 'WH-C', partnerId: 'hotline-12345', minor: 'dispute-neighbour', minorName: 'x', title: 't', description: 'd', jurisdiction: jurisdiction(), receivedAt },
  });
const mediationOpenedBeforeDisputes = (local: string) =>
  makeEvent(mediationOpenedV1, {
    ...common(local),
    payload: { mediationId: 'M-1', partnerId: 'hotline-12345', tier: 'village', committeeId: 'c', committeeName: 'c', jurisdiction: jurisdiction({ gridId: 'g2' }), receivedAt },
  });

describe('merging one event into no record', () => {
  it('takes what case.received says and starts every list empty', () => {
    const r = fold(story().received().events);
    expect(r).toStrictEqual({
      caseId: 'C', partnerId: 'hotline-12345', receivedAt, channel: 'hotline-12345', kind: { value: 'complaint', at: receivedAt },
      milestones: {}, workSteps: [], supervisions: [], disputeSteps: [],
    });
    expect(emptyRecord('Z')).toStrictEqual({ caseId: 'Z', milestones: {}, workSteps: [], supervisions: [], disputeSteps: [] });
  });

  it('takes kind, category, place and the classified milestone from case.classified', () => {
    const r = fold([classified('2026-11-23T09:05:00', 'urban-streetlight', jurisdiction(), 'report')]);
    expect(r.kind).toEqual({ value: 'report', at: at('2026-11-23T09:05:00') });
    expect(r.category).toStrictEqual({ value: { major: 'urban', minor: 'urban-streetlight' }, at: at('2026-11-23T09:05:00') });
    expect(r.place).toStrictEqual({ value: { districtId: 'd', townId: 't', villageId: 'v', gridId: 'g' }, at: at('2026-11-23T09:05:00') });
    expect(r.milestones).toEqual({ classified: at('2026-11-23T09:05:00') });
    expect(r.partnerId).toBe('hotline-12345');
    expect(statusOf(r)).toBe('classified');
  });

  it('keeps only the levels of a place that are known', () => {
    const r = fold([classified('2026-11-23T09:05:00', 'urban-streetlight', { districtId: 'd', resolvedBy: 'address' })]);
    expect(r.place?.value).toStrictEqual({ districtId: 'd' });
    const grid = fold([classified('2026-11-23T09:05:00', 'urban-streetlight', { gridId: 'g', villageId: 'v', townId: 't', resolvedBy: 'grid-id' })]);
    expect(grid.place?.value).toStrictEqual({ townId: 't', villageId: 'v', gridId: 'g' });
  });

  it('notes a hold for triage, and ignores an unresolved place without a district', () => {
    const r = fold([heldForTriage('2026-11-23T09:05:00', { resolvedBy: 'unresolved' })]);
    expect(r.milestones).toEqual({ triage: at('2026-11-23T09:05:00') });
    expect(r.place).toBeUndefined();
    expect(statusOf(r)).toBe('triage');
    const districtOnly = fold([heldForTriage('2026-11-23T09:05:00', { districtId: 'd', resolvedBy: 'unresolved' })]);
    expect(districtOnly.place?.value).toStrictEqual({ districtId: 'd' });
    const resolvedWithoutDistrict = fold([heldForTriage('2026-11-23T09:05:00', { townId: 't', resolvedBy: 'point' })]);
    expect(resolvedWithoutDistrict.place?.value).toStrictEqual({ townId: 't' });
  });

  it('takes the first dispatch with its department and limits, and the category it was dispatched under', () => {
    const r = fold(story().dispatched(at('2026-11-23T09:30:00'), { sign: at('2026-11-24T09:00:00'), resolve: at('2026-11-28T09:00:00') }).events);
    expect(r.dispatch).toEqual({ at: at('2026-11-23T09:30:00'), departmentId: 'hbw-city-management-bureau', signDeadline: at('2026-11-24T09:00:00'), resolveDeadline: at('2026-11-28T09:00:00') });
    expect(r.category).toStrictEqual({ value: { major: 'urban', minor: 'urban-streetlight' }, at: at('2026-11-23T09:30:00') });
    expect(workOrderStatus(r)).toBe('dispatched');
    expect(statusOf(r)).toBe('dispatched');
    expect(currentDepartment(r)).toBe('hbw-city-management-bureau');
  });

  it('links a repeat to its original case, with its category and place', () => {
    const r = fold(story().linkedAsRepeat(at('2026-11-23T09:10:00'), 'A').events);
    expect(r.repeatOf).toEqual({ caseId: 'A', at: at('2026-11-23T09:10:00') });
    expect(r.category).toStrictEqual({ value: { major: 'urban', minor: 'urban-streetlight' }, at: at('2026-11-23T09:10:00') });
    expect(r.place?.value.gridId).toBe('hbw-xinhua-1-g1');
    expect(statusOf(r)).toBe('linked');
    expect(isFinished(r)).toBe(true);
  });

  it('notes a mediation request as a dispute of its minor category', () => {
    const r = fold([mediationRequested('2026-11-23T09:10:00')]);
    expect(r.milestones).toEqual({ 'mediation-requested': at('2026-11-23T09:10:00') });
    expect(r.category).toStrictEqual({ value: { major: 'dispute', minor: 'dispute-neighbour' }, at: at('2026-11-23T09:10:00') });
    expect(r.place?.value.gridId).toBe('g');
    expect(statusOf(r)).toBe('mediation-requested');
  });

  it('reads a mediation opened before disputes had steps (v1) as a milestone, not a dispute step', () => {
    const r = fold([mediationRequested('2026-11-23T09:10:00'), mediationOpenedBeforeDisputes('2026-11-23T09:20:00')]);
    expect(r.milestones['mediation-opened']).toBe(at('2026-11-23T09:20:00'));
    expect(r.disputeSteps).toEqual([]);
    expect(r.place?.value.gridId).toBe('g2');
    expect(statusOf(r)).toBe('mediation-opened');
    expect(isFinished(r)).toBe(false);
  });
});

describe('dispute steps', () => {
  it('make a case registered at a centre a dispute, and keep each step by sequence', () => {
    const s = new CaseStory('C', receivedAt, 'dispute').disputeOpened(at('2026-11-23T09:00:00'), 'village').riskAlerted(at('2026-11-23T10:00:00'), 'village');
    const r = fold([...s.events].reverse());
    expect(r.kind).toEqual({ value: 'dispute', at: '' });
    expect(r.category).toEqual({ value: { major: 'dispute' }, at: '' });
    expect(r.disputeId).toBe('D-C');
    expect(r.partnerId).toBe('grid-app');
    expect(r.disputeSteps.map((d) => [d.sequence, d.type, d.to, d.riskFlags, d.escalated])).toEqual([
      [1, 'mediation.opened', 'assigned', [], false],
      [2, 'mediation.risk-alerted', 'accepted', ['violence'], false],
    ]);
    expect(statusOf(r)).toBe('mediating');
    expect(isFinished(r)).toBe(false);
  });

  it('keep a citizen case its own kind and category when it becomes a dispute', () => {
    const s = story().received().classified(at('2026-11-23T09:01:00')).disputeOpened(at('2026-11-23T09:02:00'), 'village');
    const r = fold(s.events);
    expect(r.kind).toEqual({ value: 'complaint', at: at('2026-11-23T09:01:00') });
    expect(r.category?.value).toEqual({ major: 'urban', minor: 'urban-streetlight' });
    expect(r.partnerId).toBe('hotline-12345');
  });

  it('note an escalation, a judicial outcome, and sorted risk flags', () => {
    const s = new CaseStory('C', receivedAt, 'dispute')
      .disputeAccepted(at('2026-11-23T09:00:00'), 'village').disputeEscalated(at('2026-11-24T09:00:00'), 'village', 'town')
      .disputeAgreed(at('2026-11-25T09:00:00'), 'town').judicialConfirmed(at('2026-11-26T09:00:00'), 'town');
    const flagged = s.events[0]!;
    const risky = { ...flagged, payload: { ...flagged.payload, riskFlags: ['vulnerable', 'group', 'violence'] } } as AnyEvent;
    const r = fold([risky, ...s.events.slice(1)]);
    expect(r.disputeSteps.map((d) => [d.escalated, d.judicial])).toEqual([[false, undefined], [true, undefined], [false, undefined], [false, 'confirmed']]);
    expect(r.disputeSteps[0]!.riskFlags).toEqual(['group', 'violence', 'vulnerable']);
    expect('judicial' in r.disputeSteps[2]!).toBe(false);
    expect(statusOf(r)).toBe('mediation-agreed');
    expect(isFinished(r)).toBe(false);
  });

  it('finish a case when the dispute ends', () => {
    const s = new CaseStory('C', receivedAt, 'dispute').disputeAccepted(at('2026-11-23T09:00:00'), 'village').referredToCourt(at('2026-11-24T09:00:00'), 'village');
    const r = fold(s.events);
    expect(statusOf(r)).toBe('referred-to-court');
    expect(isFinished(r)).toBe(true);
  });
});

describe('a fact that can change keeps the value of the latest event that carried it', () => {
  const early = classified('2026-11-23T09:05:00', 'urban-streetlight', jurisdiction({ gridId: 'g1' }));
  const late = classified('2026-11-23T10:00:00', 'urban-road', jurisdiction({ gridId: 'g2' }));

  it('whichever arrives first', () => {
    for (const order of [[early, late], [late, early]]) {
      const r = fold(order);
      expect(r.category?.value.minor).toBe('urban-road');
      expect(r.place?.value.gridId).toBe('g2');
      expect(r.milestones.classified).toBe(at('2026-11-23T09:05:00'));
    }
  });

  it('and on equal stamps the smaller value, whichever arrives first', () => {
    const a = classified('2026-11-23T09:05:00', 'urban-road', jurisdiction({ gridId: 'g1' }));
    const b = classified('2026-11-23T09:05:00', 'urban-streetlight', jurisdiction({ gridId: 'g2' }));
    for (const order of [[a, b], [b, a]]) {
      const r = fold(order);
      expect(r.category?.value.minor).toBe('urban-road');
      expect(r.place?.value.gridId).toBe('g1');
    }
  });

  it('but an unresolved place does not replace a known one', () => {
    const r = fold([early, heldForTriage('2026-11-23T11:00:00', { resolvedBy: 'unresolved' })]);
    expect(r.place?.value.gridId).toBe('g1');
  });
});

describe('work steps', () => {
  const flow = () =>
    story().received().dispatched(at('2026-11-23T09:30:00'))
      .returned(at('2026-11-23T10:00:00')).transferred(at('2026-11-23T11:00:00'), 'water')
      .signed(at('2026-11-23T12:00:00'));

  it('are kept by sequence whatever order they come in, and once however often', () => {
    const events = flow().events;
    const r = fold([...events].reverse().concat(events));
    expect(r.workSteps.map((s) => [s.sequence, s.type, s.from, s.to, s.departmentId])).toEqual([
      [1, 'workorder.returned', 'dispatched', 'returned', 'hbw-city-management-bureau'],
      [2, 'workorder.transferred', 'returned', 'dispatched', 'city-water-utility'],
      [3, 'workorder.signed', 'dispatched', 'signed', 'city-water-utility'],
    ]);
    expect(r).toEqual(fold(events));
  });

  it('make the handling department the last step’s, not the first dispatch’s', () => {
    const r = fold(flow().events);
    expect(r.dispatch?.departmentId).toBe('hbw-city-management-bureau');
    expect(currentDepartment(r)).toBe('city-water-utility');
    expect(workOrderStatus(r)).toBe('signed');
    const moved = { ...r, workSteps: r.workSteps.map((s, i) => ({ ...s, departmentId: `dept-${i}` })) };
    expect(currentDepartment(moved)).toBe('dept-2');
  });

  it('record the rating given', () => {
    const s = story().dispatched(at('2026-11-23T09:30:00')).signed(at('2026-11-23T10:00:00')).resolved(at('2026-11-23T11:00:00'))
      .verified(at('2026-11-23T12:00:00')).rated(at('2026-11-23T13:00:00'), 'satisfied');
    const r = fold(s.events);
    expect(r.workSteps.at(-1)).toMatchObject({ rating: 'satisfied', to: 'closed' });
    expect('rating' in r.workSteps[0]!).toBe(false);
    expect(statusOf(r)).toBe('closed');
    expect(isFinished(r)).toBe(true);
  });

  it('leave a case undispatched and unfinished without a dispatch', () => {
    const r = fold(story().received().events);
    expect(currentDepartment(r)).toBeUndefined();
    expect(workOrderStatus(r)).toBeUndefined();
    expect(statusOf(r)).toBe('received');
    expect(isFinished(r)).toBe(false);
  });
});

describe('the first dispatch and the earliest milestones win, whatever the order', () => {
  it('keeps the earlier of two dispatches', () => {
    const first = story().dispatched(at('2026-11-23T09:30:00')).events;
    const second = story().transferred(at('2026-11-23T09:00:00'), 'water').dispatched(at('2026-11-23T10:30:00')).events.slice(1);
    for (const order of [[...first, ...second], [...second, ...first]]) {
      const r = fold(order);
      expect(r.dispatch?.at).toBe(at('2026-11-23T09:30:00'));
      expect(r.dispatch?.departmentId).toBe('hbw-city-management-bureau');
    }
  });

  it('keeps the earliest of each milestone and never loses one merged before', () => {
    const r = fold([classified('2026-11-23T10:00:00'), classified('2026-11-23T09:05:00'), heldForTriage('2026-11-23T09:06:00', jurisdiction()), mediationRequested('2026-11-23T09:07:00')]);
    expect(r.milestones).toEqual({ classified: at('2026-11-23T09:05:00'), triage: at('2026-11-23T09:06:00'), 'mediation-requested': at('2026-11-23T09:07:00') });
  });

  it('keeps the earliest mediation request and opening, whichever arrives first', () => {
    const events = [mediationRequested('2026-11-23T09:07:00'), mediationRequested('2026-11-23T09:03:00'), mediationOpenedBeforeDisputes('2026-11-23T09:20:00'), mediationOpenedBeforeDisputes('2026-11-23T09:10:00')];
    for (const order of [events, [...events].reverse()]) {
      expect(fold(order).milestones).toEqual({ 'mediation-requested': at('2026-11-23T09:03:00'), 'mediation-opened': at('2026-11-23T09:10:00') });
    }
  });

  it('does not change the record it merges into', () => {
    const before = fold([classified('2026-11-23T09:05:00')]);
    const copy = structuredClone(before);
    mergeEvent(before, heldForTriage('2026-11-23T09:06:00', jurisdiction()));
    expect(before).toEqual(copy);
  });
});

describe('supervisions', () => {
  const supervised = () => story().dispatched(at('2026-11-23T09:30:00')).signed(at('2026-11-23T10:00:00'));

  it('are kept once per level, deadline kind and deadline, ordered by time', () => {
    const s = supervised()
      .supervised(at('2026-11-24T09:00:00'), 'due-soon', 'sign')
      .supervised(at('2026-11-28T09:00:00'), 'overdue', 'resolve')
      .supervised(at('2026-11-27T09:00:00'), 'due-soon', 'resolve');
    const events = s.events.filter((e) => e.type === 'workorder.supervised');
    const r = fold([...events].reverse().concat(events));
    expect(r.supervisions.map((f) => [f.level, f.deadlineKind, f.at])).toEqual([
      ['due-soon', 'sign', at('2026-11-24T09:00:00')],
      ['due-soon', 'resolve', at('2026-11-27T09:00:00')],
      ['overdue', 'resolve', at('2026-11-28T09:00:00')],
    ]);
    expect(highestSupervision(r)).toBe('overdue');
  });

  it('made at the same moment are kept in the same order whichever arrives first', () => {
    const s = supervised()
      .supervised(at('2026-11-28T09:00:00'), 'overdue', 'resolve')
      .supervised(at('2026-11-28T09:00:00'), 'notice', 'resolve')
      .supervised(at('2026-11-28T09:00:00'), 'overdue', 'sign')
      .supervised(at('2026-11-28T09:00:00'), 'due-soon', 'resolve');
    const events = s.events.filter((e) => e.type === 'workorder.supervised');
    const expected = [['due-soon', 'resolve'], ['notice', 'resolve'], ['overdue', 'resolve'], ['overdue', 'sign']];
    for (const order of [events, [...events].reverse(), [events[2]!, events[0]!, events[3]!, events[1]!]]) {
      expect(fold(order).supervisions.map((f) => [f.level, f.deadlineKind])).toEqual(expected);
    }
  });

  it('keep two supervisions of one level on different deadlines, or of different kinds on one deadline', () => {
    const s = supervised().supervised(at('2026-11-28T09:00:00'), 'overdue', 'resolve').extensionRequested(at('2026-11-29T09:00:00')).extensionApproved(at('2026-11-29T10:00:00'), at('2026-12-05T09:00:00'))
      .supervised(at('2026-12-05T09:01:00'), 'overdue', 'resolve');
    expect(fold(s.events).supervisions).toHaveLength(2);
    const base = supervised().supervised(at('2026-11-28T09:00:00'), 'overdue', 'resolve').events.at(-1)!;
    const sameDeadlineOtherKind = { ...base, eventId: 'other', payload: { ...base.payload, deadlineKind: 'sign' } } as AnyEvent;
    expect(fold([base, sameDeadlineOtherKind]).supervisions.map((f) => f.deadlineKind)).toEqual(['resolve', 'sign']);
  });

  it('rank due-soon below overdue below notice; none is no level', () => {
    const level = (...levels: ('due-soon' | 'overdue' | 'notice')[]) => {
      const s = supervised();
      levels.forEach((l, i) => s.supervised(at(`2026-11-2${4 + i}T09:00:00`), l));
      return highestSupervision(fold(s.events));
    };
    expect(level()).toBeUndefined();
    expect(level('due-soon')).toBe('due-soon');
    expect(level('notice', 'overdue')).toBe('notice');
    expect(level('due-soon', 'overdue', 'due-soon')).toBe('overdue');
    expect(level('overdue', 'notice', 'due-soon')).toBe('notice');
  });
});

describe('status', () => {
  it('reads a dispute’s status before the work order’s, and a milestone only without either', () => {
    const both = fold([mediationRequested('2026-11-23T09:10:00'), ...new CaseStory('C', receivedAt).disputeAccepted(at('2026-11-23T09:30:00'), 'village').events]);
    expect(statusOf(both)).toBe('mediating');
    const opened = fold([classified('2026-11-23T09:00:00'), heldForTriage('2026-11-23T09:05:00', jurisdiction()), mediationRequested('2026-11-23T09:10:00'), mediationOpenedBeforeDisputes('2026-11-23T09:20:00')]);
    expect(statusOf(opened)).toBe('mediation-opened');
    const requested = fold([classified('2026-11-23T09:00:00'), heldForTriage('2026-11-23T09:05:00', jurisdiction()), mediationRequested('2026-11-23T09:10:00')]);
    expect(statusOf(requested)).toBe('mediation-requested');
    const triage = fold([classified('2026-11-23T09:00:00'), heldForTriage('2026-11-23T09:05:00', jurisdiction())]);
    expect(statusOf(triage)).toBe('triage');
    const dispatched = fold([classified('2026-11-23T09:00:00'), heldForTriage('2026-11-23T09:05:00', jurisdiction()), ...story().dispatched(at('2026-11-23T09:30:00')).events]);
    expect(statusOf(dispatched)).toBe('dispatched');
  });

  it('says linked for a repeat, whatever else happened', () => {
    const r = fold([...story().dispatched(at('2026-11-23T09:30:00')).events, ...story().linkedAsRepeat(at('2026-11-23T09:40:00'), 'A').events]);
    expect(statusOf(r)).toBe('linked');
  });
});
