import { describe, expect, it } from 'vitest';
import { loadRegion } from '@govflow/regions';
import type { WorkOrderStatus } from '@govflow/contracts';
import { emptyRecord, type CaseRecord, type DisputeStepFact, type SupervisionFact, type WorkStepFact } from '../src/domain/case-record';
import { cellsOf, contribution, dimensionsOf, parseCellId, type Entry } from '../src/domain/figures';
import { bj } from './fixtures';

/**
 * One case's contribution, rule by rule, on records built by hand: each figure on the day
 * of its own moment, with the boundaries of every comparison.
 */

const region = loadRegion('wuhai');
const ctx = { calendar: region.calendar, timeZone: region.timeZone };
const at = (local: string) => bj(local).toISOString();

// Monday 23 Nov 2026, 09:00 Beijing time.
const receivedAt = at('2026-11-23T09:00:00');
const signDeadline = at('2026-11-24T09:00:00');
const resolveDeadline = at('2026-11-28T09:00:00');
const dept = 'dept-a';

function workCase(over: Partial<CaseRecord> = {}): CaseRecord {
  return {
    ...emptyRecord('X'),
    receivedAt,
    channel: 'hotline-12345',
    kind: { value: 'complaint', at: receivedAt },
    category: { value: { major: 'urban', minor: 'urban-streetlight' }, at: receivedAt },
    place: { value: { districtId: 'd', townId: 't', villageId: 'v', gridId: 'g' }, at: receivedAt },
    dispatch: { at: at('2026-11-23T09:30:00'), departmentId: dept, signDeadline, resolveDeadline },
    ...over,
  };
}

/** Work steps numbered in order; each carries the deadlines in force after it. */
type StepSpec = readonly [type: string, local: string, from: WorkOrderStatus, to: WorkOrderStatus, extra?: Partial<WorkStepFact>];
function steps(...list: StepSpec[]): WorkStepFact[] {
  return list.map(([type, local, from, to, extra], i) => ({
    sequence: i + 1, type: `workorder.${type}`, at: at(local), from, to, departmentId: dept, signDeadline, resolveDeadline, ...extra,
  }));
}

const supervision = (level: SupervisionFact['level'], deadlineKind: SupervisionFact['deadlineKind'], deadline: string, local = '2026-11-30T09:00:00'): SupervisionFact => ({
  level, deadlineKind, deadline, departmentId: dept, at: at(local),
});

const plain = (r: CaseRecord) => contribution(r, ctx).entries.filter((e) => !e.signal);
/** The entries of one metric as `bucket` (and `bucket@department` when charged elsewhere) → value. */
const of = (r: CaseRecord, metric: string) => plain(r).filter((e) => e.metric === metric).map((e) => [e.department ? `${e.bucket}@${e.department}` : e.bucket, e.value]);
const metrics = (r: CaseRecord) => [...new Set(plain(r).map((e) => e.metric))].sort();

const signed = ['signed', '2026-11-23T10:00:00', 'dispatched', 'signed'] as const;
const resolvedOn = (local: string) => ['resolved', local, 'signed', 'resolved'] as const;
const verifiedOn = (local: string, passed = true) => ['verified', local, 'resolved', passed ? 'verified' : 'signed'] as const;
const ratedOn = (local: string, rating: 'satisfied' | 'basically-satisfied' | 'unsatisfied') =>
  ['rated', local, 'verified', rating === 'unsatisfied' ? 'signed' : 'closed', { rating }] as const;

describe('a case that was never received', () => {
  it('adds nothing, though its dispatch is known', () => {
    const c = contribution(workCase({ receivedAt: undefined, workSteps: steps(signed) }), ctx);
    expect(c.entries).toEqual([]);
    expect(c.signals).toEqual({ hotspot: [] });
    expect(c.dims.handling.split('|')[0]).toBe(dept);
  });
});

describe('dimensions', () => {
  it('name the whole path, with unknown for each missing part', () => {
    expect(dimensionsOf(workCase())).toEqual({ place: 'd|t|v|g', category: 'urban|urban-streetlight', handling: `${dept}|hotline-12345|complaint`, topic: 't|urban' });
    const bare = { ...emptyRecord('Y'), receivedAt };
    expect(dimensionsOf(bare)).toEqual({ place: 'unknown|unknown|unknown|unknown', category: 'unknown|unknown', handling: 'none|unknown|unknown', topic: 'unknown|unknown' });
  });
});

