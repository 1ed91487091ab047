import { describe, expect, it } from 'vitest';
import { heldBy, stepPayload } from '../src/domain/dispute';
import { openDispute } from '../src/domain/opening';
import { openingInput, operator, World } from './world';

describe('opening a dispute', () => {
  it('starts clean: queued at the first step, its centre seen, nothing else', () => {
    const world = new World();
    const { dispute: d, steps, documents } = openDispute(openingInput(), world.context());
    expect(documents).toEqual([]);
    expect(steps.map((s) => [s.type, s.payload.from, s.payload.to, s.payload.reason])).toEqual([
      ['mediation.opened', undefined, 'queued', undefined],
      ['mediation.assigned', 'queued', 'assigned', undefined],
    ]);
    expect(d.history[0]).toMatchObject({ action: 'opened', from: undefined, to: 'queued', note: d.centreName });
    expect(d).toMatchObject({ team: [], followUps: [], linkedDisputes: [], sessions: [], documents: [], centresSeen: ['hbw-xinhua-1-committee'], mediatorsSeen: ['hbw-xinhua-1-committee-m1'] });
    expect(d.sequence).toBe(2);
  });

  it('names why it starts higher, and alerts the risks read in the account', () => {
    const world = new World();
    const { dispute: d, steps } = openDispute(openingInput({ narrativeText: '对方扬言要报复，家中有孕妇', amount: 200_000 }), world.context());
    expect(steps.map((s) => [s.type, s.payload.reason])).toEqual([
      ['mediation.opened', 'amount 200000; risk violence'],
      ['mediation.risk-alerted', 'violence,vulnerable'],
      ['mediation.assigned', undefined],
    ]);
    expect(d.riskFlags).toEqual(['violence', 'vulnerable']);
    expect(d.tier).toBe('district');
  });

  it('a repeat is linked to the open dispute and goes no further', () => {
    const world = new World();
    const { dispute: d, steps, documents } = openDispute(openingInput({ repeatOf: { disputeId: 'd-0', code: 'WHTJ-0' }, matterKey: 'M#x' }), world.context());
    expect(steps.map((s) => [s.type, s.payload.to, s.payload.reason])).toEqual([['mediation.linked', 'linked', 'repeat of WHTJ-0']]);
    expect(d).toMatchObject({ status: 'linked', linkedTo: { disputeId: 'd-0', code: 'WHTJ-0' }, mediatorsSeen: [], team: [] });
    expect(d).not.toHaveProperty('matterKey');
    expect(documents).toEqual([]);
  });

  it('without consent it goes to the court with the referral package', () => {
    const { dispute: d, steps, documents } = openDispute(openingInput({ consentToMediate: false }), new World().context());
    expect(steps.map((s) => [s.type, s.payload.to, s.payload.reason])).toEqual([
      ['mediation.opened', 'queued', undefined],
      ['mediation.referred-to-court', 'referred-to-court', 'a party does not consent to mediation'],
    ]);
    expect(d.referral).toEqual({ at: '2026-11-26T02:00:00.000Z', reason: 'a party does not consent to mediation' });
    expect(documents).toEqual(['court-referral']);
  });
});

describe('who holds a dispute, and what a step reports', () => {
  it('the lead and team while handled; nobody while queued or ended', () => {
    const team = [{ id: 't1', name: 't', profession: 'lawyer' as const }];
    expect(heldBy({ status: 'assigned', mediator: { id: 'm', name: 'm' }, team })).toEqual(['m', 't1']);
    expect(heldBy({ status: 'agreed', mediator: undefined, team })).toEqual(['t1']);
    expect(heldBy({ status: 'queued', mediator: { id: 'm', name: 'm' }, team })).toEqual([]);
    expect(heldBy({ status: 'closed', mediator: { id: 'm', name: 'm' }, team })).toEqual([]);
  });

  it('the next unheld session, the judicial window, and the flags as a copy', () => {
    const world = new World();
    const d = structuredClone(world.open({ riskFlags: ['petition'] }));
    d.sessions = [
      { sessionId: 'S1', at: '2026-12-01T00:00:00.000Z', place: 'A', held: true, attendance: [], evidence: [] },
      { sessionId: 'S3', at: '2026-12-09T00:00:00.000Z', place: 'C', held: false, attendance: [], evidence: [] },
      { sessionId: 'S2', at: '2026-12-05T00:00:00.000Z', place: 'B', held: false, attendance: [], evidence: [] },
    ];
    const p = stepPayload(d, 'assigned', operator, {});
    expect(p.nextSession).toEqual({ at: '2026-12-05T00:00:00.000Z', place: 'B' });
    expect(p.riskFlags).toEqual(['petition']);
    expect(p.riskFlags).not.toBe(d.riskFlags);
    expect(p.judicial).toBeUndefined();
    expect(stepPayload(d, 'assigned', operator, { nextSession: { at: 'x', place: 'y' } }).nextSession).toEqual({ at: 'x', place: 'y' });
    expect(stepPayload({ ...d, status: 'closed' }, 'agreed', operator, {}).nextSession).toBeUndefined();
    expect(stepPayload({ ...d, sessions: [] }, 'agreed', operator, {}).nextSession).toBeUndefined();
    const agreement = { terms: { masked: 'x' }, partial: false, reachedAt: 't' };
    expect(stepPayload({ ...d, agreement: { ...agreement, judicialWindowClosesAt: 'w' } }, 'agreed', operator, {}).judicial).toEqual({ outcome: undefined, windowClosesAt: 'w' });
    expect(stepPayload({ ...d, agreement: { ...agreement, judicial: 'applied' } }, 'agreed', operator, {}).judicial).toEqual({ outcome: 'applied', windowClosesAt: undefined });
    expect(stepPayload({ ...d, agreement }, 'agreed', operator, {}).judicial).toBeUndefined();
  });

  it('history notes the step’s note, else its reason', () => {
    const world = new World();
    world.open();
    const declined = world.must('d-1', { type: 'decline', reason: 'criminal', note: '已报警' }).dispute;
    expect(declined.history.at(-1)).toMatchObject({ from: 'assigned', to: 'declined', note: '已报警' });
  });
});
