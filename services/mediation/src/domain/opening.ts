import type { DisputeSource, DisputeType, Jurisdiction, RiskFlag } from '@govflow/contracts';
import { calendarDeadline } from './calendar-days';
import { recordStep, type Dispute, type Party, type Sealed, type Step } from './dispute';
import type { DocumentName, LifeContext, Outcome } from './lifecycle';
import { placeDispute } from './lifecycle';
import { committeeFrom, risksInText, startingTier } from './placement';

export interface OpeningInput {
  disputeId: string;
  code: string;
  caseId?: string;
  caseNumber?: string;
  partnerId: string;
  traceId: string;
  source: DisputeSource;
  type: DisputeType;
  minor?: string;
  title: Sealed;
  narrative: Sealed;
  /** The account in the clear, read once for risk words; never stored. */
  narrativeText: string;
  amount?: number;
  riskFlags: readonly RiskFlag[];
  consentToMediate: boolean;
  courtReference?: string;
  parties: Party[];
  jurisdiction: Jurisdiction;
  receivedAt: string;
  matterKey?: string;
  by: { id: string; role: string };
  /** The open dispute with the same parties and matter, when there is one. */
  repeatOf?: { disputeId: string; code: string };
}

/**
 * Opens a dispute: at the tier its facts call for (a flagged one higher, with a risk alert
 * at once), with a mediator if one is free, else in the centre's queue. A repeat of an
 * open dispute is linked to it instead; a party who refuses mediation goes to the court.
 */
export function openDispute(input: OpeningInput, ctx: LifeContext): Outcome {
  const at = ctx.now.toISOString();
  const riskFlags = [...new Set([...input.riskFlags, ...risksInText(`${input.title.masked} ${input.narrativeText}`)])];
  const start = startingTier(ctx.settings, { type: input.type, amount: input.amount, partyCount: input.parties.length, riskFlags });
  const committee = committeeFrom(ctx.committees, start.tier, input.jurisdiction);
  const d: Dispute = {
    disputeId: input.disputeId,
    code: input.code,
    caseId: input.caseId,
    caseNumber: input.caseNumber,
    partnerId: input.partnerId,
    traceId: input.traceId,
    source: input.source,
    type: input.type,
    minor: input.minor,
    title: input.title,
    narrative: input.narrative,
    amount: input.amount,
    riskFlags,
    consentToMediate: input.consentToMediate,
    courtReference: input.courtReference,
    parties: input.parties,
    jurisdiction: input.jurisdiction,
    tier: committee.tier,
    centreId: committee.id,
    centreName: committee.name,
    team: [],
    status: 'queued',
    sequence: 0,
    version: 1,
    openedAt: at,
    receivedAt: input.receivedAt,
    updatedAt: at,
    sessions: [],
    followUps: [],
    linkedDisputes: [],
    documents: [],
    matterKey: input.matterKey,
    centresSeen: [committee.id],
    mediatorsSeen: [],
    history: [],
  };
  const steps: Step[] = [];
  const documents: DocumentName[] = [];
  if (input.repeatOf) {
    d.linkedTo = input.repeatOf;
    delete d.matterKey;
    recordStep(d, steps, 'mediation.linked', 'linked', input.by, at, { reason: `repeat of ${input.repeatOf.code}` });
    return { dispute: d, steps, documents };
  }
  d.queuedAt = at;
  d.tierDeadline = calendarDeadline(ctx.now, ctx.settings.tierTimeLimitDays, ctx.timeZone).toISOString();
  recordStep(d, steps, 'mediation.opened', 'queued', input.by, at, { reason: start.because.join('; ') || undefined }, committee.name);
  if (riskFlags.length > 0) recordStep(d, steps, 'mediation.risk-alerted', 'queued', input.by, at, { reason: riskFlags.join(',') });
  if (!input.consentToMediate) {
    // A party refusing mediation: 诉调对接 at once, with the referral package.
    d.referral = { at, reason: 'a party does not consent to mediation' };
    delete d.queuedAt;
    delete d.tierDeadline;
    recordStep(d, steps, 'mediation.referred-to-court', 'referred-to-court', input.by, at, { reason: d.referral.reason });
    documents.push('court-referral');
    return { dispute: d, steps, documents };
  }
  placeDispute(d, steps, input.by, ctx, committee);
  return { dispute: d, steps, documents };
}
