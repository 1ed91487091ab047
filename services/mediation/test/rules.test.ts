import { describe, expect, it } from 'vitest';
import type { Actor, Dispute } from '../src/domain/dispute';
import { allowedNow, applyDisputeAction, placementFor, refusalOf, type DisputeAction, type Outcome, type Refusal } from '../src/domain/lifecycle';
import { committees, operator, settings, systemActor, World } from './world';

/**
 * The state machine written out by hand from the 人民调解 procedure: 受理 once assigned, sessions
 * while accepted, the agreement confirmed by every party, 司法确认 / 回访 / breach only once it is in
 * effect, and escalation village → town → district → city while it is handled.
 */
const village = 'hbw-xinhua-1-committee';
const villageMediator = `${village}-m1`;

type Who = 'holder' | 'other-mediator' | 'centre' | 'other-centre' | 'operator' | 'supervisor' | 'own-partner' | 'other-partner' | 'system';
const actors: Record<Who, Actor> = {
  holder: { id: 'm', role: 'mediator', mediatorId: villageMediator },
  'other-mediator': { id: 'n', role: 'mediator', mediatorId: 'hbw-xinhua-2-committee-m1' },
  centre: { id: 'c', role: 'coordinator', committeeId: village },
  'other-centre': { id: 'c2', role: 'coordinator', committeeId: 'hbw-xinhua-centre' },
  operator: { id: 'op', role: 'operator' },
  supervisor: { id: 'sv', role: 'supervisor' },
  'own-partner': { id: 'petition', role: 'partner', partnerId: 'petition' },
  'other-partner': { id: 'hotline-12345', role: 'partner', partnerId: 'hotline-12345' },
  system: systemActor,
};
const handlers: Who[] = ['holder', 'centre', 'operator'];

type Type = DisputeAction['type'];
const table: Record<Type, { from: Dispute['status'][]; who: Who[]; effective?: true }> = {
  accept: { from: ['assigned'], who: handlers },
  decline: { from: ['queued', 'assigned', 'accepted'], who: handlers },
  'schedule-session': { from: ['accepted'], who: handlers },
  'record-session': { from: ['accepted'], who: handlers },
  confirm: { from: ['agreed'], who: [...handlers, 'own-partner'] },
  extend: { from: ['assigned', 'accepted'], who: handlers },
  escalate: { from: ['queued', 'assigned', 'accepted'], who: [...handlers, 'supervisor'] },
  'flag-risk': { from: ['queued', 'assigned', 'accepted', 'agreed'], who: [...handlers, 'supervisor', 'own-partner'] },
  reassign: { from: ['assigned', 'accepted', 'agreed'], who: ['centre', 'supervisor', 'operator'] },
  'record-judicial': { from: ['agreed', 'closed'], who: handlers, effective: true },
  'follow-up': { from: ['agreed', 'closed'], who: handlers, effective: true },
  'report-breach': { from: ['agreed', 'closed'], who: handlers, effective: true },
  'refer-to-court': { from: ['assigned', 'accepted', 'agreed'], who: handlers },
  withdraw: { from: ['queued', 'assigned', 'accepted'], who: [...handlers, 'own-partner'] },
  close: { from: ['agreed'], who: handlers, effective: true },
  attach: { from: ['assigned', 'accepted', 'agreed', 'closed'], who: handlers },
  'time-limit': { from: ['queued', 'assigned', 'accepted'], who: ['system'] },
  'assign-from-queue': { from: ['queued'], who: ['system'] },
  remind: { from: ['agreed', 'closed'], who: ['system'] },
};
const statuses: Dispute['status'][] = ['queued', 'assigned', 'accepted', 'agreed', 'closed', 'declined', 'referred-to-court', 'withdrawn', 'linked'];

/** The opened dispute (held by the village mediator, from partner `petition`), put in `status`. */
const opened = new World().open();
function disputeIn(status: Dispute['status'], agreement: 'effective' | 'pending' | 'none' = 'effective'): Dispute {
  const d = structuredClone(opened);
  d.status = status;
  if (agreement !== 'none') {
    d.agreement = { terms: { masked: '赔偿' }, partial: false, reachedAt: '2026-11-26T02:00:00.000Z', ...(agreement === 'effective' ? { effectiveAt: '2026-11-27T02:00:00.000Z' } : {}) };
  }
  return d;
}

