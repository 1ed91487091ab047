import { describe, expect, it } from 'vitest';
import { disputeStepEvents, makeEvent, parseEvent } from '@govflow/contracts';
import { calendarDeadline } from '../src/domain/calendar-days';
import { dueAction, nextDutyAt } from '../src/domain/duties';
import { renderDocument } from '../src/domain/documents';
import { toDisputeView } from '../src/domain/view';
import { operator, party, region, settings, systemActor, village, World } from './world';

const mediatorOf = (world: World, id: string) => {
  const d = world.disputes.get(id)!;
  return { id: d.mediator!.id, role: 'mediator', mediatorId: d.mediator!.id };
};

describe('a dispute from the village committee to closing', () => {
  it('is accepted, escalated to the town after a failed session, agreed, confirmed, judicially confirmed, followed up and closed', () => {
    const world = new World();
    const opened = world.open();
    expect(opened).toMatchObject({ status: 'assigned', tier: 'village', centreId: 'hbw-xinhua-1-committee', mediator: { id: 'hbw-xinhua-1-committee-m1' } });
    const villageMediator = mediatorOf(world, 'd-1');

    world.must('d-1', { type: 'accept' }, villageMediator);
    world.must('d-1', { type: 'schedule-session', at: '2026-11-28T02:00:00.000Z', place: '村委会调解室' }, villageMediator);
    const failed = world.must('d-1', { type: 'record-session', attendance: [{ partyId: 'P1', present: true }, { partyId: 'P2', present: true }], evidence: [], outcome: 'no-agreement', escalate: true }, villageMediator);
    expect(failed.steps.map((s) => s.type)).toEqual(['mediation.session-held', 'mediation.escalated', 'mediation.assigned']);
    expect(failed.steps[1]!.payload.escalation).toEqual({ fromTier: 'village', toTier: 'town', cause: 'session-failed' });
    expect(failed.dispute).toMatchObject({ tier: 'town', centreId: 'hbw-xinhua-centre', status: 'assigned' });
    expect(world.loads.get('hbw-xinhua-1-committee-m1')).toBe(0);

    const townMediator = mediatorOf(world, 'd-1');
    // The village mediator no longer holds it and may not act on it.
    expect(world.act('d-1', { type: 'accept' }, villageMediator)).toMatchObject({ refused: 'forbidden' });
    world.must('d-1', { type: 'accept' }, townMediator);
    const agreed = world.must('d-1', { type: 'record-session', attendance: [], evidence: ['https://evidence.example/photo.jpg'], outcome: 'agreement', escalate: false, terms: { masked: '楼上赔偿维修费2000元' } }, townMediator);
    expect(agreed.dispute.status).toBe('agreed');
    expect(agreed.documents).toEqual(['agreement']);
    // Not in effect until every party confirms: closing now is refused.
    expect(world.act('d-1', { type: 'close' }, townMediator)).toMatchObject({ refused: 'not-allowed-now' });

    world.now = new Date('2026-12-01T03:00:00.000Z');
    world.must('d-1', { type: 'confirm', partyId: 'P1', via: 'counter' }, townMediator);
    expect(world.act('d-1', { type: 'confirm', partyId: 'P1', via: 'counter' }, townMediator)).toMatchObject({ refused: 'not-allowed-now' });
    const effective = world.must('d-1', { type: 'confirm', partyId: 'P2', via: 'own-channel' }, { id: 'petition', role: 'partner', partnerId: 'petition' });
    // 30 calendar days after 1 December (Beijing time), to the end of that day.
    expect(effective.dispute.agreement).toMatchObject({ effectiveAt: '2026-12-01T03:00:00.000Z', judicialWindowClosesAt: '2026-12-31T15:59:59.999Z' });
    expect(effective.dispute.followUps.map((f) => f.dueAt)).toEqual(['2026-12-08T15:59:59.999Z', '2026-12-31T15:59:59.999Z']);

    world.must('d-1', { type: 'record-judicial', outcome: 'confirmed', courtCaseNumber: '(2026)内0302民特12号' }, townMediator);
    world.must('d-1', { type: 'follow-up', performance: 'performed' }, townMediator);
    const closed = world.must('d-1', { type: 'close' }, townMediator);
    expect(closed.dispute.status).toBe('closed');
    expect(world.loads.get(townMediator.id)).toBe(0);

    const d = closed.dispute;
    expect(d.history.map((h) => h.action)).toEqual([
      'opened', 'assigned', 'accepted', 'session-scheduled', 'session-held', 'escalated', 'assigned', 'accepted', 'session-held', 'agreed',
      'party-confirmed', 'party-confirmed', 'judicial-recorded', 'followed-up', 'closed',
    ]);
    expect(d.sequence).toBe(d.history.length);
  });

  it('emits steps every consumer accepts, each carrying the one code and its sequence', () => {
    const world = new World();
    const outcome = world.must(world.open().disputeId, { type: 'accept' });
    const contracts = new Map(disputeStepEvents.map((c) => [c.type, c]));
    for (const step of outcome.steps) {
      const event = makeEvent(contracts.get(step.type)!, { region: 'wuhai', caseId: 'd-1', traceId: 't', occurredAt: world.now, payload: step.payload });
      expect(parseEvent(JSON.stringify(event), disputeStepEvents)).toMatchObject({ payload: { code: 'WHTJ-20261126-000001', sequence: 3, to: 'accepted' } });
    }
  });
});