describe('received, open, overdue', () => {
  it('counts a received case as received and open on the day it came in', () => {
    const r = workCase({ dispatch: undefined });
    expect(metrics(r)).toEqual(['open', 'received']);
    expect(of(r, 'received')).toEqual([['2026-11-23', 1]]);
    expect(of(r, 'open')).toEqual([['2026-11-23', 1]]);
  });

  it('is overdue while dispatched and a sign deadline it was supervised for has passed', () => {
    expect(of(workCase({ supervisions: [supervision('overdue', 'sign', signDeadline)] }), 'overdue')).toEqual([['2026-11-23', 1]]);
    expect(of(workCase({ supervisions: [supervision('notice', 'sign', signDeadline)] }), 'overdue')).toEqual([['2026-11-23', 1]]);
  });

  it('is not overdue on a due-soon reminder, on the other deadline kind, or on a deadline no longer running', () => {
    expect(of(workCase(), 'overdue')).toEqual([]);
    expect(of(workCase({ supervisions: [supervision('due-soon', 'sign', signDeadline)] }), 'overdue')).toEqual([]);
    expect(of(workCase({ supervisions: [supervision('overdue', 'resolve', signDeadline)] }), 'overdue')).toEqual([]);
    expect(of(workCase({ supervisions: [supervision('overdue', 'sign', at('2026-11-24T10:00:00'))] }), 'overdue')).toEqual([]);
    // Signed: only the resolve deadline runs now.
    expect(of(workCase({ workSteps: steps(signed), supervisions: [supervision('overdue', 'sign', signDeadline)] }), 'overdue')).toEqual([]);
  });

  it('is overdue while signed or awaiting an extension, on the resolve deadline of the latest step', () => {
    const extended = at('2026-12-05T09:00:00');
    const extendedSteps = steps(signed, ['extension-requested', '2026-11-25T09:00:00', 'signed', 'extension-requested'], ['extension-decided', '2026-11-25T10:00:00', 'extension-requested', 'signed', { resolveDeadline: extended }]);
    expect(of(workCase({ workSteps: extendedSteps, supervisions: [supervision('overdue', 'resolve', extended, '2026-12-06T09:00:00')] }), 'overdue')).toEqual([['2026-11-23', 1]]);
    expect(of(workCase({ workSteps: extendedSteps, supervisions: [supervision('overdue', 'resolve', resolveDeadline)] }), 'overdue')).toEqual([]);
    const waiting = steps(signed, ['extension-requested', '2026-11-25T09:00:00', 'signed', 'extension-requested']);
    expect(of(workCase({ workSteps: waiting, supervisions: [supervision('overdue', 'resolve', resolveDeadline)] }), 'overdue')).toEqual([['2026-11-23', 1]]);
  });

  it('is not overdue once resolved, though it was supervised before', () => {
    const r = workCase({ workSteps: steps(signed, resolvedOn('2026-11-30T10:00:00')), supervisions: [supervision('overdue', 'resolve', resolveDeadline)] });
    expect(of(r, 'open')).toEqual([['2026-11-23', 1]]);
    expect(of(r, 'overdue')).toEqual([]);
  });

  it('is neither open nor overdue once closed, and counts a repeat', () => {
    const closed = workCase({ workSteps: steps(signed, resolvedOn('2026-11-24T10:00:00'), verifiedOn('2026-11-24T11:00:00'), ratedOn('2026-11-24T12:00:00', 'satisfied')) });
    expect(metrics(closed)).not.toContain('open');
    const repeat = workCase({ dispatch: undefined, repeatOf: { caseId: 'A', at: receivedAt } });
    expect(metrics(repeat)).toEqual(['received', 'repeats']);
  });
});