describe('who may take which step in which state (refusalOf)', () => {
  const cases: [Type, Dispute['status'], Who, string | undefined][] = [];
  for (const [type, rule] of Object.entries(table) as [Type, (typeof table)[Type]][]) {
    for (const status of statuses) {
      for (const who of Object.keys(actors) as Who[]) {
        cases.push([type, status, who, !rule.from.includes(status) ? 'not-allowed-now' : !rule.who.includes(who) ? 'forbidden' : undefined]);
      }
    }
  }
  it.each(cases)('%s on a %s dispute by %s → %s', (type, status, who, expected) => {
    expect(refusalOf(disputeIn(status), type, actors[who])?.refused).toBe(expected);
  });

  it('explains each refusal', () => {
    expect(refusalOf(disputeIn('closed'), 'accept', operator)).toEqual({ refused: 'not-allowed-now', detail: 'cannot accept a dispute that is closed' });
    expect(refusalOf(disputeIn('assigned'), 'accept', actors.supervisor)).toEqual({ refused: 'forbidden', detail: 'supervisor may not accept this dispute' });
    expect(refusalOf(disputeIn('agreed', 'pending'), 'close', operator)).toEqual({
      refused: 'not-allowed-now',
      detail: 'the agreement has not taken effect: every party must confirm it first',
    });
    expect(refusalOf(disputeIn('agreed', 'none'), 'follow-up', operator)?.refused).toBe('not-allowed-now');
    expect(refusalOf(disputeIn('agreed', 'pending'), 'confirm', operator)).toBeUndefined();
  });

  it('a mediator without an id holds nothing, even a dispute nobody holds; a coordinator’s committee is not a mediator’s', () => {
    const queued = disputeIn('queued');
    delete queued.mediator;
    expect(refusalOf(queued, 'decline', { id: 'x', role: 'mediator' })?.refused).toBe('forbidden');
    expect(refusalOf(disputeIn('assigned'), 'accept', { id: 'x', role: 'mediator', mediatorId: 'else', committeeId: village })?.refused).toBe('forbidden');
    expect(refusalOf(disputeIn('assigned'), 'withdraw', { id: 'x', role: 'coordinator', committeeId: 'hbw-xinhua-centre', partnerId: 'petition' })?.refused).toBe('forbidden');
  });
});

describe('applyDisputeAction refuses in order: role, moment, this dispute', () => {
  it('a role that may never take the step, naming who may', () => {
    expect(applyDisputeAction(disputeIn('closed'), { type: 'close' }, actors['own-partner'], new World().context())).toEqual({
      refused: 'forbidden',
      detail: 'a partner may never close a dispute; mediator or coordinator or operator may',
    });
  });

  it('the wrong moment, with what may be done now', () => {
    expect(applyDisputeAction(disputeIn('queued'), { type: 'close' }, operator, new World().context())).toEqual({
      refused: 'not-allowed-now',
      detail: 'cannot close a dispute that is queued',
      allowedNow: allowedNow(disputeIn('queued')),
    });
    const pending = disputeIn('agreed', 'pending');
    expect(applyDisputeAction(pending, { type: 'close' }, operator, new World().context())).toEqual({
      refused: 'not-allowed-now',
      detail: 'the agreement has not taken effect: every party must confirm it first',
      allowedNow: allowedNow(pending),
    });
    expect(applyDisputeAction(disputeIn('agreed', 'none'), { type: 'close' }, operator, new World().context())).toMatchObject({ refused: 'not-allowed-now' });
  });

  it('not this caller’s dispute', () => {
    expect(applyDisputeAction(disputeIn('assigned'), { type: 'accept' }, actors['other-mediator'], new World().context())).toEqual({
      refused: 'forbidden',
      detail: 'mediator may not accept this dispute',
    });
  });
});

describe('allowedNow lists the callers’ steps for each state', () => {
  const names = (d: Pick<Dispute, 'status' | 'agreement'>) => allowedNow(d).map((a) => a.action).sort();
  it.each([
    ['queued', ['decline', 'escalate', 'flag-risk', 'withdraw']],
    ['assigned', ['accept', 'attach', 'decline', 'escalate', 'extend', 'flag-risk', 'reassign', 'refer-to-court', 'withdraw']],
    ['accepted', ['attach', 'decline', 'escalate', 'extend', 'flag-risk', 'reassign', 'record-session', 'refer-to-court', 'schedule-session', 'withdraw']],
    ['closed', ['attach', 'follow-up', 'record-judicial', 'report-breach']],
    ['declined', []],
  ] as const)('%s', (status, expected) => {
    expect(names(disputeIn(status))).toEqual([...expected]);
  });

  it('an agreement not yet in effect allows no 司法确认, 回访, breach or close', () => {
    expect(names({ status: 'agreed' })).toEqual(['attach', 'confirm', 'flag-risk', 'reassign', 'refer-to-court']);
    expect(names(disputeIn('agreed', 'pending'))).toEqual(['attach', 'confirm', 'flag-risk', 'reassign', 'refer-to-court']);
    expect(names(disputeIn('agreed'))).toEqual(['attach', 'close', 'confirm', 'flag-risk', 'follow-up', 'reassign', 'record-judicial', 'refer-to-court', 'report-breach']);
    expect(allowedNow(disputeIn('agreed')).find((a) => a.action === 'reassign')?.roles).toEqual(['coordinator', 'supervisor', 'operator']);
  });
});