describe('refusals', () => {
  it('refuses steps out of order, by the wrong people, and without what they need', () => {
    const world = new World();
    world.open();
    expect(world.act('d-1', { type: 'close' })).toMatchObject({ refused: 'not-allowed-now' });
    expect(world.act('d-1', { type: 'accept' }, { id: 'x', role: 'mediator', mediatorId: 'someone-else' })).toMatchObject({ refused: 'forbidden' });
    expect(world.act('d-1', { type: 'accept' }, { id: 'x', role: 'coordinator', committeeId: 'hbw-xinhua-centre' })).toMatchObject({ refused: 'forbidden' });
    expect(world.act('d-1', { type: 'accept' }, { id: 'x', role: 'coordinator', committeeId: 'hbw-xinhua-1-committee' })).not.toHaveProperty('refused');
    expect(world.act('d-1', { type: 'time-limit' }, operator)).toMatchObject({ refused: 'forbidden' });
    expect(world.act('d-1', { type: 'record-session', attendance: [], evidence: [], outcome: 'agreement', escalate: false })).toMatchObject({ refused: 'invalid' });
    expect(world.act('d-1', { type: 'record-session', attendance: [{ partyId: 'P9', present: true }], evidence: [], outcome: 'no-agreement', escalate: false })).toMatchObject({ refused: 'invalid' });
  });

  it('will not accept a dispute from a case until its parties are registered', () => {
    const world = new World();
    world.open({ source: 'case', parties: [] });
    expect(world.act('d-1', { type: 'accept' })).toMatchObject({ refused: 'invalid' });
    expect(world.must('d-1', { type: 'accept', parties: [party('P1', 'applicant'), party('P2', 'respondent')] }).dispute.parties).toHaveLength(2);
  });
});

describe('timed duties with an injectable clock', () => {
  it('escalates when the tier’s time limit passes, and not a minute before', () => {
    const world = new World();
    const d = world.open();
    expect(d.tierDeadline).toBe(calendarDeadline(world.now, settings.tierTimeLimitDays, region.timeZone).toISOString());
    expect(nextDutyAt(d, settings)).toBe(d.tierDeadline);
    world.now = new Date(Date.parse(d.tierDeadline!) - 60_000);
    expect(dueAction(d, world.now, settings)).toBeUndefined();
    expect(world.act('d-1', { type: 'time-limit' }, systemActor)).toMatchObject({ refused: 'not-allowed-now' });
    world.now = new Date(Date.parse(d.tierDeadline!) + 1);
    expect(dueAction(d, world.now, settings)).toEqual({ type: 'time-limit' });
    const escalated = world.must('d-1', { type: 'time-limit' }, systemActor);
    expect(escalated.steps[0]).toMatchObject({ type: 'mediation.escalated', payload: { escalation: { fromTier: 'village', toTier: 'town', cause: 'time-limit' } } });
    expect(escalated.dispute.tierDeadline! > d.tierDeadline!).toBe(true);
  });

  it('an agreement extended by the parties escalates later', () => {
    const world = new World();
    const d = world.open();
    const extended = world.must('d-1', { type: 'extend', days: 15, reason: '双方同意延长' }).dispute;
    expect(Date.parse(extended.tierDeadline!) - Date.parse(d.tierDeadline!)).toBe(15 * 86_400_000);
  });

  it('goes to court when the time limit passes at the city centre', () => {
    const world = new World();
    world.open({ jurisdiction: { resolvedBy: 'unresolved' } });
    world.now = new Date('2027-02-01T00:00:00.000Z');
    const referred = world.must('d-1', { type: 'time-limit' }, systemActor);
    expect(referred.dispute.status).toBe('referred-to-court');
    expect(referred.documents).toEqual(['court-referral']);
  });

  it('reminds before the 司法确认 window closes, once, and tells when follow-ups fall due', () => {
    const world = new World();
    world.open();
    world.must('d-1', { type: 'accept' });
    world.must('d-1', { type: 'record-session', attendance: [], evidence: [], outcome: 'agreement', escalate: false, terms: { masked: '赔偿' } });
    world.must('d-1', { type: 'confirm', partyId: 'P1', via: 'counter' });
    const agreed = world.must('d-1', { type: 'confirm', partyId: 'P2', via: 'counter' }).dispute;
    expect(nextDutyAt(agreed, settings)).toBe(agreed.followUps[0]!.dueAt);
    world.now = new Date(Date.parse(agreed.followUps[0]!.dueAt) + 1);
    const first = world.must('d-1', { type: 'remind' }, systemActor);
    expect(first.steps.map((s) => s.payload.reason)).toEqual(['follow-up-due']);
    world.now = new Date(Date.parse(agreed.agreement!.judicialWindowClosesAt!) - settings.judicialReminderDays * 86_400_000 + 1);
    const second = world.must('d-1', { type: 'remind' }, systemActor);
    expect(second.steps.map((s) => s.payload.reason)).toEqual(['judicial-window-closing']);
    expect(dueAction(second.dispute, world.now, settings)).toBeUndefined();
  });
});