describe('signals', () => {
  it('puts a placed and classified case in its community hotspots by hour and its grid cluster by day', () => {
    const c = contribution(workCase(), ctx);
    expect(c.signals).toEqual({ hotspot: ['v|*', 'v|urban'], cluster: 'g|urban-streetlight' });
    expect(c.entries.filter((e) => e.signal)).toEqual<Entry[]>([
      { metric: 'received', bucket: '2026-11-23T09', value: 1, signal: 'hotspot' },
      { metric: 'received', bucket: '2026-11-23', value: 1, signal: 'cluster' },
    ]);
    const cells = [...cellsOf(c).entries()].filter(([id]) => !/^(place|category|handling|topic)#/.test(id));
    expect(cells).toEqual([
      ['hotspot#2026-11-23T09#v|*', { received: 1 }],
      ['hotspot#2026-11-23T09#v|urban', { received: 1 }],
      ['cluster#2026-11-23#g|urban-streetlight', { received: 1 }],
    ]);
  });

  it('leaves out the category hotspot of an unclassified case, and the cluster without a grid or a minor', () => {
    const unclassified = contribution(workCase({ category: undefined }), ctx);
    expect(unclassified.signals).toEqual({ hotspot: ['v|*'] });
    expect(unclassified.entries.filter((e) => e.signal).map((e) => e.signal)).toEqual(['hotspot']);
    const noGrid = contribution(workCase({ place: { value: { districtId: 'd', townId: 't', villageId: 'v' }, at: receivedAt } }), ctx);
    expect(noGrid.signals.cluster).toBeUndefined();
    const noMinor = contribution(workCase({ category: { value: { major: 'urban' }, at: receivedAt } }), ctx);
    expect(noMinor.signals.cluster).toBeUndefined();
    expect(noMinor.entries.filter((e) => e.signal).map((e) => e.signal)).toEqual(['hotspot']);
  });

  it('gives an unplaced case no signals at all', () => {
    const c = contribution(workCase({ place: undefined }), ctx);
    expect(c.signals).toEqual({ hotspot: [] });
    expect(c.entries.filter((e) => e.signal)).toEqual([]);
    expect([...cellsOf(c).keys()].filter((id) => /^(hotspot|cluster)#/.test(id))).toEqual([]);
  });
});

describe('dispatch and signing', () => {
  it('counts dispatched, signed, sign minutes and signed on time on the day of dispatch', () => {
    const r = workCase({ dispatch: { at: at('2026-11-23T16:00:00'), departmentId: dept, signDeadline, resolveDeadline }, workSteps: steps(['signed', '2026-11-24T09:00:00', 'dispatched', 'signed']) });
    expect(of(r, 'dispatched')).toEqual([['2026-11-23', 1]]);
    expect(of(r, 'signed')).toEqual([['2026-11-23', 1]]);
    // Signed exactly at its deadline: on time.
    expect(of(r, 'signedOnTime')).toEqual([['2026-11-23', 1]]);
    expect(of(r, 'signMinutes')).toEqual([['2026-11-23', 90]]); // 16:00–17:30 Monday, then none before 09:00
  });

  it('is not signed on time a minute after the deadline, and adds no zero sign minutes', () => {
    const late = workCase({ workSteps: steps(['signed', '2026-11-24T09:01:00', 'dispatched', 'signed']) });
    expect(of(late, 'signedOnTime')).toEqual([]);
    const instant = workCase({ workSteps: steps(['signed', '2026-11-23T09:30:00', 'dispatched', 'signed']) });
    expect(of(instant, 'signMinutes')).toEqual([]);
  });
});

describe('returns', () => {
  it('charges each return to the returning department on its day; straight back to it is unjustified', () => {
    const r = workCase({
      workSteps: steps(
        ['returned', '2026-11-23T10:00:00', 'dispatched', 'returned'],
        ['transferred', '2026-11-23T11:00:00', 'returned', 'dispatched'],
        ['returned', '2026-11-24T10:00:00', 'dispatched', 'returned'],
        ['transferred', '2026-11-24T11:00:00', 'returned', 'dispatched', { departmentId: 'dept-b' }],
        ['signed', '2026-11-24T12:00:00', 'dispatched', 'signed', { departmentId: 'dept-b' }],
      ),
    });
    expect(of(r, 'returned')).toEqual([['2026-11-23', 1]]);
    expect(of(r, 'returns')).toEqual([['2026-11-23@dept-a', 1], ['2026-11-24@dept-a', 1]]);
    expect(of(r, 'unjustifiedReturns')).toEqual([['2026-11-23@dept-a', 1]]);
    expect(contribution(r, ctx).dims.handling.split('|')[0]).toBe('dept-b');
  });

  it('counts no return for a case never returned', () => {
    const r = workCase({ workSteps: steps(signed, ['transferred', '2026-11-24T11:00:00', 'returned', 'dispatched']) });
    expect(of(r, 'returned')).toEqual([]);
    expect(of(r, 'returns')).toEqual([]);
  });

  it('does not call a return unjustified when the next step is not a transfer', () => {
    const r = workCase({ workSteps: steps(['returned', '2026-11-23T10:00:00', 'dispatched', 'returned'], ['signed', '2026-11-23T11:00:00', 'returned', 'signed']) });
    expect(of(r, 'unjustifiedReturns')).toEqual([]);
  });

  it('charges a notice to the department it was sent to, and only notices', () => {
    const r = workCase({ supervisions: [supervision('overdue', 'sign', signDeadline, '2026-11-24T10:00:00'), { ...supervision('notice', 'sign', signDeadline, '2026-11-25T10:00:00'), departmentId: 'dept-n' }] });
    expect(of(r, 'notices')).toEqual([['2026-11-25@dept-n', 1]]);
  });
});

describe('due and resolved on time', () => {
  it('falls due on the deadline day of the last resolution; resolved exactly at it is on time', () => {
    const r = workCase({ workSteps: steps(signed, resolvedOn('2026-11-28T09:00:00')) });
    expect(of(r, 'due')).toEqual([['2026-11-28', 1]]);
    expect(of(r, 'resolvedOnTime')).toEqual([['2026-11-28', 1]]);
    const late = workCase({ workSteps: steps(signed, resolvedOn('2026-11-28T09:01:00')) });
    expect(of(late, 'due')).toEqual([['2026-11-28', 1]]);
    expect(of(late, 'resolvedOnTime')).toEqual([]);
  });

  it('forgets a resolution that a failed verification or an unsatisfied rating reopened', () => {
    const failed = workCase({ workSteps: steps(signed, resolvedOn('2026-11-24T09:00:00'), verifiedOn('2026-11-24T10:00:00', false)) });
    expect(of(failed, 'due')).toEqual([]);
    expect(of(failed, 'resolvedOnTime')).toEqual([]);
    const unsatisfied = workCase({ workSteps: steps(signed, resolvedOn('2026-11-24T09:00:00'), verifiedOn('2026-11-24T10:00:00'), ratedOn('2026-11-24T11:00:00', 'unsatisfied')) });
    expect(of(unsatisfied, 'due')).toEqual([]);
  });

  it('counts the resolution after the latest reopening', () => {
    const later = at('2026-12-10T09:00:00');
    const r = workCase({
      workSteps: steps(
        signed,
        resolvedOn('2026-11-24T09:00:00'), verifiedOn('2026-11-24T10:00:00', false),
        resolvedOn('2026-11-25T09:00:00'), verifiedOn('2026-11-25T10:00:00', false),
        resolvedOn('2026-11-26T09:00:00'), verifiedOn('2026-11-26T10:00:00'), ratedOn('2026-11-26T11:00:00', 'unsatisfied'),
        ['resolved', '2026-12-01T09:00:00', 'signed', 'resolved', { resolveDeadline: later }],
      ),
    });
    expect(of(r, 'due')).toEqual([['2026-12-10', 1]]);
    expect(of(r, 'resolvedOnTime')).toEqual([['2026-12-10', 1]]);
    const stillOpen = workCase({ workSteps: r.workSteps.slice(0, 8) });
    expect(of(stillOpen, 'due')).toEqual([]);
  });

  it('does not take a step back to signed from elsewhere for a reopening', () => {
    const r = workCase({ workSteps: steps(signed, resolvedOn('2026-11-24T09:00:00'), ['extension-decided', '2026-11-24T10:00:00', 'extension-requested', 'signed']) });
    expect(of(r, 'due')).toEqual([['2026-11-28', 1]]);
  });

  it('falls due unresolved only once the running resolve deadline was supervised past', () => {
    expect(of(workCase({ workSteps: steps(signed) }), 'due')).toEqual([]);
    expect(of(workCase({ workSteps: steps(signed), supervisions: [supervision('overdue', 'resolve', resolveDeadline)] }), 'due')).toEqual([['2026-11-28', 1]]);
    expect(of(workCase({ supervisions: [supervision('overdue', 'resolve', resolveDeadline)] }), 'due')).toEqual([['2026-11-28', 1]]);
    expect(of(workCase({ workSteps: steps(signed), supervisions: [supervision('due-soon', 'resolve', resolveDeadline)] }), 'due')).toEqual([]);
    expect(of(workCase({ workSteps: steps(signed), supervisions: [supervision('overdue', 'sign', resolveDeadline)] }), 'due')).toEqual([]);
    expect(of(workCase({ workSteps: steps(signed), supervisions: [supervision('overdue', 'resolve', signDeadline)] }), 'due')).toEqual([]);
    const extended = at('2026-12-05T09:00:00');
    const extendedSteps = steps(signed, ['extension-requested', '2026-11-25T09:00:00', 'signed', 'extension-requested'], ['extension-decided', '2026-11-25T10:00:00', 'extension-requested', 'signed', { resolveDeadline: extended }]);
    expect(of(workCase({ workSteps: extendedSteps, supervisions: [supervision('overdue', 'resolve', extended)] }), 'due')).toEqual([['2026-12-05', 1]]);
    expect(of(workCase({ workSteps: extendedSteps, supervisions: [supervision('overdue', 'resolve', resolveDeadline)] }), 'due')).toEqual([]);
  });
});

describe('closing', () => {
  const closedSteps = steps(signed, resolvedOn('2026-11-24T10:00:00'), verifiedOn('2026-11-24T11:00:00'), ratedOn('2026-11-25T12:00:00', 'satisfied'));

  it('counts closed, resolved at first verification and followed up on the closing day', () => {
    const r = workCase({ workSteps: closedSteps });
    expect(of(r, 'closed')).toEqual([['2026-11-25', 1]]);
    expect(of(r, 'resolvedVerified')).toEqual([['2026-11-25', 1]]);
    expect(of(r, 'followedUp')).toEqual([['2026-11-25', 1]]);
    expect(of(r, 'reopened')).toEqual([]);
    expect(of(r, 'rated')).toEqual([['2026-11-25', 1]]);
    expect(of(r, 'satisfied')).toEqual([['2026-11-25', 1]]);
  });

  it('is not resolved at verification when a verification failed, and reopened when a rating was unsatisfied', () => {
    const r = workCase({
      workSteps: steps(
        signed, resolvedOn('2026-11-24T10:00:00'), verifiedOn('2026-11-24T11:00:00', false),
        resolvedOn('2026-11-25T10:00:00'), verifiedOn('2026-11-25T11:00:00'), ratedOn('2026-11-25T12:00:00', 'unsatisfied'),
        resolvedOn('2026-11-26T10:00:00'), verifiedOn('2026-11-26T11:00:00'), ratedOn('2026-11-27T12:00:00', 'basically-satisfied'),
      ),
    });
    expect(of(r, 'closed')).toEqual([['2026-11-27', 1]]);
    expect(of(r, 'resolvedVerified')).toEqual([]);
    expect(of(r, 'reopened')).toEqual([['2026-11-27', 1]]);
    expect(of(r, 'rated')).toEqual([['2026-11-25', 1], ['2026-11-27', 1]]);
    expect(of(r, 'satisfied')).toEqual([['2026-11-27', 1]]);
  });

  it('is not followed up when closed without a rating', () => {
    const r = workCase({ workSteps: steps(signed, resolvedOn('2026-11-24T10:00:00'), ['verified', '2026-11-24T11:00:00', 'resolved', 'closed']) });
    expect(of(r, 'closed')).toEqual([['2026-11-24', 1]]);
    expect(of(r, 'followedUp')).toEqual([]);
    expect(of(r, 'rated')).toEqual([]);
  });

  it('puts the working hours from receipt to the last resolution in the bucket whose upper bound holds them', () => {
    const bucketOf = (resolvedLocal: string) => {
      const r = workCase({ workSteps: steps(signed, resolvedOn(resolvedLocal), verifiedOn(resolvedLocal), ratedOn(resolvedLocal, 'satisfied')) });
      return metrics(r).filter((m) => m.startsWith('resolvedIn'));
    };
    expect(bucketOf('2026-11-23T10:00:00')).toEqual(['resolvedIn0']); // exactly 1 h
    expect(bucketOf('2026-11-23T10:01:00')).toEqual(['resolvedIn1']);
    expect(bucketOf('2027-03-31T10:00:00')).toEqual(['resolvedIn10']); // past 320 h
  });
});

describe('mediation', () => {
  const disputeCase = (...list: [type: string, local: string, to: DisputeStepFact['to'], extra?: Partial<DisputeStepFact>][]): CaseRecord => ({
    ...emptyRecord('M'),
    receivedAt,
    disputeSteps: list.map(([type, local, to, extra], i) => ({ sequence: i + 1, type: `mediation.${type}`, at: at(local), to, tier: 'village', riskFlags: [], escalated: false, ...extra })),
  });

  it('concludes on the first agreement, closing, referral or withdrawal after acceptance', () => {
    const agreed = disputeCase(['opened', '2026-11-23T09:00:00', 'assigned'], ['accepted', '2026-11-23T10:00:00', 'accepted'], ['escalated', '2026-11-24T10:00:00', 'accepted', { escalated: true, tier: 'town' }], ['agreed', '2026-11-25T10:00:00', 'agreed', { tier: 'town' }], ['closed', '2026-11-26T10:00:00', 'closed', { tier: 'town' }]);
    expect(of(agreed, 'concluded')).toEqual([['2026-11-25', 1]]);
    expect(of(agreed, 'agreements')).toEqual([['2026-11-25', 1]]);
    expect(of(agreed, 'settledAtOrBelowTown')).toEqual([['2026-11-25', 1]]);
    expect(of(agreed, 'escalations')).toEqual([['2026-11-24', 1]]);
    for (const [type, to] of [['closed', 'closed'], ['withdrawn', 'withdrawn'], ['referred-to-court', 'referred-to-court']] as const) {
      const ended = disputeCase(['accepted', '2026-11-23T10:00:00', 'accepted'], [type, '2026-11-27T10:00:00', to]);
      expect(of(ended, 'concluded')).toEqual([['2026-11-27', 1]]);
      expect(of(ended, 'agreements')).toEqual([]);
    }
  });

  it('does not conclude a dispute that was never accepted', () => {
    const r = disputeCase(['opened', '2026-11-23T09:00:00', 'assigned'], ['withdrawn', '2026-11-24T10:00:00', 'withdrawn']);
    expect(of(r, 'concluded')).toEqual([]);
  });

  it('concludes a dispute closed before acceptance and then reopened only when it ends after acceptance', () => {
    const r = disputeCase(['opened', '2026-11-23T09:00:00', 'assigned'], ['closed', '2026-11-24T10:00:00', 'closed'], ['reopened', '2026-11-25T10:00:00', 'accepted'], ['agreed', '2026-11-26T10:00:00', 'agreed']);
    expect(of(r, 'concluded')).toEqual([['2026-11-26', 1]]);
  });

  it('counts an agreement at village or town as settled at or below town, not one at the district', () => {
    const at_ = (tier: DisputeStepFact['tier']) => of(disputeCase(['accepted', '2026-11-23T10:00:00', 'accepted'], ['agreed', '2026-11-24T10:00:00', 'agreed', { tier }]), 'settledAtOrBelowTown');
    expect(at_('village')).toEqual([['2026-11-24', 1]]);
    expect(at_('town')).toEqual([['2026-11-24', 1]]);
    expect(at_('district')).toEqual([]);
  });

  it('counts judicial confirmation on the agreement day by the latest judicial outcome', () => {
    const judged = (...outcomes: string[]) =>
      of(disputeCase(['agreed', '2026-11-24T10:00:00', 'agreed'], ...outcomes.map((judicial, i) => ['judicial-recorded', `2026-12-0${i + 1}T10:00:00`, 'agreed', { judicial }] as [string, string, 'agreed', Partial<DisputeStepFact>])), 'judicialConfirmed');
    expect(judged('applied', 'confirmed')).toEqual([['2026-11-24', 1]]);
    expect(judged('confirmed', 'rejected')).toEqual([]);
    expect(judged('applied')).toEqual([]);
  });

  it('counts only escalation steps that escalated', () => {
    const r = disputeCase(['accepted', '2026-11-23T10:00:00', 'accepted', { escalated: true }], ['escalated', '2026-11-24T10:00:00', 'accepted'], ['escalated', '2026-11-25T10:00:00', 'accepted', { escalated: true }]);
    expect(of(r, 'escalations')).toEqual([['2026-11-25', 1]]);
  });
});

describe('cells', () => {
  it('are remembered per contribution', () => {
    const c = contribution(workCase(), ctx);
    expect(cellsOf(c)).toBe(cellsOf(c));
  });

  it('charge a figure with a department to that department and to the case otherwise', () => {
    const r = workCase({ workSteps: steps(['returned', '2026-11-24T10:00:00', 'dispatched', 'returned'], ['transferred', '2026-11-24T11:00:00', 'returned', 'dispatched', { departmentId: 'dept-b' }]) });
    const cells = cellsOf(contribution(r, ctx));
    expect(cells.get('handling#2026-11-24#dept-a|hotline-12345|complaint')).toEqual({ returns: 1 });
    expect(cells.get('place#2026-11-24#d|t|v|g')).toEqual({ returns: 1 });
    expect(cells.get('handling#2026-11-23#dept-b|hotline-12345|complaint')).toMatchObject({ received: 1, dispatched: 1, returned: 1 });
  });

  it('parse back from their ids, a value with # in it included', () => {
    expect(parseCellId('topic#2026-11-23#t#1|urban')).toEqual({ dimension: 'topic', bucket: '2026-11-23', value: 't#1|urban' });
  });
});
