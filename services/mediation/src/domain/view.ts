import type { DisputeView } from '@govflow/contracts';
import type { Dispute, Sealed } from './dispute';
import { documentTitles } from './documents';
import type { DocumentName } from './lifecycle';

export interface ViewOptions {
  /** Unseals personal data for a caller who may read it; absent, everything stays masked. */
  reveal?: (value: Sealed) => string;
  /** Sessions' minutes, already unsealed, for a caller who may read them. */
  minutes?: ReadonlyMap<string, string>;
}

/** The dispute as an API caller sees it. */
export function toDisputeView(d: Dispute, options: ViewOptions = {}): DisputeView {
  const show = (value: Sealed | undefined) => (value === undefined ? undefined : options.reveal ? options.reveal(value) : value.masked);
  return {
    disputeId: d.disputeId,
    code: d.code,
    caseId: d.caseId,
    caseNumber: d.caseNumber,
    status: d.status,
    source: d.source,
    type: d.type,
    title: show(d.title)!,
    narrative: show(d.narrative)!,
    amount: d.amount,
    riskFlags: d.riskFlags,
    consentToMediate: d.consentToMediate,
    parties: d.parties.map((p) => ({
      partyId: p.partyId,
      role: p.role,
      kind: p.kind,
      name: show(p.name)!,
      phone: show(p.phone),
      idNumber: show(p.idNumber),
      address: show(p.address),
      representative: show(p.representative),
      confirmedAt: p.confirmedAt,
    })),
    jurisdiction: d.jurisdiction,
    tier: d.tier,
    centre: { id: d.centreId, name: d.centreName },
    mediator: d.mediator,
    team: d.team,
    tierDeadline: d.tierDeadline,
    sessions: d.sessions.map((s) => ({
      sessionId: s.sessionId,
      at: s.at,
      place: s.place,
      held: s.held,
      outcome: s.outcome,
      minutes: options.minutes?.get(s.sessionId),
      evidence: s.evidence,
    })),
    agreement: d.agreement && {
      terms: show(d.agreement.terms)!,
      partial: d.agreement.partial,
      performanceDeadline: d.agreement.performanceDeadline,
      reachedAt: d.agreement.reachedAt,
      effectiveAt: d.agreement.effectiveAt,
      judicialWindowClosesAt: d.agreement.judicialWindowClosesAt,
      judicial: d.agreement.judicial,
    },
    followUps: d.followUps.map((f) => ({ dueAt: f.dueAt, doneAt: f.doneAt, performance: f.performance })),
    documents: d.documents.map((name) => ({ name, title: documentTitles[name as DocumentName] ?? name, href: `/v1/disputes/${d.disputeId}/documents/${name}` })),
    linkedDisputes: d.linkedDisputes,
    linkedTo: d.linkedTo,
    declined: d.declined,
    openedAt: d.openedAt,
    updatedAt: d.updatedAt,
    history: d.history,
  };
}