describe('placementFor names the committee whose roster the action needs', () => {
  const town = 'hbw-xinhua-centre';
  it.each<[string, Dispute['status'], DisputeAction, string | undefined]>([
    ['escalate', 'assigned', { type: 'escalate', reason: 'x' }, town],
    ['time-limit', 'assigned', { type: 'time-limit' }, town],
    ['a failed session the parties take up', 'accepted', { type: 'record-session', attendance: [], evidence: [], outcome: 'no-agreement', escalate: true }, town],
    ['a failed session that stays', 'accepted', { type: 'record-session', attendance: [], evidence: [], outcome: 'no-agreement', escalate: false }, undefined],
    ['an agreement (escalate ignored)', 'accepted', { type: 'record-session', attendance: [], evidence: [], outcome: 'agreement', escalate: true, terms: { masked: 'x' } }, undefined],
    ['a risk needing the town', 'assigned', { type: 'flag-risk', flag: 'petition' }, town],
    ['a risk needing the district', 'assigned', { type: 'flag-risk', flag: 'violence' }, 'hbw-centre'],
    ['reassign', 'assigned', { type: 'reassign', reason: 'x' }, village],
    ['assign-from-queue', 'queued', { type: 'assign-from-queue' }, village],
    ['breach after closing', 'closed', { type: 'report-breach', then: 'reopen' }, village],
    ['breach while agreed', 'agreed', { type: 'report-breach', then: 'reopen' }, undefined],
    ['judicial after closing', 'closed', { type: 'record-judicial', outcome: 'rejected' }, village],
    ['judicial while agreed', 'agreed', { type: 'record-judicial', outcome: 'rejected' }, undefined],
    ['accept', 'assigned', { type: 'accept' }, undefined],
    ['close', 'agreed', { type: 'close' }, undefined],
  ])('%s', (_, status, action, expected) => {
    expect(placementFor(disputeIn(status), action, committees, settings)).toBe(expected);
  });

  it('a risk already covered by the tier needs no other committee', () => {
    const atTown = disputeIn('assigned');
    atTown.tier = 'town';
    atTown.centreId = town;
    expect(placementFor(atTown, { type: 'flag-risk', flag: 'petition' }, committees, settings)).toBeUndefined();
    expect(placementFor(atTown, { type: 'flag-risk', flag: 'group' }, committees, settings)).toBe('hbw-centre');
    // The new flag counts together with those already raised.
    const flagged = disputeIn('assigned');
    flagged.riskFlags = ['violence'];
    flagged.tier = 'district';
    expect(placementFor(flagged, { type: 'flag-risk', flag: 'petition' }, committees, settings)).toBeUndefined();
  });
});

const ok = (o: Outcome | Refusal): Outcome => {
  if ('refused' in o) throw new Error(o.detail);
  return o;
};

