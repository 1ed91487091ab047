import { describe, expect, it } from 'vitest';
import { toDisputeView } from '../src/domain/view';
import { World } from './world';

/* The dispute as an API caller sees it, taken through accept, a session, an agreement and a confirmation. */

function agreedDispute() {
  const world = new World();
  const d = world.open({ parties: [{ partyId: 'P1', role: 'applicant', kind: 'organisation', name: { masked: '某*', sealed: '某公司' }, phone: { masked: '139****5678', sealed: '13912345678' }, idNumber: { masked: '1503**', sealed: '150302' }, address: { masked: '新华**', sealed: '新华1号' }, representative: { masked: '李*', sealed: '李四' }, channel: 'counter', identities: ['x'] }, { partyId: 'P2', role: 'respondent', kind: 'person', name: { masked: '王*' }, channel: 'counter', identities: ['y'] }] });
  world.must(d.disputeId, { type: 'accept' });
  world.must(d.disputeId, { type: 'schedule-session', at: '2026-11-28T02:00:00.000Z', place: '调解室' });
  world.now = new Date('2026-11-28T03:00:00.000Z');
  world.must(d.disputeId, { type: 'record-session', attendance: [{ partyId: 'P1', present: true }], evidence: ['https://evidence.example/a.jpg'], outcome: 'agreement', escalate: false, terms: { masked: '赔偿**元', sealed: '赔偿2000元' } });
  return world.must(d.disputeId, { type: 'confirm', partyId: 'P1', via: 'counter' }).dispute;
}

describe('the dispute view', () => {
  it('shows every field, personal data masked, documents with their titles and links', () => {
    // The app adds the documents it issues to the dispute; set here by hand.
    const d = { ...agreedDispute(), documents: ['acceptance-notice', 'agreement'] };
    const view = toDisputeView(d);
    expect(view).toMatchObject({
      disputeId: d.disputeId,
      code: d.code,
      status: d.status,
      source: d.source,
      type: d.type,
      title: d.title.masked,
      narrative: d.narrative.masked,
      riskFlags: d.riskFlags,
      jurisdiction: d.jurisdiction,
      tier: d.tier,
      centre: { id: d.centreId, name: d.centreName },
      mediator: d.mediator,
      tierDeadline: d.tierDeadline,
      openedAt: d.openedAt,
      updatedAt: d.updatedAt,
      history: d.history,
    });
    expect(view.parties[0]).toEqual({ partyId: 'P1', role: 'applicant', kind: 'organisation', name: '某*', phone: '139****5678', idNumber: '1503**', address: '新华**', representative: '李*', confirmedAt: '2026-11-28T03:00:00.000Z' });
    expect(view.parties[1]).toEqual({ partyId: 'P2', role: 'respondent', kind: 'person', name: '王*', phone: undefined, idNumber: undefined, address: undefined, representative: undefined, confirmedAt: undefined });
    expect(view.sessions).toEqual([{ sessionId: d.sessions[0]!.sessionId, at: '2026-11-28T02:00:00.000Z', place: '调解室', held: true, outcome: 'agreement', minutes: undefined, evidence: ['https://evidence.example/a.jpg'] }]);
    expect(view.agreement).toEqual({
      terms: '赔偿**元',
      partial: false,
      performanceDeadline: d.agreement!.performanceDeadline,
      reachedAt: '2026-11-28T03:00:00.000Z',
      effectiveAt: d.agreement!.effectiveAt,
      judicialWindowClosesAt: d.agreement!.judicialWindowClosesAt,
      judicial: d.agreement!.judicial,
    });
    expect(view.documents).toEqual([
      { name: 'acceptance-notice', title: '人民调解受理通知书', href: `/v1/disputes/${d.disputeId}/documents/acceptance-notice` },
      { name: 'agreement', title: '人民调解协议书', href: `/v1/disputes/${d.disputeId}/documents/agreement` },
    ]);
    expect(JSON.stringify(view)).not.toMatch(/某公司|13912345678|李四|2000元/);
  });

  it('unseals for a caller who may read it, and shows the minutes it is given', () => {
    const d = agreedDispute();
    const view = toDisputeView(d, { reveal: (v) => v.sealed ?? v.masked, minutes: new Map([[d.sessions[0]!.sessionId, '双方同意赔偿']]) });
    expect(view.parties[0]).toMatchObject({ name: '某公司', phone: '13912345678', idNumber: '150302', address: '新华1号', representative: '李四' });
    expect(view.parties[1]!.name).toBe('王*');
    expect(view.agreement!.terms).toBe('赔偿2000元');
    expect(view.sessions[0]!.minutes).toBe('双方同意赔偿');
  });

  it('names a document it has no title for by its name, and shows follow-ups, links and a decline', () => {
    const d = agreedDispute();
    const view = toDisputeView({
      ...d,
      agreement: undefined,
      documents: ['minutes-2'],
      followUps: [{ dueAt: '2026-12-05T15:59:59.999Z', doneAt: '2026-12-05T02:00:00.000Z', performance: 'performed', extra: 'hidden' } as never],
      linkedDisputes: [{ disputeId: 'D-2', code: 'C-2' }],
      linkedTo: { disputeId: 'D-0', code: 'C-0' },
      declined: { reason: 'other', guidance: '去法院' } as never,
    });
    expect(view.documents).toEqual([{ name: 'minutes-2', title: 'minutes-2', href: `/v1/disputes/${d.disputeId}/documents/minutes-2` }]);
    expect(view.agreement).toBeUndefined();
    expect(view.followUps).toEqual([{ dueAt: '2026-12-05T15:59:59.999Z', doneAt: '2026-12-05T02:00:00.000Z', performance: 'performed' }]);
    expect(view).toMatchObject({ linkedDisputes: [{ disputeId: 'D-2', code: 'C-2' }], linkedTo: { disputeId: 'D-0', code: 'C-0' }, declined: { guidance: '去法院' } });
  });
});