describe('the 30-day 司法确认 window counts calendar days in the region’s time zone', () => {
  it.each([
    ['2026-01-15T03:00:00Z', '2026-02-14T15:59:59.999Z'],
    ['2026-01-31T03:00:00Z', '2026-03-02T15:59:59.999Z'],
    ['2026-12-10T03:00:00Z', '2027-01-09T15:59:59.999Z'],
    // 23:30 UTC on 31 December is already 1 January in Beijing.
    ['2026-12-31T23:30:00Z', '2027-01-31T15:59:59.999Z'],
    ['2028-02-01T03:00:00Z', '2028-03-02T15:59:59.999Z'],
  ])('effective %s → closes %s', (effective, closes) => {
    expect(calendarDeadline(new Date(effective), 30, 'Asia/Shanghai').toISOString()).toBe(closes);
  });
});

describe('breach, rejection, consent and withdrawal', () => {
  function agreedWorld(): World {
    const world = new World();
    world.open();
    world.must('d-1', { type: 'accept' });
    world.must('d-1', { type: 'record-session', attendance: [], evidence: [], outcome: 'agreement', escalate: false, terms: { masked: '赔偿' } });
    world.must('d-1', { type: 'confirm', partyId: 'P1', via: 'counter' });
    world.must('d-1', { type: 'confirm', partyId: 'P2', via: 'counter' });
    return world;
  }

  it('a breach after closing reopens it with a mediator at the same centre', () => {
    const world = agreedWorld();
    world.must('d-1', { type: 'close' });
    expect(world.held().get('hbw-xinhua-1-committee-m1')).toBeUndefined();
    const reopened = world.must('d-1', { type: 'report-breach', then: 'reopen', note: '未按期支付' });
    expect(reopened.steps.map((s) => s.type)).toEqual(['mediation.breached', 'mediation.reopened', 'mediation.assigned']);
    expect(reopened.dispute.status).toBe('assigned');
    expect(world.loads.get('hbw-xinhua-1-committee-m1')).toBe(1);
  });

  it('a breach can go to the court instead, with the referral package', () => {
    const world = agreedWorld();
    const referred = world.must('d-1', { type: 'report-breach', then: 'refer-to-court' });
    expect(referred.dispute.status).toBe('referred-to-court');
    expect(renderDocument('court-referral', referred.dispute, (v) => v.masked, world.now.toISOString())).toContain('诉调对接');
    expect(world.loads.get('hbw-xinhua-1-committee-m1')).toBe(0);
  });

  it('a rejected judicial confirmation is mediated again', () => {
    const world = agreedWorld();
    expect(world.must('d-1', { type: 'record-judicial', outcome: 'rejected' }).dispute.status).toBe('accepted');
  });

  it('a party who does not consent goes to the court at once; a withdrawal ends it', () => {
    const world = new World();
    expect(world.open({ consentToMediate: false })).toMatchObject({ status: 'referred-to-court', documents: [] });
    expect(world.loads.size).toBe(0);
    world.open({ disputeId: 'd-2' });
    expect(world.must('d-2', { type: 'withdraw' }, { id: 'petition', role: 'partner', partnerId: 'petition' }).dispute.status).toBe('withdrawn');
  });

  it('a declined dispute records why and where to go instead', () => {
    const world = new World();
    world.open({ type: 'labour' });
    const declined = world.must('d-1', { type: 'decline', reason: 'labour-arbitration' });
    expect(declined.dispute.declined?.guidance).toContain('劳动仲裁');
    expect(declined.documents).toEqual(['decline-notice']);
  });

  it('a masked view shows no personal data; a revealed one does', () => {
    const world = new World();
    const d = world.open({ parties: [{ ...party('P1', 'applicant'), name: { masked: '张*', sealed: 'sealed-name' }, phone: { masked: '139****5678', sealed: 'sealed-phone' } }, party('P2', 'respondent')] });
    expect(JSON.stringify(toDisputeView(d))).not.toContain('sealed');
    expect(toDisputeView(d, { reveal: (v) => (v.sealed ? `open:${v.sealed}` : v.masked) }).parties[0]).toMatchObject({ name: 'open:sealed-name', phone: 'open:sealed-phone' });
  });
});

describe('the citizen case', () => {
  it('a dispute from a case is opened under the case’s id, at its village', () => {
    const world = new World();
    const d = world.open({ disputeId: 'case-1', caseId: 'case-1', caseNumber: 'WH-20261126-000001', source: 'case', parties: [], jurisdiction: village });
    expect(d).toMatchObject({ caseId: 'case-1', caseNumber: 'WH-20261126-000001', tier: 'village', status: 'assigned' });
  });
});