describe('what each step changes', () => {
  const ctx = () => new World().context();

  it('counts the version and records who took the step (the system as itself)', () => {
    const d = disputeIn('assigned');
    const byOperator = ok(applyDisputeAction(d, { type: 'extend', days: 3, reason: '双方同意' }, operator, ctx()));
    expect(byOperator.dispute.version).toBe(d.version + 1);
    expect(byOperator.dispute.history.at(-1)).toMatchObject({ action: 'extended', by: { id: 'op', role: 'operator' }, note: '双方同意' });
    expect(byOperator.steps).toEqual([expect.objectContaining({ type: 'mediation.extended', payload: expect.objectContaining({ reason: '3 days' }) })]);
    const d2 = disputeIn('assigned');
    d2.tierDeadline = '2026-11-01T00:00:00.000Z';
    const bySystem = ok(applyDisputeAction(d2, { type: 'time-limit' }, { id: 'sweeper-7', role: 'system' }, ctx()));
    expect(bySystem.dispute.history.at(-1)!.by).toEqual({ id: 'system', role: 'system' });
    // The original is untouched.
    expect(d2.status).toBe('assigned');
  });

  it('accept needs an applicant and a respondent', () => {
    const noRespondent = disputeIn('assigned');
    noRespondent.parties = noRespondent.parties.filter((p) => p.role === 'applicant');
    expect(applyDisputeAction(noRespondent, { type: 'accept' }, operator, ctx())).toEqual({ refused: 'invalid', detail: 'register at least one applicant and one respondent to accept (受理)' });
    const noApplicant = disputeIn('assigned');
    noApplicant.parties = noApplicant.parties.filter((p) => p.role === 'respondent');
    expect(applyDisputeAction(noApplicant, { type: 'accept' }, operator, ctx())).toMatchObject({ refused: 'invalid' });
    const accepted = ok(applyDisputeAction(disputeIn('assigned'), { type: 'accept', note: '受理' }, operator, ctx()));
    expect(accepted.documents).toEqual(['acceptance-notice']);
    expect(accepted.steps.map((s) => [s.type, s.payload.to])).toEqual([['mediation.accepted', 'accepted']]);
  });

  it('decline records the reason in the step', () => {
    const declined = ok(applyDisputeAction(disputeIn('assigned'), { type: 'decline', reason: 'criminal' }, operator, ctx()));
    expect(declined.steps).toEqual([expect.objectContaining({ type: 'mediation.declined', payload: expect.objectContaining({ to: 'declined', reason: 'criminal' }) })]);
    expect(declined.dispute.history.at(-1)).toMatchObject({ action: 'declined', note: 'criminal' });
    // Closed for good: no more timed duties.
    expect(declined.dispute.tierDeadline).toBeUndefined();
  });

  it('a terminal step clears the queue and the time limit', () => {
    const queued = disputeIn('queued');
    queued.queuedAt = '2026-11-26T00:00:00.000Z';
    queued.queueCheckAt = '2026-11-26T00:15:00.000Z';
    const withdrawn = ok(applyDisputeAction(queued, { type: 'withdraw', reason: '已和解' }, operator, ctx()));
    expect(withdrawn.dispute).not.toHaveProperty('queuedAt');
    expect(withdrawn.dispute).not.toHaveProperty('queueCheckAt');
    expect(withdrawn.dispute).not.toHaveProperty('tierDeadline');
    expect(withdrawn.steps.map((s) => s.type)).toEqual(['mediation.withdrawn']);
    expect(withdrawn.dispute.history.at(-1)).toMatchObject({ action: 'withdrawn', note: '已和解' });
  });

  it('sessions are numbered, the earliest unheld one is held, and one is made up when none was scheduled', () => {
    const d = disputeIn('accepted');
    const s1 = ok(applyDisputeAction(d, { type: 'schedule-session', at: '2026-12-02T02:00:00.000Z', place: 'B' }, operator, ctx())).dispute;
    expect(s1.sessions).toEqual([{ sessionId: 'S1', at: '2026-12-02T02:00:00.000Z', place: 'B', held: false, attendance: [], evidence: [] }]);
    const s2 = ok(applyDisputeAction(s1, { type: 'schedule-session', at: '2026-12-01T02:00:00.000Z', place: 'A' }, operator, ctx()));
    expect(s2.dispute.sessions.map((s) => s.sessionId)).toEqual(['S1', 'S2']);
    expect(s2.steps[0]!.payload.nextSession).toEqual({ at: '2026-12-01T02:00:00.000Z', place: 'A' });
    const held = ok(applyDisputeAction(s2.dispute, { type: 'record-session', attendance: [{ partyId: 'P1', present: true }], evidence: ['e'], outcome: 'no-agreement', escalate: false }, operator, ctx()));
    expect(held.dispute.sessions.find((s) => s.held)).toMatchObject({ sessionId: 'S2', place: 'A', outcome: 'no-agreement', attendance: [{ partyId: 'P1', present: true }], evidence: ['e'] });
    expect(held.steps).toEqual([expect.objectContaining({ type: 'mediation.session-held', payload: expect.objectContaining({ outcome: 'no-agreement', to: 'accepted' }) })]);
    expect(held.dispute.status).toBe('accepted');

    const unscheduled = ok(applyDisputeAction(disputeIn('accepted'), { type: 'record-session', attendance: [], evidence: [], outcome: 'no-agreement', escalate: false }, operator, ctx()));
    expect(unscheduled.dispute.sessions).toEqual([
      { sessionId: 'S1', at: '2026-11-26T02:00:00.000Z', place: '调解室', held: true, outcome: 'no-agreement', attendance: [], evidence: [] },
    ]);
  });

  it('a partial agreement is an agreement; a withdrawal at the session ends it', () => {
    expect(applyDisputeAction(disputeIn('accepted'), { type: 'record-session', attendance: [], evidence: [], outcome: 'partial-agreement', escalate: false }, operator, ctx())).toEqual({
      refused: 'invalid',
      detail: 'an agreement needs its terms',
    });
    expect(applyDisputeAction(disputeIn('accepted'), { type: 'record-session', attendance: [{ partyId: 'P7', present: false }], evidence: [], outcome: 'withdrawn', escalate: false }, operator, ctx())).toEqual({
      refused: 'invalid',
      detail: 'no party P7',
    });
    const confirmedBefore = disputeIn('accepted');
    confirmedBefore.parties[0]!.confirmedAt = '2026-11-01T00:00:00.000Z';
    confirmedBefore.parties[0]!.confirmedVia = 'counter';
    const partial = ok(
      applyDisputeAction(confirmedBefore, { type: 'record-session', attendance: [], evidence: [], outcome: 'partial-agreement', escalate: true, terms: { masked: '部分' }, performanceDeadline: '2026-12-31' }, operator, ctx()),
    );
    expect(partial.dispute.agreement).toEqual({ terms: { masked: '部分' }, partial: true, performanceDeadline: '2026-12-31', reachedAt: '2026-11-26T02:00:00.000Z' });
    expect(partial.dispute.parties[0]).not.toHaveProperty('confirmedAt');
    expect(partial.dispute.parties[0]).not.toHaveProperty('confirmedVia');
    expect(partial.steps.map((s) => [s.type, s.payload.outcome])).toEqual([
      ['mediation.session-held', 'partial-agreement'],
      ['mediation.agreed', 'partial-agreement'],
    ]);
    expect(partial.documents).toEqual(['agreement']);
    const full = ok(applyDisputeAction(disputeIn('accepted'), { type: 'record-session', attendance: [], evidence: [], outcome: 'agreement', escalate: false, terms: { masked: '全部' } }, operator, ctx()));
    expect(full.dispute.agreement?.partial).toBe(false);

    const withdrawn = ok(applyDisputeAction(disputeIn('accepted'), { type: 'record-session', attendance: [], evidence: [], outcome: 'withdrawn', escalate: true }, operator, ctx()));
    expect(withdrawn.dispute.status).toBe('withdrawn');
    expect(withdrawn.steps.map((s) => [s.type, s.payload.reason])).toEqual([
      ['mediation.session-held', undefined],
      ['mediation.withdrawn', 'withdrawn at session'],
    ]);
    expect(withdrawn.documents).toEqual([]);
  });

  it('a failed session goes up only when the parties agree to', () => {
    const up = ok(applyDisputeAction(disputeIn('accepted'), { type: 'record-session', attendance: [], evidence: [], outcome: 'no-agreement', escalate: true }, operator, ctx()));
    expect(up.steps[1]).toMatchObject({ type: 'mediation.escalated', payload: { reason: 'parties agreed to go up after a failed session' } });
  });

  it('confirm: unknown party, wrong channel, and the agreement in effect only when all have confirmed', () => {
    const d = disputeIn('agreed', 'pending');
    expect(applyDisputeAction(d, { type: 'confirm', partyId: 'P9', via: 'counter' }, operator, ctx())).toEqual({ refused: 'invalid', detail: 'no party P9' });
    // At the counter only who handles it attests; through the own channel only the partner (or an operator).
    expect(applyDisputeAction(d, { type: 'confirm', partyId: 'P1', via: 'counter' }, actors['own-partner'], ctx())).toEqual({ refused: 'forbidden', detail: 'partner may not confirm for a party via counter' });
    expect(applyDisputeAction(d, { type: 'confirm', partyId: 'P1', via: 'own-channel' }, actors.holder, ctx())).toMatchObject({ refused: 'forbidden' });
    expect(applyDisputeAction(d, { type: 'confirm', partyId: 'P1', via: 'own-channel' }, operator, ctx())).not.toHaveProperty('refused');
    const first = ok(applyDisputeAction(d, { type: 'confirm', partyId: 'P1', via: 'counter' }, actors.holder, ctx()));
    expect(first.dispute.agreement).not.toHaveProperty('effectiveAt');
    expect(first.dispute.followUps).toEqual([]);
    expect(first.dispute.parties[0]).toMatchObject({ confirmedAt: '2026-11-26T02:00:00.000Z', confirmedVia: 'counter' });
    expect(first.steps[0]!.payload.reason).toBeUndefined();
    expect(first.dispute.history.at(-1)).toMatchObject({ action: 'party-confirmed', note: 'P1 via counter' });
    expect(applyDisputeAction(first.dispute, { type: 'confirm', partyId: 'P1', via: 'counter' }, actors.holder, ctx())).toEqual({ refused: 'not-allowed-now', detail: 'party P1 has already confirmed' });
    const second = ok(applyDisputeAction(first.dispute, { type: 'confirm', partyId: 'P2', via: 'own-channel' }, actors['own-partner'], ctx()));
    expect(second.dispute.agreement?.effectiveAt).toBe('2026-11-26T02:00:00.000Z');
    expect(second.steps[0]!.payload.reason).toBe('agreement in effect');
  });

  it('a confirmation on an agreed dispute without agreement terms on record still reports', () => {
    const d = disputeIn('agreed', 'none');
    const first = ok(applyDisputeAction(d, { type: 'confirm', partyId: 'P1', via: 'counter' }, operator, ctx()));
    expect(first.steps[0]!.payload.reason).toBeUndefined();
  });

  it('extend counts from the time limit, or from now when there is none', () => {
    const d = disputeIn('assigned');
    delete d.tierDeadline;
    expect(ok(applyDisputeAction(d, { type: 'extend', days: 2, reason: 'x' }, operator, ctx())).dispute.tierDeadline).toBe('2026-11-28T02:00:00.000Z');
  });

  it('escalate on request names the cause and reason', () => {
    const up = ok(applyDisputeAction(disputeIn('assigned'), { type: 'escalate', reason: '当事人要求' }, actors.supervisor, ctx()));
    expect(up.steps[0]).toMatchObject({ type: 'mediation.escalated', payload: { reason: '当事人要求', escalation: { fromTier: 'village', toTier: 'town', cause: 'requested' } } });
    expect(up.dispute).toMatchObject({ tier: 'town', centreId: 'hbw-xinhua-centre', centresSeen: [village, 'hbw-xinhua-centre'] });
  });

  it('the time limit escalates at its exact moment, with its reason', () => {
    const d = disputeIn('assigned');
    const world = new World();
    world.now = new Date(d.tierDeadline!);
    const at = ok(applyDisputeAction(d, { type: 'time-limit' }, systemActor, world.context()));
    expect(at.steps[0]).toMatchObject({ type: 'mediation.escalated', payload: { reason: 'time limit passed', escalation: { cause: 'time-limit' } } });
    world.now = new Date(Date.parse(d.tierDeadline!) - 1);
    expect(applyDisputeAction(d, { type: 'time-limit' }, systemActor, world.context())).toEqual({ refused: 'not-allowed-now', detail: 'the time limit has not passed' });
    const none = disputeIn('assigned');
    delete none.tierDeadline;
    expect(applyDisputeAction(none, { type: 'time-limit' }, systemActor, world.context())).not.toHaveProperty('refused');
  });

  it('flag-risk records once, and raises the tier only when the risk needs more', () => {
    const d = disputeIn('assigned');
    const flagged = ok(applyDisputeAction(d, { type: 'flag-risk', flag: 'vulnerable', note: '老人' }, operator, ctx()));
    expect(flagged.dispute.riskFlags).toEqual(['vulnerable']);
    expect(flagged.steps.map((s) => s.type)).toEqual(['mediation.risk-alerted', 'mediation.escalated', 'mediation.assigned']);
    expect(flagged.steps[0]!.payload.reason).toBe('vulnerable');
    expect(flagged.steps[1]).toMatchObject({ payload: { reason: 'risk vulnerable', escalation: { fromTier: 'village', toTier: 'town', cause: 'risk' } } });
    expect(flagged.dispute).toMatchObject({ tier: 'town' });
    expect(applyDisputeAction(flagged.dispute, { type: 'flag-risk', flag: 'vulnerable' }, operator, ctx())).toEqual({ refused: 'not-allowed-now', detail: 'already flagged vulnerable' });
    const violent = ok(applyDisputeAction(flagged.dispute, { type: 'flag-risk', flag: 'violence' }, operator, ctx()));
    expect(violent.dispute.riskFlags).toEqual(['vulnerable', 'violence']);
    expect(violent.steps[1]).toMatchObject({ type: 'mediation.escalated', payload: { reason: 'risk violence', escalation: { fromTier: 'town', toTier: 'district', cause: 'risk' } } });
    expect(violent.dispute.centreId).toBe('hbw-centre');
    // Already at the town: a risk the town covers changes nothing else.
    const calm = ok(applyDisputeAction(flagged.dispute, { type: 'flag-risk', flag: 'petition' }, operator, ctx()));
    expect(calm.steps.map((s) => s.type)).toEqual(['mediation.risk-alerted']);
    expect(calm.dispute.centreId).toBe('hbw-xinhua-centre');
  });

  it('reassign: to a named active mediator of the centre, or the freest other one', () => {
    const world = new World((p) => (p.id === 'hbw-xinhua-centre-m2' ? { ...p, specialties: ['*'] } : p));
    const d = structuredClone(world.open());
    d.status = 'accepted';
    d.tier = 'town';
    d.centreId = 'hbw-xinhua-centre';
    d.centreName = '新华街道调解中心';
    d.mediator = { id: 'hbw-xinhua-centre-m1', name: '曹敏' };
    const c = world.context();
    const named = ok(applyDisputeAction(d, { type: 'reassign', mediatorId: 'hbw-xinhua-centre-m2', reason: '回避' }, operator, c));
    expect(named.dispute.mediator).toEqual({ id: 'hbw-xinhua-centre-m2', name: '潘平' });
    expect(named.dispute.mediatorsSeen).toEqual([...new Set([...d.mediatorsSeen, 'hbw-xinhua-centre-m2'])]);
    expect(named.steps).toEqual([expect.objectContaining({ type: 'mediation.reassigned', payload: expect.objectContaining({ reason: 'override', mediatorId: 'hbw-xinhua-centre-m2' }) })]);
    expect(named.dispute.history.at(-1)).toMatchObject({ action: 'reassigned', note: '回避' });
    const chosen = ok(applyDisputeAction(d, { type: 'reassign', reason: '工作量' }, operator, c));
    expect(chosen.dispute.mediator?.id).toBe('hbw-xinhua-centre-m2');
    expect(chosen.steps[0]!.payload.reason).toBe('reassigned');

    expect(applyDisputeAction(d, { type: 'reassign', mediatorId: 'hbw-xinhua-centre-m1', reason: 'x' }, operator, c)).toEqual({ refused: 'invalid', detail: 'that mediator already holds the dispute' });
    expect(applyDisputeAction(d, { type: 'reassign', mediatorId: villageMediator, reason: 'x' }, operator, c)).toEqual({
      refused: 'invalid',
      detail: `${villageMediator} is not an active mediator of 新华街道调解中心`,
    });
    const inactive = new World((p) => (p.id === 'hbw-xinhua-centre-m2' ? { ...p, active: false } : p));
    expect(applyDisputeAction(d, { type: 'reassign', mediatorId: 'hbw-xinhua-centre-m2', reason: 'x' }, operator, inactive.context())).toMatchObject({ refused: 'invalid' });
    expect(applyDisputeAction(d, { type: 'reassign', reason: 'x' }, operator, inactive.context())).toEqual({ refused: 'invalid', detail: 'nobody else at 新华街道调解中心 is free' });
    const notMediator = new World((p) => (p.id === 'hbw-xinhua-centre-m2' ? { ...p, profession: 'lawyer' } : p));
    expect(applyDisputeAction(d, { type: 'reassign', mediatorId: 'hbw-xinhua-centre-m2', reason: 'x' }, operator, notMediator.context())).toMatchObject({ refused: 'invalid' });
    const noRoster = { ...c, rosters: new Map() };
    expect(applyDisputeAction(d, { type: 'reassign', reason: 'x' }, operator, noRoster)).toMatchObject({ refused: 'invalid' });
    // Nobody holds a queued-then-agreed dispute: anyone free may take it.
    const unheld = structuredClone(d);
    delete unheld.mediator;
    expect(ok(applyDisputeAction(unheld, { type: 'reassign', reason: 'x' }, operator, c)).dispute.mediator?.id).toBe('hbw-xinhua-centre-m1');
  });

  it('record-judicial keeps the court’s number when given', () => {
    const withNumber = ok(applyDisputeAction(disputeIn('agreed'), { type: 'record-judicial', outcome: 'confirmed', courtCaseNumber: '(2026)民特1号' }, operator, ctx()));
    expect(withNumber.dispute.agreement).toMatchObject({ judicial: 'confirmed', courtCaseNumber: '(2026)民特1号' });
    expect(withNumber.steps[0]).toMatchObject({ type: 'mediation.judicial-recorded', payload: { reason: 'confirmed' } });
    const without = ok(applyDisputeAction(disputeIn('agreed'), { type: 'record-judicial', outcome: 'applied' }, operator, ctx()));
    expect(without.dispute.agreement).not.toHaveProperty('courtCaseNumber');
    const rejected = ok(applyDisputeAction(disputeIn('agreed'), { type: 'record-judicial', outcome: 'rejected' }, operator, ctx()));
    expect(rejected.steps[1]).toMatchObject({ type: 'mediation.reopened', payload: { to: 'accepted', reason: 'judicial confirmation rejected' } });
  });

  it('follow-up marks the first one due, or records one unplanned', () => {
    const d = disputeIn('agreed');
    d.followUps = [{ dueAt: '2026-12-01T00:00:00.000Z', doneAt: '2026-12-01T01:00:00.000Z', performance: 'in-progress' }, { dueAt: '2026-12-08T00:00:00.000Z' }, { dueAt: '2026-12-31T00:00:00.000Z' }];
    const done = ok(applyDisputeAction(d, { type: 'follow-up', performance: 'performed', note: '已付' }, operator, ctx()));
    expect(done.dispute.followUps).toEqual([d.followUps[0], { dueAt: '2026-12-08T00:00:00.000Z', doneAt: '2026-11-26T02:00:00.000Z', performance: 'performed' }, { dueAt: '2026-12-31T00:00:00.000Z' }]);
    expect(done.steps[0]).toMatchObject({ type: 'mediation.followed-up', payload: { performance: 'performed' } });
    const none = disputeIn('agreed');
    none.followUps = [];
    expect(ok(applyDisputeAction(none, { type: 'follow-up', performance: 'breached' }, operator, ctx())).dispute.followUps).toEqual([
      { dueAt: '2026-11-26T02:00:00.000Z', doneAt: '2026-11-26T02:00:00.000Z', performance: 'breached' },
    ]);
  });

  it('a breach is reported as such, then reopened or referred', () => {
    const d = disputeIn('agreed');
    d.followUps = [{ dueAt: '2026-12-01T00:00:00.000Z', doneAt: '2026-12-01T01:00:00.000Z', performance: 'in-progress' }, { dueAt: '2026-12-08T00:00:00.000Z' }];
    const reopened = ok(applyDisputeAction(d, { type: 'report-breach', then: 'reopen' }, operator, ctx()));
    expect(reopened.steps.map((s) => [s.type, s.payload.performance, s.payload.reason])).toEqual([
      ['mediation.breached', 'breached', undefined],
      ['mediation.reopened', undefined, 'agreement breached'],
    ]);
    // The follow-ups not done are dropped with the agreement they checked.
    expect(reopened.dispute.followUps).toEqual([d.followUps[0]]);
    expect(reopened.dispute.status).toBe('accepted');
    const referred = ok(applyDisputeAction(d, { type: 'report-breach', then: 'refer-to-court' }, operator, ctx()));
    expect(referred.steps[1]).toMatchObject({ type: 'mediation.referred-to-court', payload: { to: 'referred-to-court', reason: 'agreement breached' } });
    expect(referred.dispute.referral).toEqual({ at: '2026-11-26T02:00:00.000Z', reason: 'agreement breached' });
  });

  it('attach adds new files once and audits it without a step', () => {
    const file = (uploadId: string) => ({ uploadId, key: `k/${uploadId}`, contentType: 'image/jpeg', size: 1 }) as never;
    const d = disputeIn('accepted');
    const first = ok(applyDisputeAction(d, { type: 'attach', purpose: 'dispute-evidence', files: [file('u1')] }, operator, ctx()));
    expect(first.steps).toEqual([]);
    expect(first.dispute.status).toBe('accepted');
    expect(first.dispute.files).toEqual([file('u1')]);
    expect(first.dispute.history.at(-1)).toEqual({ at: '2026-11-26T02:00:00.000Z', action: 'attach', by: { id: 'op', role: 'operator' }, from: 'accepted', to: 'accepted', note: '1 dispute-evidence file(s)' });
    const second = ok(applyDisputeAction(first.dispute, { type: 'attach', purpose: 'dispute-agreement', files: [file('u1'), file('u2')] }, operator, ctx()));
    expect(second.dispute.files?.map((f) => f.uploadId)).toEqual(['u1', 'u2']);
  });
});

describe('placing and the queue', () => {
  const full = () => new World((p) => (p.committeeId === village ? { ...p, active: false } : p));

  it('queues when nobody is free, tries again after the retry interval, quietly while still queued', () => {
    const world = full();
    const d = world.open();
    expect(d).toMatchObject({ status: 'queued', team: [], queuedAt: '2026-11-26T02:00:00.000Z', queueCheckAt: '2026-11-26T02:15:00.000Z' });
    expect(d.mediator).toBeUndefined();
    expect(d.history.at(-1)).toMatchObject({ action: 'queued', note: 'no mediator free' });
    // The time limit keeps running from the first queuing, whatever the next day's try.
    world.now = new Date('2026-11-27T02:20:00.000Z');
    const still = world.must('d-1', { type: 'assign-from-queue' }, systemActor);
    expect(still.steps).toEqual([]);
    expect(still.dispute).toMatchObject({ status: 'queued', queuedAt: '2026-11-26T02:00:00.000Z', queueCheckAt: '2026-11-27T02:35:00.000Z', tierDeadline: d.tierDeadline });

    // A mediator comes back: the next try assigns.
    const back = new World();
    back.disputes.set('d-1', still.dispute);
    back.now = new Date('2026-11-28T02:40:00.000Z');
    const assigned = back.must('d-1', { type: 'assign-from-queue' }, systemActor);
    expect(assigned.steps.map((s) => s.type)).toEqual(['mediation.assigned']);
    expect(assigned.dispute).not.toHaveProperty('queuedAt');
    expect(assigned.dispute).not.toHaveProperty('queueCheckAt');
    expect(assigned.dispute.mediatorsSeen).toContain(villageMediator);
    expect(assigned.dispute.tierDeadline).toBe(d.tierDeadline);
  });

  it('an escalation to a full centre queues there loudly, with a new time limit', () => {
    const world = new World((p) => (p.committeeId === 'hbw-xinhua-centre' ? { ...p, active: false } : p));
    world.open();
    world.now = new Date('2026-11-27T02:00:00.000Z');
    const up = world.must('d-1', { type: 'escalate', reason: 'x' });
    expect(up.steps.map((s) => s.type)).toEqual(['mediation.escalated', 'mediation.queued']);
    expect(up.dispute).toMatchObject({ status: 'queued', centreId: 'hbw-xinhua-centre', queuedAt: '2026-11-27T02:00:00.000Z', team: [], centresSeen: [village, 'hbw-xinhua-centre'] });
    expect(up.dispute.mediator).toBeUndefined();
    expect(up.dispute.tierDeadline).toBe('2026-12-27T15:59:59.999Z');
  });

  it('a queued dispute escalated to a full centre is queued there afresh, loudly, with a new time limit', () => {
    const world = new World((p) => (p.committeeId === village || p.committeeId === 'hbw-xinhua-centre' ? { ...p, active: false } : p));
    const d = world.open();
    world.now = new Date('2026-11-27T02:00:00.000Z');
    const up = world.must('d-1', { type: 'escalate', reason: 'x' }, { id: 'sv', role: 'supervisor' });
    expect(up.steps.map((s) => s.type)).toEqual(['mediation.escalated', 'mediation.queued']);
    expect(up.dispute).toMatchObject({ status: 'queued', centreId: 'hbw-xinhua-centre', queuedAt: '2026-11-27T02:00:00.000Z', queueCheckAt: '2026-11-27T02:15:00.000Z' });
    expect(up.dispute.tierDeadline).toBe('2026-12-27T15:59:59.999Z');
    expect(up.dispute.tierDeadline).not.toBe(d.tierDeadline);
  });

  it('a breach after closing with nobody free reopens into the queue', () => {
    const world = full();
    const d = structuredClone(new World().open());
    d.status = 'closed';
    d.agreement = { terms: { masked: 'x' }, partial: false, reachedAt: '2026-11-20T00:00:00.000Z', effectiveAt: '2026-11-21T00:00:00.000Z' };
    world.disputes.set('d-1', d);
    const reopened = world.must('d-1', { type: 'report-breach', then: 'reopen' });
    expect(reopened.steps.map((s) => [s.type, s.payload.to, s.payload.reason])).toEqual([
      ['mediation.breached', 'closed', undefined],
      ['mediation.reopened', 'queued', 'agreement breached'],
    ]);
    expect(reopened.dispute).toMatchObject({ status: 'queued', queuedAt: '2026-11-26T02:00:00.000Z', tierDeadline: '2026-12-26T15:59:59.999Z' });
  });

  it('a complex dispute gets a team, named in the assignment', () => {
    const world = new World();
    const d = world.open({ type: 'medical', amount: 800_000 });
    if (d.team.length > 0) {
      expect(d.history.find((h) => h.action === 'assigned')?.note).toBe(`team: ${d.team.map((t) => t.profession).join(', ')}`);
      expect(d.mediatorsSeen).toEqual(expect.arrayContaining(d.team.map((t) => t.id)));
    } else {
      expect(d.history.find((h) => h.action === 'assigned')?.note).toBeUndefined();
    }
  });
});

describe('reminders (系统)', () => {
  it('reminds at the exact reminder moment and when a follow-up is exactly due; nothing without an agreement', () => {
    const d = disputeIn('agreed');
    d.agreement!.judicialWindowClosesAt = '2026-12-31T00:00:00.000Z';
    d.followUps = [{ dueAt: '2026-12-26T00:00:00.000Z' }, { dueAt: '2026-12-26T00:00:00.001Z' }, { dueAt: '2026-12-01T00:00:00.000Z', notifiedAt: '2026-12-01T00:00:00.000Z' }];
    const world = new World();
    world.now = new Date('2026-12-26T00:00:00.000Z');
    const r = ok(applyDisputeAction(d, { type: 'remind' }, systemActor, world.context()));
    expect(r.steps.map((s) => [s.type, s.payload.reason])).toEqual([
      ['mediation.reminded', 'judicial-window-closing'],
      ['mediation.reminded', 'follow-up-due'],
    ]);
    expect(r.dispute.agreement?.reminderSentAt).toBe('2026-12-26T00:00:00.000Z');
    expect(r.dispute.followUps.map((f) => f.notifiedAt)).toEqual(['2026-12-26T00:00:00.000Z', undefined, '2026-12-01T00:00:00.000Z']);
    const bare = disputeIn('agreed', 'none');
    expect(applyDisputeAction(bare, { type: 'remind' }, systemActor, world.context())).toEqual({ refused: 'not-allowed-now', detail: 'no agreement to remind of' });
  });
});
